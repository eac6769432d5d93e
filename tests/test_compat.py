"""The private werkzeug method compat.py overrides is still there, as it was."""

from __future__ import annotations

import inspect

from werkzeug.routing import Map, Rule

from mock_server.compat import LazilyBuiltRule


def test_werkzeug_still_compiles_url_builders_in_the_method_we_override() -> None:
    parameters = list(inspect.signature(Rule._compile_builder).parameters)
    assert parameters == ["self", "append_unknown"]
    assert "_compile_builder" in inspect.getsource(Rule.compile)


def test_a_lazily_built_rule_builds_urls_as_werkzeug_does() -> None:
    lazy = Map([LazilyBuiltRule("/objects/<key>/records/<id>", endpoint="record")]).bind("example.com")
    plain = Map([Rule("/objects/<key>/records/<id>", endpoint="record")]).bind("example.com")
    for arguments in ({"key": "pet", "id": "1"}, {"key": "a b", "id": "x", "page": 2}):
        assert lazy.build("record", arguments) == plain.build("record", arguments)
    assert lazy.match("/objects/pet/records/7") == ("record", {"key": "pet", "id": "7"})
