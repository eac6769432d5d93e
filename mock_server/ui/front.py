"""GET / when several vendors are served: where the console, the API reference and
each vendor are.  A vendor served alone is also mounted at the root, and then `/`
is that vendor's to answer: this page is not registered."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, jsonify, request

from .. import __version__
from .console import CONSOLE_PATH
from .reference import REFERENCE_PATH

if TYPE_CHECKING:
    from ..runtime import Runtime

__all__ = ["front_blueprint"]


def front_blueprint(runtime: Runtime) -> Blueprint:
    front = Blueprint("front", __name__)

    @front.get("/")
    def index() -> Response:
        root = request.host_url.rstrip("/")
        where: dict[str, Any] = {
            "name": "crm-mock",
            "version": __version__,
            "console": f"{root}{CONSOLE_PATH}/",
            "docs": f"{root}{REFERENCE_PATH}/",
            "vendors": {name: root + loaded.mounts[-1] for name, loaded in runtime.vendors.items()},
        }
        if request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html":
            return Response(_page(where), mimetype="text/html")
        return jsonify(where)

    return front


def _page(where: dict[str, Any]) -> str:
    def link(label: str, url: str) -> str:
        return f'<li><a href="{html.escape(url)}">{html.escape(label)}</a> {html.escape(url)}</li>'

    vendors = "".join(link(name, url) for name, url in where["vendors"].items())
    return (
        f"<!doctype html><title>crm-mock {html.escape(where['version'])}</title><h1>crm-mock</h1>"
        f"<ul>{link('console', where['console'])}{link('API reference', where['docs'])}</ul>"
        f"<h2>Vendors</h2><ul>{vendors}</ul>"
    )
