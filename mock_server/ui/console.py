"""The console at /__mock__/ui: static files from ui/static/console."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, redirect, send_from_directory

__all__ = ["CONSOLE_PATH", "console_blueprint"]

CONSOLE_PATH = "/__mock__/ui"
STATIC = Path(__file__).resolve().parent / "static" / "console"


def console_blueprint() -> Blueprint:
    console = Blueprint("console", __name__, url_prefix=CONSOLE_PATH)

    @console.get("")
    def bare() -> Response:
        return redirect(CONSOLE_PATH + "/", 308)  # type: ignore[return-value]

    @console.get("/")
    def index() -> Response:
        return send_from_directory(STATIC, "index.html", max_age=0)

    @console.get("/<path:name>")
    def asset(name: str) -> Response:
        return send_from_directory(STATIC, name, max_age=0)

    return console
