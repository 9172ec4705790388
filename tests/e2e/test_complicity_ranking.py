"""`complicity_chain` walks only the hops a kept chain can take, and from a given target
rather than from every official: the same chains, ranked the same, as walking every chain from
every official and ranking them all.

With no official given it ranks every official's chains, and at a million facts walking them
all ran past the time limit; the best single hops bound the rank a kept chain can have. The
reference here is the same query with that bound switched off and every walk started from the
officials.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from bench.corpus import CorpusSpec, write_corpus
from bench.reads import db_hits
from cypher.registry import get_registry
from graph.settings import Settings
from tests.e2e.fixtures import forget_graph, graph_of, load_folder

CHAIN = get_registry().get("complicity_chain")
BOUNDED = "size(best) = $max_chains"
FROM_EVERY_OFFICIAL = "WHERE $official IS NULL AND $target IS NULL"
FROM_THE_TARGET = "WHERE $official IS NULL AND $target IS NOT NULL"
UNBOUNDED = (
    CHAIN.text.replace(BOUNDED, "false")
    .replace(FROM_EVERY_OFFICIAL, "WHERE $official IS NULL")
    .replace(FROM_THE_TARGET, "WHERE false")
)
# Enough sources on some edges (2 to 5) and statuses of every rank, unlike the seed graph.
SPEC = CorpusSpec(facts=2000, facts_per_file=100, seed=5)


def _corpus(driver: Driver, settings: Settings, folder: Path) -> None:
    write_corpus(SPEC, folder)
    load_folder(driver, settings, folder)


@pytest.fixture
def complicity_corpus(
    driver: Driver, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Driver:
    folder = tmp_path_factory.mktemp("complicity-corpus")
    return graph_of("complicity-corpus", driver, settings, lambda d, s: _corpus(d, s, folder))


def _run(driver: Driver, settings: Settings, text: str, params: dict[str, Any]) -> Any:
    values = CHAIN.server_values(CHAIN.validate_params(params))
    with driver.session(database=settings.neo4j_database, default_access_mode="READ") as s:
        result = s.run(text, values)
        rows = [r.data() for r in result]
        return rows, result.consume()


def _same_rows(driver: Driver, settings: Settings, params: dict[str, Any]) -> None:
    want, _ = _run(driver, settings, UNBOUNDED, params)
    got, _ = _run(driver, settings, CHAIN.text, params)
    assert got == want, params


def _single_hops(driver: Driver, settings: Settings, target: str | None) -> int:
    """How many chains of one hop there are: the bound needs `max_chains` of them."""
    rows, _ = _run(
        driver, settings, CHAIN.text, {"max_hops": 1, "max_chains": 200, "target": target}
    )
    return len({row["chain"] for row in rows})


def _targets(driver: Driver, settings: Settings) -> list[str | None]:
    records, _, _ = driver.execute_query(
        "MATCH (t:CriminalGroup|Site)--(:Person) RETURN t.id AS id, count(*) AS n "
        "ORDER BY n DESC, id LIMIT 1",
        database_=settings.neo4j_database,
    )
    return [None, *(r["id"] for r in records)]


TYPES = ("OWNS", "RUNS", "LINKED_TO", "LEADS", "EMPLOYS", "OPERATES_FROM", "FUNDS")
STATUSES = ((0, "disputed"), (2, "alleged"), (3, "asserted"))


def _random_graph(driver: Driver, settings: Settings, seed: int) -> None:
    """Officials, go-betweens and targets joined at random by edges of every status and one to
    three sources, each edge with one claim cited in a source: ranks the corpora seldom mix."""
    rng = random.Random(seed)
    people = [f"person:official-{i}" for i in range(8)]
    middle = [f"org:middle-{i}" for i in range(10)]
    targets = [f"site:target-{i}" for i in range(6)]
    nodes = [*people, *middle, *targets]
    edges = []
    for n in range(70):
        start, end = rng.sample(nodes, 2)
        rank, status = rng.choice(STATUSES)
        edges.append(
            {
                "start": start,
                "end": end,
                "type": rng.choice(TYPES),
                "sources": rng.choice((1, 1, 1, 2, 2, 3)),
                "rank": rank,
                "status": status,
                "claim": f"claim:{n}",
            }
        )
    db = settings.neo4j_database
    driver.execute_query(
        "UNWIND $people AS id CREATE (:Entity:Person {id: id, name: id, topics: ['role.pep']}) "
        "WITH count(*) AS done UNWIND $middle AS id "
        "CREATE (:Entity:Organization {id: id, name: id}) "
        "WITH count(*) AS done UNWIND $targets AS id CREATE (:Entity:Site {id: id, name: id}) "
        "WITH count(*) AS done CREATE (:Entity:Source {id: 'source:s', name: 'a report'})",
        people=people,
        middle=middle,
        targets=targets,
        database_=db,
    )
    for kind in TYPES:
        # A relationship type cannot be a parameter; these come from the list above.
        driver.execute_query(
            "UNWIND $edges AS e MATCH (a:Entity {id: e.start}), (b:Entity {id: e.end}) "
            f"MERGE (a)-[r:{kind}]->(b) SET r.n_independent_sources = e.sources, "
            "r.status_rank = e.rank, r.status = e.status, r.claim_ids = [e.claim] "
            "WITH e MATCH (s:Source {id: 'source:s'}) "
            "CREATE (:Claim {id: e.claim, stance: 'asserts', quote: e.claim})-[:CITED_IN]->(s)",
            edges=[e for e in edges if e["type"] == kind],
            database_=db,
        )


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_bounded_walk_on_edges_of_every_rank(
    clean_graph: Driver, settings: Settings, seed: int
) -> None:
    forget_graph()
    _random_graph(clean_graph, settings, seed)
    singles = _single_hops(clean_graph, settings, None)
    assert singles >= 3, "too few single hops for the bound to apply"
    for target in (None, "site:target-0", "site:target-1"):
        for max_chains in range(1, singles + 2):
            for max_hops in (1, 2, 3, 4):
                _same_rows(
                    clean_graph,
                    settings,
                    {"max_hops": max_hops, "max_chains": max_chains, "target": target},
                )


def test_the_reference_switches_off_the_bound_and_the_walk_from_the_target() -> None:
    assert CHAIN.text.count(BOUNDED) == 2
    assert CHAIN.text.count(FROM_EVERY_OFFICIAL) == 1
    assert CHAIN.text.count(FROM_THE_TARGET) == 1


def _same_chains(driver: Driver, settings: Settings) -> None:
    bounded = 0
    for target in _targets(driver, settings):
        singles = _single_hops(driver, settings, target)
        for max_chains in sorted({1, 2, max(1, singles // 2), max(1, singles), singles + 1}):
            bounded += max_chains <= singles
            for max_hops in (1, 2, 3, 4):
                params = {"max_hops": max_hops, "max_chains": max_chains, "target": target}
                _same_rows(driver, settings, params)
    assert bounded, "no case had enough single hops for the bound to apply"


def test_bounded_walk_keeps_the_chains_of_the_full_walk_on_the_seed(
    seed_graph: Driver, settings: Settings
) -> None:
    _same_chains(seed_graph, settings)


def test_bounded_walk_keeps_the_chains_of_the_full_walk_on_a_corpus(
    complicity_corpus: Driver, settings: Settings
) -> None:
    _same_chains(complicity_corpus, settings)


def test_as_of_walks_every_chain(seed_graph: Driver, settings: Settings) -> None:
    """Statuses as of a date are not the edges' own, so the edges' bound does not apply."""
    params = {"max_chains": 1, "as_of": "2023"}
    want, _ = _run(seed_graph, settings, UNBOUNDED, params)
    got, _ = _run(seed_graph, settings, CHAIN.text, params)
    assert got == want and got


def test_the_bound_cuts_the_walk(complicity_corpus: Driver, settings: Settings) -> None:
    """Deterministic work, not time: fewer db hits with the bound than walking every chain."""
    params = {"max_hops": 3, "max_chains": 2}
    assert _single_hops(complicity_corpus, settings, None) >= 2
    _, full = _run(complicity_corpus, settings, "PROFILE " + UNBOUNDED, params)
    _, cut = _run(complicity_corpus, settings, "PROFILE " + CHAIN.text, params)
    assert db_hits(cut.profile) < db_hits(full.profile)
