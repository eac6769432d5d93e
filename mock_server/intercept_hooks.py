"""intercept()'s hooks, one per client library: each hands a request to the Router and
gives its answer back in the library's own types (or its own connection error)."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
import urllib.response
from http.client import HTTPMessage
from typing import TYPE_CHECKING, Any
from unittest import mock

if TYPE_CHECKING:
    import httpx
    import requests
    from urllib3.connectionpool import HTTPConnectionPool
    from urllib3.response import BaseHTTPResponse


from .intercept_routing import InterceptError, Router

__all__ = ["HttpxHook", "InProcessHandler", "RequestsHook", "Urllib3Hook"]


class RequestsHook:
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


class HttpxHook:
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


class Urllib3Hook:
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


class InProcessHandler(urllib.request.HTTPHandler):
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
