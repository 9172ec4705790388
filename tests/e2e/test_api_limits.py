"""The API's limits, against the real app over HTTP on loopback: bodies stopped at their limit
before they are buffered, a rate limit per key with 429 and Retry-After, and a cap on one key's
requests in flight that keeps a flooding key from slowing the others.

Each test serves its own app with small limits, so the shared one keeps generous defaults.
"""

from __future__ import annotations

import asyncio
import select
import socket
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from neo4j import Driver

from tests.conftest import READER_KEY, WRITER_KEY
from tests.e2e.fixtures import serving_api
from tests.paths import PROJECT_ROOT

OTHER_KEY = "test-other-reader-0123456789"

KEYS = f"reader:reader:{READER_KEY},other:reader:{OTHER_KEY},writer:writer:{WRITER_KEY}"

TROUBLE = PROJECT_ROOT / "tests" / "fixtures" / "queries"


def serve(factory: pytest.TempPathFactory, name: str, **env: str) -> Iterator[str]:
    folder = factory.mktemp(name)
    audit = str(folder / "audit.jsonl")
    with serving_api(
        folder / "uvicorn.log", TIPGRAPH_API_KEYS=KEYS, TIPGRAPH_AUDIT_LOG=audit, **env
    ) as url:
        yield url


@pytest.fixture(scope="module")
def tight_api(driver: Driver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An app with a 100 kB body limit and a rate of 60 a minute, 5 at once, per key."""
    yield from serve(
        tmp_path_factory,
        "tight",
        TIPGRAPH_MAX_BODY_BYTES="100000",
        TIPGRAPH_RATE_LIMIT_PER_MINUTE="60",
        TIPGRAPH_RATE_LIMIT_BURST="5",
    )


def raw_request(url: str, head: str) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=30)
    sock.sendall(head.encode("latin-1"))
    return sock


def read_status(sock: socket.socket) -> tuple[int, str]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    status_line = data.split(b"\r\n", 1)[0].decode()
    return int(status_line.split()[1]), data.decode("latin-1")


def ingest_head(url: str, extra: str, content_type: str = "application/yaml") -> str:
    host = urlsplit(url).netloc
    return (
        f"POST /ingest HTTP/1.1\r\nHost: {host}\r\nX-API-Key: {WRITER_KEY}\r\n"
        f"Content-Type: {content_type}\r\n{extra}\r\n"
    )


def test_a_declared_400_mb_body_is_413_before_one_byte_is_read(tight_api: str) -> None:
    # Only the headers are sent: the answer cannot have waited for the body.
    for content_type in ("application/yaml", "application/x-tar"):
        sock = raw_request(
            tight_api, ingest_head(tight_api, "Content-Length: 400000000\r\n", content_type)
        )
        with sock:
            status, text = read_status(sock)
        assert status == 413, text
        assert "application/problem+json" in text


def test_a_chunked_body_is_stopped_as_it_streams_past_the_limit(tight_api: str) -> None:
    sock = raw_request(tight_api, ingest_head(tight_api, "Transfer-Encoding: chunked\r\n"))
    chunk = b"# " + b"x" * 65_000 + b"\n"
    sent = 0
    status = 0
    with sock:
        # Keep sending until the server answers; it must answer long before 50 MB.
        while sent < 50_000_000:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                status, _ = read_status(sock)
                break
            try:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        if not status:
            status, _ = read_status(sock)
    assert status == 413
    assert sent < 10_000_000, f"{sent} bytes went in before the answer"


def test_each_key_has_its_rate_and_an_over_rate_key_gets_429_with_retry_after(
    tight_api: str,
) -> None:
    mine = {"X-API-Key": READER_KEY}
    statuses = [httpx.get(f"{tight_api}/queries", headers=mine, timeout=30) for _ in range(8)]
    assert [r.status_code for r in statuses[:5]] == [200] * 5
    refused = statuses[-1]
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["title"] == "Too many requests"
    # Another key is not held back by the first one's use.
    other = httpx.get(f"{tight_api}/queries", headers={"X-API-Key": OTHER_KEY}, timeout=30)
    assert other.status_code == 200
    # Nor is anyone without a key counted against a key: they are counted by address.
    assert httpx.get(f"{tight_api}/queries", timeout=30).status_code == 401
    # After the Retry-After seconds, the first key is served again.
    time.sleep(int(refused.headers["retry-after"]))
    assert httpx.get(f"{tight_api}/queries", headers=mine, timeout=30).status_code == 200


@pytest.fixture(scope="module")
def flood_api(driver: Driver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The troublesome saved queries (slow_count runs into a 1 s limit), 2 in flight per key."""
    yield from serve(
        tmp_path_factory,
        "flood",
        TIPGRAPH_QUERIES_DIR=str(TROUBLE),
        TIPGRAPH_QUERY_TIMEOUT="1",
        TIPGRAPH_MAX_CONCURRENT_PER_KEY="2",
        TIPGRAPH_RATE_LIMIT_PER_MINUTE="100000",
        TIPGRAPH_RATE_LIMIT_BURST="100000",
    )


async def _flood(url: str, stop: asyncio.Event, seen: Counter[int]) -> None:
    async with httpx.AsyncClient(headers={"X-API-Key": READER_KEY}, timeout=60) as client:
        while not stop.is_set():
            response = await client.get(f"{url}/queries/slow_count/run")
            seen[response.status_code] += 1
            if response.status_code == 429:
                await asyncio.sleep(0.05)


async def _timed(url: str, n: int) -> list[float]:
    took = []
    async with httpx.AsyncClient(headers={"X-API-Key": OTHER_KEY}, timeout=60) as client:
        for _ in range(n):
            started = time.perf_counter()
            response = await client.get(f"{url}/queries/slow_count/run", params={"upto": 10})
            took.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text
            await asyncio.sleep(0.1)
    return took


async def _flood_and_measure(url: str) -> tuple[list[float], list[float], Counter[int], float]:
    quiet = await _timed(url, 10)
    stop = asyncio.Event()
    seen: Counter[int] = Counter()
    flooders = [asyncio.create_task(_flood(url, stop, seen)) for _ in range(64)]
    await asyncio.sleep(1)
    started = time.perf_counter()
    loud = await _timed(url, 20)
    elapsed = time.perf_counter() - started
    stop.set()
    await asyncio.gather(*flooders)
    return quiet, loud, seen, elapsed


def test_one_key_flooding_slow_queries_does_not_starve_another(flood_api: str) -> None:
    quiet, loud, seen, elapsed = asyncio.run(_flood_and_measure(flood_api))
    print(
        f"\nother key, quiet p50 {statistics.median(quiet) * 1000:.0f} ms; under a 64-client "
        f"flood p50 {statistics.median(loud) * 1000:.0f} ms, max {max(loud) * 1000:.0f} ms; "
        f"flooding key's answers: {dict(seen)}"
    )
    # The flooding key never had more than 2 queries running: each runs into its 1 s limit
    # (504), so over the flood at most about 2 a second can have run.
    assert seen[429] > seen[504]
    assert seen[504] <= 2 * (elapsed + 2) + 4
    # The other key's answers stay quick: a generous bound, far below the flood's 1 s queries
    # queued 64 deep.
    assert statistics.median(loud) < 1.0
    assert max(loud) < 3.0
