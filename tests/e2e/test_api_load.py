"""A bounded load test: a fixed number of requests over a mix of read routes, from 16 clients at
once on loopback, against the real app on the seed graph. It asserts no errors at all and a
generous bound on the whole run, and prints p50, p99 and throughput for the record; it is not a
benchmark (the machine is shared), so no latency figure is asserted."""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from neo4j import Driver

from tests.e2e.fixtures import serving_api

# About how long the module takes (tests/e2e/fixtures.py runs long modules early).
pytestmark = pytest.mark.lasts(seconds=16)

CLIENTS = 16
REQUESTS = 640
# Four reader keys, four clients each: within the default per-key limits, as separate callers
# would be.
KEYS = [f"load-{n}-reader-key-0123456789" for n in range(4)]
ROUTES = [
    ("/entities/search", {"text": "sihanoukvile"}),
    ("/entities/search", {"text": "Long Dimanche"}),
    ("/entities/person:long-dimanche", {}),
    ("/entities/country:cambodia/timeline", {}),
    ("/queries/neighbourhood/run", {"id": "city:sihanoukville"}),
    ("/queries/disputed_edges/run", {}),
    ("/paths", {"from": "person:long-dimanche", "to": "org:scam-syndicates"}),
    ("/sources", {}),
    ("/queries/complicity_chain/run", {}),
    (
        "/edges",
        {"subject": "org:scam-syndicates", "predicate": "OPERATES_IN", "object": "city:poipet"},
    ),
]


@pytest.fixture(scope="module")
def load_api(driver: Driver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("load")
    keys = ",".join(f"load{n}:reader:{key}" for n, key in enumerate(KEYS))
    with serving_api(
        folder / "uvicorn.log",
        TIPGRAPH_API_KEYS=keys,
        TIPGRAPH_AUDIT_LOG=str(folder / "audit.jsonl"),
    ) as url:
        yield url


async def _client(
    url: str, key: str, work: Iterator[int], took: list[float], statuses: Counter[int]
) -> None:
    async with httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}, timeout=60) as client:
        for n in work:
            path, params = ROUTES[n % len(ROUTES)]
            started = time.perf_counter()
            response = await client.get(path, params=params)
            took.append(time.perf_counter() - started)
            statuses[response.status_code] += 1


async def _run(url: str) -> tuple[list[float], Counter[int], float]:
    work = iter(range(REQUESTS))  # shared: each request is taken by exactly one client
    took: list[float] = []
    statuses: Counter[int] = Counter()
    started = time.perf_counter()
    keys = itertools.cycle(KEYS)
    await asyncio.gather(*(_client(url, next(keys), work, took, statuses) for _ in range(CLIENTS)))
    return took, statuses, time.perf_counter() - started


def test_mixed_reads_from_16_clients_answer_without_one_error(
    seed_graph: Driver, load_api: str
) -> None:
    for path, params in ROUTES:  # every route answers before the clock starts
        response = httpx.get(
            f"{load_api}{path}", params=params, headers={"X-API-Key": KEYS[0]}, timeout=60
        )
        assert response.status_code == 200, (path, response.text)
    took, statuses, elapsed = asyncio.run(_run(load_api))
    quantiles = statistics.quantiles(took, n=100)
    print(
        f"\n{REQUESTS} requests, {CLIENTS} clients: p50 {quantiles[49] * 1000:.0f} ms, "
        f"p99 {quantiles[98] * 1000:.0f} ms, {REQUESTS / elapsed:.0f} requests/s, "
        f"{elapsed:.1f} s in all; statuses {dict(statuses)}"
    )
    assert len(took) == REQUESTS
    assert statuses == Counter({200: REQUESTS})
    assert elapsed < 300
