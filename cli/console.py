"""Shared output helpers for the command line: one console, one way to fail."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from exports.tables import to_csv
from graph.errors import TipgraphError
from graph.values import to_jsonable

console = Console()
err_console = Console(stderr=True)


def fail(error: TipgraphError | str, code: int = 1) -> NoReturn:
    """Print an error (and its hint) to stderr and exit; never a traceback for a known error."""
    if isinstance(error, TipgraphError):
        err_console.print(f"[bold red]error:[/] {error.message}", highlight=False)
        if error.hint:
            err_console.print(f"[yellow]fix:[/] {error.hint}", highlight=False)
    else:
        err_console.print(f"[bold red]error:[/] {error}", highlight=False)
    raise typer.Exit(code)


def _cell(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def print_rows(rows: Sequence[Mapping[str, Any]], keys: Iterable[str], fmt: str) -> None:
    """Print rows as a table, JSON or CSV on stdout."""
    columns = list(keys)
    data = [{k: to_jsonable(row.get(k)) for k in columns} for row in rows]
    if fmt == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        # The same flat, formula-safe cells as the API's CSV download.
        typer.echo(to_csv(columns, rows), nl=False)
    else:
        table = Table(*columns, show_lines=False)
        for row in data:
            table.add_row(*[_cell(row[k]) if row[k] is not None else "" for k in columns])
        console.print(table)
        console.print(f"[dim]{len(data)} row(s)[/]")


def parse_params(pairs: Sequence[str]) -> dict[str, Any]:
    """`key=value` pairs; a value that parses as JSON is taken as JSON, else as a string."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            fail(f"--param {pair!r} is not key=value; write e.g. --param id=person:chou-bun-eng")
        try:
            params[key] = json.loads(raw)
        except json.JSONDecodeError:
            params[key] = raw
    return params
