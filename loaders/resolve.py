"""References of one fact file: the entities it declares, what the graph already holds, and
how a reference (an id, a former id, a name or an alias) becomes exactly one entity id."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from loaders.factfile import EntityEntry, FactEntry, SourceBlock
from loaders.plan import GraphView, KnownEntity
from loaders.shape import Broken, Checker
from loaders.yamlread import Path as YPath


@dataclass
class Declared:
    id: str
    type: str
    path: YPath
    entry: EntityEntry | None = None  # None for the source block's own entity


@dataclass
class References:
    c: Checker
    source: SourceBlock
    broken: Broken
    declared: dict[str, Declared] = field(default_factory=dict)
    known: dict[str, KnownEntity] = field(default_factory=dict)
    # the id each id of this file stands for: itself, or what same_as or a referent made it
    canonical: dict[str, str] = field(default_factory=dict)
    referents: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    renames: dict[str, str] = field(default_factory=dict)  # placeholder in graph -> named id
    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def build(
        cls,
        c: Checker,
        source: SourceBlock,
        entries: list[tuple[int, EntityEntry]],
        facts: list[tuple[int, FactEntry]],
        graph: GraphView,
        broken: Broken,
    ) -> References:
        refs = cls(c, source, broken)
        refs.declared[source.id] = Declared(source.id, "Source", ("source", "id"))
        refs._declare(entries)
        wanted: set[str] = set(refs.declared)
        wanted.update(e.same_as for _, e in entries if e.same_as)
        for _, f in facts:
            wanted.update(r for r in (f.subject, f.object, f.speaker, f.according_to) if r)
        if source.publisher:
            wanted.add(source.publisher)
        refs.known = graph.known(sorted(r for r in wanted if ":" in r))
        refs._check_types_against_graph()
        refs.canonical = {i: i for i in refs.declared}
        refs.canonical.update({ref: k.id for ref, k in refs.known.items()})
        refs._same_as(entries)
        for _, e in entries:
            for name in (e.name, *e.aliases):
                refs.by_name[" ".join(name.split())].add(e.id)
        return refs

    def _declare(self, entries: list[tuple[int, EntityEntry]]) -> None:
        c, onto = self.c, self.c.onto
        for i, e in entries:
            path: YPath = ("entities", i)
            etype = onto.types.get(e.type)
            if etype is None:
                c.add(
                    (*path, "type"),
                    f"unknown entity type '{e.type}'",
                    f"use one of: {', '.join(onto.types)}",
                )
            elif not e.id.startswith(etype.prefix + ":"):
                c.add(
                    (*path, "id"),
                    f"id '{e.id}' does not start with '{etype.prefix}:' as a {e.type} id must",
                    f"write it as {etype.prefix}:{e.id.split(':', 1)[1]}",
                )
            first = self.declared.get(e.id)
            if first is not None:
                first_line = c.line(first.path)
                if first.type != e.type:
                    c.add(
                        (*path, "id"),
                        f"id '{e.id}' is given two types: {first.type} (line {first_line}) "
                        f"and {e.type}",
                        "give each thing its own id, or declare it once with one type",
                    )
                else:
                    c.add(
                        (*path, "id"),
                        f"entity '{e.id}' is declared twice (first at line {first_line})",
                        "keep one declaration",
                    )
                continue
            self.declared[e.id] = Declared(e.id, e.type, path, e)
            for j, topic in enumerate(e.topics):
                if topic not in onto.topics:
                    c.add(
                        (*path, "topics", j),
                        f"unknown topic '{topic}'",
                        "use a topic code listed under `topics` in graph/ontology.yaml",
                    )

    def _check_types_against_graph(self) -> None:
        # A file may correct the type of an entity only it declares and cites.
        for ent in self.declared.values():
            k = self.known.get(ent.id)
            if k is None or k.type == ent.type or ent.type not in self.c.onto.types:
                continue
            others = sorted(k.sources - {self.source.id})
            if others:
                self.c.add(
                    (*ent.path, "type") if ent.entry else ent.path,
                    f"id '{ent.id}' is given two types: {k.type} in the graph "
                    f"(from {', '.join(others)}) and {ent.type} here",
                    f"declare it as {k.type}, or give this entity its own id",
                )

    def _same_as(self, entries: list[tuple[int, EntityEntry]]) -> None:
        c = self.c
        for i, e in entries:
            if not e.same_as:
                continue
            path: YPath = ("entities", i, "same_as")
            target = e.same_as
            in_file = self.declared.get(target)
            in_graph = self.known.get(target)
            target_unnamed = (
                in_file.entry.unnamed
                if in_file is not None and in_file.entry is not None
                else in_graph is not None and in_graph.unnamed
            )
            if target == e.id:
                c.add(path, "an entity cannot be the same as itself", "remove same_as")
            elif e.unnamed:
                c.add(path, "an unnamed entity cannot name a placeholder", "remove same_as")
            elif in_file is None and in_graph is None:
                c.add(
                    path,
                    f"same_as '{target}' is not an entity of this file or the graph",
                    "give the id of the unnamed placeholder this entity names",
                )
            elif in_graph is not None and in_graph.id == e.id:
                pass  # resolved by an earlier load
            elif not target_unnamed:
                c.add(
                    path,
                    f"same_as '{target}' is not an unnamed placeholder",
                    "point same_as only at an entity declared with unnamed: true",
                )
            elif in_graph is not None and e.id in self.known and self.known[e.id].id != in_graph.id:
                c.add(
                    path,
                    f"'{e.id}' and '{target}' are both already in the graph as separate entities",
                    "name the placeholder with a new id, or merge the two by hand first",
                )
            else:
                target_type = in_file.type if in_file is not None else in_graph.type  # type: ignore[union-attr]
                if target_type != e.type:
                    c.add(
                        path,
                        f"same_as '{target}' is a {target_type}, not a {e.type}",
                        "a placeholder can only be named by an entity of its own type",
                    )
                    continue
                self.canonical[target] = e.id
                self.referents[e.id].append(target)
                if in_graph is not None:
                    self.renames[in_graph.id] = e.id

    def type_of(self, entity_id: str | None) -> str | None:
        """The type of a resolved id, or None when unknown (already reported)."""
        if entity_id is None:
            return None
        ent = self.declared.get(entity_id)
        if ent is not None:
            return ent.type if ent.type in self.c.onto.types else None
        for k in self.known.values():
            if k.id == entity_id:
                return k.type
        return None

    def resolve(self, ref: str, path: YPath) -> str | None:
        """The id a reference stands for, or None after reporting why there is none."""
        if ref in self.declared or ref in self.known:
            return self.canonical.get(ref, ref)
        matches = self.by_name.get(" ".join(ref.split()), set())
        if len(matches) == 1:
            only = next(iter(matches))
            return self.canonical.get(only, only)
        if ref in self.broken.refs:
            return None
        if len(matches) > 1:
            self.c.add(
                path,
                f"name '{ref}' matches {len(matches)} entities: {', '.join(sorted(matches))}",
                "use the id of the one you mean",
            )
        elif _id_like(ref):
            self.c.add(
                path,
                f"no entity '{ref}': it is not declared in this file nor in the graph",
                "declare it under `entities`, or correct the id",
            )
        else:
            self.c.add(
                path,
                f"no entity named '{ref}' in this file",
                "use an id, or a name or alias of an entity declared under `entities`",
            )
        return None

    def declared_ids(self) -> list[str]:
        return sorted({self.canonical.get(i, i) for i in self.declared})


def _id_like(ref: str) -> bool:
    head, sep, tail = ref.partition(":")
    return bool(sep) and head.isalpha() and head.islower() and " " not in tail
