"""The console at /__mock__/ui: static files from ui/static/console.

Plain HTML, CSS and JavaScript modules, no build step and nothing from a CDN. The
page reads the control plane and calls the vendors' own APIs from the browser, so
nothing here is on the request path of a vendor call.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, redirect, send_from_directory

__all__ = ["CONSOLE_PATH", "console_blueprint"]

CONSOLE_PATH = "/__mock__/ui"
STATIC = Path(__file__).resolve().parent / "static" / "console"
# Set explicitly: browsers refuse a module script served with another type, and the
# platform's mimetypes table (the Windows registry, say) may not know .js.
TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}


def console_blueprint() -> Blueprint:
    console = Blueprint("console", __name__, url_prefix=CONSOLE_PATH)

    @console.get("")
    def bare() -> Response:
        return redirect(CONSOLE_PATH + "/", 308)  # type: ignore[return-value]

    @console.get("/")
    def index() -> Response:
        return send_from_directory(STATIC, "index.html", max_age=0, mimetype="text/html")

    @console.get("/<path:name>")
    def asset(name: str) -> Response:
        return send_from_directory(STATIC, name, max_age=0, mimetype=TYPES.get(Path(name).suffix))

    return console
