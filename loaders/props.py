"""Type-specific properties of entities and facts, checked against the ontology's declarations."""

from __future__ import annotations

from typing import Any

from pydantic_core import PydanticCustomError

from graph.ontology import PropertySpec
from loaders.factfile import to_partial_date
from loaders.shape import Checker
from loaders.yamlread import Path as YPath

# Source properties the loader sets itself; a fact file may not write them.
LOADER_OWNED = frozenset({"content_hash", "text_path", "publisher_id"})


def check_props(
    c: Checker,
    props: dict[str, Any],
    allowed: dict[str, PropertySpec],
    path: YPath,
    owner: str,
) -> dict[str, Any]:
    """The properties that are allowed and of the declared kind; a problem for each other."""
    out: dict[str, Any] = {}
    for name, value in props.items():
        where = (*path, "props", name)
        spec = allowed.get(name)
        if spec is None or name in LOADER_OWNED:
            names = ", ".join(n for n in allowed if n not in LOADER_OWNED)
            c.add(
                where,
                f"property '{name}' is not allowed on {owner}",
                (f"use one of: {names}" if names else f"{owner} takes no properties; remove it")
                + " (or add it to graph/ontology.yaml with a description)",
            )
            continue
        if value is None:
            continue
        problem = _kind_problem(spec, value)
        if problem:
            c.add(where, problem, f"write a {spec.kind} ({spec.description})")
            continue
        if spec.values is not None and value not in spec.values:
            c.add(
                where,
                f"{name} '{value}' is not allowed on {owner}",
                f"use one of: {', '.join(spec.values)} (or add it to graph/ontology.yaml)",
            )
            continue
        out[name] = str(to_partial_date(value)) if spec.kind == "date" else value
    return out


def _kind_problem(spec: PropertySpec, value: Any) -> str | None:
    if spec.kind == "date":
        try:
            to_partial_date(value)
        except PydanticCustomError as exc:
            return exc.message()
        return None
    ok = {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "strings": isinstance(value, list),
        "scalar": isinstance(value, (str, int, float)) and not isinstance(value, bool),
    }[spec.kind]
    return None if ok else f"{value!r} is not a {spec.kind}"
