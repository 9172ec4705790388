"""What the importers share: turning rows of another format into a fact-file document that goes
through the same checks and writer as a hand-written fact file.

An imported file is a source of its own (usually kind `reference`): its metadata comes from
`# key: value` lines atop a CSV, or from a `{"source": {...}}` line in FollowTheMoney JSON
lines. `according_to` in that metadata names the report every row restates, and `text` that
report's text, against which every row's quote is checked. Entities the graph already holds
are referred to by id, not declared again, so an import never overwrites a curated entity.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver

from loaders.errors import FactFileError, Problem
from loaders.load import load_document
from loaders.plan import GraphView
from loaders.report import LoadReport

SOURCE_KEYS = (
    "id",
    "kind",
    "title",
    "publisher",
    "published_on",
    "url",
    "language",
    "text",
    "note",
)


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"


@dataclass
class Imported:
    """A fact-file document built from another format, with the input line of each part."""

    file: str
    source: dict[str, Any]
    according_to: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    entity_lines: list[int] = field(default_factory=list)
    fact_lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Input lines skipped without refusing the file (e.g. an FtM schema tipgraph cannot hold).
    notes: list[tuple[int, str]] = field(default_factory=list)
    _declared: set[str] = field(default_factory=set)

    def problem(self, line: int, column: str, message: str, fix: str) -> None:
        self.problems.append(Problem(self.file, line, column, message, fix))

    def entity(self, line: int, known: set[str], **entry: Any) -> str:
        """Declare an entity unless the graph or this document already has it; its id."""
        entity_id = str(entry["id"])
        if entity_id not in known and entity_id not in self._declared:
            self._declared.add(entity_id)
            self.entities.append({k: v for k, v in entry.items() if v not in (None, "", [])})
            self.entity_lines.append(line)
        return entity_id

    def fact(self, line: int, **entry: Any) -> None:
        if self.according_to and "according_to" not in entry:
            entry["according_to"] = self.according_to
        self.facts.append({k: v for k, v in entry.items() if v not in (None, "", [])})
        self.fact_lines.append(line)

    def document(self) -> dict[str, Any]:
        return {"source": self.source, "entities": self.entities, "facts": self.facts}

    def remap(self, problems: list[Problem]) -> list[Problem]:
        """Problems of the generated document, pointed back at the input's lines."""
        out = []
        for p in problems:
            match = re.match(r"(entities|facts)\[(\d+)\]", p.field)
            line = p.line
            if match:
                lines = self.entity_lines if match.group(1) == "entities" else self.fact_lines
                line = lines[int(match.group(2))]
            elif p.field.startswith("source"):
                line = 1
            out.append(Problem(self.file, line, p.field, p.message, p.fix))
        return out


def read_meta_csv(path: Path) -> tuple[dict[str, str], list[tuple[int, dict[str, str]]]]:
    """`# key: value` lines, then a CSV with a header; rows keyed by column with their line."""
    meta: dict[str, str] = {}
    body: list[str] = []
    first_data_line = 1
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines, start=1):
        if line.startswith("#") and not body:
            key, sep, value = line[1:].partition(":")
            if sep:
                meta[key.strip()] = value.strip()
            first_data_line = i + 1
        else:
            body.append(line)
    reader = csv.DictReader(io.StringIO("\n".join(body)))
    rows = [(first_data_line + n, row) for n, row in enumerate(reader, start=1)]
    return meta, rows


def start(file: str, meta: dict[str, Any], problems_line: int = 1) -> Imported:
    """An Imported with its source block from metadata; unknown metadata keys are problems."""
    source = {k: meta[k] for k in SOURCE_KEYS if k in meta}
    source.setdefault("kind", "reference")
    imported = Imported(file=file, source=source, according_to=meta.get("according_to"))
    for key in meta:
        if key not in (*SOURCE_KEYS, "according_to"):
            imported.problem(
                problems_line,
                key,
                f"unknown source metadata '{key}'",
                f"use only: {', '.join((*SOURCE_KEYS, 'according_to'))}",
            )
    return imported


Builder = Callable[[Path, GraphView], Imported]


def run_import(
    builder: Builder,
    driver: Driver,
    path: Path,
    *,
    database: str,
    graph: GraphView,
    dry_run: bool = False,
    text_root: Path | None = None,
) -> tuple[LoadReport, Imported]:
    """Build the document, then check and load it like a fact file; raises FactFileError."""
    imported = builder(path, graph)
    if imported.problems:
        raise FactFileError(imported.problems)
    data = json.dumps(imported.document(), ensure_ascii=False).encode("utf-8")
    try:
        report = load_document(
            driver,
            data,
            filename=str(path),
            database=database,
            base_dir=path.parent,
            dry_run=dry_run,
            text_root=text_root,
        )
    except FactFileError as exc:
        raise FactFileError(imported.remap(exc.problems)) from None
    return report, imported
