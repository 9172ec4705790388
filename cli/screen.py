"""`tipgraph screen ...`: the graph's persons and organisations against an imported list.

tipgraph import ftm sanctions.ftm.json          # the list becomes a source of its own
tipgraph screen run source:LIST                 # candidates with scores and features
tipgraph screen judge ENTITY ENTRY same --by NAME   # or not_same, unsure
tipgraph screen undo ENTITY ENTRY --by NAME
tipgraph screen history
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from neo4j import Driver
from rich.markup import escape
from rich.table import Table

from cli.console import console, fail
from graph.driver import get_driver
from graph.errors import TipgraphError
from graph.settings import get_settings
from screening import links
from screening.judgements import VERDICTS, JudgementLog
from screening.match import compare, read_actors, screen

app = typer.Typer(help="Screen the graph against an imported sanctions or PEP list.")

ListId = Annotated[str, typer.Argument(help="The source id the list was imported as.")]
EntityId = Annotated[str, typer.Argument(help="The graph entity's id.")]
EntryId = Annotated[str, typer.Argument(help="The list entry's id in the graph.")]
By = Annotated[str, typer.Option("--by", help="Who judges (recorded with the time).")]


def _list_of(driver: Driver, database: str, entry_id: str) -> str:
    records, _, _ = driver.execute_query(
        "MATCH (e:Entity {id: $id}) RETURN e.declared_in AS declared",
        {"id": entry_id},
        database_=database,
        routing_="r",
    )
    if not records or not records[0]["declared"]:
        fail(f"{entry_id} is not an entity of an imported list")
    return str(records[0]["declared"][0])


@app.command("run")
def run(
    list_id: ListId,
    threshold: Annotated[
        float | None, typer.Option(help="Score that makes a match (default: the setting).")
    ] = None,
    floor: Annotated[float, typer.Option(help="Lowest score shown as a candidate.")] = 0.5,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines, one per entity.")] = False,
) -> None:
    """Candidates for each person and organisation of the graph, with their scores, the
    features that matched and any standing judgement; "same" judgements are (re)applied."""
    settings = get_settings()
    db = settings.neo4j_database
    try:
        driver = get_driver()
        log = JudgementLog(settings.judgements_path)
        actors = read_actors(driver, db, not_list=list_id)
        listed = read_actors(driver, db, list_id=list_id)
        if not listed:
            fail(f"{list_id} has no persons or organisations; import the list with `import ftm`")
        found = screen(
            actors,
            listed,
            log.current(list_id),
            threshold=threshold if threshold is not None else settings.match_threshold,
            floor=floor,
        )
        links.apply(driver, db, list_id, log)
        standing = sum(1 for j in log.current(list_id).values() if j.verdict == "same")
    except TipgraphError as exc:
        fail(exc)
    if as_json:
        for s in found:
            line = {
                "entity": s.entity.id,
                "name": s.entity.props.get("name"),
                "candidates": [
                    {
                        "id": c.entry.id,
                        "name": c.entry.props.get("name"),
                        "score": c.score,
                        "match": c.match,
                        "features": c.features,
                        "judgement": asdict(c.judgement) if c.judgement else None,
                    }
                    for c in s.candidates
                ],
            }
            typer.echo(json.dumps(line, ensure_ascii=False))
        return
    table = Table("entity", "candidate", "score", "match", "features", "judgement")
    for s in found:
        for c in s.candidates:
            judged = (
                f"{c.judgement.verdict} ({c.judgement.by}, {c.judgement.at})"
                if (c.judgement)
                else ""
            )
            table.add_row(
                escape(f"{s.entity.props.get('name')} [{s.entity.id}]"),
                escape(f"{c.entry.props.get('name')} [{c.entry.id}]"),
                f"{c.score:.2f}",
                "yes" if c.match else "",
                escape(", ".join(f"{k} {v:.2f}" for k, v in c.features.items())),
                escape(judged),
            )
    console.print(table)
    console.print(f"{len(found)} entities with candidates; {standing} SAME_AS link(s) standing")


def _judge(entity_id: str, entry_id: str, verdict: str, by: str, note: str | None) -> None:
    settings = get_settings()
    db = settings.neo4j_database
    try:
        driver = get_driver()
        list_id = _list_of(driver, db, entry_id)
        log = JudgementLog(settings.judgements_path)
        actors = {a.id: a for a in read_actors(driver, db, not_list=list_id)}
        listed = {e.id: e for e in read_actors(driver, db, list_id=list_id)}
        if entity_id not in actors or entry_id not in listed:
            fail(f"{entity_id} or {entry_id} is not a named person or organisation of the graph")
        found = compare(actors[entity_id].proxy, listed[entry_id], settings.match_threshold)
        judgement = log.record(
            entity_id,
            entry_id,
            list_id,
            verdict,
            by,
            score=found.score if found else None,
            note=note,
        )
        links.apply(driver, db, list_id, log)
    except TipgraphError as exc:
        fail(exc)
    console.print(
        f"{judgement.verdict}: {entity_id} / {entry_id} by {judgement.by} at {judgement.at}"
    )


@app.command("judge")
def judge(
    entity_id: EntityId,
    entry_id: EntryId,
    verdict: Annotated[str, typer.Argument(help=f"One of: {', '.join(VERDICTS)}.")],
    by: By,
    note: Annotated[str | None, typer.Option(help="Why, in a sentence.")] = None,
) -> None:
    """Record a judgement on a pair; `same` links them with a SAME_AS claim."""
    _judge(entity_id, entry_id, verdict, by, note)


@app.command("undo")
def undo(entity_id: EntityId, entry_id: EntryId, by: By) -> None:
    """Take a pair's judgement back (a `same` link goes with it); the log keeps the history."""
    _judge(entity_id, entry_id, "undo", by, None)


@app.command("history")
def history() -> None:
    """Every judgement ever recorded, oldest first."""
    for j in JudgementLog(get_settings().judgements_path).history():
        typer.echo(json.dumps(asdict(j), ensure_ascii=False))
