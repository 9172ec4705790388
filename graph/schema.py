"""The schema: constraints, lookup indexes and the full-text indexes, installed idempotently.

The node classes of graph/models.py declare each property's constraint or index (from the
ontology's `index:` marks) and neomodel installs them; the indexes neomodel cannot declare are
Cypher below. Repeating is harmless, so `tipgraph db migrate` may run on every start. Source ids
are unique through the Entity constraint, as every Source node is also an Entity. A full-text
index whose labels or properties differ from those wanted here (an older version of it) is dropped
and created anew, since Neo4j cannot alter one in place.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, Query
from neomodel import db

from graph import models
from graph.nodes import bind

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

# What neomodel 7 cannot declare on a class: an index over several properties (the claim
# triple the loader looks edges up by) and a full-text index over several properties (neomodel's
# `FulltextIndex` covers one property each, and search must rank a hit in any name at once).
EXTRA_STATEMENTS: tuple[tuple[str, str], ...] = (
    (
        "claim_triple",
        "CREATE INDEX claim_triple IF NOT EXISTS "
        "FOR (c:Claim) ON (c.subject_id, c.predicate, c.object_id)",
    ),
    *((index.name, index.statement) for index in FULLTEXT_INDEXES),
)

# The names this module gave constraints and indexes before neomodel installed them; `migrate`
# drops them so that a graph migrated by an older tipgraph does not keep each rule twice.
LEGACY_NAMES: tuple[str, ...] = (
    "entity_id",
    "claim_id",
    "statement_id",
    "entity_write_lock",
    "source_write_lock",
    "entity_type",
    "entity_name",
    "entity_unnamed",
    "source_published_on",
    "claim_predicate",
    "claim_stance",
    "claim_source_id",
    "claim_stated_on",
    "statement_entity_ref",
    "statement_source_id",
    "statement_same_as",
    "claim_subject_ref",
    "claim_object_ref",
    "claim_speaker_ref",
    "claim_according_to",
)


def _own_indexed(cls: Any) -> list[tuple[str, Any]]:
    """The indexed properties a class declares itself (not those it inherits)."""
    return [
        (name, prop)
        for name, prop in cls.defined_properties(aliases=False, rels=False).items()
        if name in vars(cls) and (prop.index or prop.unique_index)
    ]


def declared_names() -> tuple[str, ...]:
    """The names neomodel gives the constraints and indexes the node classes declare."""
    names: list[str] = []
    for cls in models.SCHEMA_CLASSES:
        for name, prop in _own_indexed(cls):
            column = prop.get_db_property_name(name)
            kind = "constraint_unique" if prop.unique_index else "index"
            names.append(f"{kind}_{cls.__label__}_{column}")
    return tuple(names)


def wanted_names() -> tuple[str, ...]:
    return (*declared_names(), *(name for name, _ in EXTRA_STATEMENTS))


@dataclass(frozen=True)
class MigrationReport:
    created: tuple[str, ...]
    present: tuple[str, ...]
    replaced: tuple[str, ...] = ()


def _rule_names(driver: Driver, database: str) -> tuple[set[str], set[str]]:
    """The names of the constraints, and of the indexes (a constraint's own index among them)."""
    found: list[set[str]] = []
    for query in ("SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name"):
        records, _, _ = driver.execute_query(query, database_=database)
        found.append({str(r["name"]) for r in records})
    return found[0], found[1]


def existing_names(driver: Driver, database: str) -> set[str]:
    constraints, indexes = _rule_names(driver, database)
    return constraints | indexes


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


def _install_declared(driver: Driver, database: str) -> None:
    bind(driver, database)
    # neomodel's install_labels(cls) would also install every inherited property under the
    # subclass's label (an `id` constraint on Person, on Source, ...), so each class installs
    # only the properties it declares itself; neomodel names each rule and skips existing ones.
    quiet = io.StringIO()
    for cls in models.SCHEMA_CLASSES:
        for name, prop in _own_indexed(cls):
            db._schema._install_node(cls, name, prop, True, quiet)


def await_indexes(driver: Driver, *, database: str, timeout: float) -> None:
    """Wait until every index is online, for at most `timeout` seconds."""
    # The wait is one statement: it must not meet the server's transaction timeout first.
    driver.execute_query(
        Query("CALL db.awaitIndexes($seconds)", timeout=timeout + 30.0),
        {"seconds": int(timeout)},
        database_=database,
    )


def migrate(driver: Driver, *, database: str, timeout: float = 120.0) -> MigrationReport:
    """Install every constraint and index that is missing (those the node classes declare,
    through neomodel, then the rest), replace an outdated or formerly named one, then wait
    until all are online."""
    constraints, indexes = _rule_names(driver, database)
    before = constraints | indexes
    replaced = outdated_fulltext(driver, database)
    legacy = [name for name in LEGACY_NAMES if name in before]
    for name in (*replaced, *legacy):
        # Names come from FULLTEXT_INDEXES and LEGACY_NAMES above, never from outside.
        kind = "CONSTRAINT" if name in constraints else "INDEX"
        driver.execute_query(f"DROP {kind} {name} IF EXISTS", database_=database)
    _install_declared(driver, database)
    for _, statement in EXTRA_STATEMENTS:
        driver.execute_query(statement, database_=database)
    await_indexes(driver, database=database, timeout=timeout)
    wanted = wanted_names()
    return MigrationReport(
        created=tuple(n for n in wanted if n not in before and n not in replaced),
        present=tuple(n for n in wanted if n in before),
        replaced=tuple([*replaced, *legacy]),
    )
