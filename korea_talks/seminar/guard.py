"""Guessing join codes is hopeless: longer codes, and a limit on wrong codes.

A client (an address, or one page of the app) that sends :data:`FAILURES_PER_CLIENT`
wrong codes within :data:`WINDOW_SECONDS` is locked out for :data:`LOCKOUT_SECONDS`:
while locked, its requests are refused without looking at the code, so a lucky guess
does not get in either. Across all clients at most :data:`FAILURES_PER_SECOND` wrong codes
a second are examined on average (a burst of :data:`BURST` allowed); beyond that, clients
that have never shown a right code are refused unchecked until the budget refills, while
clients that have keep working. The arithmetic is in the instructors' role-play chapter.

>>> now = [0.0]
>>> guard = CodeGuard(clock=lambda: now[0])
>>> for _ in range(FAILURES_PER_CLIENT):
...     guard.failed("10.0.0.7")
>>> guard.refusal("10.0.0.7") is not None, guard.refusal("10.0.0.8") is None
(True, True)
>>> now[0] += LOCKOUT_SECONDS + 1
>>> guard.refusal("10.0.0.7") is None
True
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

FAILURES_PER_CLIENT = 10
"""Wrong codes a client may send within :data:`WINDOW_SECONDS` before it is locked out."""
WINDOW_SECONDS = 60.0
LOCKOUT_SECONDS = 900.0
"""Fifteen minutes: long beside a guess, short beside a class."""
FAILURES_PER_SECOND = 2.0
"""Wrong codes examined per second over all clients, on average."""
BURST = 20.0
"""Wrong codes that may be examined at once before the per-second budget applies."""
MAX_CLIENTS = 10_000
"""Clients remembered at most (the oldest are forgotten first): the guard's memory is bounded."""


@dataclass
class _Client:
    failures: deque[float] = field(default_factory=deque)
    locked_until: float = 0.0
    trusted: bool = False


@dataclass
class CodeGuard:
    """Counts wrong codes per client and overall; says when a client must be refused."""

    clock: Callable[[], float] = time.monotonic
    _clients: dict[str, _Client] = field(default_factory=dict)
    _budget: float = BURST
    _filled_at: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _client(self, key: str) -> _Client:
        client = self._clients.get(key)
        if client is None:
            if len(self._clients) >= MAX_CLIENTS:
                self._clients.pop(next(iter(self._clients)))
            client = self._clients[key] = _Client()
        return client

    def _refill(self, now: float) -> None:
        if self._filled_at is not None:
            self._budget = min(BURST, self._budget + (now - self._filled_at) * FAILURES_PER_SECOND)
        self._filled_at = now

    def refusal(self, key: str) -> str | None:
        """Why ``key`` may not try a code now, or ``None`` if it may."""
        with self._lock:
            now = self.clock()
            self._refill(now)
            client = self._client(key)
            if client.locked_until > now:
                wait = int(client.locked_until - now) + 1
                return (
                    f"too many wrong join codes from this device; try again in {wait} s "
                    "(ask the instructor for your team's code)"
                )
            if self._budget < 1 and not client.trusted:
                return (
                    "too many wrong join codes on this server just now; try again in a "
                    "minute (ask the instructor for your team's code)"
                )
            return None

    def failed(self, key: str) -> None:
        """Count a wrong code from ``key``; lock it out at the limit."""
        with self._lock:
            now = self.clock()
            self._refill(now)
            self._budget = max(0.0, self._budget - 1)
            client = self._client(key)
            client.failures.append(now)
            while client.failures and client.failures[0] < now - WINDOW_SECONDS:
                client.failures.popleft()
            if len(client.failures) >= FAILURES_PER_CLIENT:
                client.locked_until = now + LOCKOUT_SECONDS
                client.failures.clear()

    def succeeded(self, key: str) -> None:
        """``key`` showed a right code: it keeps working when the overall budget runs out."""
        with self._lock:
            self._client(key).trusted = True
