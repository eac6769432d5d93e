"""The mock's notion of "now": real time by default, frozen or shifted in tests.

The server has one clock; a tenant may be given its own (`TenantClocks`), so that
one test moving time does not move it for the tests that share the server.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

__all__ = ["Clock", "TenantClocks", "iso_millis"]


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

    def copy(self) -> Clock:
        """A clock of its own that stands where this one stands (frozen or offset alike)."""
        twin = Clock()
        with self._lock:
            twin._frozen_at, twin._offset = self._frozen_at, self._offset
        return twin


class TenantClocks:
    """The server's clock and the clocks tenants were given of their own.

    A tenant without one follows the server's clock.  Tenants are (vendor, label)
    pairs; a clock is given only to a tenant the server knows (the control plane
    checks), and goes with the tenant, so there are never more than tenants."""

    def __init__(self, server: Clock | None = None) -> None:
        self.server = server or Clock()
        self._own: dict[tuple[str, str], Clock] = {}
        self._lock = threading.Lock()

    def of(self, vendor: str, tenant: str) -> Clock:
        """The clock this tenant's requests read: its own, else the server's."""
        return self._own.get((vendor, tenant), self.server)

    def has_own(self, vendor: str, tenant: str) -> bool:
        return (vendor, tenant) in self._own

    def own(self, vendor: str, tenant: str) -> Clock:
        """The tenant's own clock, made on first use where the server's clock stands."""
        with self._lock:
            found = self._own.get((vendor, tenant))
            if found is None:
                found = self._own[(vendor, tenant)] = self.server.copy()
            return found

    def following(self, vendor: str, tenant: str) -> Clock:
        """A clock that reads, at each call, the one this tenant follows (for what is
        made once per tenant, such as its id factory, before it may get a clock of its own)."""
        return _Following(self, vendor, tenant)

    def drop(self, vendor: str | None = None, tenant: str | None = None) -> int:
        """Matching tenants follow the server's clock again; how many had their own."""
        with self._lock:
            doomed = [
                key
                for key in self._own
                if (vendor is None or key[0] == vendor) and (tenant is None or key[1] == tenant)
            ]
            for key in doomed:
                del self._own[key]
            return len(doomed)

    def __len__(self) -> int:
        return len(self._own)


class _Following(Clock):
    """Read-only: the time of whichever clock a tenant follows at the moment of asking."""

    def __init__(self, clocks: TenantClocks, vendor: str, tenant: str) -> None:
        super().__init__()
        self._clocks, self._key = clocks, (vendor, tenant)

    def now(self) -> datetime:
        return self._clocks.of(*self._key).now()

    @property
    def frozen(self) -> bool:
        return self._clocks.of(*self._key).frozen

    # Moving it would move nothing the tenant reads: the control plane moves the clock
    # it follows (TenantClocks.own) instead.
    def freeze(self, at: datetime | None = None) -> None:
        raise TypeError("a following clock is read-only")

    def unfreeze(self) -> None:
        raise TypeError("a following clock is read-only")

    def reset(self) -> None:
        raise TypeError("a following clock is read-only")

    def advance(self, delta: timedelta) -> None:
        raise TypeError("a following clock is read-only")
