"""`tipgraph cypher 'QUERY'`: an analyst's quick, read-only look from the shell."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

import typer
from neo4j import READ_ACCESS
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from cli.console import fail, parse_params, print_rows
from graph.driver import get_driver
from graph.errors import TipgraphError
from graph.settings import get_settings

# What a read transaction still allows but an analyst's quick look has no use for: APOC's
# procedures that make the server fetch a URL or file, hold a worker, or run a string of Cypher
# (which no check of this text could see into), and stopping other people's transactions. The
# local server does not load those APOC procedures at all; this also covers servers it did not
# configure (Docker, Aura).
_REFUSED = (
    (re.compile(r"\bapoc\.(load|import|export)\."), "APOC's load, import and export procedures"),
    (re.compile(r"\bapoc\.util\.sleep\b"), "apoc.util.sleep"),
    (re.compile(r"\bapoc\.(cypher|periodic|trigger|systemdb)\."), "APOC's Cypher runners"),
    (re.compile(r"\bterminate\s+transactions?\b"), "TERMINATE TRANSACTIONS"),
)
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)


def refused(query: str) -> str | None:
    """What in the statement `tipgraph cypher` refuses to send, or None."""
    # Backticks and spaces around dots are dropped so `apoc`.`load` reads as apoc.load; the
    # text is checked with its comments and without, since a // inside a string literal would
    # otherwise hide the rest of the line from the check.
    text = query.replace("`", "").lower()
    for variant in (text, _COMMENT.sub(" ", text)):
        variant = re.sub(r"\s*\.\s*", ".", variant)
        for pattern, what in _REFUSED:
            if pattern.search(variant):
                return what
    return None


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
    what = refused(query)
    if what is not None:
        fail(
            TipgraphError(
                f"{what} may not run through `tipgraph cypher`",
                hint="it reads the graph only; load data with `tipgraph load`",
            )
        )
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
