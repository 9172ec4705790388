"""What followthemoney itself would reject in exported entities: used by the FtM tests of both
tiers."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.types import registry


def ftm_problems(lines: list[dict[str, Any]]) -> list[str]:
    """Everything followthemoney would reject in these entities, as readable lines."""
    problems: list[str] = []
    ids = {str(e.get("id")) for e in lines}
    twice = sorted(i for i, n in Counter(str(e.get("id")) for e in lines).items() if n > 1)
    if twice:
        problems.append(f"ids given to more than one entity: {twice}")
    for entity in lines:
        where = f"{entity.get('schema')} {entity.get('id')}"
        schema = model.get(str(entity.get("schema")))
        if schema is None or schema.abstract:
            problems.append(f"{where}: not a concrete FtM schema")
            continue
        if not registry.entity.validate(str(entity.get("id"))):
            problems.append(f"{where}: invalid id")
        props = entity.get("properties", {})
        unknown = sorted(set(props) - set(schema.properties))
        missing = sorted(p for p in schema.required if not props.get(p))
        if unknown or missing:
            problems.append(f"{where}: unknown {unknown}, missing required {missing}")
        try:
            schema.validate(entity)  # type: ignore[arg-type]  # FtM types it as a TypedDict
        except InvalidData as exc:
            problems.append(f"{where}: {exc.errors}")
        cleaned = model.get_proxy(entity, cleaned=False).to_dict()["properties"]
        if cleaned != props:
            problems.append(f"{where}: cleaning changes {props} into {cleaned}")
        for name, values in props.items():
            prop = schema.properties.get(name)
            if prop is not None and prop.type == registry.entity:
                problems += [
                    f"{where}: {name} -> {v} is not exported" for v in values if v not in ids
                ]
    return problems


def ftm_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
