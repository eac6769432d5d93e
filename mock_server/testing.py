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
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any

from .config import Settings
from .intercept import Interception
from .threaded_server import ThreadedServer, make_threaded_server
from .vendors import load_vendor

__all__ = ["MockCRM", "MockCRMError", "TenantSession", "intercept"]

JOURNAL_PAGE_MAX = 1_000  # the most entries GET /__mock__/requests gives in one answer


class MockCRMError(AssertionError):
    """A verification that failed, or a control-plane call the server refused."""


def _fail_on(violations: list[dict[str, Any]]) -> None:
    """MockCRMError listing every request the vendor would have refused, if any."""
    if violations:
        lines = [f"{len(violations)} request(s) broke the vendor's contract:"]
        for entry in violations:
            request = entry["request"]
            lines.append(f"  #{entry['id']} {request['method']} {request['path']} -> {entry['response']['status']}")
            lines.extend(f"      {v['location']} {v['pointer'] or ''}: {v['message']}" for v in entry["violations"])
        raise MockCRMError("\n".join(lines))


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
        # How control calls travel: urllib's own opener, or one that hands them to an
        # in-process app (mock_server/intercept.py).
        self.opener: urllib.request.OpenerDirector = urllib.request.build_opener()

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

    def _call(
        self, method: str, path: str, payload: Any = None, query: dict[str, Any] | None = None, accept: int = 409
    ) -> Any:
        url = f"{self.url}/__mock__{path}"
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        data = json.dumps(payload).encode() if payload is not None else None
        headers = {"Content-Type": "application/json"}
        if self.admin_token:
            headers["X-Admin-Token"] = self.admin_token
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as answer:
                return json.load(answer)
        except urllib.error.HTTPError as refused:
            body = json.loads(refused.read() or b"null")
            if refused.code == accept:  # an answer the caller reads (a failed verification), not an error
                return body
            raise MockCRMError(f"{method} {path} answered {refused.code}: {body}") from None

    def health(self) -> dict[str, Any]:
        health: dict[str, Any] = self._call("GET", "/health")
        return health

    def reset(self, vendor: str | None = None, tenant: str | None = None) -> None:
        """Back to fixtures (everything, one vendor, or one tenant); resetting everything
        also empties the journal, drops fault rules and puts the clock back to real time."""
        if tenant is not None and vendor is None:
            raise ValueError("a tenant is reset within a vendor: give vendor= too")
        choice: dict[str, Any] = {"all": True} if vendor is None else {"vendor": vendor}
        if tenant is not None:
            choice["tenant"] = tenant
        self._call("POST", "/reset", choice)
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

    def clear_requests(self, vendor: str | None = None, tenant: str | None = None) -> None:
        """Empty the journal, or drop only a vendor's or a tenant's entries."""
        self._call("DELETE", "/requests", query={"vendor": vendor, "tenant": tenant})

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
        respond: dict[str, Any] | None = None,
        **match: Any,
    ) -> dict[str, Any]:
        """Make matching requests fail: exactly one of error ("rate_limited",
        "server_error", "unavailable"), status (400-599), delay (seconds), drop (close
        the connection unanswered) or respond (an answer of your own: {"status": 500,
        "headers": {...}, "body": ...}, with delay= allowed beside it for a slow one);
        match with vendor, operationId, method, path, tenant, query (a subset of the
        query parameters) and body (a JSON subset of the request body); fire times
        (default 1, None: always) with probability and seed."""
        actions = {"error": error, "status": status, "delay": delay, "drop": drop or None, "respond": respond}
        chosen = {kind: value for kind, value in actions.items() if value is not None}
        if len(chosen) != 1 and set(chosen) != {"respond", "delay"}:
            raise ValueError(
                "give exactly one of error=, status=, delay=, drop=True, respond= (delay= may join respond=)"
            )
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

    def create_tenant(self, vendor: str) -> dict[str, Any]:
        """A fresh tenant of `vendor` (POST /__mock__/tenants/{vendor}): its label
        ("tenant"), "credentials" and ready-to-send "headers"; it passes --strict-auth."""
        made: dict[str, Any] = self._call("POST", f"/tenants/{vendor}")
        return made

    def delete_tenant(self, vendor: str, tenant: str) -> bool:
        """Forget a tenant (a credential or its label) for good; False when the server held none."""
        answer = self._call("DELETE", f"/tenants/{vendor}/{urllib.parse.quote(tenant, safe='')}", accept=404)
        return bool(answer.get("deleted"))

    def tenant_session(self) -> TenantSession:
        """A view of this server scoped to tenants of its own (what the crm_mock fixture gives
        each test): use it to share one server between tests or workers."""
        return TenantSession(self)

    def state(self, vendor: str | None = None) -> dict[str, Any]:
        """A snapshot of every tenant's state (or one vendor's), for restore_state."""
        snapshot: dict[str, Any] = self._call("GET", "/state", query={"vendor": vendor})
        return snapshot

    def restore_state(self, snapshot: dict[str, Any]) -> None:
        self._call("PUT", "/state", snapshot)

    def assert_no_violations(self, **filters: Any) -> None:
        """Fails listing every request the vendor would have refused."""
        found = self.violations(**filters)
        _fail_on(found)


