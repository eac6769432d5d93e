"""create_app(settings): every vendor under its mount, and the control plane."""

from __future__ import annotations

import gc
import logging
import re
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import BaseConverter

from .compat import LazilyBuiltRule
from .config import Settings
from .control import control_blueprint, mock_error
from .core.request_log import configure_logging
from .dispatch import Mounted, Route, VendorDispatch
from .runtime import Runtime
from .ui import console_blueprint, reference_blueprint
from .ui.front import front_blueprint

__all__ = ["app_for_server", "app_from_environment", "create_app", "runtime_of"]

log = logging.getLogger("crm_mock")
RUNTIME_KEY = "crm_mock"


def runtime_of(app: Flask) -> Runtime:
    runtime: Runtime = app.extensions[RUNTIME_KEY]
    return runtime


def _mounts(runtime: Runtime) -> dict[str, list[str]]:
    return {name: [mount or "/" for mount in loaded.mounts] for name, loaded in runtime.vendors.items()}


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings()
    logging.getLogger("crm_mock").setLevel(settings.log_level.upper())
    runtime = Runtime(settings)

    app = Flask("crm_mock")
    app.url_rule_class = LazilyBuiltRule
    app.extensions[RUNTIME_KEY] = runtime
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.url_map.strict_slashes = False  # /objects/ and /objects answer alike, as the SDKs send both

    routes: dict[str, Route] = {}
    for loaded in runtime.vendors.values():
        segment = loaded.vendor.path_param_pattern
        if segment is not None:
            # A converter of the vendor's own, for path parameters that must not swallow
            # its action segments (OpenInt: /account/_count is not /account/{id}).
            app.url_map.converters[f"{loaded.name}_param"] = type(
                f"{loaded.name}ParamConverter", (BaseConverter,), {"regex": segment}
            )
        for mount in loaded.mounts:
            for operation in loaded.spec:
                rule = operation.rule
                if segment is not None:
                    rule = re.sub(r"<([^>:]+)>", rf"<{loaded.name}_param:\1>", rule)
                for suffix in ("", *loaded.vendor.path_suffixes):
                    endpoint = f"{mount or '<root>'}:{loaded.name}.{operation.operation_id}{suffix}"
                    routes[endpoint] = (loaded.pipeline, operation, mount)
                    app.add_url_rule(
                        mount + rule + suffix,
                        endpoint=endpoint,
                        methods=[operation.method],
                        provide_automatic_options=False,  # OPTIONS is the vendor's to answer, not Flask's
                    )
    app.register_blueprint(control_blueprint(runtime))
    app.register_blueprint(console_blueprint())
    app.register_blueprint(reference_blueprint(runtime))
    if not any("" in loaded.mounts for loaded in runtime.vendors.values()):  # else `/` is the vendor's
        app.register_blueprint(front_blueprint(runtime))

    @app.errorhandler(NotFound)
    @app.errorhandler(MethodNotAllowed)
    def route_miss(error: HTTPException) -> Response:
        # Under a vendor's mount the dispatcher has answered as the vendor; this is elsewhere.
        return mock_error(404, f"nothing is served at {request.path}", mounts=_mounts(runtime))

    @app.errorhandler(Exception)
    def crash(error: Exception) -> Any:
        if isinstance(error, HTTPException) and error.code and error.code < 500:
            return mock_error(error.code, error.description or error.name)
        log.exception("unhandled error at %s %s", request.method, request.path)
        return mock_error(500, "the mock failed; see its log")

    # The vendor rules have no Flask view: the dispatcher answers them before Flask
    # sees the request; Flask keeps the rules for matching and url_for.
    def mounted(path: str) -> Mounted | None:
        found = runtime.vendor_for_path(path)
        return None if found is None else (found[0].pipeline, found[0].spec, found[1])

    app.wsgi_app = VendorDispatch(app.wsgi_app, app.url_map, routes, settings, mounted)  # type: ignore[method-assign]
    return app


def app_from_environment() -> Flask:
    """The WSGI application configured by CRM_MOCK_* variables, for any WSGI server
    (`granian --interface wsgi --factory mock_server.app:app_from_environment`)."""
    return app_for_server(Settings.from_env())


def app_for_server(settings: Settings) -> Flask:
    """The WSGI application for a long-running server process."""
    configure_logging(settings.log_level, settings.log_format)
    app = create_app(settings)
    runtime_of(app).can_drop_connections = settings.server != "granian"
    # Specs and fixtures live for the whole process: keep the collector off them, and
    # collect young objects less often (each request allocates many small dicts).
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    _freeze_survivors_now_and_then(app)
    return app


def _freeze_survivors_now_and_then(app: Flask, every: int = 500) -> None:
    """Records and journal entries live long and hold no cycles; once in a while move
    what has survived into the collector's permanent generation, so that full
    collections stay short (they were the requests' p99: 50-60 ms with a full journal,
    15 ms without collections).  Frozen objects are still freed by reference counting
    when no longer used, but a frozen cycle never is: collect first, so that only
    live objects are frozen (freezing without it leaked about 2.5 KiB a request)."""
    served = 0

    def count() -> None:
        nonlocal served
        served += 1
        if served % every == 0:
            gc.collect()  # only what is younger than the last freeze: a few milliseconds
            gc.freeze()

    dispatch: VendorDispatch = app.wsgi_app  # type: ignore[assignment]
    dispatch.after_each = count
