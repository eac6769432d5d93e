"""Request quotas counted per tenant on the tenant's clock (its own, else the server's).

A vendor declares its quotas (say 100 requests per 10 s and 200,000 a day);
every authenticated request takes one unit from each, and the vendor turns the
resulting `Usage` into its own headers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from .clock import Clock, TenantClocks

__all__ = ["Quota", "QuotaCounter", "Usage"]


@dataclass(frozen=True, slots=True)
class Quota:
    name: str
    limit: int
    window_ms: int


@dataclass(frozen=True, slots=True)
class Usage:
    quota: Quota
    used: int  # requests counted in the current window, this one included
    resets_at_ms: int  # epoch milliseconds when the window starts over
    at_ms: int  # epoch milliseconds of this request

    @property
    def resets_in_ms(self) -> int:
        return max(self.resets_at_ms - self.at_ms, 0)

    @property
    def remaining(self) -> int:
        return max(self.quota.limit - self.used, 0)

    @property
    def exceeded(self) -> bool:
        return self.used > self.quota.limit


class QuotaCounter:
    """Fixed windows that start at a tenant's first request.

    The pipeline counts only requests whose tenant is live (made or found in the
    store), and a reset drops the tenant's windows with it, so the windows are
    bounded by --max-tenants times the vendor's quotas."""

    def __init__(self, clock: Clock | TenantClocks) -> None:
        self._clocks = clock if isinstance(clock, TenantClocks) else TenantClocks(clock)
        self._windows: dict[tuple[str, str, str], tuple[int, int]] = {}  # key -> (start_ms, used)
        self._lock = threading.Lock()

    def hit(self, scope: str, tenant: str, quota: Quota) -> Usage:
        now = self._clocks.of(scope, tenant).epoch_ms()
        key = (scope, tenant, quota.name)
        with self._lock:
            start, used = self._windows.get(key, (now, 0))
            if now - start >= quota.window_ms or now < start:
                start, used = now, 0
            used += 1
            self._windows[key] = (start, used)
        return Usage(quota, used, start + quota.window_ms, now)

    def reset(self, scope: str | None = None, tenant: str | None = None) -> None:
        with self._lock:
            for key in list(self._windows):
                if (scope is None or key[0] == scope) and (tenant is None or key[1] == tenant):
                    del self._windows[key]

    def __len__(self) -> int:
        """Windows held (one per tenant and quota)."""
        with self._lock:
            return len(self._windows)
