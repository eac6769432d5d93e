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
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

from .app import create_app, runtime_of
from .config import Settings
from .intercept_hooks import HttpxHook, InProcessHandler, RequestsHook, Urllib3Hook
from .intercept_routing import HostRoute, InterceptError, Router

if TYPE_CHECKING:
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
            hooks = (RequestsHook, HttpxHook, Urllib3Hook)
            router = self._router()
            started = [hook(router) for hook in hooks]
        except ImportError as missing:
            raise RuntimeError(f"{INSTALL_HINT} ({missing})") from None
        crm = self._control(self.settings, url=IN_PROCESS_URL)
        crm.opener = urllib.request.build_opener(InProcessHandler(router))
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
