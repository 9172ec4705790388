"""What the local server lets a session call, and what `tipgraph cypher` refuses to send.

The server loads only APOC's pure helpers (graph/localserver.py, APOC_ALLOWED): the procedures
that fetch URLs, sleep or run strings of Cypher are not there to call, read session or not.
`tipgraph cypher` also refuses them by their text, and TERMINATE TRANSACTIONS, for servers it
did not configure.
"""

from __future__ import annotations

import pytest

from cli.cypher_cmd import refused


@pytest.mark.parametrize(
    ("statement", "what"),
    [
        ("CALL apoc.load.json('http://example.org/x') YIELD value RETURN value", "load"),
        ("CALL apoc.load.csv('file:///etc/passwd') YIELD list RETURN list", "load"),
        ("CALL `apoc`.`load`.json('http://example.org/x')", "load"),
        ("WITH '//' AS s CALL apoc . load . json('http://x') YIELD value RETURN value", "load"),
        ("CALL apoc.util.sleep(60000)", "apoc.util.sleep"),
        ("CALL apoc./* hidden */util.sleep(60000)", "apoc.util.sleep"),
        ("CALL apoc.cypher.run('CALL apoc.load.json($u)', {u: 'http://x'})", "APOC's"),
        ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE TRANSACTIONS"),
        ("terminate\n  transaction 'neo4j-transaction-1'", "TERMINATE TRANSACTIONS"),
    ],
)
def test_cypher_command_refuses_them_by_their_text(statement: str, what: str) -> None:
    found = refused(statement)
    assert found is not None and what in found


@pytest.mark.parametrize(
    "statement",
    [
        "MATCH (e:Entity) RETURN e.name AS name LIMIT 3",
        "RETURN apoc.text.join(['a', 'b'], '-') AS joined",
        "SHOW TRANSACTIONS",
    ],
)
def test_cypher_command_lets_reads_through(statement: str) -> None:
    assert refused(statement) is None
