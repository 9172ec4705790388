"""`tipgraph cypher 'QUERY'`: an analyst's quick, read-only look from the shell."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from neo4j import READ_ACCESS
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from cli.console import fail, parse_params, print_rows
from graph.driver import get_driver
from graph.errors import TipgraphError
from graph.settings import get_settings


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def cypher(
    query: Annotated[str, typer.Argument(help="One Cypher statement.")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="key=value (JSON values allowed); repeatable."),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Run one Cypher statement read-only and print the rows.

    The statement runs in a read transaction, so the server itself refuses any write.
    """
    settings = get_settings()
    params = parse_params(param or [])
    try:
        driver = get_driver()
        with driver.session(database=settings.neo4j_database, default_access_mode=READ_ACCESS) as s:

            def work(tx):  # type: ignore[no-untyped-def]
                result = tx.run(query, params)
                return list(result), result.keys()

            rows, keys = s.execute_read(work)
    except TipgraphError as exc:
        fail(exc)
    except ServiceUnavailable:
        fail(f"Neo4j does not answer at {settings.uri}; start it with `tipgraph db up`")
    except Neo4jError as exc:
        fail(f"{exc.code}: {exc.message}")
    print_rows([dict(r) for r in rows], keys, fmt.value)
