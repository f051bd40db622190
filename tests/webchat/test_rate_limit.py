"""The chat's per-minute limits, on a clock the test moves."""

from __future__ import annotations

from webchat.rate_limit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_gets_its_limit_per_minute_and_then_waits() -> None:
    clock = Clock()
    limiter = RateLimiter(3, clock=clock)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.retry_after("a") == 60  # the first of the three leaves the window in 60 s
    clock.now += 30
    assert limiter.allow("a") is False
    assert limiter.retry_after("a") == 30
    clock.now += 29.5
    assert limiter.retry_after("a") == 1  # half a second, rounded up
    assert limiter.allow("a") is False
    clock.now += 0.5  # exactly when Retry-After said
    assert limiter.allow("a") is True


def test_keys_are_counted_apart() -> None:
    limiter = RateLimiter(1, clock=Clock())
    assert (limiter.allow("a"), limiter.allow("b"), limiter.allow("a")) == (True, True, False)


def test_a_refused_request_is_not_counted() -> None:
    clock = Clock()
    limiter = RateLimiter(1, clock=clock)
    limiter.allow("a")
    clock.now += 59
    assert limiter.allow("a") is False
    clock.now += 1.5  # a minute after the one counted request, however many were refused
    assert limiter.allow("a") is True
