"""`tipgraph show`: one entity, source or claim with its stored properties."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from neo4j.exceptions import ServiceUnavailable
from rich.table import Table

from cli.console import console, fail
from graph.driver import get_driver
from graph.errors import TipgraphError
from graph.nodes import read_node
from graph.settings import get_settings
from graph.values import to_jsonable
from graph.vocabulary import CAVEAT


def show(
    node_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="An entity id (person:...), a source id (source:...) or a claim id (claim:...).",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Show one node's own properties as stored (no neighbours: see `tipgraph queries run
    entity_detail --param id=...` for those)."""
    settings = get_settings()
    try:
        view = read_node(
            get_driver(),
            node_id,
            database=settings.neo4j_database,
            timeout=settings.query_timeout,
        )
    except TipgraphError as exc:
        fail(exc)
    except ServiceUnavailable:
        fail(f"Neo4j does not answer at {settings.uri}; start it with `tipgraph db up`")
    if as_json:
        typer.echo(json.dumps(to_jsonable(asdict(view)), ensure_ascii=False, indent=2))
        return
    if view.requested_id:
        console.print(f"[dim]{view.requested_id} is a former id of {view.id}[/]")
    table = Table("property", "value", title=f"{view.type} {view.id}", show_lines=False)
    for key, value in view.properties.items():
        table.add_row(key, value if isinstance(value, str) else json.dumps(value))
    console.print(table)
    if view.kind != "claim":
        console.print(f"[dim]{CAVEAT}[/]")
