"""The way out of the request path: the vendor's headers, (with --strict) the answer
checked against the spec, the exchange journalled with credentials redacted, and the
log line.  Every vendor answer, route misses and crashes included, leaves through here."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge

from .answer import Answer
from .clock import Clock
from .dialect import VendorError
from .faults import DROP_ENVIRON_KEY, FaultRule
from .journal import Exchange, Journal
from .redaction import Redactor
from .request_log import REQUEST_LOGGER, log_exchange
from .request_validation import schema_violations
from .schema import CompiledSchema, compile_schema
from .spec import Operation
from .store import tenant_label
from .vendor import Principal, Reply, Vendor
from .violations import Violation

__all__ = ["CONTRACT_HEADER", "Responder", "Trace"]

log = logging.getLogger("crm_mock")

CONTRACT_HEADER = "X-CRM-Mock-Contract-Breach"


@dataclass(slots=True)
class Trace:
    """What the request path learned on the way, for the journal."""

    operation: Operation | None
    principal: Principal | None = None
    clock: Clock | None = None  # the tenant's, once it is known
    near_misses: tuple[str, ...] = ()
    fault: FaultRule | None = None  # the injected fault that fired, named in the journal
    started: float = field(default_factory=time.perf_counter)


class Responder:
    """One vendor's way out."""

    def __init__(self, vendor: Vendor, clock: Clock, journal: Journal, strict_responses: bool) -> None:
        self.vendor = vendor
        self.clock = clock
        self.journal = journal
        self.strict_responses = strict_responses
        self._redact = Redactor(vendor.credentials)
        self._response_validators: dict[tuple[str, str], CompiledSchema | None] = {}

    def drop(self, request: Request, trace: Trace) -> Answer:
        """Journal the exchange as unanswered (status 0) and mark the request so the WSGI
        wrapper closes the connection; the response returned here is never sent."""
        if self.journal.enabled:
            self._record(request, trace, 0, [], b"", None, ())
        self._log(request, trace, 0, 0)
        request.environ[DROP_ENVIRON_KEY] = True
        return Answer(500, [], b"")

    def respond(self, request: Request, trace: Trace, reply: Reply, extra_headers: Mapping[str, str]) -> Answer:
        operation = trace.operation
        body = reply.body
        if isinstance(body, VendorError):
            payload = body.raw_body()
            content_type = body.content_type if payload else None
        else:
            payload = body if isinstance(body, bytes) else b""
            content_type = self.vendor.content_type if payload else None
        canned = trace.fault.respond if trace.fault is not None else None
        if canned is not None:  # the user's own answer: its type as they named it, unchecked
            content_type = canned.content_type or (content_type if payload else None)
        headers = list(self.vendor.response_headers(request.headers).items()) if self.vendor.response_headers else []
        headers.extend(extra_headers.items())
        headers.extend(reply.headers.items())
        if content_type:
            headers.append(("Content-Type", content_type))
        status = reply.status
        if self.strict_responses and canned is None and not (isinstance(body, VendorError) and body.injected):
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

    def _log(self, request: Request, trace: Trace, status: int, violations: int) -> None:
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
        trace: Trace,
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
        # An answer may hand out credentials too (an OAuth token endpoint's tokens).
        response_body, response_truncated = journal.cap(self._redact.body(payload, content_type))
        journal.record(
            Exchange(
                at=(trace.clock or self.clock).now(),
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
                fault=(trace.fault.id, trace.fault.action) if trace.fault is not None else None,
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
