"""Importer: FollowTheMoney entities as JSON lines (OpenSanctions, Aleph exports) -> facts.

Thing schemata become entities (Person, Organization, Company, PublicBody, LegalEntity as
Organization). Interval schemata become facts by the predicates' `ftm` mapping in
graph/ontology.yaml (Ownership -> OWNS, Directorship -> LEADS, Occupancy -> HOLDS_POSITION, ...);
a Sanction becomes a Sanction entity that TARGETS its entity. A fact needs a quote: the
interval's `summary` (else its `description`), which must be the cited report's words. One line
`{"source": {...}}` gives the source metadata. See data/samples/ftm.jsonl.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from graph.ontology import get_ontology
from loaders.imported import Imported, slug, start
from loaders.plan import GraphView

NODE_TYPES = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Company",
    "PublicBody": "PublicBody",
    "LegalEntity": "Organization",
}
_OUR_ID = re.compile(r"^[a-z]+:[a-z0-9][a-z0-9._-]*$")


def _first(props: dict[str, Any], name: str) -> str | None:
    values = props.get(name) or []
    return str(values[0]) if values else None


def build(path: Path, graph: GraphView) -> Imported:
    records: list[tuple[int, dict[str, Any]]] = []
    meta: dict[str, Any] = {}
    bad: list[tuple[int, str]] = []
    for line, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            bad.append((line, exc.msg))
            continue
        if isinstance(value, dict) and "schema" not in value and "source" in value:
            meta = dict(value["source"])
        elif isinstance(value, dict):
            records.append((line, value))
        else:
            bad.append((line, "not a JSON object"))
    imported = start(str(path), meta)
    for line, msg in bad:
        imported.problem(line, "document", f"invalid JSON line: {msg}", "one JSON object a line")
    onto = get_ontology()
    prefixes = {name: t.prefix for name, t in onto.types.items()}
    # interval schema -> (predicate, subject property, object property), from the ontology
    links = {
        p.ftm.schema: (p.name, p.ftm.subject, p.ftm.object)
        for p in onto.predicates.values()
        if p.ftm is not None
    }

    def our_id(ftm_id: str, type_name: str) -> str:
        prefix = prefixes[type_name]
        if _OUR_ID.match(ftm_id) and ftm_id.startswith(prefix + ":"):
            return ftm_id
        return f"{prefix}:{slug(ftm_id)}"

    ids: dict[str, str] = {}
    for _, rec in records:
        schema = str(rec.get("schema"))
        type_name = "Sanction" if schema == "Sanction" else NODE_TYPES.get(schema)
        if type_name is not None:
            ids[str(rec.get("id"))] = our_id(str(rec.get("id")), type_name)
    known = set(graph.known(sorted(ids.values())))

    for line, rec in records:
        schema = str(rec.get("schema"))
        props: dict[str, Any] = rec.get("properties") or {}
        type_name = NODE_TYPES.get(schema)
        if type_name is not None:
            names = [str(n) for n in props.get("name") or []]
            if not names:
                imported.problem(line, "properties.name", "has no name", "give the entity a name")
                continue
            topics = [t for t in props.get("topics") or [] if t in onto.topics]
            imported.entity(
                line,
                known,
                id=ids[str(rec["id"])],
                type=type_name,
                name=names[0],
                aliases=names[1:] + [str(a) for a in props.get("alias") or []],
                topics=topics,
            )
            continue
        quote = _first(props, "summary") or _first(props, "description")
        if (schema in links or schema == "Sanction") and not quote:
            imported.problem(
                line,
                "properties.summary",
                f"{schema} {rec.get('id')} has nothing to quote",
                "put the report's words for it in `summary`",
            )
            continue
        if schema in links:
            predicate, subj, obj = links[schema]
            s, o = _first(props, subj), _first(props, obj)
            if s is None or o is None:
                imported.problem(
                    line,
                    f"properties.{subj}",
                    f"{schema} lacks an end",
                    f"give both `{subj}` and `{obj}`",
                )
                continue
            imported.fact(
                line,
                id=slug(str(rec.get("id"))),
                subject=ids.get(s, s),
                predicate=predicate,
                object=ids.get(o, o),
                stance="asserts",
                quote=quote,
                valid_from=_first(props, "startDate"),
                valid_to=_first(props, "endDate"),
            )
        elif schema == "Sanction":
            target = _first(props, "entity")
            if target is None:
                imported.problem(
                    line, "properties.entity", "Sanction names no entity", "give `entity`"
                )
                continue
            sanction = imported.entity(
                line,
                known,
                id=ids[str(rec.get("id"))],
                type="Sanction",
                name=_first(props, "program") or f"sanction on {target}",
                topics=["sanction"],
                props={
                    k: v
                    for k, v in (
                        ("program", _first(props, "program")),
                        ("imposed_on", _first(props, "startDate")),
                    )
                    if v
                },
            )
            imported.fact(
                line,
                id=f"{slug(sanction)}-targets",
                subject=sanction,
                predicate="TARGETS",
                object=ids.get(target, target),
                stance="asserts",
                quote=quote,
                valid_from=_first(props, "startDate"),
            )
        else:
            imported.problem(
                line,
                "schema",
                f"schema '{schema}' is not imported",
                f"use one of: {', '.join([*NODE_TYPES, *links, 'Sanction'])}",
            )
    return imported
