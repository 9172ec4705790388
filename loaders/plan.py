"""What a checked fact file becomes: rows ready for the writer, all ids resolved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class KnownEntity:
    """An entity already in the graph, found by its id or by one of its referents."""

    id: str
    type: str
    unnamed: bool
    # sources that declare it, or cite a claim about it; a type may change only when this
    # file's source is the only one
    sources: frozenset[str] = frozenset()


class GraphView(Protocol):
    """What the checks need to know about the graph: which of these ids exist, as what."""

    def known(self, ids: Iterable[str]) -> dict[str, KnownEntity]: ...


class EmptyGraph:
    """A graph with nothing in it, for checking a file on its own."""

    def known(self, ids: Iterable[str]) -> dict[str, KnownEntity]:
        return {}


@dataclass
class EntityRow:
    id: str
    type: str
    props: dict[str, Any]
    referents: list[str] = field(default_factory=list)


@dataclass
class ClaimRow:
    id: str
    fact_key: str
    predicate: str
    subject_id: str
    object_id: str
    speaker_id: str | None
    according_to_id: str | None
    answers: list[str]  # claim ids
    props: dict[str, Any]  # node properties, fingerprint included


@dataclass
class WritePlan:
    """One source's entities and claims; the writer replaces that source's claims with these."""

    file: str
    source_id: str
    content_hash: str
    entities: list[EntityRow]
    claims: list[ClaimRow]
    # placeholder id -> named id, for unnamed nodes in the graph that this file names (same_as)
    renames: dict[str, str] = field(default_factory=dict)
    # every entity id the file declares, after same_as and referents are resolved
    declared_ids: list[str] = field(default_factory=list)
