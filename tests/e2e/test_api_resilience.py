"""The API when things go wrong: a query over its time limit, a saved query that tries to write,
and a server-side error; never a stack trace or Cypher text. Neo4j stopped and restarted under
the served API is tested with `tipgraph db down` and `up` (tests/e2e/test_server.py), so the
test server restarts once for both."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from neo4j import Driver

from graph.settings import Settings
from tests.conftest import READER_KEY
from tests.e2e.fixtures import serving_api
from tests.paths import PROJECT_ROOT

TROUBLE = PROJECT_ROOT / "tests" / "fixtures" / "queries"

HEADERS = {"X-API-Key": READER_KEY}


@pytest.fixture(scope="module")
def trouble_api(driver: Driver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second app whose saved queries are the troublesome ones, with a 1 s time limit; served,
    because the registry takes the time limit from the process's settings."""
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
