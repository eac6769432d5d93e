"""intercept(): the vendors' real hosts answered by a crm-mock in this process, as moto
does for AWS.  Client code stays as it is, default base URLs included.

    from mock_server.testing import intercept

    with intercept() as crm:                       # a fresh crm-mock, no socket, no server
        ghl = HighLevel(private_integration_token="pit-1")   # https://services.leadconnectorhq.com
        await ghl.objects.get_object_by_location_id(location_id="ve9EPM428h8vShlRW1KT")
        crm.verify(operationId="get-object-by-location-id", count=1)

    @intercept(espocrm="https://crm.example.com")   # a decorator too, of sync and async functions
    def test_sync(): ...

    def test_fixture(crm_mock_intercept): ...      # the pytest fixture (mock_server/pytest_plugin.py)

While active, every request that `requests`, `httpx` (Client and AsyncClient) and
`urllib3` (PoolManager and connection pools) send is looked at by host:

- a vendor's host is answered by the in-process app (`create_app(settings)` called as
  a WSGI application): the same dispatcher and pipeline as over HTTP, so tenants by
  credential, the journal, faults, verification and --strict all work.
  HighLevel   https://services.leadconnectorhq.com/...  -> /highlevel/...
  Zendesk     https://<any subdomain>.zendesk.com/...   -> /zendesk/...   (/api/v2/...)
  OpenInt     https://api.openint.dev/...               -> /openint/...   (/v0/..., /v1, /v2)
  SalesOS     https://api.salesos.org/...               -> /salesos/...   (/v1/...)
  EspoCRM     self-hosted: only where you say, intercept(espocrm="https://crm.example.com")
              (the URL EspoCRM is installed at, as the espo client takes it, without /api/v1)
  Each real base URL stands for the vendor's mount, as its spec's `servers` URL does;
  the path after it is kept (tests/test_intercept.py checks the table against the specs).
  The journal shows the mock's paths (/highlevel/objects/...) and the real Host header;
  links the vendor builds (Zendesk's links.next, job status URLs) use the real host.
  `hosts={"https://eu.example.com": "highlevel", "https://api.salesos.org": None}` adds
  or overrides entries (None: no longer intercepted); "*." in a host matches any
  subdomain; a base URL with a path covers only the paths under it; scheme is ignored.
- the handle's own URL, http://crm-mock.invalid (`crm.base_url("zendesk")`, the control
  plane), is the whole app, paths as they are; the .invalid name never resolves, so a
  client still pointed at it after the block fails at once.
- loopback (localhost, 127.0.0.0/8, ::1) goes to the network: a running MockCRM, a
  CRM_MOCK_URL server on this machine or a test's own server keep working.  Loopback
  named as a vendor's host (intercept(espocrm="http://localhost:8080")) is intercepted.
- any other host is refused by default, so nothing reaches a real service by
  accident: the client gets its library's own connection error (requests.ConnectionError,
  httpx.ConnectError, urllib3's MaxRetryError of a NewConnectionError) saying
  "crm-mock intercept refused GET https://example.org/x: example.org is not a host
  crm-mock answers for; let it reach the network with intercept(passthrough=['example.org'])
  or intercept(passthrough=True)" (the query is left out: it may carry credentials).
  `passthrough=True` lets every other host through, a list of hosts ("*." patterns
  too) only those.

The handle is a MockCRM (mock_server/testing.py) whose control calls go through the same
app in-process: verify, requests, violations, add_fault, clock, state, reset... all as
documented there, and they keep working after the block ends (the state stays for
assertions).  A drop fault surfaces as the library's connection error.  Each activation
builds a fresh app (about 0.2 s), from `settings` (default Settings(); any
allowed_hosts is replaced by "*", as no browser can reach an app without a socket).
CRM_MOCK_URL is ignored: interception is in-process by nature.

The hooks, one per library, each the maintained, public way:
- requests: `responses` (getsentry), a RequestsMock with a registry that routes every
  request (responses' documented custom-registry extension), passing the rest through.
- httpx: `respx`, one catch-all route whose side effect answers, passes through
  (returning the request) or raises httpx.ConnectError.
- urllib3: no maintained library offers it.  responses covers requests only
  (getsentry/responses#257, closed without urllib3 support); urllib3-mock was last
  released in 2015; pook (maintained) patches the same method as below but only serves
  canned replies from its own global engine; wsgi-intercept serves WSGI apps through
  fake sockets on exact host:port pairs only (no "*.zendesk.com", no refusal); vcrpy
  replays cassettes.  So this module wraps urllib3's public entry point that every pool
  request goes through, `HTTPConnectionPool.urlopen` (PoolManager.urlopen and requests'
  adapter call it), with unittest.mock.patch.object for the block, as pook does: no
  socket or private attribute is touched, and passed-through requests run the original.
The hooks are process-wide while active (all threads), like responses' and respx's own;
one interception at a time, and a test's own responses/respx mocks started inside the
block take precedence over it for their library (they patch the same entry points).
Not covered: aiohttp, http.client/urllib.request (other than the handle's own calls),
and httpx clients given a transport of their own (respx mocks httpcore's pools).
The libraries come with `pip install 'crm-mock[intercept]'` (and the test extra);
they are imported only when an interception starts.
"""

