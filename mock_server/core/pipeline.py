"""The request path, in order, for one vendor.

0. gateway           the vendor's front door (say, its API version header), even for unknown routes
1. route             Flask matched the URL to an operation (misses: `reject_route`)
2. read body         size limit, content type, JSON
3. auth              the vendor's credential scheme names the tenant
4. validate request  path, query, headers and body against the spec
5. handle            the operation's handler works on the tenant's state
6. validate response in strict mode, the answer is checked against the spec
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Request, Response
from werkzeug.exceptions import RequestEntityTooLarge

from .clock import Clock
from .dialect import VendorError
from .ratelimit import QuotaCounter
from .request_validation import ParsedRequest, parse_json_body, schema_violations, validate_parameters
from .schema import CompiledSchema, compile_schema
from .spec import Operation, Spec
from .store import Store
from .vendor import AuthRequest, AuthSettings, Principal, Reply, RequestContext, Vendor
from .violations import Violation

__all__ = ["ContractBreach", "Pipeline", "PipelineSettings"]

log = logging.getLogger("crm_mock")

CONTRACT_HEADER = "X-CRM-Mock-Contract-Breach"


class ContractBreach(AssertionError):
    """The mock answered something its own spec does not allow: a bug in the mock."""


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    max_body_bytes: int
    strict_auth: bool
    strict_responses: bool


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
    ) -> None:
        self.vendor = vendor
        self.spec = spec
        self.fixtures = fixtures
        self.store = store
        self.clock = clock
        self.quotas = quotas
        self.settings = settings
        self._auth_settings = AuthSettings(strict=settings.strict_auth, fixtures=fixtures)
        self._response_validators: dict[tuple[str, str], CompiledSchema | None] = {}

    # -- the request path -------------------------------------------------

    def run(self, request: Request, operation: Operation, path_args: Mapping[str, str]) -> Response:
        extra_headers: Mapping[str, str] = {}
        try:
            self._gateway(request)
            body, body_violations = self._read_body(request, operation)
            if body_violations and self.vendor.body_errors_before_auth:
                raise self.vendor.dialect.reject(body_violations)
            principal = self.vendor.authenticate(
                AuthRequest(request.headers, request.args, operation), self._auth_settings
            )
            extra_headers = self._quota_headers(principal)
            if body_violations:
                raise self.vendor.dialect.reject(body_violations)
            parsed = self._validate(request, operation, path_args, body)
            reply = self._handle(operation, principal, parsed)
        except VendorError as error:
            reply = Reply(error.status, error, dict(error.headers()))
        except Exception:
            log.exception("%s %s crashed in the mock", request.method, request.path)
            crash = self.vendor.dialect.internal_error()
            reply = Reply(crash.status, crash, dict(crash.headers()))
        return self._respond(operation, reply, extra_headers)

    def reject_route(self, request: Request, violation: Violation) -> Response:
        """The vendor's answer to a path or method it does not serve."""
        try:
            self._gateway(request)
            error = self.vendor.dialect.reject([violation])
        except VendorError as refused:
            error = refused
        return self._respond(None, Reply(error.status, error, dict(error.headers())), {})

    def crashed(self) -> Response:
        error = self.vendor.dialect.internal_error()
        return self._respond(None, Reply(error.status, error, dict(error.headers())), {})

    # -- steps ------------------------------------------------------------

    def _gateway(self, request: Request) -> None:
        if self.vendor.gateway is not None:
            self.vendor.gateway(request.headers)

    def _read_body(self, request: Request, operation: Operation) -> tuple[Any, list[Violation]]:
        declared = operation.body
        limit = self.settings.max_body_bytes
        if request.content_length is not None and request.content_length > limit:
            return None, [Violation("body", (), "too_large", f"body over {limit} bytes", expected=limit)]
        try:
            raw = request.get_data(cache=True)
        except RequestEntityTooLarge:
            return None, [Violation("body", (), "too_large", f"body over {limit} bytes", expected=limit)]
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
            elif declared.validator is not None:
                violations.extend(schema_violations(declared.validator, body, "body"))
            parsed.body = body
        if violations:
            raise self.vendor.dialect.reject(violations)
        return parsed

    def _handle(self, operation: Operation, principal: Principal, parsed: ParsedRequest) -> Reply:
        handler = self.vendor.handlers[operation.operation_id]
        state = self.store.tenant(self.vendor.name, principal.tenant, self._seed)
        context = RequestContext(operation, principal, state, parsed, self.clock, self.fixtures)
        with state.lock:
            reply = handler(context)
            # Serialise while the lock is held: the body may reference live records.
            if reply.body is not None and not isinstance(reply.body, (bytes, VendorError)):
                reply.body = json.dumps(reply.body, separators=(",", ":"), ensure_ascii=False).encode()
        return reply

    def _seed(self, state: Any) -> None:
        self.vendor.seed(state, self.fixtures)

    def _quota_headers(self, principal: Principal) -> Mapping[str, str]:
        if not self.vendor.quotas or self.vendor.quota_headers is None:
            return {}
        usages = [self.quotas.hit(self.vendor.name, principal.tenant, quota) for quota in self.vendor.quotas]
        return self.vendor.quota_headers(usages)

    # -- the way out --------------------------------------------------------

    def _respond(self, operation: Operation | None, reply: Reply, extra_headers: Mapping[str, str]) -> Response:
        body = reply.body
        if isinstance(body, VendorError):
            payload = body.raw_body()
            content_type = body.content_type if payload else None
        else:
            payload = body if isinstance(body, bytes) else b""
            content_type = self.vendor.content_type if payload else None
        if self.settings.strict_responses:
            breach = self._check_response(operation, reply.status, payload)
            if breach:
                log.error("contract breach by the mock: %s", breach)
                error = self.vendor.dialect.internal_error()
                response = Response(error.raw_body(), error.status, content_type=error.content_type)
                response.headers[CONTRACT_HEADER] = breach
                return response
        headers = list(extra_headers.items())
        headers.extend(reply.headers.items())
        if content_type:
            headers.append(("Content-Type", content_type))
        response = Response(payload, reply.status, headers=headers)
        if not content_type:
            del response.headers["Content-Type"]  # an empty body has no type (Flask would say text/html)
        return response

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
