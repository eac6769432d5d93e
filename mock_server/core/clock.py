"""The mock's notion of "now": real time by default, frozen or shifted in tests."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

__all__ = ["Clock", "iso_millis"]


def iso_millis(moment: datetime) -> str:
    """ISO-8601 in UTC with milliseconds and a Z, e.g. 2025-01-02T09:35:39.032Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Clock:
    """A clock that can be frozen at an instant or moved by an offset."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frozen_at: datetime | None = None
        self._offset = timedelta(0)

    def now(self) -> datetime:
        frozen = self._frozen_at
        if frozen is not None:
            return frozen
        return datetime.now(UTC) + self._offset

    def epoch_ms(self) -> int:
        return int(self.now().timestamp() * 1000)

    def freeze(self, at: datetime | None = None) -> None:
        with self._lock:
            self._frozen_at = (at or self.now()).astimezone(UTC)

    def unfreeze(self) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - datetime.now(UTC)
            self._frozen_at = None

    def reset(self) -> None:
        """Back to the real time: not frozen, no offset."""
        with self._lock:
            self._frozen_at = None
            self._offset = timedelta(0)

    def advance(self, delta: timedelta) -> None:
        """Move time by `delta`; a ValueError when that leaves the years 1970-9000."""
        with self._lock:
            try:
                moved = self.now() + delta
            except OverflowError:
                raise ValueError("the clock cannot move that far") from None
            if not 1970 <= moved.year <= 9000:
                raise ValueError("the clock stays between the years 1970 and 9000")
            if self._frozen_at is not None:
                self._frozen_at = moved
            else:
                self._offset += delta

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None
