"""The request path, in order, for one vendor.

0. gateway           the vendor's front door (say, its API version header), even for unknown routes
1. route             Flask matched the URL to an operation (misses: `reject_route`)
2. read body         size limit, content type, JSON
3. auth              the vendor's credential scheme names the tenant
   tenant            its state, seeded on first use; a new one past --max-tenants is refused
   faults            an exhausted quota (with rate limits on) or an injected fault answers here
4. validate request  path, query, headers and body against the spec
5. handle            the operation's handler works on the tenant's state
6. validate response in strict mode, the answer is checked against the spec
7. journal           the exchange, its operation, tenant and violations are recorded
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge

from .answer import Answer
from .clock import Clock
from .dialect import CURRENT_SCOPE, Scope, VendorError
from .faults import DEFER_DELAY_ENVIRON_KEY, DELAY_ENVIRON_KEY, DROP_ENVIRON_KEY, Faults
from .journal import Exchange, Journal
from .ratelimit import QuotaCounter
from .redaction import Redactor
from .request_log import REQUEST_LOGGER, log_exchange
from .request_validation import (
    ParsedRequest,
    non_finite_numbers,
    parse_json_body,
    schema_violations,
    validate_parameters,
)
from .schema import CompiledSchema, compile_schema
from .spec import Operation, Spec
from .store import Store, TenantLimitReached, TenantState, tenant_label
from .vendor import AuthRequest, AuthSettings, Principal, Reply, RequestContext, Vendor
from .violations import Violation

__all__ = ["Pipeline", "PipelineSettings"]

log = logging.getLogger("crm_mock")

CONTRACT_HEADER = "X-CRM-Mock-Contract-Breach"


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


@dataclass(slots=True)
class _Trace:
    """What the request path learned on the way, for the journal."""

    operation: Operation | None
    principal: Principal | None = None
    near_misses: tuple[str, ...] = ()
    started: float = field(default_factory=time.perf_counter)


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    max_body_bytes: int
    strict_auth: bool
    strict_responses: bool
    rate_limits: bool = False
    # The vendor's options in effect, every declared one (e.g. {"version": "10"} for EspoCRM).
    vendor_options: Mapping[str, Any] = field(default_factory=dict)


def _is_json_media(content_type: str | None) -> bool:
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


class Pipeline:
    def __init__(
        self,
        vendor: Vendor,
        spec: Spec,
        fixtures: Mapping[str, Any],
        store: Store,
        clock: Clock,
        quotas: QuotaCounter,
        settings: PipelineSettings,
        journal: Journal,
        faults: Faults,
    ) -> None:
        self.vendor = vendor
        self.spec = spec
        self.fixtures = fixtures
        self.store = store
        self.clock = clock
        self.quotas = quotas
        self.settings = settings
        self.journal = journal
        self.faults = faults
        self.rate_limits = settings.rate_limits  # the control plane can switch it per vendor
        self._redact = Redactor(vendor.credentials)
        self._auth_settings = AuthSettings(strict=settings.strict_auth, fixtures=fixtures, clock=clock)
        self._response_validators: dict[tuple[str, str], CompiledSchema | None] = {}

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
        trace = _Trace(operation)
        extra_headers: Mapping[str, str] = {}
        try:
            self._gateway(request)
            body, body_violations = self._read_body(request, operation)
            if body_violations and self.vendor.body_errors_before_auth:
                raise self._reject(body_violations)
            trace.principal = self.vendor.authenticate(
                AuthRequest(request.headers, request.args, operation, request.method, request.path), self._auth_settings
            )
            state = self._tenant(trace.principal)
            extra_headers, retry_after_s = self._count_quotas(trace.principal)
            self._faults_and_limits(request, operation, trace.principal, retry_after_s)
            if body_violations:
                raise self._reject(body_violations)
            parsed = self._validate(request, operation, path_args, body)
            base_url = _root_url(request.environ) + mount
            reply = self._handle(operation, trace.principal, state, parsed, base_url, request.query_string)
        except VendorError as error:
            reply = _error_reply(error)
        except _DropConnection:
            return self._drop(request, trace)
        except Exception:
            log.exception("%s %s crashed in the mock", request.method, request.path)
            reply = _error_reply(self.vendor.dialect.internal_error())
        return self._respond(request, trace, reply, extra_headers)

    def reject_route(
        self, request: Request, violation: Violation, near_misses: Sequence[str] = (), mount: str = ""
    ) -> Answer:
        """The vendor's answer to a path or method it does not serve."""
        trace = _Trace(None, near_misses=tuple(near_misses))
        scope = CURRENT_SCOPE.set(self._scope(request, None, mount))
        try:
            self._gateway(request)
            error = self._reject([violation])
        except VendorError as refused:
            error = refused
        finally:
            CURRENT_SCOPE.reset(scope)
        return self._respond(request, trace, _error_reply(error), {})

    def crashed(self, request: Request, mount: str = "") -> Answer:
        """The vendor's 500, for a bug of the mock that escaped the request path."""
        scope = CURRENT_SCOPE.set(self._scope(request, None, mount))
        try:
            return self._respond(request, _Trace(None), _error_reply(self.vendor.dialect.internal_error()), {})
        finally:
            CURRENT_SCOPE.reset(scope)

    def _reject(self, violations: list[Violation]) -> VendorError:
        """The vendor's refusal, carrying its violations for the journal."""
        return self.vendor.dialect.reject(violations).because(violations)

    # -- steps ------------------------------------------------------------

    def _gateway(self, request: Request) -> None:
        if self.vendor.gateway is not None:
            self.vendor.gateway(request.headers, request.method)

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
            self.clock,
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
        self, request: Request, operation: Operation, principal: Principal, retry_after_s: int | None
    ) -> None:
        """Step 2: an emulated rate limit, or an injected fault, answers here."""
        if retry_after_s is not None and self.rate_limits:
            error = self._injected("rate_limited", None)
            error.retry_after_s = retry_after_s
            raise error
        fault = self.faults.take(
            self.vendor.name, operation.operation_id, request.method, request.path, tenant_label(principal.tenant)
        )
        if fault is None:
            return
        if fault.action == "delay":
            if request.environ.get(DEFER_DELAY_ENVIRON_KEY):
                request.environ[DELAY_ENVIRON_KEY] = fault.delay_s  # the server waits, not this thread
            else:
                time.sleep(fault.delay_s)
            return
        if fault.action == "drop":
            raise _DropConnection
        raise self._injected(fault.action, fault.status)

    def _injected(self, action: str, status: int | None) -> VendorError:
        error = self.vendor.dialect.fault(action, status)
        error.injected = True
        return error

    # -- the way out --------------------------------------------------------

    def _drop(self, request: Request, trace: _Trace) -> Answer:
        """Journal the exchange as unanswered (status 0) and mark the request so the WSGI
        wrapper closes the connection; the response returned here is never sent."""
        if self.journal.enabled:
            self._record(request, trace, 0, [], b"", None, ())
        self._log(request, trace, 0, 0)
        request.environ[DROP_ENVIRON_KEY] = True
        return Answer(500, [], b"")

    def _respond(self, request: Request, trace: _Trace, reply: Reply, extra_headers: Mapping[str, str]) -> Answer:
        operation = trace.operation
        body = reply.body
        if isinstance(body, VendorError):
            payload = body.raw_body()
            content_type = body.content_type if payload else None
        else:
            payload = body if isinstance(body, bytes) else b""
            content_type = self.vendor.content_type if payload else None
        headers = list(self.vendor.response_headers(request.headers).items()) if self.vendor.response_headers else []
        headers.extend(extra_headers.items())
        headers.extend(reply.headers.items())
        if content_type:
            headers.append(("Content-Type", content_type))
        status = reply.status
        if self.settings.strict_responses and not (isinstance(body, VendorError) and body.injected):
            breach = self._check_response(operation, reply.status, payload)
            if breach:
                log.error("contract breach by the mock: %s", breach)
                error = self.vendor.dialect.internal_error()
                payload, status, content_type = error.raw_body(), error.status, error.content_type
                headers = [("Content-Type", content_type), (CONTRACT_HEADER, breach)]
        answer = Answer(status, headers, payload)
        if self.journal.enabled:
            violations = body.violations if isinstance(body, VendorError) else ()
            sent = [*headers, ("Content-Length", str(len(payload)))]
            self._record(request, trace, status, sent, payload, content_type, violations)
        self._log(request, trace, status, len(body.violations) if isinstance(body, VendorError) else 0)
        return answer

    def _log(self, request: Request, trace: _Trace, status: int, violations: int) -> None:
        if REQUEST_LOGGER.isEnabledFor(logging.INFO):
            log_exchange(
                self.vendor.name,
                trace.operation.operation_id if trace.operation else None,
                request.method,
                request.path,
                status,
                (time.perf_counter() - trace.started) * 1000,
                violations,
                lambda: tenant_label(trace.principal.tenant) if trace.principal else None,
            )

    def _record(
        self,
        request: Request,
        trace: _Trace,
        status: int,
        headers: list[tuple[str, str]],
        payload: bytes,
        content_type: str | None,
        violations: tuple[Violation, ...],
    ) -> None:
        journal = self.journal
        try:
            raw = self._redact.body(request.get_data(cache=True), request.content_type)
            request_body, request_truncated = journal.cap(raw)
        except RequestEntityTooLarge:
            request_body, request_truncated = b"", True  # never read: over the size limit
        response_body, response_truncated = journal.cap(payload)
        journal.record(
            Exchange(
                at=self.clock.now(),
                vendor=self.vendor.name,
                tenant=tenant_label(trace.principal.tenant) if trace.principal else None,
                operation_id=trace.operation.operation_id if trace.operation else None,
                method=request.method,
                path=request.path,
                query_string=self._redact.query(request.query_string),
                request_headers=self._redact.headers(request.environ),
                request_body=request_body,
                request_type=request.content_type,
                request_truncated=request_truncated,
                status=status,
                response_headers=tuple(headers),
                response_body=response_body,
                response_type=content_type,
                response_truncated=response_truncated,
                duration_ms=(time.perf_counter() - trace.started) * 1000,
                violations=self._redact.violations(violations),
                near_misses=trace.near_misses,
            )
        )

    def _check_response(self, operation: Operation | None, status: int, payload: bytes) -> str | None:
        if operation is None:
            return None
        key = (operation.operation_id, str(status))
        if key not in self._response_validators:
            if str(status) not in operation.responses:
                return f"{operation.operation_id} answered {status}, which its spec does not list"
            schema = operation.responses[str(status)]
            self._response_validators[key] = compile_schema(schema) if schema is not None else None
        validator = self._response_validators[key]
        if validator is None:
            return None
        try:
            document = json.loads(payload) if payload else None
        except json.JSONDecodeError:
            return f"{operation.operation_id} answered {status} with a body that is not JSON"
        problems = schema_violations(validator, document, "body")
        if problems:
            details = "; ".join(f"{p.dotted or '(body)'}: {p.message}" for p in problems[:5])
            return f"{operation.operation_id} answered {status} off its spec: {details}"
        return None
