"""Fixtures shared by both tiers; each tier's own are in tests/unit and tests/e2e.

Which tier a test belongs to: a test goes in `tests/unit/` when it needs no Neo4j at all (fact-file
checks and their messages, parameter and header parsing, exports from fixtures, the API's
validation, auth and error answers in-process, docs that must match the code); `make unit` runs
them in seconds and never starts a database. Everything that reads or writes a graph, and every
test about a server process (uvicorn's limits and access log, `tipgraph db`, the read-only copy,
the Browser), goes in `tests/e2e/`, against the real Neo4j; there is no mocked database in either
tier. If a unit test turns out to need the database (a route that queries before it answers), it
belongs in e2e. A test in the old flat layout (tests/test_*.py) still runs, with the e2e fixtures,
until it is moved.

How the database is handled (tests/e2e/conftest.py):
- The suite uses the `test` instance (`TIPGRAPH_INSTANCE=test`: own ports 7688/7475 and its own
  data folder under `.neo4j/instances/test`), never `main`, the graph `make run` serves. Another
  instance name with its own TIPGRAPH_BOLT_PORT/TIPGRAPH_HTTP_PORT gives a parallel test server.
  Under pytest-xdist (`make test` runs two workers) worker gwN uses `<instance>-wN` on the ports
  plus N (tests/instances.py), so no worker's wipe or restart reaches another's database.
- The session fixture `neo4j_server` attaches to that server when it already answers (`make test`
  starts it) or starts it itself, and then stops it at the end.
- It refuses to clean a database it did not create: an empty database gets a `TipgraphTestMarker`
  node; a non-empty database without that marker stops the run before anything is deleted.
- `clean_graph` wipes everything but the marker before a test that needs an empty graph.
- `seed_graph` gives the graph `make run` builds, loaded once and loaded again only when a test
  changed it since (a writer's fixture says so, and the node and relationship counts are checked),
  so no test depends on which tests ran before it.
- `api` is the real app in-process (tests/inprocess.py); `api_url` serves it with uvicorn in a
  child process, for the tests about the served process.
"""

from __future__ import annotations

import os

from tests.instances import worker_environment, worker_number

if os.environ.setdefault("TIPGRAPH_INSTANCE", "test") == "main":
    raise SystemExit("tests never run against the main instance; unset TIPGRAPH_INSTANCE")
os.environ.setdefault("TIPGRAPH_ENVIRONMENT", "test")
# A saved query's first run on a just-started server is planned by code the JVM has not
# compiled yet: with both cores busy that has passed the 10 s default. The tests of the
# timeout itself set their own.
os.environ.setdefault("TIPGRAPH_QUERY_TIMEOUT", "60")
# Under pytest-xdist each worker has a Neo4j of its own (tests/instances.py).
os.environ.update(
    worker_environment(worker_number(os.environ.get("PYTEST_XDIST_WORKER")), os.environ)
)
# The command line runs in-process: wide, plain output, as the tests read it.
os.environ.setdefault("COLUMNS", "250")
os.environ.setdefault("NO_COLOR", "1")

from pathlib import Path

import pytest

from tests.paths import PROJECT_ROOT

READER_KEY = "test-reader-key-0123456789"
WRITER_KEY = "test-writer-key-0123456789"
API_KEYS = f"reader:reader:{READER_KEY},writer:writer:{WRITER_KEY}"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"

# The e2e fixtures, for tests/e2e and for tests not yet moved out of the flat layout; a unit test
# that asks for one is refused (tests/unit/conftest.py).
pytest_plugins = ["tests.e2e.fixtures"]


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