from __future__ import annotations

import functools
import inspect
import io
import ipaddress
import urllib.error
import urllib.request
import urllib.response
from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, replace
from http.client import HTTPMessage
from types import TracebackType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast
from unittest import mock
from urllib.parse import SplitResult, urlsplit

from flask import Flask
from werkzeug.test import EnvironBuilder, run_wsgi_app

from .app import create_app, runtime_of
from .config import Settings
from .core.faults import ConnectionDropped
from .core.pipeline import BASE_URL_ENVIRON_KEY

if TYPE_CHECKING:
    import httpx
    import requests
    from urllib3.connectionpool import HTTPConnectionPool
    from urllib3.response import BaseHTTPResponse

    from .testing import MockCRM

__all__ = ["DEFAULT_HOSTS", "IN_PROCESS_URL", "InterceptError", "Interception"]

# Each vendor's real base URL, standing for its mount (its spec's `servers` URL).
# EspoCRM is self-hosted: intercept(espocrm=URL) names it.
DEFAULT_HOSTS: dict[str, str] = {
    "https://services.leadconnectorhq.com": "highlevel",
    "https://*.zendesk.com": "zendesk",
    "https://api.openint.dev": "openint",
    "https://api.salesos.org": "salesos",
}
IN_PROCESS_URL = "http://crm-mock.invalid"  # the handle's own URL: the whole app
INSTALL_HINT = "intercept() needs responses, respx and urllib3: pip install 'crm-mock[intercept]'"

P = ParamSpec("P")
R = TypeVar("R")


class InterceptError(Exception):
    """A request refused (its host is neither a vendor's nor let through) or dropped by a
    fault; each hook raises it again as its library's connection error."""


@dataclass(frozen=True, slots=True)
class HostRoute:
    """One real base URL and where the app serves what is under it."""

    host: str  # lower case; "*.zendesk.com" matches any subdomain
    port: int | None  # None: any
    path: str  # "" or "/espo": only paths under it
    mount: str  # the app's prefix for the base URL ("" for the handle's own URL)
    vendor: str | None  # None: the handle's own URL (paths as they are, links as built)

    @classmethod
    def parse(cls, base_url: str, mount: str, vendor: str | None) -> HostRoute:
        parts = urlsplit(base_url if "://" in base_url else f"https://{base_url}")
        if not parts.hostname:
            raise ValueError(f"intercept: {base_url!r} is not a base URL (https://host[:port][/path])")
        return cls(parts.hostname, parts.port, parts.path.rstrip("/"), mount, vendor)

    def covers(self, host: str, port: int | None, path: str) -> bool:
        if self.port is not None and port != self.port:
            return False
        if not _host_matches(self.host, host):
            return False
        return not self.path or path == self.path or path.startswith(self.path + "/")

    def mock_path(self, path: str) -> str:
        return self.mount + (path[len(self.path) :] or ("" if self.mount else "/"))


