"""The request path for one vendor's operations, step by named step.

The vendor declares its step order (`Vendor.request_path`, the names in
core/request_path.py); `Pipeline._ordered_steps` binds each name to its method here:

gateway       the vendor's front door (say, its API version header)
read_body     size limit, content type, JSON
refuse_body   a body that could not be read, refused in the vendor's words
authenticate  the vendor's credential scheme names the tenant (a tenant declared through
              the control plane passes --strict-auth too); from here on the tenant's
              clock (its own, else the server's) is the time
tenant        its state, seeded on first use; a new one past --max-tenants is refused
count_quotas  the vendor's rate-limit counters
faults        an exhausted quota (with rate limits on) or an injected fault answers here
validate      path, query, headers and body against the spec
handle        the operation's handler works on the tenant's state, under its lock

Route misses (`reject_route`) and crashes (`crashed`) join the path at the end: every
answer leaves through core/responder.py (response check, journal, log).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge

from .answer import Answer
from .clock import Clock, TenantClocks
from .dialect import CURRENT_SCOPE, Scope, VendorError
from .faults import DEFER_DELAY_ENVIRON_KEY, DELAY_ENVIRON_KEY, FaultRequest, Faults
from .journal import Journal
from .ratelimit import QuotaCounter
from .request_path import check_order
from .request_validation import (
    ParsedRequest,
    non_finite_numbers,
    parse_json_body,
    schema_violations,
    validate_parameters,
)
from .responder import Responder, Trace
from .spec import FORM_MEDIA_TYPE, Operation, Spec
from .store import Store, TenantLimitReached, TenantState, tenant_label
from .vendor import AuthRequest, AuthSettings, Principal, Reply, RequestContext, Vendor
from .violations import Violation

__all__ = ["BASE_URL_ENVIRON_KEY", "Pipeline", "PipelineSettings"]

log = logging.getLogger("crm_mock")

# The vendor's base URL as the client addressed it, set by a caller that serves a vendor
# on its real host in-process (mock_server/intercept.py): links the vendor builds
# (Zendesk's next_page) then point where the client sent the request, not at the mount.
BASE_URL_ENVIRON_KEY = "crm_mock.base_url"


def _error_reply(error: VendorError) -> Reply:
    return Reply(error.status, error, dict(error.headers()))


def _root_url(environ: Mapping[str, Any]) -> str:
    """scheme://host[:port] the client used, read straight from the WSGI environ
    (werkzeug's host_url normalises the URL, which costs more than the whole handler)."""
    host = environ.get("HTTP_HOST")
    if not host:
        host = environ.get("SERVER_NAME", "localhost")
        port = environ.get("SERVER_PORT")
        if port and port not in ("80", "443"):
            host = f"{host}:{port}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{environ.get('SCRIPT_NAME', '')}"


class _DropConnection(Exception):
    """An injected fault: this request gets no answer at all."""


class _CannedReply(Exception):
    """An injected fault: this request gets the answer its rule spells out."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


@dataclass(slots=True)
class _Flow:
    """One request on its way through the vendor's steps: what each step hands the next."""

    request: Request
    operation: Operation
    path_args: Mapping[str, str]
    mount: str
    trace: Trace
    body: Any = None
    body_violations: list[Violation] = field(default_factory=list)
    state: TenantState | None = None
    extra_headers: Mapping[str, str] = field(default_factory=dict)
    retry_after_s: int | None = None
    parsed: ParsedRequest | None = None
    reply: Reply = field(default_factory=lambda: Reply(500))  # set by the handle step


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    max_body_bytes: int
    strict_auth: bool
    strict_responses: bool
    rate_limits: bool = False
    # The vendor's options in effect, every declared one (e.g. {"version": "10"} for EspoCRM).
    vendor_options: Mapping[str, Any] = field(default_factory=dict)


def _media(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _is_json_media(content_type: str | None) -> bool:
    media = _media(content_type)
    return media == "application/json" or media.endswith("+json")


class Pipeline:
    def __init__(
        self,
        vendor: Vendor,
        spec: Spec,
        fixtures: Mapping[str, Any],
        store: Store,
        clock: Clock | TenantClocks,
        quotas: QuotaCounter,
        settings: PipelineSettings,
        journal: Journal,
        faults: Faults,
    ) -> None:
        self.vendor = vendor
        self.spec = spec
        self.fixtures = fixtures
        self.store = store
        self.clocks = clock if isinstance(clock, TenantClocks) else TenantClocks(clock)
        self.clock = self.clocks.server
        self.quotas = quotas
        self.settings = settings
        self.journal = journal
        self.faults = faults
        self.rate_limits = settings.rate_limits  # the control plane can switch it per vendor
        self._auth_settings = AuthSettings(strict=settings.strict_auth, fixtures=fixtures, clock=self.clock)
        self._out = Responder(vendor, self.clock, journal, settings.strict_responses)
        self._steps = self._ordered_steps()

    # -- the request path -------------------------------------------------

    def answer(self, request: Request, operation: Operation, path_args: Mapping[str, str], mount: str = "") -> Answer:
        scope = CURRENT_SCOPE.set(self._scope(request, operation.operation_id, mount))
        try:
            return self._run(request, operation, path_args, mount)
        finally:
            CURRENT_SCOPE.reset(scope)

    def _scope(self, request: Request, operation_id: str | None, mount: str) -> Scope:
        path = request.path[len(mount) :] or "/"  # the path as the vendor's server sees it
        accept = ", ".join(request.headers.getlist("Accept"))
        return Scope(operation_id, request.method, path, self.settings.vendor_options, self.clock.now(), accept)

    def _run(self, request: Request, operation: Operation, path_args: Mapping[str, str], mount: str) -> Answer:
        flow = _Flow(request, operation, path_args, mount, Trace(operation))
        try:
            for step in self._steps:
                step(flow)
            reply = flow.reply
        except VendorError as error:
            reply = _error_reply(error)
        except _CannedReply as canned:
            reply = canned.reply
        except _DropConnection:
            return self._out.drop(request, flow.trace)
        except Exception:
            log.exception("%s %s crashed in the mock", request.method, request.path)
            reply = _error_reply(self.vendor.dialect.internal_error())
        return self._out.respond(request, flow.trace, reply, flow.extra_headers)

    def _ordered_steps(self) -> tuple[Callable[[_Flow], None], ...]:
        """The vendor's request path (Vendor.request_path, core/request_path.py), built once."""
        check_order(self.vendor.name, self.vendor.request_path)
        named: dict[str, Callable[[_Flow], None]] = {
            # An operation marked `x-ungated` (HighLevel's /oauth/token, which needs no Version
            # header) is not stopped at the vendor's front door.
            "gateway": lambda flow: None if flow.operation.extension("x-ungated") else self._gateway(flow.request),
            "read_body": self._step_read_body,
            "refuse_body": self._step_refuse_body,
            "authenticate": self._step_authenticate,
            "tenant": self._step_tenant,
            "count_quotas": self._step_count_quotas,
            "faults": lambda flow: self._faults_and_limits(
                flow.request, flow.operation, flow.trace, flow.body, flow.retry_after_s
            ),
            "validate": self._step_validate,
            "handle": self._step_handle,
        }
        return tuple(named[name] for name in self.vendor.request_path)

    def _step_read_body(self, flow: _Flow) -> None:
        flow.body, flow.body_violations = self._read_body(flow.request, flow.operation)

    def _step_refuse_body(self, flow: _Flow) -> None:
        if flow.body_violations:
            raise self._reject(flow.body_violations)

    def _step_authenticate(self, flow: _Flow) -> None:
        request = flow.request
        flow.trace.principal, flow.trace.clock = self._authenticate(
            AuthRequest(request.headers, request.args, flow.operation, request.method, request.path)
        )

    def _step_tenant(self, flow: _Flow) -> None:
        assert flow.trace.principal is not None, "authenticate runs before tenant"
        flow.state = self._tenant(flow.trace.principal)

    def _step_count_quotas(self, flow: _Flow) -> None:
        assert flow.trace.principal is not None, "authenticate runs before count_quotas"
        flow.extra_headers, flow.retry_after_s = self._count_quotas(flow.trace.principal)

    def _step_validate(self, flow: _Flow) -> None:
        flow.parsed = self._validate(flow.request, flow.operation, flow.path_args, flow.body)

    def _step_handle(self, flow: _Flow) -> None:
        request, trace = flow.request, flow.trace
        assert trace.principal is not None and trace.clock is not None and flow.state is not None
        assert flow.parsed is not None, "validate runs before handle"
        base_url = request.environ.get(BASE_URL_ENVIRON_KEY) or _root_url(request.environ) + flow.mount
        flow.reply = self._handle(
            flow.operation, trace.principal, trace.clock, flow.state, flow.parsed, base_url, request.query_string
        )

    def reject_route(
        self, request: Request, violation: Violation, near_misses: Sequence[str] = (), mount: str = ""
    ) -> Answer:
        """The vendor's answer to a path or method it does not serve."""
        trace = Trace(None, near_misses=tuple(near_misses))
        scope = CURRENT_SCOPE.set(self._scope(request, None, mount))
        try:
            self._gateway(request)
            error = self._reject([violation])
        except VendorError as refused:
            error = refused
        finally:
            CURRENT_SCOPE.reset(scope)
        return self._out.respond(request, trace, _error_reply(error), {})

    def crashed(self, request: Request, mount: str = "") -> Answer:
        """The vendor's 500, for a bug of the mock that escaped the request path."""
        scope = CURRENT_SCOPE.set(self._scope(request, None, mount))
        try:
            return self._out.respond(request, Trace(None), _error_reply(self.vendor.dialect.internal_error()), {})
        finally:
            CURRENT_SCOPE.reset(scope)

    def _reject(self, violations: list[Violation]) -> VendorError:
        """The vendor's refusal, carrying its violations for the journal."""
        return self.vendor.dialect.reject(violations).because(violations)

    # -- steps ------------------------------------------------------------

    def _gateway(self, request: Request) -> None:
        if self.vendor.gateway is not None:
            self.vendor.gateway(request.headers, request.method)

    def _authenticate(self, auth: AuthRequest) -> tuple[Principal, Clock]:
        """The caller and the clock of its tenant.  A tenant with a clock of its own is
        authenticated again on that clock, so credentials that expire (OpenInt's tokens)
        expire on the tenant's time; its errors speak of that time too."""
        principal = self._auth_on(auth, self._auth_settings)
        label = tenant_label(principal.tenant)
        if not self.clocks.has_own(self.vendor.name, label):
            return principal, self.clock
        clock = self.clocks.of(self.vendor.name, label)
        principal = self._auth_on(auth, replace(self._auth_settings, clock=clock))
        scope = CURRENT_SCOPE.get()
        if scope is not None:
            CURRENT_SCOPE.set(replace(scope, now=clock.now()))  # answer() puts the outer scope back
        return principal, clock

    def _auth_on(self, auth: AuthRequest, settings: AuthSettings) -> Principal:
        """The vendor's auth; under --strict-auth a credential it refuses still passes
        when it names a tenant declared through the control plane (POST /__mock__/tenants)."""
        try:
            return self.vendor.authenticate(auth, settings)
        except VendorError as refused:
            if not (settings.strict and self.store.has_declared(self.vendor.name)):
                raise
            try:
                principal = self.vendor.authenticate(auth, replace(settings, strict=False))
            except VendorError:
                raise refused from None
            if not self.store.declared(self.vendor.name, tenant_label(principal.tenant)):
                raise refused from None
            return principal

    def _read_body(self, request: Request, operation: Operation) -> tuple[Any, list[Violation]]:
        declared = operation.body
        limit = self.settings.max_body_bytes
        too_large = [Violation("body", (), "too_large", f"body over {limit} bytes", expected=limit)]
        if request.content_length is not None and request.content_length > limit:
            return None, too_large
        try:
            raw = request.get_data(cache=True)
        except RequestEntityTooLarge:
            return None, too_large
        if declared is None:
            return None, []  # a body the operation does not take is ignored, as servers do
        if FORM_MEDIA_TYPE in declared.media_types and _media(request.content_type) == FORM_MEDIA_TYPE:
            # A form the operation takes (an OAuth token endpoint) is read as an object of strings.
            return dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)), []
        lenient = self.vendor.non_json_body_is_empty
        if not raw.strip():
            return ({} if lenient else None), []
        if not _is_json_media(request.content_type):
            if lenient:
                return {}, []
            return None, [
                Violation(
                    "media",
                    (),
                    "unsupported_media_type",
                    f"content type {request.content_type!r} is not JSON",
                    expected=declared.media_types,
                    received=request.content_type,
                )
            ]
        parsed, problem = parse_json_body(raw)
        return parsed, [problem] if problem else []

    def _validate(
        self, request: Request, operation: Operation, path_args: Mapping[str, str], body: Any
    ) -> ParsedRequest:
        parsed, violations = validate_parameters(
            operation, path_args, request.args.to_dict(flat=False), request.headers.get
        )
        declared = operation.body
        if declared is not None:
            if body is None:
                if declared.required:
                    violations.append(Violation("body", (), "missing", "a request body is required"))
            else:
                out_of_range = non_finite_numbers(body, raw=request.get_data(cache=True))
                if out_of_range:
                    violations.extend(out_of_range)  # checked first: schemas take infinity for a number
                elif declared.validator is not None:
                    violations.extend(schema_violations(declared.validator, body, "body"))
            parsed.body = body
        if violations:
            raise self._reject(self._explain_unread_body(request, violations))
        return parsed

    def _explain_unread_body(self, request: Request, violations: list[Violation]) -> list[Violation]:
        """A vendor that reads a non-JSON body as {} (NestJS) answers "x should not be
        empty" for fields that were sent: its text stays, the journal says why."""
        if not (self.vendor.non_json_body_is_empty and request.get_data(cache=True).strip()):
            return violations
        if _is_json_media(request.content_type):
            return violations
        why = f"the body was not read: its Content-Type {request.content_type or '(none)'!r} is not JSON"
        return [
            replace(violation, message=f"{violation.message} ({why})") if violation.location == "body" else violation
            for violation in violations
        ]

    def _tenant(self, principal: Principal) -> TenantState:
        """The caller's tenant, made before quotas are counted so that every per-credential
        counter belongs to a live tenant (and goes when it is reset)."""
        try:
            return self.store.tenant(self.vendor.name, tenant_label(principal.tenant), self._seed)
        except TenantLimitReached as full:
            raise self.vendor.dialect.unavailable(
                f"crm-mock: this server already holds its limit of {full.limit} {full.vendor} tenants "
                "(--max-tenants, CRM_MOCK_MAX_TENANTS); reset tenants you no longer need "
                "(POST /__mock__/reset) or start it with a higher --max-tenants"
            ) from None

    def _handle(
        self,
        operation: Operation,
        principal: Principal,
        clock: Clock,
        state: TenantState,
        parsed: ParsedRequest,
        base_url: str,
        query_string: bytes,
    ) -> Reply:
        handler = self.vendor.handlers[operation.operation_id]
        context = RequestContext(
            operation,
            principal,
            state,
            parsed,
            clock,
            self.fixtures,
            base_url=base_url,
            query_string=query_string.decode("latin-1"),
            options=self.settings.vendor_options,
        )
        with state.lock:
            reply = handler(context)
            # Serialise while the lock is held: the body may reference live records.
            if reply.body is not None and not isinstance(reply.body, (bytes, VendorError)):
                reply.body = json.dumps(reply.body, separators=(",", ":"), ensure_ascii=False).encode()
        return reply

    def _seed(self, state: Any) -> None:
        self.vendor.seed(state, self.fixtures)

    def _count_quotas(self, principal: Principal) -> tuple[Mapping[str, str], int | None]:
        """The vendor's rate-limit headers for this request and, when a quota is used
        up, the seconds until every used-up quota starts over (else None)."""
        if not self.vendor.quotas:
            return {}, None
        tenant = tenant_label(principal.tenant)
        usages = [self.quotas.hit(self.vendor.name, tenant, quota) for quota in self.vendor.quotas]
        headers = self.vendor.quota_headers(usages) if self.vendor.quota_headers else {}
        waits = [usage.resets_in_ms for usage in usages if usage.exceeded]
        return headers, (max(1, -(-max(waits) // 1000)) if waits else None)

    def _faults_and_limits(
        self, request: Request, operation: Operation, trace: Trace, body: Any, retry_after_s: int | None
    ) -> None:
        """Step 2: an emulated rate limit, or an injected fault, answers here."""
        if retry_after_s is not None and self.rate_limits:
            error = self._injected("rate_limited", None)
            error.retry_after_s = retry_after_s
            raise error
        if not self.faults.armed:
            return
        principal = trace.principal
        fault = self.faults.take(
            FaultRequest(
                self.vendor.name,
                operation.operation_id,
                request.method,
                request.path,
                tenant_label(principal.tenant) if principal else None,
                request.args.to_dict(flat=False),
                body,
            )
        )
        if fault is None:
            return
        trace.fault = fault
        if fault.delay_s:
            if request.environ.get(DEFER_DELAY_ENVIRON_KEY):
                request.environ[DELAY_ENVIRON_KEY] = fault.delay_s  # the server waits, not this thread
            else:
                time.sleep(fault.delay_s)
        if fault.action == "delay":
            return
        if fault.respond is not None:
            raise _CannedReply(Reply(fault.respond.status, fault.respond.body, dict(fault.respond.headers)))
        if fault.action == "drop":
            raise _DropConnection
        raise self._injected(fault.action, fault.status)

    def _injected(self, action: str, status: int | None) -> VendorError:
        error = self.vendor.dialect.fault(action, status)
        error.injected = True
        return error
