"""Calls a vendor's mock and checks every answer against that vendor's spec with
openapi-core, independently of the mock's own checks; then says which operations
the calls reached."""

from __future__ import annotations

import json
import re
from typing import Any

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from werkzeug.routing import BaseConverter, Map, Rule

from mock_server.core.spec import Spec
from tests.support import Answer, MockClient


class ContractRecorder:
    def __init__(self, client: MockClient, openapi: OpenAPI, spec: Spec, vendor_base: str, strip: str = "") -> None:
        self.client = client
        self.openapi = openapi
        self.spec = spec
        self.vendor_base = vendor_base  # the server URL the spec names
        self.strip = strip  # the part of the mock's prefix that the spec's paths do not have
        self.seen: list[tuple[str, str, int]] = []

    def call(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str | None] | None = None,
    ) -> Any:
        answer = self.client.request(method, path, json=json_body, params=params, headers=headers)
        self.check(method, path, params, json_body, answer)
        return answer.json() if answer.text else None

    def spec_path(self, path: str) -> str:
        full = self.client.prefix + path
        return full.removeprefix(self.strip)

    def check(self, method: str, path: str, params: dict[str, Any] | None, body: Any, answer: Answer) -> None:
        spec_path = self.spec_path(path)
        request = MockRequest(
            self.vendor_base,
            method.lower(),
            spec_path,
            args=params or {},
            headers=dict(self.client.headers),
            data=json.dumps(body).encode() if body is not None else None,
        )
        content_type = next((v for k, v in answer.headers.items() if k.lower() == "content-type"), "application/json")
        response = MockResponse(answer.text.encode(), answer.status, dict(answer.headers), content_type.split(";")[0])
        self.openapi.validate_response(request, response)
        self.seen.append((method, spec_path, answer.status))

    def operation_ids(self, prefix: str = "", param_pattern: str | None = None) -> set[str]:
        """The operationIds the calls reached, matched by the spec's own paths (under
        `prefix`, the path part of the spec's server URL; path parameters matching
        `param_pattern` when the vendor restricts them)."""

        def rule(op_rule: str) -> str:
            return re.sub(r"<([^>:]+)>", r"<param:\1>", op_rule) if param_pattern else op_rule

        converters = {"param": type("Param", (BaseConverter,), {"regex": param_pattern})} if param_pattern else {}
        rules = Map(
            [Rule(prefix + rule(op.rule), endpoint=op.operation_id, methods=[op.method]) for op in self.spec],
            strict_slashes=False,
            converters=converters,
        )
        adapter = rules.bind("mock")
        return {str(adapter.match(path, method=method)[0]) for method, path, _ in self.seen}

    @property
    def statuses(self) -> set[int]:
        return {status for _, _, status in self.seen}
