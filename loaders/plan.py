"""What a checked fact file becomes: rows ready for the writer, every reference an id."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from loaders.errors import Problem


@dataclass(frozen=True)
class KnownEntity:
    """An entity already in the graph, found by its id or by an id resolved onto it."""

    id: str
    type: str
    unnamed: bool
    # the sources whose statements describe it; a type may change only when this file's source
    # is the only one
    sources: frozenset[str] = frozenset()
    name: str = ""


@dataclass(frozen=True)
class KnownClaim:
    """A claim already in the graph, for a fact that answers it from another file."""

    id: str
    source_id: str
    subject_id: str
    predicate: str
    object_id: str


class GraphView(Protocol):
    """What the checks need to know about the graph."""

    def known(self, ids: Iterable[str]) -> dict[str, KnownEntity]:
        """Which of these ids exist (as an entity's id, or an id resolved onto one), as what."""
        ...

    def named(self, names: Iterable[str]) -> dict[str, list[KnownEntity]]:
        """Entities whose name or alias is each of these names (compared by `name_key`)."""
        ...

    def suggest(self, text: str, limit: int = 3) -> list[KnownEntity]:
        """The entities whose names come closest to a name nothing matched."""
        ...

    def claims(self, claim_ids: Iterable[str]) -> dict[str, KnownClaim]: ...


def name_key(name: str) -> str:
    """How names are compared when a fact refers to an entity by name: case and spacing aside."""
    return " ".join(name.split()).casefold()


class EmptyGraph:
    """A graph with nothing in it, for checking a file on its own."""

    def known(self, ids: Iterable[str]) -> dict[str, KnownEntity]:
        return {}

    def named(self, names: Iterable[str]) -> dict[str, list[KnownEntity]]:
        return {}

    def suggest(self, text: str, limit: int = 3) -> list[KnownEntity]:
        return []

    def claims(self, claim_ids: Iterable[str]) -> dict[str, KnownClaim]:
        return {}


@dataclass
class StatementRow:
    """What this file's source says about one entity, under the id the file gives it."""

    id: str
    entity_ref: str
    type: str
    props: dict[str, Any]  # node properties of the Statement, fingerprint included


@dataclass
class ClaimRow:
    id: str
    fact_key: str
    predicate: str
    subject_ref: str
    object_ref: str
    speaker_ref: str | None
    according_to_ref: str | None
    answers: list[str]  # claim ids, of this source or another
    props: dict[str, Any]  # node properties, fingerprint included


@dataclass
class WritePlan:
    """One source's statements and claims; the writer replaces that source's with these."""

    file: str
    source_id: str
    content_hash: str
    statements: list[StatementRow]
    claims: list[ClaimRow]
    # new entities whose name matches an entity already in the graph (shown, or refused by
    # --strict)
    warnings: list[Problem] = field(default_factory=list)
    # the graph already holds this very file (same content hash): nothing was resolved, and
    # nothing is to be written
    unchanged: bool = False

    @property
    def entity_refs(self) -> list[str]:
        return sorted({s.entity_ref for s in self.statements})
