"""What a load did: per file and in total, entities, claims and edges created/updated/unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from loaders.errors import Problem

Outcome = Literal["created", "updated", "unchanged", "deleted"]
FileStatus = Literal["loaded", "skipped", "checked", "failed", "unloaded"]
KINDS = ("entities", "claims", "edges")
OUTCOMES: tuple[Outcome, ...] = ("created", "updated", "unchanged", "deleted")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def add(self, outcome: Outcome, n: int = 1) -> None:
        setattr(self, outcome, getattr(self, outcome) + n)

    def merge(self, other: Counts) -> None:
        for o in OUTCOMES:
            self.add(o, getattr(other, o))

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class FileReport:
    file: str
    status: FileStatus
    source_id: str | None = None
    entities: Counts = field(default_factory=Counts)
    claims: Counts = field(default_factory=Counts)
    edges: Counts = field(default_factory=Counts)
    problems: list[Problem] = field(default_factory=list)
    # not problems: the file loads, but a reader should look (a new entity named like another)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class LoadReport:
    files: list[FileReport] = field(default_factory=list)

    def total(self, kind: str) -> Counts:
        out = Counts()
        for f in self.files:
            out.merge(getattr(f, kind))
        return out

    def with_status(self, status: FileStatus) -> list[FileReport]:
        return [f for f in self.files if f.status == status]

    @property
    def ok(self) -> bool:
        return not self.with_status("failed")

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    @property
    def changed(self) -> int:
        return sum(self.total(k).changed for k in KINDS)
