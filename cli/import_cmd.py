"""`tipgraph import KIND FILE...`: other formats into the graph, through the fact-file checks."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from neo4j.exceptions import ServiceUnavailable
from rich.markup import escape

from cli.console import console, err_console, fail
from cli.load import print_report
from graph.driver import get_driver
from graph.errors import TipgraphError
from graph.settings import get_settings
from loaders import FactFileError, LoadReport, import_ftm, import_sanctions, import_tiers
from loaders.imported import Builder, run_import
from loaders.report import FileReport
from loaders.writer import DriverGraphView


class Kind(StrEnum):
    tiers = "tiers"
    sanctions = "sanctions"
    ftm = "ftm"


BUILDERS: dict[Kind, Builder] = {
    Kind.tiers: import_tiers.build,
    Kind.sanctions: import_sanctions.build,
    Kind.ftm: import_ftm.build,
}


def import_(
    kind: Annotated[Kind, typer.Argument(help="tiers (TIP CSV), sanctions (CSV) or ftm (JSONL).")],
    files: Annotated[list[Path], typer.Argument(help="Input files; see data/samples/.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the files only; write nothing.")
    ] = False,
    text_root: Annotated[
        Path | None,
        typer.Option(
            "--text-root",
            help="Folder the source text may be read from (default: each input's own folder), "
            "e.g. data for data/samples/*.",
        ),
    ] = None,
) -> None:
    """Import tier rankings, sanctions designations or FollowTheMoney entities.

    Each file is a source of its own; its rows become claims checked like a fact file's.
    """
    settings = get_settings()
    db = settings.neo4j_database
    total = LoadReport()
    try:
        driver = get_driver()
        for path in files:
            try:
                report, imported = run_import(
                    BUILDERS[kind],
                    driver,
                    path,
                    database=db,
                    graph=DriverGraphView(driver, db),
                    dry_run=dry_run,
                    text_root=text_root,
                )
                total.files.extend(report.files)
                for line, note in imported.notes:
                    console.print(f"[yellow]{escape(str(path))}:{line}[/]: {escape(note)}")
            except FactFileError as exc:
                total.files.append(
                    FileReport(file=str(path), status="failed", problems=exc.problems)
                )
            except OSError as exc:
                err_console.print(f"[bold red]{escape(str(path))}[/]: {exc.strerror}")
                total.files.append(FileReport(file=str(path), status="failed"))
    except TipgraphError as exc:
        fail(exc)
    except ServiceUnavailable:
        fail(f"Neo4j does not answer at {settings.uri}; start it with `tipgraph db up`")
    print_report(total, dry_run=dry_run)
    console.print(f"imported as {kind.value}")
    if not total.ok:
        raise typer.Exit(1)
