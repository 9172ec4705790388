"""The e2e tier's fixtures: the real Neo4j, the seed graph, and the real app in-process or served.

Loaded as a plugin by tests/conftest.py so that tests still in the flat layout get them too;
tests/unit/conftest.py refuses a unit test that asks for one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from neo4j import Driver
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from pydantic import SecretStr

from api.served import served
from graph import localserver
from graph.driver import close_driver, make_driver
from graph.settings import Settings, get_settings
from tests.conftest import API_KEYS
from tests.inprocess import app_client
from tests.paths import PROJECT_ROOT

MARKER = "TipgraphTestMarker"
# The fixtures that reach Neo4j or a served process; a unit test may ask for none of them.
E2E_FIXTURES = frozenset(
    {"neo4j_server", "driver", "clean_graph", "seed_graph", "api", "api_url", "audit_log"}
)


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
def driver(neo4j_server: Settings) -> Iterator[Driver]:
    # The suite's own driver: an app a test starts and stops closes the process's shared one.
    drv = make_driver(neo4j_server)
    db = neo4j_server.neo4j_database
    records, _, _ = drv.execute_query(
        f"OPTIONAL MATCH (m:{MARKER}) WITH count(m) AS markers "
        "OPTIONAL MATCH (n) RETURN markers, count(n) AS nodes",
        database_=db,
    )
    markers, nodes = records[0]["markers"], records[0]["nodes"]
    if markers == 0 and nodes > 0:
        drv.close()
        pytest.exit(
            f"refusing to use {neo4j_server.uri}: it holds {nodes} nodes and was not created by "
            "the test suite (no TipgraphTestMarker). Point TIPGRAPH_* at an empty test server.",
            returncode=3,
        )
    if markers == 0:
        drv.execute_query(f"CREATE (:{MARKER} {{created_by: 'pytest'}})", database_=db)
    yield drv
    drv.close()


def wipe(driver: Driver, settings: Settings) -> None:
    """Delete every node but the marker; only ever called on a database the suite created."""
    forget_graph()
    # CALL { } IN TRANSACTIONS needs an auto-commit transaction, which execute_query is not;
    # auto-commit is not retried by the driver, and a test may have restarted the server under
    # the pool, so a connection found dead is retried here.
    deadline = time.monotonic() + 30
    while True:
        try:
            with driver.session(database=settings.neo4j_database) as session:
                session.run(
                    f"MATCH (n) WHERE NOT n:{MARKER} CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS"
                ).consume()
            return
        except (ServiceUnavailable, SessionExpired):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def clean_graph(driver: Driver, settings: Settings) -> Driver:
    wipe(driver, settings)
    return driver


class _GraphState:
    """Which named graph the database holds, with its (nodes, relationships) right after it was
    built; None once a test may have changed it."""

    name: str | None = None
    counts: tuple[int, int] = (0, 0)


_state = _GraphState()


def _counts(driver: Driver, settings: Settings) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels",
        database_=settings.neo4j_database,
    )
    return int(records[0]["nodes"]), int(records[0]["rels"])


def graph_of(
    name: str, driver: Driver, settings: Settings, build: Callable[[Driver, Settings], None]
) -> Driver:
    """The database holding the graph `name`: built (wiped first) unless it is there unchanged.
    Tests that only read a named graph share one build, whatever ran before them."""
    if _state.name != name or _counts(driver, settings) != _state.counts:
        wipe(driver, settings)
        build(driver, settings)
        _state.name, _state.counts = name, _counts(driver, settings)
    return driver


def forget_graph() -> None:
    """Say the database may no longer hold the graph last built: the next user rebuilds it."""
    _state.name = None


def load_folder(driver: Driver, settings: Settings, folder: Path) -> None:
    """Migrate and load every fact file at the top of `folder` with the real loader."""
    from graph.schema import migrate
    from loaders import load_paths

    migrate(driver, database=settings.neo4j_database)
    report = load_paths(driver, [folder], database=settings.neo4j_database)
    problems = "\n".join(str(p) for p in report.problems)
    assert report.ok, f"the fact files under {folder} did not load:\n{problems}"


def load_seed(driver: Driver, settings: Settings) -> None:
    """Migrate and load every fact file at the top of data/ with the real loader."""
    load_folder(driver, settings, PROJECT_ROOT / "data")


@pytest.fixture
def seed_graph(driver: Driver, settings: Settings) -> Driver:
    """The graph as `make run` builds it, every fact file under data/ (not data/samples) loaded.
    Built once and again only when a test changed it since: tests that read it must not write
    (a test that writes on top of it asks for `changes_seed` instead)."""
    return graph_of("seed", driver, settings, load_seed)


@pytest.fixture
def changes_seed(seed_graph: Driver) -> Iterator[Driver]:
    """The seed graph for a test that writes on top of it: the next reader gets it rebuilt."""
    yield seed_graph
    forget_graph()


# Fixtures that leave the database holding something other than the seed graph.
_OTHER_GRAPHS = frozenset(
    {"clean_graph", "changes_seed", "empty_graph", "graph", "screened", "complicity_corpus"}
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Readers of the seed graph first, then tests that need no graph, then those that empty it
    # or build another, so the seed is built about once a run. A module with module-scoped
    # fixtures keeps its tests together (readers first), so that they start once. Only a
    # speed-up: each fixture makes its own graph, whatever the order.
    def rank(item: pytest.Item) -> int:
        names = set(getattr(item, "fixturenames", ()))
        if names & _OTHER_GRAPHS:
            return 2
        return 0 if "seed_graph" in names else 1

    def module_scoped(item: pytest.Item) -> bool:
        info = getattr(item, "_fixtureinfo", None)
        defs = info.name2fixturedefs.values() if info is not None else ()
        return any(d[-1].scope == "module" for d in defs if d)

    modules: dict[str, tuple[int, int]] = {}
    for index, item in enumerate(items):
        module = item.nodeid.split("::")[0]
        worst, first = modules.get(module, (0, index))
        modules[module] = (max(worst, rank(item)), first)
    together = {item.nodeid.split("::")[0] for item in items if module_scoped(item)}
    position = {id(item): index for index, item in enumerate(items)}

    # First of all the modules that restart their worker's Neo4j (marked `restarts`), then the
    # other long ones (marked `lasts`), each kind longest first. A restarted server has lost its
    # query plans and compiled code, and at the start of the run it has none yet, so a restart
    # costs least there; and the run ends on short modules, so the workers finish about together
    # (with long modules last, one worker sat idle for half a minute while the other finished).
    def head(item: pytest.Item) -> tuple[int, float]:
        for kind, name in enumerate(("restarts", "lasts")):
            marker = item.get_closest_marker(name)
            if marker is not None:
                return (kind, -float(marker.kwargs["seconds"]))
        return (2, 0.0)

    def key(item: pytest.Item) -> tuple[tuple[int, float], int, int, int]:
        module = item.nodeid.split("::")[0]
        if module in together:
            return (head(item), *modules[module], rank(item))
        return (head(item), rank(item), position[id(item)], 0)

    items.sort(key=key)


@pytest.fixture(scope="session")
def audit_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("audit") / "audit.jsonl"


def app_settings(settings: Settings, **overrides: object) -> Settings:
    """The suite's settings with its API keys, and any other field changed."""
    return settings.model_copy(update={"api_keys": SecretStr(API_KEYS), **overrides})


@pytest.fixture(scope="session")
def api(neo4j_server: Settings, audit_log: Path) -> Iterator[httpx.Client]:
    """The real app in this process, on the test Neo4j, with the suite's keys."""
    with app_client(app_settings(neo4j_server, audit_log=audit_log)) as client:
        yield client


@contextmanager
def serving_api(log: Path, **env_overrides: str) -> Iterator[str]:
    """The real app under uvicorn in a child process, with the suite's keys; yields its URL."""
    with served(log, **{"TIPGRAPH_API_KEYS": API_KEYS, **env_overrides}) as url:
        yield url


@pytest.fixture(scope="session")
def api_url(
    neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory, audit_log: Path
) -> Iterator[str]:
    log = tmp_path_factory.mktemp("api") / "uvicorn.log"
    with serving_api(log, TIPGRAPH_AUDIT_LOG=str(audit_log)) as url:
        yield url