class TenantSession:
    """One test's own tenants on a server that others share (the crm_mock fixture's).

        session = crm.tenant_session()
        client = MyClient(crm.base_url("highlevel"), headers=session.headers("highlevel"))
        ...
        session.verify(operationId="create-object-record", count=1)
        session.close()                          # the tenants are deleted

    Each vendor's tenant is made on first use (a fresh credential in the vendor's own
    scheme, seeded with the fixtures on its first request), and everything the
    session does is scoped to its tenants: journal reads, verifications and clears,
    fault rules, the clock (each tenant has its own) and resets.  Nothing it does
    touches another test's tenants, so sessions may run side by side.
    """

    def __init__(self, server: MockCRM) -> None:
        self.server = server
        self._tenants: dict[str, dict[str, Any]] = {}  # vendor -> POST /__mock__/tenants's answer
        self._served: list[str] | None = None

    def __enter__(self) -> TenantSession:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @property
    def url(self) -> str:
        return self.server.url

    def base_url(self, vendor: str) -> str:
        return self.server.base_url(vendor)

    def health(self) -> dict[str, Any]:
        return self.server.health()

    # -- the session's tenants ----------------------------------------------------

    def tenant(self, vendor: str) -> str:
        """The label of this session's tenant of `vendor` (as the journal names it)."""
        return str(self._made(vendor)["tenant"])

    def credentials(self, vendor: str) -> dict[str, str]:
        """The credential's parts, named as the vendor's clients take them (HighLevel
        "token", Zendesk "email" and "token", EspoCRM and OpenInt "api_key", SalesOS "token")."""
        return dict(self._made(vendor)["credentials"])

    def headers(self, vendor: str) -> dict[str, str]:
        """The headers to send, ready to use (HighLevel's Version included)."""
        return dict(self._made(vendor)["headers"])

    def _made(self, vendor: str) -> dict[str, Any]:
        if vendor not in self._tenants:
            self._tenants[vendor] = self.server.create_tenant(vendor)
        return self._tenants[vendor]

    def _mine(self, vendor: str | None) -> list[tuple[str, str]]:
        """(vendor, tenant label) of the session's tenants made so far: every one, or `vendor`'s."""
        return [(name, str(made["tenant"])) for name, made in self._tenants.items() if vendor in (None, "", name)]

    def close(self) -> None:
        """Delete the session's tenants (already gone is fine)."""
        made, self._tenants = self._tenants, {}
        for vendor, tenant in made.items():
            self.server.delete_tenant(vendor, tenant["tenant"])

    def served(self) -> list[str]:
        """The vendors the server serves."""
        if self._served is None:
            self._served = sorted(self.server.health()["vendors"])
        return self._served

    def _vendor_of(self, match: dict[str, Any]) -> str:
        """The vendor a call is about: named, the only one the session has used, the only
        one with the operationId, or the one whose mount the path starts with."""
        if match.get("tenant") is not None:
            raise ValueError("a session scopes calls to its own tenants: name the vendor, not the tenant")
        if match.get("vendor"):
            return str(match["vendor"])
        if len(self._tenants) == 1:
            return next(iter(self._tenants))
        candidates = self.served()
        operation, path = match.get("operationId"), match.get("path")
        if operation:
            candidates = [name for name in candidates if operation in load_vendor(name).handlers]
        elif path:
            candidates = [name for name in candidates if str(path).startswith(load_vendor(name).default_mount)]
        if len(candidates) != 1:
            raise ValueError(f"name the vendor (vendor=...): this call could be about any of {candidates}")
        return candidates[0]

    # -- journal -------------------------------------------------------------------

    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        """This session's recorded exchanges, oldest first (filters as MockCRM.requests)."""
        return self._entries(self.server.requests, filters)

    def violations(self, **filters: Any) -> list[dict[str, Any]]:
        return self._entries(self.server.violations, filters)

    def _entries(self, read: Any, filters: dict[str, Any]) -> list[dict[str, Any]]:
        limit = filters.pop("limit", None)
        vendors = [self._vendor_of(filters)] if filters.get("vendor") else list(self._tenants)
        found: list[dict[str, Any]] = []
        for vendor in vendors:
            if vendor in self._tenants:
                scoped = {**filters, "vendor": vendor, "tenant": self.tenant(vendor), "limit": limit}
                found.extend(read(**scoped))
        found.sort(key=lambda entry: entry["id"])
        return found[-limit:] if limit else found

    def clear_requests(self, vendor: str | None = None) -> None:
        for name, tenant in self._mine(vendor):
            self.server.clear_requests(vendor=name, tenant=tenant)

    def verify(self, **expectation: Any) -> dict[str, Any]:
        """MockCRM.verify, over this session's tenant of the call's vendor."""
        vendor = self._vendor_of(expectation)
        return self.server.verify(**{**expectation, "vendor": vendor, "tenant": self.tenant(vendor)})

    def assert_no_violations(self, **filters: Any) -> None:
        found = self.violations(**filters)
        _fail_on(found)

    # -- faults, clock, state --------------------------------------------------------

    def add_fault(self, **rule: Any) -> dict[str, Any]:
        """MockCRM.add_fault, matching only this session's tenant of the rule's vendor."""
        vendor = self._vendor_of(rule)
        return self.server.add_fault(**{**rule, "vendor": vendor, "tenant": self.tenant(vendor)})

    def faults(self) -> list[dict[str, Any]]:
        """The fault rules of this session's tenants."""
        mine = {tenant["tenant"] for tenant in self._tenants.values()}
        return [rule for rule in self.server.faults() if rule.get("tenant") in mine]

    def clear_faults(self, rule_id: str | None = None) -> None:
        for rule in self.faults():
            if rule_id is None or rule["id"] == rule_id:
                self.server.clear_faults(rule["id"])

    def clock(self, vendor: str | None = None, **change: Any) -> dict[str, Any]:
        """Move this session's time (freeze=, advance=, unfreeze=, reset= as MockCRM.clock):
        its tenant of `vendor`, or of every vendor the server serves; no other test's."""
        vendors = [vendor] if vendor else self.served()
        first: dict[str, Any] = {}
        for name in vendors:
            answer = self.server.clock(**change, vendor=name, tenant=self.tenant(name))
            if not first:
                first = answer
                if change.get("freeze") is True:  # the others freeze at the very same instant
                    change = {**change, "freeze": answer["now"]}
        return first

    def reset(self, vendor: str | None = None) -> None:
        """This session's tenants (or its tenant of `vendor`) back to fixtures."""
        for name, tenant in self._mine(vendor):
            self.server.reset(name, tenant)

    def state(self, vendor: str | None = None) -> dict[str, Any]:
        """A snapshot of this session's tenants (GET /__mock__/state's shape)."""
        snapshot: dict[str, Any] = {"version": 1, "vendors": {}}
        for name, tenant in self._mine(vendor):
            part = self.server._call("GET", "/state", query={"vendor": name, "tenant": tenant})
            snapshot["version"] = part["version"]
            snapshot["vendors"].update(part["vendors"])
        return snapshot


def intercept(
    hosts: Mapping[str, str | None] | None = None,
    *,
    espocrm: str | None = None,
    passthrough: bool | str | Iterable[str] = False,
    settings: Settings | None = None,
) -> Interception:
    """Requests to the vendors' real hosts answered by a crm-mock in this process, as a
    context manager (`with intercept() as crm:`, crm a MockCRM) or a decorator; other
    hosts refused unless `passthrough`.  Everything about it: mock_server/intercept.py
    (defined here, not there, as the handle is a MockCRM and intercept.py cannot import
    this module back)."""
    return Interception(MockCRM, hosts, espocrm=espocrm, passthrough=passthrough, settings=settings)
