"""`tipgraph load PATH...`: fact files into the graph, with a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from neo4j.exceptions import ServiceUnavailable
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from cli.console import console, err_console, fail
from graph.driver import get_driver
from graph.errors import TipgraphError
from graph.settings import get_settings
from loaders import load_paths
from loaders.errors import FactFileError
from loaders.load import expand_paths
from loaders.load import unload as unload_sources
from loaders.report import KINDS, OUTCOMES, FileReport, LoadReport


def load(
    paths: Annotated[
        list[Path], typer.Argument(help="Fact files (YAML or JSON), or folders of them.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the files only; write nothing.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Load even sources whose file and text are unchanged.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse a new entity named like one already in the graph (else a warning).",
        ),
    ] = False,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Replace sources another writer (an API key) wrote before."),
    ] = False,
    text_root: Annotated[
        Path | None,
        typer.Option(
            "--text-root",
            help="Folder source texts may be read from (default: each fact file's own folder).",
        ),
    ] = None,
) -> None:
    """Check fact files and load them, one transaction per source.

    A file with any problem writes nothing; the other files still load. A source whose file and
    text are unchanged since its last load is skipped (unless --force). References may name
    entities of the whole graph, by id, name or alias.
    """
    settings = get_settings()
    files, _ = expand_paths(paths)
    try:
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("checking" if dry_run else "loading", total=len(files))
            report = load_paths(
                get_driver(),
                paths,
                database=settings.neo4j_database,
                dry_run=dry_run,
                progress=lambda _: bar.advance(task),
                force=force,
                strict=strict,
                replace=replace,
                text_root=text_root,
            )
    except TipgraphError as exc:
        fail(exc)
    except ServiceUnavailable:
        fail(f"Neo4j does not answer at {settings.uri}; start it with `tipgraph db up`")
    print_report(report, dry_run=dry_run)
    if not report.ok:
        raise typer.Exit(1)


def print_report(report: LoadReport, *, dry_run: bool, failed_as: str = "not loaded") -> None:
    files = Table(title="files")
    for column in ("file", "source", "status"):
        files.add_column(column, overflow="fold")
    for f in report.files:
        colour = {"failed": "red", "skipped": "dim", "checked": "cyan", "unloaded": "yellow"}.get(
            f.status, "green"
        )
        files.add_row(escape(f.file), f.source_id or "", f"[{colour}]{f.status}[/]")
    console.print(files)
    if not dry_run:
        summary = Table("", *OUTCOMES, title="changes")
        for kind in KINDS:
            counts = report.total(kind)
            summary.add_row(kind, *(str(getattr(counts, o)) for o in OUTCOMES))
        console.print(summary)
    skipped = len(report.with_status("skipped"))
    unloaded = len(report.with_status("unloaded"))
    failed = report.with_status("failed")
    done = "checked" if dry_run else "loaded"
    console.print(
        f"{len(report.with_status('checked' if dry_run else 'loaded'))} file(s) {done}, "
        + (f"{unloaded} unloaded, " if unloaded else "")
        + f"{skipped} skipped (unchanged), {len(failed)} failed"
    )
    for f in report.files:
        for warning in f.warnings:
            err_console.print(
                f"[yellow]warning[/] {escape(str(warning))}", highlight=False, soft_wrap=True
            )
    for f in failed:
        err_console.print(f"[bold red]{escape(f.file)}[/]: {failed_as}", highlight=False)
        for problem in f.problems:
            # One problem per line, unwrapped, so editors and grep can jump to file:line.
            err_console.print(f"  {escape(str(problem))}", highlight=False, soft_wrap=True)


def unload(
    source_ids: Annotated[
        list[str], typer.Argument(help="Ids of the sources to remove, e.g. source:my-report.")
    ],
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Also remove sources another writer (an API key) wrote."),
    ] = False,
) -> None:
    """Remove sources: exactly their statements and claims, then derive again what they touched.

    The graph becomes what it would be had those sources never been loaded. A source whose
    entities other sources' claims still need is refused, with the sources that need them.
    """
    settings = get_settings()
    report = LoadReport()
    try:
        for sid in source_ids:
            try:
                report.files.extend(
                    unload_sources(
                        get_driver(), sid, database=settings.neo4j_database, replace=replace
                    ).files
                )
            except FactFileError as exc:
                report.files.append(
                    FileReport(file=sid, status="failed", source_id=sid, problems=exc.problems)
                )
    except ServiceUnavailable:
        fail(f"Neo4j does not answer at {settings.uri}; start it with `tipgraph db up`")
    print_report(report, dry_run=False, failed_as="not unloaded, nothing changed")
    if not report.ok:
        raise typer.Exit(1)
