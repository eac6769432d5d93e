"""The API reference at /__mock__/docs: each spec rendered by Swagger UI, whose
"Try it out" sends requests to this mock.

Swagger UI's files come from the swagger-ui-bundle package (served from disk, no
CDN).  Each spec is served with its `servers` replaced by this mock's own URL for
the vendor, so requests made from the page go through the vendor's mount here.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, jsonify, request, send_from_directory

from ..core.yaml_files import read_yaml_file

if TYPE_CHECKING:
    from ..runtime import Runtime

__all__ = ["REFERENCE_PATH", "reference_blueprint"]

REFERENCE_PATH = "/__mock__/docs"
_ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png")
_CONTROL = "control"

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} · crm-mock API reference</title>
  <link rel="icon" href="{base}/assets/favicon-32x32.png">
  <link rel="stylesheet" href="{base}/assets/swagger-ui.css">
  <style>
    body {{ margin: 0; font-family: system-ui, sans-serif; }}
    nav {{ padding: .6rem 1rem; background: #1b2a3a; color: #fff; font-size: .9rem; }}
    nav a {{ color: #9cd3ff; margin-right: 1rem; }}
    nav a[aria-current] {{ color: #fff; font-weight: 600; text-decoration: none; }}
  </style>
</head>
<body>
  <nav><a href="/__mock__/ui/">console</a>{links}</nav>
  <div id="reference"></div>
  <script src="{base}/assets/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: "{base}/{name}/openapi.json",
      dom_id: "#reference",
      deepLinking: true,
      tryItOutEnabled: true,
      validatorUrl: null,
    }});
  </script>
</body>
</html>
"""


def _swagger_ui_folder() -> Path:
    import swagger_ui_bundle  # type: ignore[import-untyped]

    return Path(swagger_ui_bundle.swagger_ui_path)


def reference_blueprint(runtime: Runtime) -> Blueprint:
    reference = Blueprint("reference", __name__, url_prefix=REFERENCE_PATH)
    names = [*runtime.vendors, _CONTROL]

    def document(name: str) -> dict[str, Any] | None:
        if name == _CONTROL:
            from ..runtime import bundled_specs_dir

            control: dict[str, Any] = read_yaml_file(bundled_specs_dir() / "control.yaml")  # cached parse
            return control
        loaded_vendor = runtime.vendors.get(name)
        return dict(loaded_vendor.spec.document) if loaded_vendor else None

    def not_here(name: str) -> Response:
        answer = jsonify({"error": f"no API reference for {name!r}", "references": names})
        answer.status_code = 404
        return answer

    @reference.get("")
    @reference.get("/")
    def index() -> Response:
        links = "".join(f'<li><a href="{REFERENCE_PATH}/{name}">{html.escape(name)}</a></li>' for name in names)
        page = f"<!doctype html><title>crm-mock API reference</title><h1>API reference</h1><ul>{links}</ul>"
        return Response(page, mimetype="text/html")

    @reference.get("/assets/<name>")
    def asset(name: str) -> Response:
        if name not in _ASSETS:
            return not_here(name)
        return send_from_directory(_swagger_ui_folder(), name, max_age=3600)

    @reference.get("/<name>")
    def page(name: str) -> Response:
        spec = document(name)
        if spec is None:
            return not_here(name)
        links = "".join(
            f'<a href="{REFERENCE_PATH}/{other}"{" aria-current=page" if other == name else ""}>{other}</a>'
            for other in names
        )
        title = html.escape(str(spec.get("info", {}).get("title", name)))
        body = _PAGE.format(title=title, base=REFERENCE_PATH, name=name, links=links)
        return Response(body, mimetype="text/html")

    @reference.get("/<name>/openapi.json")
    def openapi(name: str) -> Response:
        spec = document(name)
        if spec is None:
            return not_here(name)
        root = request.host_url.rstrip("/")
        if name == _CONTROL:
            servers = [{"url": root, "description": "this mock"}]
        else:
            mounts = runtime.vendors[name].mounts
            servers = [{"url": root + mount, "description": "this mock"} for mount in reversed(mounts)]
        # In the spec's own order (jsonify would sort paths and fields alphabetically).
        return Response(json.dumps({**spec, "servers": servers}), mimetype="application/json")

    return reference
