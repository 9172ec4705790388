"""The API when things go wrong: Neo4j stopped and restarted, a query over its time limit, a
saved query that tries to write, and a server-side error; never a stack trace or Cypher text."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from neo4j import Driver

from graph import localserver
from graph.settings import PROJECT_ROOT, Settings
from tests.conftest import READER_KEY
from tests.e2e.fixtures import serving_api

TROUBLE = PROJECT_ROOT / "tests" / "fixtures" / "queries"

HEADERS = {"X-API-Key": READER_KEY}


@pytest.fixture(scope="module")
def trouble_api(driver: Driver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second app whose saved queries are the troublesome ones, with a 1 s time limit."""
    log = tmp_path_factory.mktemp("trouble") / "uvicorn.log"
    with serving_api(
        log,
        TIPGRAPH_QUERIES_DIR=str(TROUBLE),
        TIPGRAPH_QUERY_TIMEOUT="1",
        TIPGRAPH_AUDIT_LOG=str(log.parent / "audit.jsonl"),
    ) as url:
        yield url


def assert_no_leak(response: httpx.Response) -> None:
    text = response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    for leak in ("Traceback", 'File "', "UNWIND", "RETURN", "CREATE", "MATCH", "range("):
        assert leak not in text, f"{leak!r} reached the client: {text}"


def test_query_over_time_limit_is_504(trouble_api: str) -> None:
    response = httpx.get(f"{trouble_api}/queries/slow_count/run", headers=HEADERS, timeout=60)
    assert response.status_code == 504, response.text
    assert_no_leak(response)


def test_saved_query_that_writes_is_refused_and_writes_nothing(
    trouble_api: str, driver: Driver, settings: Settings
) -> None:
    response = httpx.get(f"{trouble_api}/queries/sneaky_write/run", headers=HEADERS, timeout=60)
    assert response.status_code == 403, response.text
    assert_no_leak(response)
    records, _, _ = driver.execute_query(
        "MATCH (n:SneakyWrite) RETURN count(n) AS n", database_=settings.neo4j_database
    )
    assert records[0]["n"] == 0


def test_server_error_hides_the_cypher(trouble_api: str) -> None:
    response = httpx.get(f"{trouble_api}/queries/divide_by_zero/run", headers=HEADERS, timeout=60)
    assert response.status_code == 400, response.text
    assert_no_leak(response)
    assert "divide_by_zero" in response.json()["detail"]


@pytest.mark.slow
def test_neo4j_down_is_503_and_the_api_recovers(
    seed_graph: Driver, api_url: str, neo4j_server: Settings
) -> None:
    if localserver.read_pid(neo4j_server) is None:
        pytest.fail("the test server was not started by tipgraph; cannot stop and restart it")
    url = f"{api_url}/entities/search"
    assert httpx.get(url, params={"text": "x"}, headers=HEADERS, timeout=30).status_code == 200
    localserver.down(neo4j_server)
    try:
        down = httpx.get(url, params={"text": "x"}, headers=HEADERS, timeout=60)
        assert down.status_code == 503
        assert down.headers["retry-after"] == "5"
        assert_no_leak(down)
        health = httpx.get(f"{api_url}/health", timeout=60)
        assert health.status_code == 503
        assert health.json()["neo4j"] == "down"
    finally:
        localserver.up(neo4j_server)
    # The same API process, not restarted, answers again.
    for _ in range(20):
        again = httpx.get(url, params={"text": "x"}, headers=HEADERS, timeout=30)
        if again.status_code == 200:
            break
        time.sleep(1)
    assert again.status_code == 200, again.text
    assert httpx.get(f"{api_url}/health", timeout=30).json()["status"] == "ok"
