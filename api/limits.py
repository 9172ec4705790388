"""Per-key limits, applied before any route runs: request rate, requests in flight, body size.

A pure ASGI middleware rather than a route dependency, so that a refused request costs no
routing, no validation and no body read. Callers are told apart by their API key (its name, as
the key ring matches it); a request with no known key is counted by its client address, so an
unknown key cannot flood either. `/health` is left alone: a load balancer polls it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.keys import KeyRing
from api.problems import problem_response
from graph.settings import Settings

OPEN_PATHS = frozenset({"/health"})
MAX_CALLERS = 10_000


TOO_LARGE = "Request body too large"


@dataclass
class _Bucket:
    """A token bucket: `capacity` requests at once, refilled at `rate` per second."""

    tokens: float
    stamp: float

    def take(self, capacity: float, rate: float, now: float) -> float:
        """0 when a token was taken, else the seconds until one will be there."""
        self.tokens = min(capacity, self.tokens + (now - self.stamp) * rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / rate


@dataclass
class _Caller:
    bucket: _Bucket
    in_flight: int = 0


@dataclass
class Limiter:
    """The state of every caller; one per app, used only from the event loop's thread."""

    per_minute: int
    burst: int
    concurrent: int
    callers: dict[str, _Caller] = field(default_factory=dict)

    def admit(self, who: str, now: float) -> float:
        """0 when the request may run (and is counted in flight), else seconds to wait."""
        caller = self.callers.get(who)
        if caller is None:
            if len(self.callers) >= MAX_CALLERS:
                self._forget_idle(now)
            caller = self.callers[who] = _Caller(_Bucket(float(self.burst), now))
        wait = caller.bucket.take(self.burst, self.per_minute / 60, now)
        if wait:
            return wait
        if caller.in_flight >= self.concurrent:
            # The token stays spent: a caller that keeps knocking still drains its bucket.
            return 1.0
        caller.in_flight += 1
        return 0.0

    def _forget_idle(self, now: float) -> None:
        # Callers with nothing in flight whose bucket has refilled are as good as new ones;
        # without this, requests from ever new addresses would grow the table without end.
        rate = self.per_minute / 60
        for who, caller in list(self.callers.items()):
            refilled = caller.bucket.tokens + (now - caller.bucket.stamp) * rate >= self.burst
            if caller.in_flight == 0 and refilled:
                del self.callers[who]

    def release(self, who: str) -> None:
        self.callers[who].in_flight -= 1


def _presented_key(scope: Scope) -> str | None:
    headers: dict[bytes, bytes] = dict(scope.get("headers") or [])
    key = headers.get(b"x-api-key")
    if key:
        return key.decode("latin-1")
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class Limits:
    """The middleware; `keys` is the app's key ring, read when each request arrives."""

    def __init__(self, app: ASGIApp, settings: Settings, keys: KeyRing) -> None:
        self.app = app
        self.keys = keys
        self.max_body = settings.max_body_bytes
        self.limiter = Limiter(
            per_minute=settings.rate_limit_per_minute,
            burst=settings.rate_limit_burst,
            concurrent=settings.max_concurrent_per_key,
        )

    def _who(self, scope: Scope) -> str:
        presented = _presented_key(scope)
        key = self.keys.match(presented) if presented else None
        if key is not None:
            return f"key:{key.key_id}"
        client = scope.get("client")
        return f"address:{client[0] if client else 'unknown'}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            # Refused on its header alone: not one byte of the body is read.
            response = problem_response(
                413,
                TOO_LARGE,
                f"the body is {declared} bytes; at most {self.max_body} are accepted",
                request,
            )
            await response(scope, receive, send)
            return
        who = self._who(scope)
        wait = self.limiter.admit(who, time.monotonic())
        if wait:
            response = problem_response(
                429,
                "Too many requests",
                "this key is over its request rate or has too many requests in flight; "
                "retry after the Retry-After seconds",
                request,
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
            await response(scope, receive, send)
            return
        try:
            body = await _read_bounded(receive, self.max_body)
            if body is None:
                response = problem_response(
                    413,
                    TOO_LARGE,
                    f"the body is over {self.max_body} bytes; split the fact file or its text",
                    request,
                )
                await response(scope, receive, send)
                return
            await self.app(scope, _replay(body, receive), send)
        finally:
            self.limiter.release(who)


async def _read_bounded(receive: Receive, limit: int) -> bytes | None:
    """The whole body, read as it streams; None as soon as it passes `limit`, so a body sent
    without a length (chunked) is never buffered past the limit."""
    chunks: list[bytes] = []
    seen = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        seen += len(chunk)
        if seen > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """`receive` that hands the app the body already read, then waits for the disconnect."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
