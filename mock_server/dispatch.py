"""The app's entry: the mock's guards (control/guards.py), then every request under a
vendor's mount goes to that vendor's pipeline (an operation, or a path or method
the vendor does not serve); everything else (control plane, console) goes to Flask.

Flask's request context, hooks and error handlers cost about a fifth of a vendor
request and do nothing for it: the pipeline answers every outcome itself, errors
and bugs of the mock included.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map

from .config import Settings
from .control.errors import CONTROL_PREFIX
from .control.guards import HostPolicy, content_type_refusal, host_refusal
from .core.answer import Answer
from .core.faults import DROP_ENVIRON_KEY, ConnectionDropped
from .core.pipeline import Pipeline
from .core.spec import Operation, Spec
from .core.violations import Violation

__all__ = ["Route", "VendorDispatch"]

WsgiApp = Callable[[dict[str, Any], Any], Iterable[bytes]]
Route = tuple[Pipeline, Operation, str]  # the vendor's pipeline, the operation, the mount
Mounted = tuple[Pipeline, Spec, str]  # a vendor's pipeline, its spec, the mount a path is under

log = logging.getLogger("crm_mock")


class VendorDispatch:
    """The front door: the mock's own guards, then whatever is under a vendor's mount
    to its pipeline; everything else (control plane, console) to Flask."""

    def __init__(
        self,
        flask_wsgi: WsgiApp,
        url_map: Map,
        routes: Mapping[str, Route],
        settings: Settings,
        vendor_for_path: Callable[[str], Mounted | None],
    ) -> None:
        self.flask_wsgi = flask_wsgi
        self.url_map = url_map
        self.routes = routes  # by endpoint name
        self.vendor_for_path = vendor_for_path
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
        except (NotFound, MethodNotAllowed) as miss:
            return self._miss(environ, miss)
        except HTTPException:
            return None  # a redirect: Flask's
        route = self.routes.get(endpoint)
        if route is None:
            return None  # the control plane or the console
        pipeline, operation, mount = route
        request = self._request(environ)
        try:
            return pipeline.answer(request, operation, path_args, mount)
        except Exception:  # a bug of the mock outside the pipeline's own net: still the vendor's 500
            log.exception("%s %s crashed in the mock", request.method, request.path)
            return pipeline.crashed(request, mount)

    def _request(self, environ: dict[str, Any]) -> Request:
        request = Request(environ, populate_request=False)  # no environ<->request cycle for the collector
        request.max_content_length = self.max_body_bytes
        return request

    def _miss(self, environ: dict[str, Any], miss: NotFound | MethodNotAllowed) -> Answer | None:
        """The vendor's answer to a path or method it does not serve; None outside every
        vendor's mount (Flask says nothing is served there)."""
        path = environ.get("PATH_INFO", "")
        found = None if path.startswith(CONTROL_PREFIX) else self.vendor_for_path(path)
        if found is None:
            return None
        pipeline, spec, mount = found
        request = self._request(environ)
        url = request.full_path[len(mount) :].rstrip("?") or "/"  # as the vendor sees it: no mount
        if isinstance(miss, MethodNotAllowed):
            allowed = sorted(method for method in (miss.valid_methods or []) if method not in ("HEAD", "OPTIONS"))
            violation = Violation(
                "route",
                (url,),
                "method_not_allowed",
                f"{request.method} is not served at {url}",
                expected=allowed,
                received=request.method,
            )
        else:
            violation = Violation(
                "route", (url,), "route_not_found", f"no operation at {request.method} {url}", received=request.method
            )
        return pipeline.reject_route(request, violation, near_misses(spec, request.method, url), mount)


def near_misses(spec: Spec, method: str, url: str, count: int = 3) -> list[str]:
    """The operations whose method and path look most like what was asked for."""
    asked = f"{method} {url.split('?', 1)[0]}"
    scored = sorted(
        (difflib.SequenceMatcher(None, asked, f"{op.method} {op.path}").ratio(), op.operation_id) for op in spec
    )
    return [operation_id for _, operation_id in reversed(scored[-count:])]
