"""A "same" judgement as a claim: the graph's actor SAME_AS the list's entry, with provenance.

The claims are written by the real loader from a document rebuilt from the judgement log: its
source is the screening of one list (`source:screening-<list>`), each claim is attributed to
the list (`according_to`), quotes the list entry and notes who judged it, when, and the score.
Rebuilding it after an undo drops the claim, and with it the edge: a judgement is reversible.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from neo4j import Driver

from loaders.imported import slug
from loaders.load import load_document
from loaders.report import LoadReport
from screening.judgements import JudgementLog
from screening.match import LISTS


def source_id(list_id: str) -> str:
    return f"source:screening-{slug(list_id.partition(':')[2] or list_id)}"


def document(driver: Driver, database: str, list_id: str, log: JudgementLog) -> dict[str, Any]:
    """The fact-file document of a list's standing "same" judgements."""
    same = [j for j in log.current(list_id).values() if j.verdict == "same"]
    records, _, _ = driver.execute_query(
        "UNWIND $ids AS wanted MATCH (e:Entity {id: wanted}) "
        "RETURN e.id AS id, e.name AS name, e.dataset_ids AS ds",
        {"ids": sorted({j.candidate_id for j in same})},
        database_=database,
        routing_="r",
    )
    listed = {r["id"]: r for r in records}
    listing, _, _ = driver.execute_query(LISTS, {"id": list_id}, database_=database)
    title = listing[0]["name"] if listing else list_id
    facts = []
    for j in sorted(same, key=lambda j: (j.entity_id, j.candidate_id)):
        entry = listed.get(j.candidate_id)
        if entry is None:
            continue  # the list entry is gone (the list was not imported again yet)
        ids = ", ".join(entry["ds"] or [])
        score = f"; matcher score {j.score:.2f}" if j.score is not None else ""
        facts.append(
            {
                "id": f"{slug(j.entity_id)}--{slug(j.candidate_id)}",
                "subject": j.entity_id,
                "predicate": "SAME_AS",
                "object": j.candidate_id,
                "stance": "asserts",
                "quote": f"{entry['name']} [{ids}]" if ids else str(entry["name"]),
                "stated_on": j.at[:10],
                "according_to": list_id,
                "note": f"judged the same by {j.by} on {j.at}{score}"
                + (f": {j.note}" if j.note else ""),
            }
        )
    return {
        "source": {
            "id": source_id(list_id),
            "kind": "reference",
            "title": f"Reviewers' screening judgements against {title}",
            "published_on": datetime.now(UTC).date().isoformat(),
            "note": "Written by `tipgraph screen` from the judgement log; not a document.",
        },
        "entities": [],
        "facts": facts,
    }


def apply(driver: Driver, database: str, list_id: str, log: JudgementLog) -> LoadReport:
    """Write the list's standing "same" judgements as claims (and drop undone ones)."""
    data = json.dumps(document(driver, database, list_id, log), ensure_ascii=False)
    return load_document(
        driver, data.encode("utf-8"), filename=f"{source_id(list_id)}.json", database=database
    )
