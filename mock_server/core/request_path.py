"""The vendor request path's steps by name, and the orders vendors declare them in.

`core/pipeline.py` runs a vendor's operation as the steps its declaration names
(`Vendor.request_path`), in that order; route misses, crashes and the way out (response
check, journal, log) are the pipeline's, around them.  A difference between vendors in
where a step runs is one of these orders, not a flag read in the middle of the path.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["AUTH_FIRST", "BODY_FIRST", "STEPS", "check_order"]

# Every step, in the order most frameworks run them.
STEPS = (
    "gateway",  # the vendor's front door (HighLevel's Version header)
    "read_body",  # size, media type, JSON
    "refuse_body",  # a body that could not be read is refused, in the vendor's words
    "authenticate",  # the credential names the tenant
    "tenant",  # its state, seeded on first use
    "count_quotas",  # the vendor's rate-limit counters
    "faults",  # an exhausted quota (rate limits on) or an injected fault answers here
    "validate",  # path, query, headers and body against the spec
    "handle",  # the operation's handler, under the tenant's lock
)

# Express, NestJS and Rails parse the body in middleware, before any guard: a body they
# cannot read is refused before the credential is looked at.
BODY_FIRST = STEPS

# Slim (EspoCRM) authenticates in middleware and parses the body in the action: a bad
# credential is answered first, and a bad body only after auth, quotas and faults.
AUTH_FIRST = (
    "gateway",
    "read_body",
    "authenticate",
    "tenant",
    "count_quotas",
    "faults",
    "refuse_body",
    "validate",
    "handle",
)


# What each step needs done before it: the one freedom a vendor has is where refuse_body goes.
_AFTER = (
    ("read_body", "refuse_body"),
    ("refuse_body", "validate"),
    ("authenticate", "tenant"),
    ("tenant", "count_quotas"),
    ("count_quotas", "faults"),
    ("faults", "validate"),
    ("validate", "handle"),
)


def check_order(vendor: str, order: Sequence[str]) -> None:
    """A declared order names every step once and keeps what each step needs before it
    (a ValueError of one line, at start)."""
    if sorted(order) != sorted(STEPS):
        raise ValueError(f"{vendor}: its request path must name each of {', '.join(STEPS)} once, got {list(order)}")
    for before, after in _AFTER:
        if order.index(before) > order.index(after):
            raise ValueError(f"{vendor}: its request path runs {after} before {before}")
