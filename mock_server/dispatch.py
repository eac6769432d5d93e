"""The app's WSGI entry: vendor operations go straight from the URL map to their
pipeline; everything else goes through Flask.

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

from .core.faults import DROP_ENVIRON_KEY, ConnectionDropped
from .core.pipeline import Pipeline
from .core.spec import Operation

__all__ = ["Route", "VendorDispatch"]

WsgiApp = Callable[[dict[str, Any], Any], Iterable[bytes]]
Route = tuple[Pipeline, Operation, str]  # the vendor's pipeline, the operation, the mount


class VendorDispatch:
    def __init__(self, flask_wsgi: WsgiApp, url_map: Map, routes: Mapping[str, Route], max_body_bytes: int) -> None:
        self.flask_wsgi = flask_wsgi
        self.url_map = url_map
        self.routes = routes  # by endpoint name
        self.max_body_bytes = max_body_bytes
        self.after_each: Callable[[], None] | None = None  # called once every request is answered

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        try:
            answer = self._answer(environ, start_response)
        finally:
            if self.after_each is not None:
                self.after_each()
        if environ.get(DROP_ENVIRON_KEY):
            # A "drop" fault (core/faults.py): the server must close the connection unanswered.
            close = getattr(answer, "close", None)
            if close is not None:
                close()
            raise ConnectionDropped("a drop fault closed the connection without a response")
        return answer

    def _answer(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        try:
            endpoint, path_args = self.url_map.bind_to_environ(environ).match()
        except HTTPException:
            return self.flask_wsgi(environ, start_response)  # a miss: Flask's handlers answer it
        route = self.routes.get(endpoint)
        if route is None:
            return self.flask_wsgi(environ, start_response)
        pipeline, operation, mount = route
        request = Request(environ, populate_request=False)  # no environ<->request cycle for the collector
        request.max_content_length = self.max_body_bytes
        response = pipeline.run(request, operation, path_args, mount)
        return response(environ, start_response)