def _host_matches(pattern: str, host: str) -> bool:
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
    return host == pattern


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True, slots=True)
class _Target:
    """Where one request goes: the URL as the client sent it, and its route."""

    parts: SplitResult
    route: HostRoute


def _origin(parts: SplitResult) -> str:
    """scheme://host[:port], without any user:password@."""
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


class Router:
    """Decides for each request: the in-process app, the network, or a refusal."""

    def __init__(self, app: Flask, routes: Iterable[HostRoute], passthrough: bool | frozenset[str]) -> None:
        self.app = app
        self.routes = tuple(routes)
        self.passthrough = passthrough

    def target(self, method: str, url: str) -> _Target | None:
        """The route that answers `url`; None to let it through; InterceptError to refuse it."""
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        for route in self.routes:
            if route.covers(host, parts.port, parts.path):
                return _Target(parts, route)
        if _is_loopback(host) or self._lets_through(host):
            return None
        raise InterceptError(
            f"crm-mock intercept refused {method} {_origin(parts)}{parts.path}: {host} is not a host "
            f"crm-mock answers for; let it reach the network with intercept(passthrough=[{host!r}]) "
            "or intercept(passthrough=True)"
        )

    def _lets_through(self, host: str) -> bool:
        if isinstance(self.passthrough, bool):
            return self.passthrough
        return any(_host_matches(pattern, host) for pattern in self.passthrough)

    def answer(self, target: _Target, method: str, headers: Iterable[tuple[str, str]], body: Any) -> Reply:
        """The app's answer, as a server in front of it would give it."""
        parts, route = target.parts, target.route
        builder = EnvironBuilder(
            path=route.mock_path(parts.path),
            base_url=_origin(parts),
            query_string=parts.query,
            method=method,
            # The body's length is the builder's to set; a chunked upload arrives whole here.
            headers=[(k, v) for k, v in headers if k.lower() not in ("content-length", "transfer-encoding")],
            data=_body_bytes(body),
        )
        environ = builder.get_environ()
        if route.vendor is not None:  # links the vendor builds point at the host the client used
            environ[BASE_URL_ENVIRON_KEY] = _origin(parts) + route.path
        try:
            chunks, status, answer_headers = run_wsgi_app(self.app, environ, buffered=True)
        except ConnectionDropped:
            raise InterceptError(
                f"crm-mock intercept: a drop fault closed the connection of {method} "
                f"{_origin(parts)}{parts.path} unanswered"
            ) from None
        try:
            content = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        code, _, reason = status.partition(" ")
        return Reply(int(code), reason, list(answer_headers.items()), content)

    def exchange(self, method: str, url: str, headers: Iterable[tuple[str, str]], body: Any) -> Reply | None:
        """The app's answer, or None to let the request through."""
        target = self.target(method, url)
        return None if target is None else self.answer(target, method, headers, body)


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    if hasattr(body, "read"):
        return _body_bytes(body.read())
    if isinstance(body, Mapping):
        raise TypeError("intercept: a form body reaches urllib3 encoded; got a mapping")
    return b"".join(_body_bytes(chunk) for chunk in body)  # an iterable of chunks


# -- the hooks ----------------------------------------------------------------------


