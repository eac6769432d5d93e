"""The app's entry: the mock's guards (control/guards.py), then vendor operations go
straight from the URL map to their pipeline; everything else goes through Flask.

Flask's request context, hooks and error handlers cost about a fifth of a vendor
request and do nothing for it: the pipeline answers every outcome itself, errors
included.  The control plane and every miss (404, 405, redirects) still go through
Flask, whose handlers shape those answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map

from .config import Settings
from .control.guards import HostPolicy, content_type_refusal, host_refusal
from .core.answer import Answer
from .core.faults import DROP_ENVIRON_KEY, ConnectionDropped
from .core.pipeline import Pipeline
from .core.spec import Operation

__all__ = ["Route", "VendorDispatch"]

WsgiApp = Callable[[dict[str, Any], Any], Iterable[bytes]]
Route = tuple[Pipeline, Operation, str]  # the vendor's pipeline, the operation, the mount


class VendorDispatch:
    """The front door: the mock's own guards, then vendor operations straight to their
    pipeline; everything else (control plane, console, misses) to Flask."""

    def __init__(self, flask_wsgi: WsgiApp, url_map: Map, routes: Mapping[str, Route], settings: Settings) -> None:
        self.flask_wsgi = flask_wsgi
        self.url_map = url_map
        self.routes = routes  # by endpoint name
        self.max_body_bytes = settings.max_body_bytes
        self.hosts = HostPolicy(settings.host, settings.allowed_hosts)
        self.after_each: Callable[[], None] | None = None  # called once every request is answered

    def answer(self, environ: dict[str, Any]) -> Answer | None:
        """The answer to a guarded or vendor request; None for Flask to answer (the caller
        then hands the request to `flask_wsgi`)."""
        try:
            return self._answer(environ)
        finally:
            if self.after_each is not None:
                self.after_each()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        answer = self.answer(environ)
        if answer is None:
            return self.flask_wsgi(environ, start_response)
        if environ.get(DROP_ENVIRON_KEY):
            # A "drop" fault (core/faults.py): the server must close the connection unanswered.
            raise ConnectionDropped("a drop fault closed the connection without a response")
        return answer.wsgi(environ, start_response)

    def _answer(self, environ: dict[str, Any]) -> Answer | None:
        refusal = host_refusal(self.hosts, environ) or content_type_refusal(environ)
        if refusal is not None:
            return refusal.answer()
        try:
            endpoint, path_args = self.url_map.bind_to_environ(environ).match()
        except HTTPException:
            return None  # a miss: Flask's handlers answer it
        route = self.routes.get(endpoint)
        if route is None:
            return None
        pipeline, operation, mount = route
        request = Request(environ, populate_request=False)  # no environ<->request cycle for the collector
        request.max_content_length = self.max_body_bytes
        return pipeline.answer(request, operation, path_args, mount)
