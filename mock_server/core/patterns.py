"""Patterns a client supplies (a Zendesk field's regular expression, an EspoCRM LIKE),
run in time linear in the text they are matched against.

Python's `re` backtracks: `^(a+)+$` against 5,000 a's and a `!`, or a LIKE with a
dozen `%`, runs for seconds to forever while holding the interpreter lock, which
stalls every client of the server.  RE2 (google-re2) never backtracks; it has no
backreferences or lookaround, so a pattern that needs them does not compile here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol

import re2  # type: ignore[import-untyped]

__all__ = ["MAX_PATTERN_LENGTH", "Pattern", "PatternError", "compile_like", "compile_regex"]

# The longest pattern a client may supply, in characters.  Apache's LimitRequestLine
# (8,190 bytes, the default in front of PHP) bounds what a query string can carry; a
# field's regular expression is short in practice.  Longer ones are refused.
MAX_PATTERN_LENGTH = 8190


class Pattern(Protocol):
    """A compiled RE2 pattern, as far as the mock uses it."""

    def search(self, text: str) -> Any: ...


class PatternError(ValueError):
    """A pattern that is too long, or that RE2 cannot compile."""


def _options(*, case_sensitive: bool = True, dot_nl: bool = False) -> Any:
    options = re2.Options()
    options.log_errors = False  # a bad client pattern is an answer, not a line on stderr
    options.case_sensitive = case_sensitive
    options.dot_nl = dot_nl
    return options


@lru_cache(maxsize=16)  # a long pattern compiles to about a megabyte: keep few
def compile_regex(pattern: str) -> Pattern:
    """A client's regular expression, compiled for linear-time search."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(f"pattern longer than {MAX_PATTERN_LENGTH} characters")
    try:
        compiled: Pattern = re2.compile(pattern, _options())
    except re2.error as exc:
        raise PatternError(str(exc)) from None
    return compiled


def _like_regex(pattern: str) -> str:
    r"""SQL LIKE as RE2 syntax: % any run, _ one character, and, as MySQL reads a
    pattern, a backslash makes the next character literal (`\%`, `\_`, `\\`)."""
    parts: list[str] = []
    escaped = False
    for char in pattern:
        if escaped:
            parts.append(_literal(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(_literal(char))
    if escaped:  # a trailing backslash stands for itself
        parts.append(_literal("\\"))
    return "^" + "".join(parts) + "$"


def _literal(char: str) -> str:
    return char if char.isalnum() and char.isascii() else f"\\x{{{ord(char):x}}}"


@lru_cache(maxsize=16)  # a long pattern compiles to about a megabyte: keep few
def compile_like(pattern: str) -> Pattern:
    """A LIKE pattern, case-insensitive as MySQL's default collation, as a linear matcher
    (use `.search`: the translation is anchored at both ends)."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(f"pattern longer than {MAX_PATTERN_LENGTH} characters")
    try:
        compiled: Pattern = re2.compile(_like_regex(pattern), _options(case_sensitive=False, dot_nl=True))
    except re2.error as exc:  # pragma: no cover - every translated pattern is valid RE2
        raise PatternError(str(exc)) from None
    return compiled
