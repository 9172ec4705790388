"""Test fixtures: everything runs against a real Neo4j 5.26 and the real app over HTTP.

How the database is handled:
- The suite uses the `test` instance (`TIPGRAPH_INSTANCE=test`: own ports 7688/7475 and its own
  data folder under `.neo4j/instances/test`), never `main`, the graph `make run` serves. Another
  instance name with its own TIPGRAPH_BOLT_PORT/TIPGRAPH_HTTP_PORT gives a parallel test server.
- The session fixture `neo4j_server` attaches to that server when it already answers (`make test`
  starts it) or starts it itself, and then stops it at the end.
- It refuses to clean a database it did not create: an empty database gets a `TipgraphTestMarker`
  node; a non-empty database without that marker stops the run before anything is deleted.
- `clean_graph` wipes everything but the marker before a test that needs an empty graph.
- `seed_graph` (per module) wipes, migrates and loads every fact file under `data/` with the
  real loader, for tests that read the seed graph.
- `api_url` serves the real app with uvicorn in a subprocess on a free port; tests call it over
  HTTP with httpx.
"""

from __future__ import annotations

import os

if os.environ.setdefault("TIPGRAPH_INSTANCE", "test") == "main":
    raise SystemExit("tests never run against the main instance; unset TIPGRAPH_INSTANCE")
os.environ.setdefault("TIPGRAPH_ENVIRONMENT", "test")

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from neo4j import Driver
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from api.served import served
from graph import localserver
from graph.driver import close_driver, get_driver
from graph.settings import Settings, get_settings
from tests.paths import PROJECT_ROOT

MARKER = "TipgraphTestMarker"
READER_KEY = "test-reader-key-0123456789"
WRITER_KEY = "test-writer-key-0123456789"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def settings() -> Settings:
    s = get_settings()
    assert s.instance != "main", "the suite must never run against the main instance"
    return s


@pytest.fixture(scope="session")
def neo4j_server(settings: Settings) -> Iterator[Settings]:
    ok, _, _, _ = localserver.bolt_check(settings)
    started_here = False
    if not ok:
        localserver.up(settings)
        started_here = True
    yield settings
    close_driver()
    if started_here:
        localserver.down(settings)


@pytest.fixture(scope="session")
def driver(neo4j_server: Settings) -> Driver:
    drv = get_driver()
    db = neo4j_server.neo4j_database
    records, _, _ = drv.execute_query(
        f"OPTIONAL MATCH (m:{MARKER}) WITH count(m) AS markers "
        "OPTIONAL MATCH (n) RETURN markers, count(n) AS nodes",
        database_=db,
    )
    markers, nodes = records[0]["markers"], records[0]["nodes"]
    if markers == 0 and nodes > 0:
        pytest.exit(
            f"refusing to use {neo4j_server.uri}: it holds {nodes} nodes and was not created by "
            "the test suite (no TipgraphTestMarker). Point TIPGRAPH_* at an empty test server.",
            returncode=3,
        )
    if markers == 0:
        drv.execute_query(f"CREATE (:{MARKER} {{created_by: 'pytest'}})", database_=db)
    return drv


def wipe(driver: Driver, settings: Settings) -> None:
    """Delete every node but the marker; only ever called on a database the suite created."""
    # CALL { } IN TRANSACTIONS needs an auto-commit transaction, which execute_query is not;
    # auto-commit is not retried by the driver, and a test may have restarted the server under
    # the pool, so a connection found dead is retried here.
    for attempt in range(3):
        try:
            with driver.session(database=settings.neo4j_database) as session:
                session.run(
                    f"MATCH (n) WHERE NOT n:{MARKER} CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS"
                ).consume()
            return
        except (ServiceUnavailable, SessionExpired):
            if attempt == 2:
                raise
            time.sleep(1)


@pytest.fixture
def clean_graph(driver: Driver, settings: Settings) -> Driver:
    wipe(driver, settings)
    return driver


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`tipgraph ARGS...` in a subprocess, as a user runs it, with wide and plain output."""
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, "COLUMNS": "250", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def audit_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("audit") / "audit.jsonl"


@contextmanager
def serving_api(log: Path, **env_overrides: str) -> Iterator[str]:
    """The real app under uvicorn in a subprocess on a free port, with the suite's keys;
    yields its base URL."""
    keys = f"reader:reader:{READER_KEY},writer:writer:{WRITER_KEY}"
    with served(log, **{"TIPGRAPH_API_KEYS": keys, **env_overrides}) as url:
        yield url


@pytest.fixture(scope="session")
def api_url(
    neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory, audit_log: Path
) -> Iterator[str]:
    log = tmp_path_factory.mktemp("api") / "uvicorn.log"
    with serving_api(log, TIPGRAPH_AUDIT_LOG=str(audit_log)) as url:
        yield url


@pytest.fixture
def reader() -> dict[str, str]:
    """Headers of a reader key."""
    return {"X-API-Key": READER_KEY}


@pytest.fixture
def writer() -> dict[str, str]:
    """Headers of a writer key."""
    return {"X-API-Key": WRITER_KEY}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def seed_graph(driver: Driver, settings: Settings) -> Driver:
    """The graph as `make run` builds it: wiped, migrated, and every fact file at the top of
    data/ (not data/samples) loaded through the real loader; fails on any fact-file problem."""
    from graph.schema import migrate
    from loaders import load_paths

    wipe(driver, settings)
    migrate(driver, database=settings.neo4j_database)
    report = load_paths(driver, [PROJECT_ROOT / "data"], database=settings.neo4j_database)
    problems = "\n".join(str(p) for p in report.problems)
    assert report.ok, f"the fact files under data/ did not load:\n{problems}"
    return driver
