"""The fact-file reader's bounds: limits on file size, values, quotes, facts and entities, and
on the document its YAML aliases stand for, each refused with file, line and field before
anything is written.

The alias bomb is the one a hostile-input test found: one 1 MB anchored string reused as the
quote of many facts, which used to pass the size checks and store 100 MB of quotes.
"""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.settings import Settings
from loaders import limits, load_document
from loaders.errors import FactFileError
from tests.factfiles import HEAD, alias_bomb, fact, problems


def test_the_alias_bomb_writes_nothing(clean_graph: Driver, settings: Settings) -> None:
    with pytest.raises(FactFileError):
        load_document(
            clean_graph, alias_bomb(), filename="bomb.yaml", database=settings.neo4j_database
        )
    records, _, _ = clean_graph.execute_query(
        "MATCH (n) WHERE NOT n:TipgraphTestMarker RETURN count(n) AS n",
        database_=settings.neo4j_database,
    )
    assert records[0]["n"] == 0


# The two limits below are reached only by reading a document of full size, which takes the
# reader seconds: they need no database, but run with the e2e tier to keep the unit tier fast.


@pytest.mark.slow
def test_too_many_facts_is_one_clear_problem() -> None:
    many = "".join(fact(i, "Acme works in Rivertown") for i in range(limits.MAX_FACTS + 1))
    [(line, field, message)] = problems((HEAD + many).encode())
    assert (line, field) == (13, "facts")
    assert f"at most {limits.MAX_FACTS} items" in message


@pytest.mark.slow
def test_too_many_values_is_refused_while_reading() -> None:
    items = ", ".join(["1"] * (limits.MAX_NODES + 1))
    [(_, field, message)] = problems(f"{HEAD}extra: [{items}]\n".encode())
    assert field.startswith("extra[")
    assert message == (
        f"the document, its YAML aliases written out, has more than {limits.MAX_NODES} values"
    )
