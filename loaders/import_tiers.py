"""Importer: a CSV of Trafficking in Persons tier rankings (country, year, tier) -> RATES facts.

Columns: country_id, country, year, tier, rated_by (the id of the report or body giving the
tier, e.g. source:tip-2022), quote. See data/samples/tip-tiers.csv.
"""

from __future__ import annotations

from pathlib import Path

from loaders.imported import Imported, read_meta_csv, slug, start
from loaders.plan import GraphView

COLUMNS = ("country_id", "country", "year", "tier", "rated_by", "quote")


def build(path: Path, graph: GraphView) -> Imported:
    meta, rows = read_meta_csv(path)
    imported = start(str(path), meta)
    wanted = {row.get("country_id", "") for _, row in rows} | {
        row.get("rated_by", "") for _, row in rows
    }
    known = set(graph.known(sorted(w for w in wanted if w)))
    for line, row in rows:
        missing = [c for c in COLUMNS if not (row.get(c) or "").strip()]
        if missing:
            imported.problem(line, missing[0], "is empty", f"fill in {', '.join(missing)}")
            continue
        year = row["year"].strip()
        if not year.isdigit():
            imported.problem(line, "year", f"'{year}' is not a year", "write the year, e.g. 2022")
            continue
        tier = row["tier"].strip()
        country = imported.entity(
            line, known, id=row["country_id"].strip(), type="Country", name=row["country"].strip()
        )
        imported.fact(
            line,
            id=f"rates-{slug(country)}-{year}",
            subject=row["rated_by"].strip(),
            predicate="RATES",
            object=country,
            stance="asserts",
            quote=row["quote"],
            props={"tier": int(tier) if tier.isdigit() else tier, "year": int(year)},
            valid_from=year,
        )
    return imported
