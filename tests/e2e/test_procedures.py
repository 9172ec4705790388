"""What the local server lets a session call, and what `tipgraph cypher` refuses to send.

The server loads only APOC's pure helpers (graph/localserver.py, APOC_ALLOWED): the procedures
that fetch URLs, sleep or run strings of Cypher are not there to call, read session or not.
`tipgraph cypher` also refuses them by their text, and TERMINATE TRANSACTIONS, for servers it
did not configure.
"""

from __future__ import annotations

import pytest
from neo4j import Driver
from neo4j.exceptions import ClientError

from graph.settings import Settings
from tests.inprocess import run_cli


def test_the_server_loads_apoc_helpers_but_not_its_network_sleep_or_runner_procedures(
    driver: Driver, settings: Settings
) -> None:
    records, _, _ = driver.execute_query(
        "SHOW PROCEDURES YIELD name WHERE name STARTS WITH 'apoc.' RETURN collect(name) AS names",
        database_=settings.neo4j_database,
    )
    names = set(records[0]["names"])
    assert "apoc.meta.schema" in names or "apoc.meta.stats" in names
    for absent in ("apoc.load.json", "apoc.util.sleep", "apoc.cypher.run", "apoc.periodic.iterate"):
        assert absent not in names, absent
    records, _, _ = driver.execute_query("RETURN apoc.version() AS v")
    assert records[0]["v"].startswith("5.26.")


@pytest.mark.parametrize(
    "statement",
    [
        "CALL apoc.load.json('http://127.0.0.1:9/x') YIELD value RETURN value",
        "CALL apoc.util.sleep(10)",
        "CALL apoc.cypher.run('RETURN 1', {}) YIELD value RETURN value",
    ],
)
def test_the_server_refuses_them_even_outside_the_cli(
    driver: Driver, settings: Settings, statement: str
) -> None:
    with pytest.raises(ClientError) as caught:
        driver.execute_query(statement, database_=settings.neo4j_database, routing_="r")
    assert caught.value.code in (
        "Neo.ClientError.Procedure.ProcedureNotFound",
        "Neo.ClientError.Statement.SyntaxError",
    )
    assert "procedure" in (caught.value.message or "").lower()


def test_cypher_command_refuses_before_sending(neo4j_server: Settings) -> None:
    for statement in ("CALL apoc.util.sleep(60000)", "TERMINATE TRANSACTIONS 'x-1'"):
        result = run_cli("cypher", statement)
        assert result.returncode == 1
        assert "may not run through `tipgraph cypher`" in result.stderr
