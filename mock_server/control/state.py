"""/__mock__/state and /__mock__/clock: snapshots of all state, and the mock's time (the
server's, or one tenant's own)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..core.clock import Clock, iso_millis
from ..core.store import SNAPSHOT_VERSION, TenantState, label_or_credential
from .body import json_body
from .errors import mock_error, unknown_vendor

if TYPE_CHECKING:
    from ..runtime import Runtime

__all__ = ["state_routes"]


def _snapshot_parts(runtime: Runtime, vendor: str | None, tenant: str | None) -> Iterator[bytes]:
    """The snapshot as JSON, one tenant at a time: a server holding a thousand tenants
    serves other requests between them rather than stopping for the whole document.
    Each tenant is as it was under its own lock (as Store.snapshot takes it)."""
    by_vendor: dict[str, list[TenantState]] = {}
    for state in runtime.store.tenants(vendor):
        if tenant is None or state.tenant == tenant:
            by_vendor.setdefault(state.vendor, []).append(state)
    yield b'{"version":%d,"vendors":{' % SNAPSHOT_VERSION
    for vendor_index, (name, states) in enumerate(sorted(by_vendor.items())):
        yield (b"," if vendor_index else b"") + json.dumps(name).encode() + b":{"
        for tenant_index, state in enumerate(states):
            part = json.dumps(state.snapshot(), separators=(",", ":"), ensure_ascii=False)
            yield (b"," if tenant_index else b"") + json.dumps(state.tenant).encode() + b":" + part.encode()
        yield b"}"
    yield b"}}"


def state_routes(control: Blueprint, runtime: Runtime) -> None:

    @control.get("/state")
    def snapshot() -> Response:
        """Everything (or one vendor, or one tenant: a credential or its label), as JSON
        that PUT /__mock__/state takes back."""
        vendor, tenant = request.args.get("vendor"), request.args.get("tenant")
        if vendor is not None and vendor not in runtime.vendors:
            return unknown_vendor(vendor, runtime.vendors)
        label = label_or_credential(tenant) if tenant else None
        return Response(_snapshot_parts(runtime, vendor, label), mimetype="application/json")

    @control.get("/tenants")
    def tenants() -> Response:
        """Every tenant (of a vendor) with its collections' record counts and a version
        that moves on every change: cheap to poll, unlike a snapshot."""
        vendor = request.args.get("vendor")
        if vendor is not None and vendor not in runtime.vendors:
            return unknown_vendor(vendor, runtime.vendors)
        found = [
            {"vendor": state.vendor, "tenant": state.tenant, "version": state.version(), "collections": state.counts()}
            for state in runtime.store.tenants(vendor)
        ]
        found.sort(key=lambda entry: (entry["vendor"], entry["tenant"]))
        return jsonify({"tenants": found})

    @control.put("/state")
    def restore() -> Response:
        """The snapshot's tenants are put back as they were in it; other tenants are untouched
        (POST /__mock__/reset first to drop them)."""
        limit = runtime.settings.max_state_bytes
        # A snapshot has a limit of its own: what GET /__mock__/state gives is often
        # far over the 1 MiB of a vendor body (max_body_bytes), and must go back in.
        request.max_content_length = limit
        try:
            payload, refused = json_body()
        except RequestEntityTooLarge:
            return mock_error(413, f"the snapshot is over {limit} bytes (--max-state-bytes)", limit=limit)
        if refused is not None:
            return refused
        if not isinstance(payload, dict):
            return mock_error(400, "the body must be a snapshot from GET /__mock__/state")
        unknown = sorted(set(payload.get("vendors") or {}) - set(runtime.vendors))
        if unknown:
            return mock_error(400, f"the snapshot names vendors this server does not serve: {unknown}")
        try:
            restored = runtime.store.restore(payload)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            return mock_error(400, f"the snapshot cannot be restored: {exc}")
        return jsonify({"restored": True, "tenants": restored})

    @control.get("/outbox")
    def outbox() -> Response:
        """Messages the mock 'sent' for clients (EspoCRM emails), oldest first; filter by
        vendor and tenant (a credential or its label)."""
        vendor, tenant = request.args.get("vendor"), request.args.get("tenant")
        if vendor is not None and vendor not in runtime.vendors:
            return unknown_vendor(vendor, runtime.vendors)
        label = label_or_credential(tenant) if tenant else None
        messages: list[dict[str, Any]] = []
        for state in runtime.store.tenants(vendor):
            if label is not None and state.tenant != label:
                continue
            with state.lock:
                sent = [dict(message) for message in state.collection("outbox")]
            messages.extend({"vendor": state.vendor, "tenant": state.tenant, **message} for message in sent)
        return jsonify({"messages": messages})

    @control.post("/state/save")
    def save() -> Response:
        """Write all state to the --state-file now."""
        path = runtime.settings.state_file
        if path is None:
            return mock_error(409, "no state file: start the server with --state-file PATH")
        try:
            tenants = runtime.save_state(path)
        except OSError as exc:
            return mock_error(500, f"cannot write {path}: {exc}")
        return jsonify({"saved": str(path), "tenants": tenants})

    def clock_of(vendor: object, tenant: object) -> tuple[tuple[str, str] | None, Response | None]:
        """The tenant whose clock a call names ((vendor, label)), None for the server's, or the refusal."""
        if vendor is None and tenant is None:
            return None, None
        if not isinstance(vendor, str) or not isinstance(tenant, str) or not tenant:
            return None, mock_error(400, "a tenant's clock is named by both 'vendor' and 'tenant' (text)")
        if vendor not in runtime.vendors:
            return None, unknown_vendor(vendor, runtime.vendors)
        label = label_or_credential(tenant)
        if not runtime.store.knows(vendor, label):
            return None, mock_error(
                404,
                f"{vendor} holds no tenant {label!r}: a tenant exists once it has made a request "
                "or was made with POST /__mock__/tenants/{vendor}",
                vendor=vendor,
                tenant=label,
            )
        return (vendor, label), None

    def time_of(tenant: tuple[str, str] | None) -> Response:
        if tenant is None:
            return jsonify({"now": iso_millis(runtime.clock.now()), "frozen": runtime.clock.frozen})
        own = runtime.clocks.of(*tenant)
        return jsonify(
            {
                "now": iso_millis(own.now()),
                "frozen": own.frozen,
                "vendor": tenant[0],
                "tenant": tenant[1],
                "ownClock": runtime.clocks.has_own(*tenant),
            }
        )

    @control.get("/clock")
    def clock() -> Response:
        """The server's time, or a tenant's (`vendor` and `tenant`: a credential or its label)."""
        tenant, refused = clock_of(request.args.get("vendor"), request.args.get("tenant"))
        return refused if refused is not None else time_of(tenant)

    @control.post("/clock")
    def set_clock() -> Response:
        """{"freeze": true | "<ISO time>"}, {"advance": seconds}, {"unfreeze": true} (time runs
        on from where it stood) or {"reset": true} (back to the real time): moves timestamps,
        rate-limit windows and everything else that reads the time.  With "vendor" and
        "tenant", only that tenant's time moves (it gets a clock of its own, starting where
        the server's stands; "reset" puts it back on the server's clock)."""
        payload, refused = json_body()
        if refused is not None:
            return refused
        if not isinstance(payload, dict) or not payload.keys() & {"freeze", "advance", "unfreeze", "reset"}:
            return mock_error(
                400,
                'give {"freeze": true or an ISO time}, {"advance": seconds}, {"unfreeze": true} or {"reset": true}',
            )
        tenant, refused = clock_of(payload.get("vendor"), payload.get("tenant"))
        if refused is not None:
            return refused
        refused = _move(_rehearsal(runtime, tenant, payload), payload)
        if refused is not None:
            return refused  # a bad value changes nothing: no reset, no clock of its own
        if payload.get("reset") is True:
            if tenant is None:
                runtime.clock.reset()
            else:
                runtime.clocks.drop(*tenant)
        moves = any(payload.get(name) not in (None, False) for name in ("freeze", "advance", "unfreeze"))
        target = runtime.clocks.own(*tenant) if tenant is not None and moves else runtime.clock
        refused = _move(target, payload)
        return refused if refused is not None else time_of(tenant)


