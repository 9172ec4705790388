"""The schema: constraints, lookup indexes and the full-text indexes, installed idempotently.

Every statement uses IF NOT EXISTS, so `tipgraph db migrate` may run on every start. Source ids are
unique through the Entity constraint, as every Source node is also an Entity. A full-text index
whose labels or properties differ from those wanted here (an older version of it) is dropped and
created anew, since Neo4j cannot alter one in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import Driver

FULLTEXT_INDEX = "entity_names"
QUOTE_INDEX = "claim_quotes"
# Names as each source gives them: how a fact file finds an entity another file named.
STATEMENT_NAMES_INDEX = "statement_names"


@dataclass(frozen=True)
class FulltextIndex:
    name: str
    label: str
    properties: tuple[str, ...]

    @property
    def statement(self) -> str:
        props = ", ".join(f"n.{p}" for p in self.properties)
        return (
            f"CREATE FULLTEXT INDEX {self.name} IF NOT EXISTS "
            f"FOR (n:{self.label}) ON EACH [{props}]"
        )


# `search_keys` holds graph/names.py's normalised forms of an entity's names (the loader writes
# them); description is searched too, so an unnamed actor is found by the source's words.
FULLTEXT_INDEXES = (
    FulltextIndex(FULLTEXT_INDEX, "Entity", ("name", "aliases", "description", "search_keys")),
    FulltextIndex(QUOTE_INDEX, "Claim", ("quote",)),
    FulltextIndex(STATEMENT_NAMES_INDEX, "Statement", ("name", "aliases")),
)

STATEMENTS: tuple[tuple[str, str], ...] = (
    (
        "entity_id",
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
    ),
    ("claim_id", "CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (c:Claim) REQUIRE c.id IS UNIQUE"),
    ("entity_type", "CREATE INDEX entity_type IF NOT EXISTS FOR (e:Entity) ON (e.type)"),
    ("entity_name", "CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name)"),
    ("entity_unnamed", "CREATE INDEX entity_unnamed IF NOT EXISTS FOR (e:Entity) ON (e.unnamed)"),
    (
        "source_published_on",
        "CREATE INDEX source_published_on IF NOT EXISTS FOR (s:Source) ON (s.published_on)",
    ),
    (
        "claim_predicate",
        "CREATE INDEX claim_predicate IF NOT EXISTS FOR (c:Claim) ON (c.predicate)",
    ),
    ("claim_stance", "CREATE INDEX claim_stance IF NOT EXISTS FOR (c:Claim) ON (c.stance)"),
    (
        "claim_source_id",
        "CREATE INDEX claim_source_id IF NOT EXISTS FOR (c:Claim) ON (c.source_id)",
    ),
    (
        "claim_stated_on",
        "CREATE INDEX claim_stated_on IF NOT EXISTS FOR (c:Claim) ON (c.stated_on)",
    ),
    (
        "claim_triple",
        "CREATE INDEX claim_triple IF NOT EXISTS "
        "FOR (c:Claim) ON (c.subject_id, c.predicate, c.object_id)",
    ),
    (
        "statement_id",
        "CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (s:Statement) REQUIRE s.id IS UNIQUE",
    ),
    (
        "entity_write_lock",
        "CREATE CONSTRAINT entity_write_lock IF NOT EXISTS "
        "FOR (l:EntityWriteLock) REQUIRE l.id IS UNIQUE",
    ),
    (
        "source_write_lock",
        "CREATE CONSTRAINT source_write_lock IF NOT EXISTS "
        "FOR (l:SourceWriteLock) REQUIRE l.id IS UNIQUE",
    ),
    (
        "statement_entity_ref",
        "CREATE INDEX statement_entity_ref IF NOT EXISTS FOR (s:Statement) ON (s.entity_ref)",
    ),
    (
        "statement_source_id",
        "CREATE INDEX statement_source_id IF NOT EXISTS FOR (s:Statement) ON (s.source_id)",
    ),
    (
        "statement_same_as",
        "CREATE INDEX statement_same_as IF NOT EXISTS FOR (s:Statement) ON (s.same_as)",
    ),
    *(
        (
            f"claim_{end}",
            f"CREATE INDEX claim_{end} IF NOT EXISTS FOR (c:Claim) ON (c.{end})",
        )
        for end in ("subject_ref", "object_ref", "speaker_ref", "according_to")
    ),
    *((index.name, index.statement) for index in FULLTEXT_INDEXES),
)


@dataclass(frozen=True)
class MigrationReport:
    created: tuple[str, ...]
    present: tuple[str, ...]
    replaced: tuple[str, ...] = ()


def existing_names(driver: Driver, database: str) -> set[str]:
    names: set[str] = set()
    for query in ("SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name"):
        records, _, _ = driver.execute_query(query, database_=database)
        names.update(str(r["name"]) for r in records)
    return names


def outdated_fulltext(driver: Driver, database: str) -> list[str]:
    """Full-text indexes of ours that exist with other labels or properties than wanted."""
    records, _, _ = driver.execute_query(
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties",
        database_=database,
    )
    found = {str(r["name"]): (list(r["labelsOrTypes"]), list(r["properties"])) for r in records}
    return [
        index.name
        for index in FULLTEXT_INDEXES
        if index.name in found and found[index.name] != ([index.label], list(index.properties))
    ]


def migrate(driver: Driver, *, database: str, timeout: float = 120.0) -> MigrationReport:
    """Install every constraint and index that is missing, replace an outdated full-text index,
    then wait until all are online."""
    replaced = outdated_fulltext(driver, database)
    for name in replaced:
        # The name comes from FULLTEXT_INDEXES above, never from outside.
        driver.execute_query(f"DROP INDEX {name} IF EXISTS", database_=database)
    before = existing_names(driver, database)
    for _, statement in STATEMENTS:
        driver.execute_query(statement, database_=database)
    driver.execute_query(
        "CALL db.awaitIndexes($seconds)", {"seconds": int(timeout)}, database_=database
    )
    wanted = [name for name, _ in STATEMENTS]
    return MigrationReport(
        created=tuple(n for n in wanted if n not in before and n not in replaced),
        present=tuple(n for n in wanted if n in before),
        replaced=tuple(replaced),
    )
