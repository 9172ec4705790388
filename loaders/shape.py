"""The first pass over a fact file: pydantic's verdict on each part, turned into Problems.

Each part (the source block, every entity, every fact) is validated on its own, so one broken
entry hides no other; what a broken entry would have declared is remembered, so references
to it are not reported a second time as dangling.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.ontology import Ontology
from loaders.errors import Problem
from loaders.factfile import EntityEntry, FactEntry, SourceBlock
from loaders.yamlread import Path as YPath
from loaders.yamlread import line_of


def field_path(path: YPath) -> str:
    """`("facts", 3, "quote")` as `facts[3].quote`; the empty path is the document."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "document"


def _fix_for(error: dict[str, Any], model: type[BaseModel]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if "fix" in ctx:
        return str(ctx["fix"])
    name = str(error["loc"][-1]) if error["loc"] else "value"
    if kind == "missing":
        return f"add `{name}`"
    if kind == "extra_forbidden":
        # Only the models' own keys can be extra: the nested dicts (props) take any key.
        return f"remove `{name}` or correct its spelling; allowed here: " + ", ".join(
            model.model_fields
        )
    if kind == "literal_error":
        return f"use one of: {ctx.get('expected', '')}"
    if kind in ("string_too_short", "too_short"):
        return f"give `{name}` a value"
    if kind == "string_too_long":
        return "shorten it: quote the shortest span of the source that carries the fact"
    if kind == "too_long":
        return "split the report into several fact files"
    if kind.endswith("_type") or kind.startswith("union"):
        return f"give `{name}` a value of the right type (see docs/fact-files.md)"
    return "see docs/fact-files.md"


def _message_for(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind in ("string_too_short", "too_short"):
        return "is empty"
    if kind == "literal_error":
        return f"'{error['input']}' is not one of the allowed values"
    return str(error["msg"])


@dataclass
class Checker:
    """Collects the problems of one file, each with the line its path points at."""

    file: str
    lines: dict[YPath, int]
    onto: Ontology
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: YPath, message: str, fix: str) -> None:
        self.problems.append(
            Problem(self.file, line_of(self.lines, path), field_path(path), message, fix)
        )

    def line(self, path: YPath) -> int:
        return line_of(self.lines, path)

    def shape(self, model: type[BaseModel], value: Any, path: YPath) -> Any:
        """The validated model, or None after adding a problem for each of pydantic's errors."""
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            for err in exc.errors():
                # Where a union fails, pydantic appends the tried type names to the location;
                # the reader needs only where the value sits.
                loc = tuple(
                    p for p in (*path, *err["loc"]) if not (isinstance(p, str) and "[" in p)
                )
                self.add(loc, _message_for(dict(err)), _fix_for(dict(err), model))
            return None


def json_or_none(text: str) -> Any:
    try:
        return json.loads(text) if text.lstrip().startswith("{") else None
    except ValueError:
        return None


def stand_in_source(raw: dict[str, Any]) -> SourceBlock:
    """A source block good enough to check the rest of the file against, once the real one has
    been reported as broken; the file fails either way."""

    def text_of(key: str) -> str | None:
        value = raw.get(key)
        return value if isinstance(value, str) else None

    return SourceBlock.model_construct(
        id=text_of("id") or "source:unknown",
        kind="reference",
        title=text_of("title") or "unknown",
        publisher=text_of("publisher"),
        published_on="",
        url=None,
        language="en",
        text=text_of("text"),
        note=None,
    )


@dataclass
class Broken:
    """Ids and names of entries whose shape was wrong: already reported, so a reference to one
    of them is not reported again as dangling."""

    refs: set[str] = field(default_factory=set)
    fact_ids: set[str] = field(default_factory=set)

    @classmethod
    def collect(
        cls,
        raw_entities: list[Any],
        raw_facts: list[Any],
        entries: list[tuple[int, EntityEntry]],
        facts: list[tuple[int, FactEntry]],
    ) -> Broken:
        good_entities = {i for i, _ in entries}
        good_facts = {i for i, _ in facts}
        out = cls()
        for i, raw in enumerate(raw_entities):
            if i in good_entities or not isinstance(raw, dict):
                continue
            for key in ("id", "name"):
                if isinstance(raw.get(key), str):
                    out.refs.add(raw[key])
            aliases = raw.get("aliases", raw.get("alias"))
            if isinstance(aliases, list):
                out.refs.update(a for a in aliases if isinstance(a, str))
        for i, raw in enumerate(raw_facts):
            if i not in good_facts and isinstance(raw, dict) and isinstance(raw.get("id"), str):
                out.fact_ids.add(raw["id"])
        return out
