"""Read benchmarks: saved queries through the raw driver and through the HTTP API, side by
side on one graph, and each saved query's latency and PROFILE db hits."""

from __future__ import annotations

import http.client
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from neo4j import Driver

from api.served import served
from bench.anchors import Anchors
from bench.timing import Latency, clock
from cypher.registry import Registry, SavedQuery
from graph.fulltext import search_query

API_QUERIES = ("entity_detail", "neighbourhood", "paths_between", "complicity_chain")
_KEY = "bench-reader-key-0123456789"


@dataclass(frozen=True)
class ApiFigure:
    query: str
    clients: int
    driver: Latency
    api: Latency


@dataclass(frozen=True)
class ScaleFigure:
    query: str
    anchored: bool
    p50_ms: float
    db_hits: int
    rows: int


@contextmanager
def serving_api(log: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The real app (as `tipgraph serve` runs it); yields its URL and a reader key's headers."""
    audit = str(log.with_suffix(".audit.jsonl"))
    # The limits still run on every request (their cost is part of the arm), but sixteen
    # clients of one key must not be refused for being many.
    limits = {
        "TIPGRAPH_RATE_LIMIT_PER_MINUTE": "10000000",
        "TIPGRAPH_RATE_LIMIT_BURST": "10000000",
        "TIPGRAPH_MAX_CONCURRENT_PER_KEY": "1000",
    }
    with served(
        log, TIPGRAPH_API_KEYS=f"bench:reader:{_KEY}", TIPGRAPH_AUDIT_LOG=audit, **limits
    ) as url:
        yield url, {"X-API-Key": _KEY}


class _Client:
    """One keep-alive connection of the standard library's HTTP client, per client thread.

    Not httpx: at 16 threads httpx spends 2.5-3.3 ms of the client's CPU per request (against
    0.24-0.36 ms here, measured on this API), and in one process under one GIL that, not the
    API, capped the API arm's throughput."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        parts = urlsplit(url)
        self.headers = headers
        self.conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)

    def get(self, target: str) -> bytes:
        self.conn.request("GET", target, headers=self.headers)
        response = self.conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{target}: the API answered {response.status}: {body[:300]!r}")
        return body


def _http_params(values: dict[str, Any]) -> dict[str, str]:
    return {
        k: str(v).lower() if isinstance(v, bool) else str(v)
        for k, v in values.items()
        if v is not None
    }


def _measure(call: Callable[[Any], None], make: Callable[[], Any], n: int, clients: int) -> Latency:
    def worker(count: int) -> list[float]:
        handle = make()
        out = []
        for _ in range(count):
            start = clock()
            call(handle)
            out.append(clock() - start)
        return out

    shares = [n // clients + (1 if i < n % clients else 0) for i in range(clients)]
    start = clock()
    with ThreadPoolExecutor(clients) as pool:
        samples = [s for part in pool.map(worker, shares) for s in part]
    return Latency.of(samples, clock() - start)


def api_arm(
    driver: Driver,
    database: str,
    registry: Registry,
    anchors: Anchors,
    log: Path,
    *,
    requests: int,
    clients: tuple[int, ...],
    rounds: int,
) -> list[ApiFigure]:
    """`api_vs_driver` against the app served for the purpose, its output in `log`."""
    with serving_api(log) as (url, headers):
        return api_vs_driver(
            driver,
            database,
            registry,
            anchors,
            url,
            headers,
            requests=requests,
            clients=clients,
            rounds=rounds,
        )


def api_vs_driver(
    driver: Driver,
    database: str,
    registry: Registry,
    anchors: Anchors,
    url: str,
    headers: dict[str, str],
    *,
    requests: int,
    clients: tuple[int, ...] = (1, 16),
    rounds: int = 2,
) -> list[ApiFigure]:
    """Each query, `requests` times an arm and a round, the arms alternating round by round."""
    figures = []
    for name in (*API_QUERIES, "search_entities"):
        query = registry.get(name)
        # As the API sends them: a search parameter becomes its full-text query.
        values = query.server_values(query.validate_params(anchors.params(query)))
        http = _http_params(anchors.params(query))
        check = httpx.get(f"{url}/queries/{name}/run", params=http, headers=headers, timeout=60)
        if check.status_code != 200:
            raise RuntimeError(f"{name}: the API answered {check.status_code}: {check.text[:300]}")
        driver.execute_query(query.text, values, database_=database, routing_="r")

        def raw(_: object, query: SavedQuery = query, values: dict[str, Any] = values) -> None:
            driver.execute_query(query.text, values, database_=database, routing_="r")

        target = f"/queries/{name}/run?{urlencode(http)}"

        def api(client: _Client, target: str = target) -> None:
            client.get(target)

        def new_client() -> _Client:
            return _Client(url, headers)

        for c in clients:
            drv: list[Latency] = []
            web: list[Latency] = []
            for r in range(rounds):
                arms: list[tuple[str, Callable[[Any], None], Callable[[], Any]]] = [
                    ("d", raw, lambda: None),
                    ("a", api, new_client),
                ]
                for tag, call, make in arms if r % 2 == 0 else arms[::-1]:
                    (drv if tag == "d" else web).append(_measure(call, make, requests, c))
            figures.append(ApiFigure(name, c, _pool(drv), _pool(web)))
    return figures


def _pool(parts: list[Latency]) -> Latency:
    # Rounds of one arm, pooled: medians of medians would hide the tail.
    n = sum(p.n for p in parts)
    return Latency(
        n,
        sorted(p.p50_ms for p in parts)[len(parts) // 2],
        max(p.p99_ms for p in parts),
        sum(p.throughput for p in parts) / len(parts),
    )


def db_hits(profile: dict[str, Any] | None) -> int:
    """The db hits of a PROFILE plan, every operator's summed."""
    if not profile:
        return 0
    return int(profile.get("dbHits", 0)) + sum(db_hits(c) for c in profile.get("children", []))


def saved_query_scaling(
    driver: Driver, database: str, registry: Registry, anchors: Anchors, *, repeats: int
) -> list[ScaleFigure]:
    figures = []
    for query in registry.queries:
        values = query.server_values(query.validate_params(anchors.params(query)))
        anchored = any(p.type == "entity_id" and p.required for p in query.params)
        # The first run plans the query; what is measured is a warm, cached plan.
        driver.execute_query(query.text, values, database_=database, routing_="r")
        times = []
        rows = 0
        for _ in range(repeats):
            start = clock()
            records, _, _ = driver.execute_query(
                query.text, values, database_=database, routing_="r"
            )
            times.append(clock() - start)
            rows = len(records)
        _, summary, _ = driver.execute_query(
            "PROFILE " + query.text, values, database_=database, routing_="r"
        )
        figures.append(
            ScaleFigure(
                query.name,
                anchored,
                Latency.of(times, sum(times)).p50_ms,
                db_hits(summary.profile),
                rows,
            )
        )
    return figures


def fulltext_vs_contains(
    driver: Driver, database: str, anchors: Anchors, *, repeats: int
) -> tuple[float, float]:
    """p50 ms of one name lookup by the full-text index and by a CONTAINS scan."""
    text = anchors.search_text()
    fulltext = (
        "CALL db.index.fulltext.queryNodes('entity_names', $text) YIELD node, score "
        "RETURN node.id AS id ORDER BY score DESC, node.name LIMIT 20"
    )
    contains = (
        "MATCH (e:Entity) WHERE toLower(e.name) CONTAINS toLower($text) "
        "OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) CONTAINS toLower($text)) "
        "RETURN e.id AS id ORDER BY e.name LIMIT 20"
    )
    out = []
    # The index gets the query the saved queries send (exact, prefix and near spellings), not
    # the bare word, which would be a cheaper lookup than any user's.
    for query, value in ((fulltext, search_query(text)), (contains, text)):
        driver.execute_query(query, {"text": value}, database_=database, routing_="r")
        times = []
        for _ in range(repeats):
            start = clock()
            driver.execute_query(query, {"text": value}, database_=database, routing_="r")
            times.append(clock() - start)
        out.append(Latency.of(times, sum(times)).p50_ms)
    return out[0], out[1]
