"""Vendor id formats, from one random source per tenant.

With a seed, each tenant's ids depend only on (seed, vendor, tenant) and the
order of that tenant's own requests, so parallel tests stay deterministic.
"""

from __future__ import annotations

import hashlib
import random
import string
import threading
import uuid

from .clock import Clock

__all__ = ["IdFactory"]

_ALNUM = string.ascii_letters + string.digits
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BASE36 = string.digits + string.ascii_lowercase
# Seeded ids take their time part from a fixed start, not the wall clock, so
# that they repeat from run to run.
_SEEDED_EPOCH_S = 1_735_689_600  # 2025-01-01T00:00:00Z


class IdFactory:
    def __init__(self, clock: Clock, seed: int | None, scope: str) -> None:
        self._clock = clock
        self._seeded = seed is not None
        if seed is None:
            self._random = random.Random()
        else:
            digest = hashlib.sha256(f"{seed}:{scope}".encode()).digest()
            self._random = random.Random(int.from_bytes(digest[:8], "big"))
        self._counter = 0
        self._lock = threading.Lock()

    def _bits(self, count: int) -> int:
        with self._lock:
            return self._random.getrandbits(count)

    def _epoch_seconds(self) -> int:
        if self._seeded:
            with self._lock:
                self._counter += 1
                return _SEEDED_EPOCH_S + self._counter
        return int(self._clock.now().timestamp())

    def object_id(self) -> str:
        """24 hex digits, MongoDB ObjectId layout: 4 bytes of seconds, 8 random."""
        return f"{self._epoch_seconds() & 0xFFFFFFFF:08x}{self._bits(64):016x}"

    def hex(self, length: int) -> str:
        return f"{self._bits(length * 4):0{length}x}"

    def alnum(self, length: int) -> str:
        with self._lock:
            return "".join(self._random.choice(_ALNUM) for _ in range(length))

    def uuid4(self) -> str:
        return str(uuid.UUID(int=self._bits(128), version=4))

    def uniqid17(self) -> str:
        """17 hex digits, as PHP's uniqid() (8 of seconds, 5 of microseconds) plus 4 random."""
        if self._seeded:
            seconds, micros = self._epoch_seconds(), self._bits(20) % 1_000_000
        else:
            millis = self._clock.epoch_ms()
            seconds, micros = millis // 1000, (millis % 1000) * 1000 + self._bits(10) % 1000
        return f"{seconds & 0xFFFFFFFF:08x}{micros:05x}{self._bits(16):04x}"

    def cuid(self) -> str:
        """25 characters in Prisma's cuid() style: "c", 8 of base-36 time, 16 random."""
        millis = self._epoch_seconds() * 1000 if self._seeded else self._clock.epoch_ms()
        with self._lock:
            tail = "".join(self._random.choice(_BASE36) for _ in range(16))
        return "c" + _to_base36(millis).rjust(8, "0")[-8:] + tail

    def ulid(self) -> str:
        """26 Crockford base-32 characters: 48 bits of milliseconds, 80 random."""
        millis = self._epoch_seconds() * 1000 if self._seeded else self._clock.epoch_ms()
        value = (millis << 80) | self._bits(80)
        return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def _to_base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = _BASE36[rest] + digits
        if number == 0:
            return digits
