"""Single-node reads through neomodel (graph/nodes.py), the API's GET /nodes/{id} and
`tipgraph show`, on the seed graph in the real Neo4j."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from neo4j import Driver
from neomodel import db

from graph import models
from graph.errors import NotFound
from graph.nodes import read_node
from graph.settings import Settings
from tests.inprocess import run_cli


def _one(driver: Driver, settings: Settings, query: str) -> dict[str, Any]:
    records, _, _ = driver.execute_query(query, database_=settings.neo4j_database)
    assert records, query
    return dict(records[0])


def _read(driver: Driver, settings: Settings, node_id: str) -> Any:
    return read_node(driver, node_id, database=settings.neo4j_database, timeout=10)


def test_an_entity_comes_back_as_its_most_specific_class_with_its_own_properties(
    seed_graph: Driver, settings: Settings
) -> None:
    row = _one(
        seed_graph,
        settings,
        "MATCH (e:CriminalGroup) RETURN e.id AS id, e.name AS name, e.aliases AS aliases "
        "ORDER BY e.id LIMIT 1",
    )
    view = _read(seed_graph, settings, row["id"])
    assert (view.id, view.kind, view.type) == (row["id"], "entity", "CriminalGroup")
    assert view.labels == ["CriminalGroup", "Entity", "Organization"]
    assert view.properties["name"] == row["name"]
    assert view.properties.get("aliases", []) == (row["aliases"] or [])
    assert view.requested_id is None
    # The read borrowed the process's driver rather than opening a pool of its own.
    assert db.driver is seed_graph


def test_a_source_and_a_claim_read_with_their_stored_values(
    seed_graph: Driver, settings: Settings
) -> None:
    source = _one(
        seed_graph,
        settings,
        "MATCH (s:Source) WHERE s.published_on IS NOT NULL "
        "RETURN s.id AS id, s.published_on AS published_on LIMIT 1",
    )
    view = _read(seed_graph, settings, source["id"])
    assert view.kind == "source" and isinstance(view.properties["published_on"], str)
    assert view.properties["published_on"] == source["published_on"]
    claim = _one(
        seed_graph,
        settings,
        "MATCH (c:Claim) RETURN c.id AS id, c.quote AS quote, c.stance AS stance LIMIT 1",
    )
    view = _read(seed_graph, settings, claim["id"])
    assert (view.kind, view.type, view.labels) == ("claim", "Claim", ["Claim"])
    assert view.properties["quote"] == claim["quote"]
    assert view.properties["stance"] == claim["stance"]


def test_every_entity_of_the_seed_reads_as_the_class_its_type_names(
    seed_graph: Driver, settings: Settings
) -> None:
    records, _, _ = seed_graph.execute_query(
        "MATCH (e:Entity) RETURN e.id AS id, e.type AS type", database_=settings.neo4j_database
    )
    assert len(records) > 50
    for record in records:
        view = _read(seed_graph, settings, record["id"])
        assert view.type == record["type"], record["id"]
        assert view.type in models.ENTITY_CLASSES


def test_a_former_id_finds_the_entity_it_became(changes_seed: Driver, settings: Settings) -> None:
    db_name = settings.neo4j_database
    changes_seed.execute_query(
        "CREATE (:Entity:Person {id: 'person:test-named', type: 'Person', name: 'Named Official', "
        "referents: ['person:test-unnamed-official']})",
        database_=db_name,
    )
    try:
        view = _read(changes_seed, settings, "person:test-unnamed-official")
    finally:
        changes_seed.execute_query(
            "MATCH (e:Entity {id: 'person:test-named'}) DELETE e", database_=db_name
        )
    assert (view.id, view.requested_id) == ("person:test-named", "person:test-unnamed-official")


def test_an_unknown_id_is_not_found(seed_graph: Driver, settings: Settings) -> None:
    with pytest.raises(NotFound, match="person:no-such-person"):
        _read(seed_graph, settings, "person:no-such-person")
    with pytest.raises(NotFound, match="no claim"):
        _read(seed_graph, settings, "claim:0000000000")


def test_the_api_serves_one_node_and_404s_an_unknown_one(
    api: httpx.Client, reader: dict[str, str], seed_graph: Driver, settings: Settings
) -> None:
    row = _one(seed_graph, settings, "MATCH (e:Person) RETURN e.id AS id, e.name AS name LIMIT 1")
    answer = api.get(f"/nodes/{row['id']}", headers=reader)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["id"], body["type"], body["kind"]) == (row["id"], "Person", "entity")
    assert body["properties"]["name"] == row["name"]
    assert "not proof of wrongdoing" in body["caveat"]
    missing = api.get("/nodes/person:nobody-at-all", headers=reader)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert "person:nobody-at-all" in missing.json()["detail"]
    assert api.get(f"/nodes/{row['id']}").status_code == 401


def test_tipgraph_show_prints_the_properties_and_fails_clearly(
    seed_graph: Driver, settings: Settings
) -> None:
    row = _one(seed_graph, settings, "MATCH (e:Site) RETURN e.id AS id, e.name AS name LIMIT 1")
    shown = run_cli("show", row["id"], "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["properties"]["name"] == row["name"]
    missing = run_cli("show", "site:nowhere-at-all")
    assert missing.returncode == 1
    assert "no entity, source or claim has the id site:nowhere-at-all" in missing.stderr
