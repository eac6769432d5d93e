"""One model of "what is wrong with this request", whatever found it.

The pipeline, the spec validator and the handlers all describe problems as
`Violation`s; each vendor's dialect decides how a list of them is answered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["MAX_LISTED", "Kind", "Listing", "Location", "Violation", "first_violations", "listing", "omitted"]

# The most problems one error lists (and a validator collects).  No vendor documents a cap
# (class-validator, zod and Rails list them all); 100 keeps every error small and cheap
# to build whatever a body holds.  What is left out is counted where that is cheap.
MAX_LISTED = 100

# Where the problem is.
Location = Literal["route", "path", "query", "header", "body", "media"]

# What kind of problem it is. Dialects switch on these, so keep them few and stable.
Kind = Literal[
    "route_not_found",  # no operation at this path
    "method_not_allowed",  # the path exists, the method does not
    "missing",  # a required parameter or property is absent
    "type",  # wrong JSON type (expected: the schema type)
    "enum",  # not one of the allowed values (expected: the list)
    "format",  # string of the wrong format (expected: the format name)
    "pattern",  # string does not match (expected: the pattern)
    "min_length",
    "max_length",
    "minimum",
    "maximum",
    "min_items",
    "max_items",
    "unknown_property",  # a property the schema does not allow
    "malformed",  # the body is not parseable JSON
    "unsupported_media_type",  # a body in a content type the operation does not take
    "too_large",  # the body is over the size limit (expected: the limit in bytes)
    "invalid",  # anything else the schema rejects
    "omitted",  # stands for problems not listed past MAX_LISTED (expected: how many, None if not counted)
]


@dataclass(frozen=True, slots=True)
class Violation:
    """A single reason to reject a request.

    `pointer` names the place inside `location`: ("locationId",) for a query
    parameter, ("labels", "singular") for a nested body property, () for the
    body as a whole.  `expected` carries what the rule wanted (a type name, the
    allowed values, a limit) so that a dialect can phrase it its own way.
    """

    location: Location
    pointer: tuple[str | int, ...]
    kind: Kind
    message: str
    expected: Any = None
    received: Any = field(default=None, compare=False)

    @property
    def dotted(self) -> str:
        """The pointer as `a.b.0.c`, the way most vendors name a nested field."""
        return ".".join(str(part) for part in self.pointer)

    @property
    def name(self) -> str:
        """The last part of the pointer: the field or parameter itself."""
        return str(self.pointer[-1]) if self.pointer else ""


def omitted(count: int | None) -> Violation:
    """The stand-in for `count` problems left unlisted (None: the validator stopped looking)."""
    told = f"{count} more problems not listed" if count is not None else "more problems not listed"
    return Violation("body", (), "omitted", f"{told} (crm-mock lists at most {MAX_LISTED})", expected=count)


def first_violations(found: Iterable[Violation], *, more: bool = False) -> list[Violation]:
    """At most MAX_LISTED of `found`, then one `omitted` stand-in counting the rest.

    more=True: the finder stopped before the end (the rest may be costly to produce,
    as a validator's errors are), so the stand-in says only that there is more.
    """
    problems = listing(found)
    if more:
        return [*problems.shown, omitted(None)]
    return [*problems.shown, omitted(problems.left_out)] if problems.truncated else problems.shown


@dataclass(frozen=True, slots=True)
class Listing:
    """The problems an error lists, and how many it leaves out (`left_out` None: more, uncounted)."""

    shown: list[Violation]
    left_out: int | None
    truncated: bool

    @property
    def note(self) -> str:
        """The line that says what was left out."""
        return omitted(self.left_out).message


def listing(violations: Iterable[Violation], limit: int = MAX_LISTED) -> Listing:
    """Split `violations` into the first `limit` real problems and a count of the rest,
    folding in any `omitted` stand-ins a validator left.  Linear in the input."""
    shown: list[Violation] = []
    left_out: int | None = 0
    truncated = False
    for violation in violations:
        if violation.kind == "omitted":
            truncated = True
            left_out = None if left_out is None or violation.expected is None else left_out + violation.expected
        elif len(shown) < limit:
            shown.append(violation)
        else:
            truncated = True
            left_out = None if left_out is None else left_out + 1
    return Listing(shown, left_out if truncated else 0, truncated)
