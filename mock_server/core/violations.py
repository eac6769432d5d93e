"""One model of "what is wrong with this request", whatever found it.

The pipeline, the spec validator and the handlers all describe problems as
`Violation`s; each vendor's dialect decides how a list of them is answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Kind", "Location", "Violation"]

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
