"""The rate limiter's memory stays bounded however many callers it sees."""

from __future__ import annotations

from api.limits import MAX_CALLERS, Limiter


def test_the_limiter_forgets_idle_callers_so_many_addresses_cannot_grow_it() -> None:
    limiter = Limiter(per_minute=60, burst=2, concurrent=1)
    for n in range(MAX_CALLERS):
        assert limiter.admit(f"address:{n}", now=0.0) == 0
        limiter.release(f"address:{n}")
    busy = "key:busy"
    assert limiter.admit(busy, now=0.0) == 0  # in flight: must be kept
    # Two seconds later every idle bucket has refilled; a new caller makes room.
    assert limiter.admit("address:new", now=2.0) == 0
    assert set(limiter.callers) == {busy, "address:new"}
    assert limiter.admit(busy, now=2.0) == 1.0, "the busy key is still at its cap"
