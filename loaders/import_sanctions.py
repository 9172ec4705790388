"""Importer: a CSV of sanctions designations -> Sanction entities, TARGETS and ISSUED_BY facts.

Columns: sanction_id, sanction, program, imposed_on, issued_by, target_id, target, target_type,
target_unnamed (true/false), quote. The issuer must already be in the graph (or be declared by
an earlier row's target). See data/samples/sanctions.csv.
"""

from __future__ import annotations

from pathlib import Path

from loaders.imported import Imported, read_meta_csv, slug, start
from loaders.plan import GraphView

COLUMNS = ("sanction_id", "sanction", "issued_by", "target_id", "target", "target_type", "quote")


def build(path: Path, graph: GraphView) -> Imported:
    meta, rows = read_meta_csv(path)
    imported = start(str(path), meta)
    wanted: set[str] = set()
    for _, row in rows:
        wanted.update(row.get(c, "") for c in ("sanction_id", "issued_by", "target_id"))
    known = set(graph.known(sorted(w for w in wanted if w)))
    issued: set[str] = set()
    for line, row in rows:
        missing = [c for c in COLUMNS if not (row.get(c) or "").strip()]
        if missing:
            imported.problem(line, missing[0], "is empty", f"fill in {', '.join(missing)}")
            continue
        unnamed = (row.get("target_unnamed") or "").strip().lower()
        if unnamed not in ("", "true", "false"):
            imported.problem(
                line, "target_unnamed", f"'{unnamed}' is not true or false", "write true or false"
            )
            continue
        imposed_on = (row.get("imposed_on") or "").strip() or None
        sanction = imported.entity(
            line,
            known,
            id=row["sanction_id"].strip(),
            type="Sanction",
            name=row["sanction"].strip(),
            topics=["sanction"],
            props={
                k: v for k, v in (("program", row.get("program")), ("imposed_on", imposed_on)) if v
            },
        )
        target = imported.entity(
            line,
            known,
            id=row["target_id"].strip(),
            type=row["target_type"].strip(),
            name=row["target"].strip(),
            unnamed=unnamed == "true",
            topics=["sanction"],
        )
        if sanction not in issued:
            issued.add(sanction)
            imported.fact(
                line,
                id=f"{slug(sanction)}-issued-by",
                subject=sanction,
                predicate="ISSUED_BY",
                object=row["issued_by"].strip(),
                stance="asserts",
                quote=row["quote"],
                valid_from=imposed_on,
            )
        imported.fact(
            line,
            id=f"{slug(sanction)}-targets-{slug(target)}",
            subject=sanction,
            predicate="TARGETS",
            object=target,
            stance="asserts",
            quote=row["quote"],
            valid_from=imposed_on,
        )
    return imported
