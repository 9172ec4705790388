"""Latency figures: percentiles of a sample, and a clock to take them with."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Latency:
    n: int
    p50_ms: float
    p99_ms: float
    throughput: float  # per second of wall time, clients together

    @classmethod
    def of(cls, seconds: Sequence[float], wall: float) -> Latency:
        return cls(
            len(seconds),
            percentile(seconds, 50) * 1000,
            percentile(seconds, 99) * 1000,
            len(seconds) / wall if wall > 0 else 0.0,
        )


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: the smallest value with q% of the sample at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


clock = time.perf_counter
