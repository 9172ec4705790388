"""`tipgraph db ...`: start, stop and inspect the Neo4j server."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from neo4j.exceptions import ServiceUnavailable
from rich.markup import escape

from cli.console import console, fail
from graph import localserver, readonly, schema
from graph.driver import get_driver
from graph.errors import TipgraphError
from graph.settings import get_settings
from loaders.bulk_import import import_bulk as run_import

app = typer.Typer(help="Start, stop and inspect the Neo4j server.", no_args_is_help=True)


@app.command()
def up(
    docker: Annotated[
        bool | None,
        typer.Option(
            "--docker/--no-docker",
            help="Force or refuse Docker; by default Docker is used when "
            "an engine answers, else the Maven-built server.",
        ),
    ] = None,
) -> None:
    """Start Neo4j (harmless when it already runs) and wait until Bolt answers."""
    settings = get_settings()
    try:
        with console.status("starting Neo4j") as spinner:
            mode = localserver.up(settings, spinner.update, use_docker=docker)
    except TipgraphError as exc:
        fail(exc)
    word = "already running" if mode == "running" else f"started ({mode})"
    console.print(f"Neo4j {escape(f'[{settings.instance}]')} {word}")
    console.print(f"  Bolt:    {settings.uri}")
    console.print(f"  Browser: {settings.browser_url}")


@app.command()
def down() -> None:
    """Stop the Neo4j server this project started (found by its pid file)."""
    settings = get_settings()
    try:
        stopped = localserver.down(settings, console.print)
    except TipgraphError as exc:
        fail(exc)
    console.print("Neo4j stopped" if stopped else "no server started by tipgraph was running")


@app.command()
def status() -> None:
    """Say what runs where: the server, its version and its URLs."""
    settings = get_settings()
    st = localserver.status(settings)
    tag = escape(f"[{st.instance}]")
    if st.bolt_ok:
        console.print(f"Neo4j {tag} running ({st.mode}), {st.edition} {st.version}")
    elif st.running:
        console.print(f"Neo4j {tag} process {st.pid} runs but Bolt does not answer")
        console.print(f"  last error: {st.detail}")
    else:
        console.print(f"Neo4j {tag} is not running. Start it with `tipgraph db up`.")
    if st.pid is not None:
        console.print(f"  pid:     {st.pid}")
    console.print(f"  Bolt:    {st.bolt_url}")
    console.print(f"  Browser: {st.browser_url}")
    console.print(f"  Log:     {st.log_file}")
    if not st.bolt_ok:
        raise typer.Exit(1)


@app.command()
def logs(
    lines: Annotated[int, typer.Option("--lines", "-n", min=1, help="How many lines.")] = 50,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing.")] = False,
) -> None:
    """Print the end of the local server's neo4j.log."""
    path = localserver.log_file(get_settings())
    if not path.is_file():
        fail(f"no log at {path}: the local server has not been started (`tipgraph db up`)")
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle.readlines()[-lines:]:
            typer.echo(line, nl=False)
        while follow:
            line = handle.readline()
            if line:
                typer.echo(line, nl=False)
            else:
                time.sleep(0.5)


@app.command()
def migrate() -> None:
    """Install the constraints, lookup indexes and full-text indexes (harmless to repeat)."""
    settings = get_settings()
    try:
        with console.status("installing constraints and indexes"):
            report = schema.migrate(get_driver(), database=settings.neo4j_database)
    except TipgraphError as exc:
        fail(exc)
    except ServiceUnavailable:
        fail(f"Neo4j does not answer at {settings.uri}; start it with `tipgraph db up`")
    console.print(
        f"schema ready: {len(report.created)} created, {len(report.present)} already present"
        + (f", {len(report.replaced)} replaced" if report.replaced else "")
    )
    for name in report.created:
        console.print(f"  + {name}")
    for name in report.replaced:
        console.print(f"  ~ {name} (its definition changed)")


@app.command(name="import-bulk")
def import_bulk(
    paths: Annotated[
        list[Path], typer.Argument(help="Fact files (YAML or JSON), or folders of them.")
    ],
) -> None:
    """Fill an EMPTY database from fact files through neo4j-admin's bulk import.

    The files are checked as `tipgraph load` checks them (all must pass, or nothing is
    imported); the graph they make is written as CSV files and imported with the server
    stopped, then the server starts again and the schema is installed. The result is the graph
    `tipgraph load` of the same files builds. Stopping and starting the server costs about a
    minute, so at 100,000 facts it is still no faster than `tipgraph load` (docs/performance.md).
    Refuses a database holding any node: to add to a graph, use `tipgraph load`.
    """
    settings = get_settings()
    try:
        with console.status("bulk import") as spinner:
            report = run_import(settings, paths, progress=spinner.update)
    except TipgraphError as exc:
        fail(exc)
    except ServiceUnavailable:
        fail(f"Neo4j does not answer at {settings.uri}; start it with `tipgraph db up`")
    console.print(
        f"imported {report.files} sources: {report.nodes} nodes, "
        f"{report.relationships} relationships; schema installed"
    )


@app.command()
def publish(
    stop: Annotated[
        bool, typer.Option("--stop", help="Stop the investigators' copy instead.")
    ] = False,
) -> None:
    """Refresh the investigators' read-only copy of the graph and start it.

    The copy is a second local server whose databases are all read-only: a Neo4j Browser
    connected to it cannot write, whatever it sends. Run this after loading.
    """
    settings = get_settings()
    copy = readonly.copy_settings(settings)
    try:
        if stop:
            stopped = localserver.down(copy, console.print)
            console.print("read-only copy stopped" if stopped else "no read-only copy was running")
            return
        with console.status("publishing the read-only copy") as spinner:
            report = readonly.publish(settings, spinner.update)
    except TipgraphError as exc:
        fail(exc)
    except ServiceUnavailable:
        fail(f"Neo4j does not answer at {settings.uri}; start it with `tipgraph db up`")
    console.print(
        f"read-only copy {escape(f'[{copy.instance}]')}: {report.nodes} nodes, "
        f"{report.relationships} relationships"
    )
    console.print(f"  Bolt:    {copy.uri}  (user neo4j, password in {copy.password_file})")
    console.print(f"  Browser: {copy.browser_url}")
