"""Naming a mistake: an unknown name answered with the names that would do, the
closest first, so that a typo reads as one ("vendr" -> vendor, ...)."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher, get_close_matches
from typing import TYPE_CHECKING

from flask import Response

from .errors import mock_error

if TYPE_CHECKING:
    from ..runtime import Runtime

__all__ = ["closest", "closest_first", "operation_ids", "unknown_message", "unknown_name"]

MESSAGE_NAMES = 10  # the message names the closest few; `valid` lists them all


def closest_first(given: str, valid: Iterable[str]) -> list[str]:
    """Every valid name, the most alike first (ties alphabetical)."""
    return sorted(set(valid), key=lambda name: (-SequenceMatcher(None, given, name).ratio(), name))


def closest(given: str, valid: Iterable[str], limit: int = 5) -> list[str]:
    """The few valid names close enough to be what was meant (maybe none)."""
    return get_close_matches(given, sorted(set(valid)), n=limit, cutoff=0.5)


def unknown_message(what: str, given: str, valid: Iterable[str]) -> tuple[str, list[str]]:
    """("unknown <what> '<given>'; valid: <the closest few>", every valid name closest first)."""
    ordered = closest_first(given, valid)
    shown = ", ".join(ordered[:MESSAGE_NAMES]) + (
        f", ... ({len(ordered)} in all)" if len(ordered) > MESSAGE_NAMES else ""
    )
    return f"unknown {what} {given!r}; valid: {shown}", ordered


def unknown_name(what: str, given: str, valid: Iterable[str]) -> Response:
    """400: `what` has no `given`; `valid` lists what it has, the closest first."""
    message, ordered = unknown_message(what, given, valid)
    return mock_error(400, message, valid=ordered)


def operation_ids(runtime: Runtime, vendor: str | None) -> set[str]:
    """Every operationId of the served vendors (only `vendor`'s, when named)."""
    return {
        name
        for served, loaded in runtime.vendors.items()
        if vendor in (None, served)
        for name in loaded.spec.operations
    }
