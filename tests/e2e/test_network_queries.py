"""`neighbourhood` on the seed graph against a walk done here in Python over the same edges, and
`complicity_chain` and `paths_between` at each length against their longest search.

The query has one branch per depth (a pattern's bounds cannot be parameters); this checks every
depth, with and without sources as stepping stones, gives what the description promises: each
entity within `depth` hops, at its shortest distance, by the first such way in id order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from neo4j import Driver

from cypher.registry import get_registry
from graph.settings import Settings

CENTRES = ("city:sihanoukville", "org:scam-syndicates", "person:long-dimanche")


@dataclass(frozen=True)
class Edge:
    key: str
    start: str
    end: str
    type: str


@pytest.fixture
def edges(seed_graph: Driver, settings: Settings) -> tuple[list[Edge], set[str]]:
    records, _, _ = seed_graph.execute_query(
        "MATCH (a:Entity)-[r]->(b:Entity) "
        "RETURN elementId(r) AS key, a.id AS start, b.id AS end, type(r) AS type",
        database_=settings.neo4j_database,
        routing_="r",
    )
    sources, _, _ = seed_graph.execute_query(
        "MATCH (s:Entity:Source) RETURN s.id AS id",
        database_=settings.neo4j_database,
        routing_="r",
    )
    return [Edge(**r.data()) for r in records], {r["id"] for r in sources}


def trails(
    edges: list[Edge], sources: set[str], centre: str, depth: int, through_sources: bool
) -> Iterator[list[tuple[str, Edge]]]:
    """Every walk from the centre of 1..depth edges, no edge twice, leaving a source only if
    allowed (the centre itself may be one)."""

    def walk(at: str, steps: list[tuple[str, Edge]]) -> Iterator[list[tuple[str, Edge]]]:
        if steps:
            yield steps
        if len(steps) == depth or (at != centre and at in sources and not through_sources):
            return
        used = {edge.key for _, edge in steps}
        for edge in touching.get(at, []):
            if edge.key not in used:
                other = edge.end if edge.start == at else edge.start
                yield from walk(other, [*steps, (other, edge)])

    touching: dict[str, list[Edge]] = {}
    for edge in edges:
        touching.setdefault(edge.start, []).append(edge)
        if edge.end != edge.start:
            touching.setdefault(edge.end, []).append(edge)

    yield from walk(centre, [])


def expected(
    edges: list[Edge], sources: set[str], centre: str, depth: int, through_sources: bool
) -> list[tuple[str, int, list[str]]]:
    """Each entity reached, its distance, and the ids along the first shortest way to it."""
    best: dict[str, tuple[int, list[str]]] = {}
    for steps in trails(edges, sources, centre, depth, through_sources):
        reached = steps[-1][0]
        rank = (len(steps), [centre, *(node for node, _ in steps)])
        if reached != centre and (reached not in best or rank < best[reached]):
            best[reached] = rank
    return sorted((node, length, ids) for node, (length, ids) in best.items())


@pytest.mark.parametrize("through_sources", [False, True])
@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("centre", CENTRES)
def test_neighbourhood_matches_a_walk_of_the_same_depth(
    seed_graph: Driver,
    settings: Settings,
    edges: tuple[list[Edge], set[str]],
    centre: str,
    depth: int,
    through_sources: bool,
) -> None:
    result = get_registry().run(
        seed_graph,
        "neighbourhood",
        {"id": centre, "depth": depth, "through_sources": through_sources},
        database=settings.neo4j_database,
    )
    got = sorted(
        (row["id"], row["distance"], [node["id"] for node in row["path"].nodes])
        for row in result.rows
    )
    want = expected(*edges, centre, depth, through_sources)
    assert want, "the walk found nothing: the centre is not in the seed graph"
    assert max(distance for _, distance, _ in got) <= depth
    assert got == want


def chains(seed_graph: Driver, settings: Settings, max_hops: int) -> set[tuple[str, ...]]:
    """Every chain `complicity_chain` finds from every official, as its hops in order."""
    result = get_registry().run(
        seed_graph,
        "complicity_chain",
        {"max_hops": max_hops, "max_chains": 200},
        database=settings.neo4j_database,
    )
    hops: dict[int, dict[int, str]] = {}
    for row in result.rows:
        hops.setdefault(row["chain"], {})[row["hop"]] = (
            f"{row['from']} {row['direction']}{row['predicate']} {row['to']}"
        )
    found = {tuple(by_hop[h] for h in sorted(by_hop)) for by_hop in hops.values()}
    assert len(found) < 200, "max_chains cut the list: the comparison needs every chain"
    return found


def test_complicity_chain_at_each_length_is_the_longest_cut_to_it(
    seed_graph: Driver, settings: Settings
) -> None:
    """One branch per `max_hops`: each finds exactly the chains of the longest search that
    have at most that many hops."""
    longest = chains(seed_graph, settings, 4)
    assert any(len(chain) >= 2 for chain in longest), "the seed graph has no chain to compare"
    for max_hops in (1, 2, 3):
        want = {chain for chain in longest if len(chain) <= max_hops}
        assert chains(seed_graph, settings, max_hops) == want, max_hops


# Pairs joined by paths of 2 to 6 hops: every length below a pair's must find none.
@pytest.mark.parametrize(
    "pair",
    [
        "person:long-dimanche > org:scam-syndicates",
        "city:sihanoukville > person:long-dimanche",
        "person:hun-sen > person:chou-bun-eng",
        "org:scam-syndicates > person:chou-bun-eng",
    ],
)
def test_paths_between_at_each_length_is_the_longest_search_or_nothing(
    seed_graph: Driver, settings: Settings, pair: str
) -> None:
    """One branch per `max_hops`: the shortest paths when they are short enough, else none."""
    start, end = pair.split(" > ")

    def paths(max_hops: int) -> list[list[str]]:
        result = get_registry().run(
            seed_graph,
            "paths_between",
            {"from": start, "to": end, "max_hops": max_hops, "through_sources": True},
            database=settings.neo4j_database,
        )
        return sorted(row["ids"] for row in result.rows)

    longest = paths(6)
    assert longest, f"no path from {start} to {end} in the seed graph"
    length = len(longest[0]) - 1
    for max_hops in range(1, 6):
        assert paths(max_hops) == (longest if length <= max_hops else []), max_hops
