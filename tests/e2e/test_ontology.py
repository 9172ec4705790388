"""The ontology file is consistent, the neomodel classes match it, and the schema installs."""

from __future__ import annotations

from neo4j import Driver

from graph import schema
from graph.settings import Settings


def test_migrate_is_idempotent_and_indexes_come_online(driver: Driver, settings: Settings) -> None:
    schema.migrate(driver, database=settings.neo4j_database)
    second = schema.migrate(driver, database=settings.neo4j_database)
    assert second.created == ()
    names = set(schema.wanted_names())
    records, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, state, type RETURN name, state, type",
        database_=settings.neo4j_database,
    )
    found = {r["name"]: r for r in records if r["name"] in names}
    assert set(found) == names
    assert {r["state"] for r in found.values()} == {"ONLINE"}
    assert found[schema.FULLTEXT_INDEX]["type"] == "FULLTEXT"
    assert found[schema.QUOTE_INDEX]["type"] == "FULLTEXT"


def test_migrate_renames_the_rules_an_older_tipgraph_installed(
    clean_graph: Driver, settings: Settings
) -> None:
    db = settings.neo4j_database
    for name in schema.declared_names():
        kind = "CONSTRAINT" if name.startswith("constraint") else "INDEX"
        clean_graph.execute_query(f"DROP {kind} {name} IF EXISTS", database_=db)
    clean_graph.execute_query(
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
        database_=db,
    )
    clean_graph.execute_query(
        "CREATE INDEX claim_stance IF NOT EXISTS FOR (c:Claim) ON (c.stance)", database_=db
    )
    report = schema.migrate(clean_graph, database=db)
    assert {"entity_id", "claim_stance"} <= set(report.replaced)
    assert "constraint_unique_Entity_id" in report.created
    assert schema.existing_names(clean_graph, db) >= set(schema.wanted_names())
    assert not {"entity_id", "claim_stance"} & schema.existing_names(clean_graph, db)


def test_migrate_replaces_an_outdated_fulltext_index(
    clean_graph: Driver, settings: Settings
) -> None:
    """A graph migrated before the index covered descriptions and search keys gets the new one."""
    db = settings.neo4j_database
    clean_graph.execute_query(f"DROP INDEX {schema.FULLTEXT_INDEX} IF EXISTS", database_=db)
    clean_graph.execute_query(
        f"CREATE FULLTEXT INDEX {schema.FULLTEXT_INDEX} FOR (e:Entity) ON EACH [e.name, e.aliases]",
        database_=db,
    )
    report = schema.migrate(clean_graph, database=db)
    assert report.replaced == (schema.FULLTEXT_INDEX,)
    assert schema.FULLTEXT_INDEX not in report.created
    assert schema.outdated_fulltext(clean_graph, db) == []
    assert schema.migrate(clean_graph, database=db).replaced == ()


def test_fulltext_index_finds_aliases(clean_graph: Driver, settings: Settings) -> None:
    db = settings.neo4j_database
    schema.migrate(clean_graph, database=db)
    clean_graph.execute_query(
        "CREATE (:Entity:City {id: 'city:x', name: 'Sihanoukville', aliases: ['Kampong Som']})",
        database_=db,
    )
    clean_graph.execute_query("CALL db.awaitIndexes(60)", database_=db)
    records, _, _ = clean_graph.execute_query(
        "CALL db.index.fulltext.queryNodes($index, $q) YIELD node RETURN node.id AS id",
        {"index": schema.FULLTEXT_INDEX, "q": "Kampong"},
        database_=db,
    )
    assert [r["id"] for r in records] == ["city:x"]