def _rehearsal(runtime: Runtime, tenant: tuple[str, str] | None, payload: dict[str, Any]) -> Clock:
    """A copy of the clock the call would move, as it would stand after any reset: the
    moves are tried on it first, so a refused call leaves every clock as it was."""
    if payload.get("reset") is True:
        return Clock() if tenant is None else runtime.clock.copy()
    return (runtime.clock if tenant is None else runtime.clocks.of(*tenant)).copy()


def _move(clock: Clock, payload: dict[str, Any]) -> Response | None:
    """Freeze, advance and unfreeze `clock` as the payload says; the refusal of a bad value."""
    freeze, advance = payload.get("freeze"), payload.get("advance")
    if freeze is not None and freeze is not False:
        if freeze is True:
            clock.freeze()
        elif isinstance(freeze, str):
            try:
                moment = datetime.fromisoformat(freeze.replace("Z", "+00:00"))
            except ValueError:
                return mock_error(400, f"freeze: {freeze!r} is not an ISO 8601 time")
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            if not 1970 <= moment.year <= 9000:
                return mock_error(400, "freeze: the clock stays between the years 1970 and 9000")
            clock.freeze(moment)
        else:
            return mock_error(400, "freeze must be true or an ISO 8601 time")
    if advance is not None:
        if isinstance(advance, bool) or not isinstance(advance, (int, float)):
            return mock_error(400, "advance must be a number of seconds")
        try:
            clock.advance(timedelta(seconds=advance))
        except OverflowError:
            return mock_error(400, "advance: the clock cannot move that far")
        except ValueError as exc:
            return mock_error(400, f"advance: {exc}")
    if payload.get("unfreeze") is True:
        clock.unfreeze()
    return None