class _RequestsHook:
    """requests, through responses: a registry that asks the router for every request."""

    def __init__(self, router: Router) -> None:
        import responses
        from responses.registries import FirstMatchRegistry

        def response_for(request: requests.PreparedRequest) -> responses.BaseResponse:
            method, url = request.method or "GET", request.url or ""
            try:
                target = router.target(method, url)
            except InterceptError as refused:
                error = _connection_error(refused, request)
                return responses.CallbackResponse(method, url, lambda _: error)
            if target is None:
                return responses.PassthroughResponse(method, url)

            def answer(sent: requests.PreparedRequest) -> Any:
                try:
                    reply = router.answer(target, method, sent.headers.items(), sent.body)
                except InterceptError as dropped:
                    return _connection_error(dropped, sent)
                return reply.status, reply.headers, reply.body

            return responses.CallbackResponse(method, url, answer, content_type=None)

        class RoutingRegistry(FirstMatchRegistry):
            def find(self, request: requests.PreparedRequest) -> tuple[responses.BaseResponse, list[str]]:
                return response_for(request), []

        self.mock = responses.RequestsMock(assert_all_requests_are_fired=False, registry=RoutingRegistry)

    def __enter__(self) -> None:
        self.mock.start()

    def __exit__(self, *_: object) -> None:
        self.mock.stop(allow_assert=False)


def _connection_error(error: InterceptError, request: requests.PreparedRequest) -> Exception:
    import requests

    return requests.ConnectionError(str(error), request=request)


class _HttpxHook:
    """httpx (Client and AsyncClient), through respx: one route for every request."""

    def __init__(self, router: Router) -> None:
        import httpx
        import respx

        def side_effect(request: httpx.Request) -> httpx.Response | httpx.Request:
            try:
                reply = router.exchange(request.method, str(request.url), request.headers.multi_items(), request.read())
            except InterceptError as error:
                raise httpx.ConnectError(str(error), request=request) from None
            if reply is None:
                return request  # respx: pass through
            return httpx.Response(reply.status, headers=reply.headers, content=reply.body, request=request)

        self.router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
        self.router.route().mock(side_effect=side_effect)

    def __enter__(self) -> None:
        self.router.start()

    def __exit__(self, *_: object) -> None:
        self.router.stop(quiet=True)


class _Urllib3Hook:
    """urllib3, through its public HTTPConnectionPool.urlopen (see the module docstring)."""

    def __init__(self, router: Router) -> None:
        from urllib3 import HTTPHeaderDict, HTTPResponse
        from urllib3.connectionpool import HTTPConnectionPool
        from urllib3.exceptions import MaxRetryError, NewConnectionError

        original = HTTPConnectionPool.urlopen

        def urlopen(
            pool: HTTPConnectionPool, method: str, url: str, body: Any = None, headers: Any = None, **options: Any
        ) -> BaseHTTPResponse:
            full_url = url if "://" in url else f"{pool.scheme}://{_pool_netloc(pool)}{url}"
            try:
                reply = router.exchange(method, full_url, dict(headers or {}).items(), body)
            except InterceptError as error:
                failure = NewConnectionError(pool, str(error))  # type: ignore[arg-type]  # urllib3 keeps it as is
                if options.get("retries") is False:
                    raise failure from None
                raise MaxRetryError(pool, url.partition("?")[0], failure) from None  # no query: it may hold a key
            if reply is None:
                return original(pool, method, url, body, headers, **options)
            return HTTPResponse(
                body=io.BytesIO(reply.body),
                headers=HTTPHeaderDict(reply.headers),
                status=reply.status,
                reason=reply.reason,
                preload_content=options.get("preload_content", True),
                decode_content=options.get("decode_content", True),
                request_method=method,
                request_url=full_url,
            )

        self.patch = mock.patch.object(HTTPConnectionPool, "urlopen", urlopen)

    def __enter__(self) -> None:
        self.patch.start()

    def __exit__(self, *_: object) -> None:
        self.patch.stop()


def _pool_netloc(pool: HTTPConnectionPool) -> str:
    host = pool.host or ""
    host = f"[{host}]" if ":" in host else host
    default_port = {"http": 80, "https": 443}.get(pool.scheme)
    return f"{host}:{pool.port}" if pool.port and pool.port != default_port else host


