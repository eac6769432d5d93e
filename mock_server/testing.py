"""MockCRM: the mock as a Python object for test suites.

    with MockCRM() as crm:                       # a real server on a free port, in a thread
        client = HighLevel(base_url=crm.base_url("highlevel"))
        ...
        crm.verify(operationId="create-object-record", count=1)
        crm.assert_no_violations()

    crm = MockCRM(url="http://mock:8080")        # drive a server that runs elsewhere (Docker)

Everything goes through the control plane over HTTP, so the same calls work
against a server in this process and one in a container.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from types import TracebackType
from typing import Any

from .config import Settings
from .threaded_server import ThreadedServer, make_threaded_server
from .vendors import load_vendor

__all__ = ["MockCRM", "MockCRMError"]

JOURNAL_PAGE_MAX = 1_000  # the most entries GET /__mock__/requests gives in one answer


class MockCRMError(AssertionError):
    """A verification that failed, or a control-plane call the server refused."""


class MockCRM:
    def __init__(
        self, settings: Settings | None = None, *, url: str | None = None, admin_token: str | None = None
    ) -> None:
        self.settings = settings or Settings()
        self._external = url.rstrip("/") if url else None
        # The control plane's token: the server's own, or the one given for a server elsewhere.
        self.admin_token = admin_token or self.settings.admin_token
        self._server: ThreadedServer | None = None
        self._thread: threading.Thread | None = None
        self.url = self._external or ""

    # -- lifecycle ------------------------------------------------------------

    def start(self) -> MockCRM:
        if self._external or self._server is not None:
            return self
        from .app import create_app

        app = create_app(self.settings)
        server = make_threaded_server(
            "127.0.0.1", 0, app, body_timeout_s=self.settings.body_timeout, body_limit_for=self.settings.body_limit
        )
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="crm-mock", daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{server.server_port}"
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> MockCRM:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # -- where clients point ---------------------------------------------------

    def base_url(self, vendor: str) -> str:
        """The base URL to give a vendor's client, e.g. http://127.0.0.1:PORT/highlevel."""
        return self.url + load_vendor(vendor).default_mount

    # -- the control plane ------------------------------------------------------

    def _call(self, method: str, path: str, payload: Any = None, query: dict[str, Any] | None = None) -> Any:
        url = f"{self.url}/__mock__{path}"
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        data = json.dumps(payload).encode() if payload is not None else None
        headers = {"Content-Type": "application/json"}
        if self.admin_token:
            headers["X-Admin-Token"] = self.admin_token
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return json.load(answer)
        except urllib.error.HTTPError as refused:
            body = json.loads(refused.read() or b"null")
            if refused.code == 409:
                return body
            raise MockCRMError(f"{method} {path} answered {refused.code}: {body}") from None

    def health(self) -> dict[str, Any]:
        health: dict[str, Any] = self._call("GET", "/health")
        return health

    def reset(self, vendor: str | None = None, tenant: str | None = None) -> None:
        """Back to fixtures (everything, one vendor, or one tenant); resetting everything
        also empties the journal, drops fault rules and puts the clock back to real time."""
        self._call("POST", "/reset", {"vendor": vendor, "tenant": tenant} if vendor else {})
        if vendor is None:
            self._call("DELETE", "/requests")
            self._call("DELETE", "/faults")
            self._call("POST", "/clock", {"reset": True})

    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        """Recorded exchanges, oldest first; filters as GET /__mock__/requests takes them
        (operationId=...), `limit` keeps the newest N (default: all)."""
        return self._every_page("/requests", filters)

    def violations(self, **filters: Any) -> list[dict[str, Any]]:
        return self._every_page("/violations", filters)

    def _every_page(self, path: str, filters: dict[str, Any]) -> list[dict[str, Any]]:
        """Every matching entry, walking the journal's pages from the newest down."""
        wanted: int | None = filters.pop("limit", None)
        pages: list[list[dict[str, Any]]] = []
        got = 0
        cursor: str | None = None
        while wanted is None or got < wanted:
            size = JOURNAL_PAGE_MAX if wanted is None else min(JOURNAL_PAGE_MAX, wanted - got)
            answer = self._call("GET", path, query={**filters, "limit": size, "cursor": cursor})
            pages.append(answer["requests"])
            got += len(answer["requests"])
            cursor = answer["page"]["nextCursor"]
            if cursor is None:
                break
        return [entry for page in reversed(pages) for entry in page]

    def clear_requests(self) -> None:
        self._call("DELETE", "/requests")

    def verify(self, **expectation: Any) -> dict[str, Any]:
        """POST /__mock__/verify; raises MockCRMError with the closest requests when it fails."""
        verdict: dict[str, Any] = self._call("POST", "/verify", expectation)
        if not verdict["verified"]:
            lines = [f"expected {verdict['expected']}, found {verdict['matched']}"]
            for near in verdict.get("closest", []):
                lines.append(f"  #{near['id']} {near['method']} {near['path']} -> {near['status']}")
                lines.extend(f"      {difference}" for difference in near["differences"])
            raise MockCRMError("\n".join(lines))
        return verdict

    # -- faults, rate limits, clock, state ------------------------------------

    def add_fault(
        self,
        *,
        error: str | None = None,
        status: int | None = None,
        delay: float | None = None,
        drop: bool = False,
        **match: Any,
    ) -> dict[str, Any]:
        """Make matching requests fail: exactly one of error ("rate_limited",
        "server_error", "unavailable"), status (400-599), delay (seconds) or drop
        (close the connection unanswered); match with vendor, operationId, method,
        path, tenant; fire times (default 1, None: always) with probability and seed."""
        actions = {"error": error, "status": status, "delay": delay, "drop": drop or None}
        chosen = {kind: value for kind, value in actions.items() if value is not None}
        if len(chosen) != 1:
            raise ValueError("give exactly one of error=, status=, delay=, drop=True")
        rule: dict[str, Any] = self._call("POST", "/faults", {**match, "action": chosen})
        return rule

    def faults(self) -> list[dict[str, Any]]:
        """The fault rules still live, each with how often it fired."""
        rules: list[dict[str, Any]] = self._call("GET", "/faults")["faults"]
        return rules

    def clear_faults(self, rule_id: str | None = None) -> None:
        self._call("DELETE", f"/faults/{rule_id}" if rule_id else "/faults")

    def rate_limits(self, enabled: bool, vendor: str | None = None) -> None:
        """Answer like the vendor once its documented quota is used up (all vendors, or one)."""
        self._call("POST", "/rate-limits", {"enabled": enabled, **({"vendor": vendor} if vendor else {})})

    def clock(self, **change: Any) -> dict[str, Any]:
        """POST /__mock__/clock: freeze=True or an ISO time, advance=seconds, unfreeze=True, reset=True."""
        now: dict[str, Any] = self._call("POST", "/clock", change)
        return now

    def state(self, vendor: str | None = None) -> dict[str, Any]:
        """A snapshot of every tenant's state (or one vendor's), for restore_state."""
        snapshot: dict[str, Any] = self._call("GET", "/state", query={"vendor": vendor})
        return snapshot

    def restore_state(self, snapshot: dict[str, Any]) -> None:
        self._call("PUT", "/state", snapshot)

    def assert_no_violations(self, **filters: Any) -> None:
        """Fails listing every request the vendor would have refused."""
        found = self.violations(**filters)
        if found:
            lines = [f"{len(found)} request(s) broke the vendor's contract:"]
            for entry in found:
                request = entry["request"]
                lines.append(f"  #{entry['id']} {request['method']} {request['path']} -> {entry['response']['status']}")
                lines.extend(f"      {v['location']} {v['pointer'] or ''}: {v['message']}" for v in entry["violations"])
            raise MockCRMError("\n".join(lines))
