"""The one place where crm-mock leans on a dependency's private internals.

werkzeug compiles a URL builder (Python code, for url_for) for every rule when the
rule is bound to the map; with about 500 vendor rules that was a fifth of the start,
for builders that vendor routes never use.  `LazilyBuiltRule` overrides werkzeug's
private `Rule._compile_builder` so that each builder is generated on first use.
werkzeug has no public switch for this.  pyproject.toml bounds werkzeug below the
next minor release, and tests/test_compat.py fails if the method it overrides
changes its name or signature, or if building URLs stops working.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.routing import Rule

__all__ = ["LazilyBuiltRule"]


class LazilyBuiltRule(Rule):
    """A rule whose URL builder is generated the first time a URL is built."""

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        generate = super()._compile_builder
        built: Callable[..., tuple[str, str]] | None = None

        def build(rule: Rule, *args: Any, **kwargs: Any) -> tuple[str, str]:
            nonlocal built
            if built is None:
                built = generate(append_unknown).__get__(rule, None)
            return built(*args, **kwargs)

        return build