class _InProcessHandler(urllib.request.HTTPHandler):
    """The handle's control calls (urllib) to IN_PROCESS_URL, answered by the app."""

    def __init__(self, router: Router) -> None:
        super().__init__()
        self.router = router

    def http_open(self, req: urllib.request.Request) -> Any:
        try:
            reply = self.router.exchange(req.get_method(), req.full_url, req.header_items(), req.data)
        except InterceptError as error:
            raise urllib.error.URLError(str(error)) from None
        if reply is None:
            return super().http_open(req)
        headers = HTTPMessage()
        for name, value in reply.headers:
            headers[name] = value
        answer = urllib.response.addinfourl(io.BytesIO(reply.body), headers, req.full_url, reply.status)
        answer.msg = reply.reason  # type: ignore[attr-defined]  # read by urllib's HTTPErrorProcessor
        return answer


# -- the context manager and decorator ------------------------------------------------


class Interception:
    """`with Interception(...) as crm:` or `@Interception(...)`; built by
    mock_server.testing.intercept, which names the handle's class (MockCRM)."""

    def __init__(
        self,
        control: type[MockCRM],
        hosts: Mapping[str, str | None] | None = None,
        *,
        espocrm: str | None = None,
        passthrough: bool | str | Iterable[str] = False,
        settings: Settings | None = None,
    ) -> None:
        self._control = control
        chosen: dict[str, str | None] = {**DEFAULT_HOSTS, **(hosts or {})}
        if espocrm:
            chosen[espocrm] = "espocrm"
        self.hosts = {url: vendor for url, vendor in chosen.items() if vendor}
        self.passthrough = _passthrough(passthrough)
        self.settings = settings or Settings()
        self.crm: MockCRM | None = None  # the handle of the current (or last) activation
        self._active: ExitStack | None = None

    def __enter__(self) -> MockCRM:
        if self._active is not None:
            raise RuntimeError("this intercept() is already active")
        try:
            hooks = (_RequestsHook, _HttpxHook, _Urllib3Hook)
            router = self._router()
            started = [hook(router) for hook in hooks]
        except ImportError as missing:
            raise RuntimeError(f"{INSTALL_HINT} ({missing})") from None
        crm = self._control(self.settings, url=IN_PROCESS_URL)
        crm.opener = urllib.request.build_opener(_InProcessHandler(router))
        with ExitStack() as stack:
            for hook in started:
                stack.enter_context(hook)
            self._active = stack.pop_all()
        self.crm = crm
        return crm

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        active, self._active = self._active, None
        if active is not None:
            active.close()

    def _router(self) -> Router:
        app = create_app(replace(self.settings, allowed_hosts=("*",)))
        loaded = runtime_of(app).vendors
        routes = [HostRoute.parse(IN_PROCESS_URL, "", None)]
        for url, vendor in self.hosts.items():
            if vendor not in loaded:
                if url in DEFAULT_HOSTS:
                    continue  # a vendor these settings leave out: its host is refused like any other
                serving = ", ".join(loaded)
                raise ValueError(f"intercept: {url} names {vendor!r}, which this crm-mock does not serve ({serving})")
            routes.append(HostRoute.parse(url, loaded[vendor].vendor.default_mount, vendor))
        return Router(app, routes, self.passthrough)

    def __call__(self, func: Callable[P, R]) -> Callable[P, R]:
        """As a decorator: active while `func` (sync or async) runs."""
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def run_async(*args: P.args, **kwargs: P.kwargs) -> Any:
                with self:
                    return await func(*args, **kwargs)

            return cast(Callable[P, R], run_async)

        @functools.wraps(func)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with self:
                return func(*args, **kwargs)

        return run


def _passthrough(option: bool | str | Iterable[str]) -> bool | frozenset[str]:
    if isinstance(option, bool):
        return option
    names = [option] if isinstance(option, str) else list(option)
    return frozenset(name.lower().rstrip(".") for name in names)
