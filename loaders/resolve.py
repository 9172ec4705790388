"""References of one fact file: the entities it declares, what the graph already holds, and
how a reference (an id, a former id, a name or an alias) becomes exactly one entity id."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from loaders.factfile import EntityEntry, FactEntry, SourceBlock
from loaders.plan import GraphView, KnownEntity, name_key
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
    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # entities of the whole graph by the names and aliases their sources give them
    graph_names: dict[str, list[KnownEntity]] = field(default_factory=dict)
    graph: GraphView | None = None

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
        refs.graph = graph
        refs.declared[source.id] = Declared(source.id, "Source", ("source", "id"))
        refs._declare(entries)
        wanted: set[str] = set(refs.declared)
        wanted.update(e.same_as for _, e in entries if e.same_as)
        for _, f in facts:
            wanted.update(r for r in (f.subject, f.object, f.speaker, f.according_to) if r)
        if source.publisher:
            wanted.add(source.publisher)
        refs.known = graph.known(sorted(r for r in wanted if _id_like(r)))
        refs._check_types_against_graph()
        refs.canonical = {i: i for i in refs.declared}
        refs.canonical.update({ref: k.id for ref, k in refs.known.items()})
        refs._same_as(entries)
        for _, e in entries:
            for name in (e.name, *e.aliases):
                refs.by_name[name_key(name)].add(e.id)
        names = {r for r in wanted if not _id_like(r) and name_key(r) not in refs.by_name}
        new_names = {
            name_key(n) for _, e in entries if e.id not in refs.known for n in (e.name, *e.aliases)
        }
        refs.graph_names = graph.named(sorted(names | new_names))
        return refs

    def lookalikes(self, entries: list[tuple[int, EntityEntry]]) -> list[tuple[YPath, str]]:
        """New entities of this file whose name or alias an entity of the graph already has:
        (where, message) for each, to warn about or, with --strict, refuse."""
        out: list[tuple[YPath, str]] = []
        for i, e in entries:
            if e.id in self.known or e.same_as or e.unnamed:
                continue
            for name in (e.name, *e.aliases):
                others = [k for k in self.graph_names.get(name_key(name), []) if k.id != e.id]
                if others:
                    listed = ", ".join(f"{k.id} ({k.name})" for k in others)
                    out.append(
                        (
                            ("entities", i, "name" if name == e.name else "aliases"),
                            f"new entity '{e.id}' is named '{name}' like {listed}",
                        )
                    )
                    break
        return out

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

    def type_of(self, entity_id: str | None) -> str | None:
        """The type of a resolved id, or None when unknown (already reported)."""
        if entity_id is None:
            return None
        ent = self.declared.get(entity_id)
        if ent is not None:
            return ent.type if ent.type in self.c.onto.types else None
        known = self.known.get(entity_id)
        if known is not None:
            return known.type
        for k in self.known.values():
            if k.id == entity_id:
                return k.type
        for found in self.graph_names.values():
            for k in found:
                if k.id == entity_id:
                    return k.type
        return None

    def resolve(self, ref: str, path: YPath) -> str | None:
        """The id a reference stands for, or None after reporting why there is none."""
        # The id as the file gives it: the writer maps a placeholder's id onto the entity that
        # names it, so removing the naming source later gives the placeholder back its claims.
        if ref in self.declared or ref in self.known:
            return ref
        matches = self.by_name.get(name_key(ref), set())
        if len(matches) == 1:
            return next(iter(matches))
        in_graph = {k.id: k for k in self.graph_names.get(name_key(ref), [])}
        if not matches and len(in_graph) == 1:
            return next(iter(in_graph))
        if ref in self.broken.refs:
            return None
        if len(matches) > 1 or len(in_graph) > 1:
            listed = sorted(matches) or [f"{k.id} ({k.name})" for k in in_graph.values()]
            self.c.add(
                path,
                f"name '{ref}' matches {len(listed)} entities: {', '.join(sorted(listed))}",
                "use the id of the one you mean",
            )
        elif _id_like(ref):
            self.c.add(
                path,
                f"no entity '{ref}': it is not declared in this file nor in the graph"
                + self._did_you_mean(ref),
                "declare it under `entities`, or correct the id",
            )
        else:
            self.c.add(
                path,
                f"no entity named '{ref}' in this file or the graph" + self._did_you_mean(ref),
                "use an id, or a name or alias of an entity of this file or the graph",
            )
        return None

    def _shown(self, entity_id: str) -> str:
        declared = self.declared.get(entity_id)
        entry = declared.entry if declared is not None else None
        return f"{entity_id} ({entry.name})" if entry is not None else entity_id

    def _did_you_mean(self, ref: str) -> str:
        in_file = {n: ids for n, ids in self.by_name.items()}
        close = difflib.get_close_matches(name_key(ref), list(in_file), n=3, cutoff=0.6)
        found = [self._shown(sorted(in_file[n])[0]) for n in close]
        if _id_like(ref):
            found += difflib.get_close_matches(ref, list(self.declared), n=3, cutoff=0.6)
        if self.graph is not None:
            text = ref.split(":", 1)[1].replace("-", " ") if _id_like(ref) else ref
            found += [f"{k.id} ({k.name})" for k in self.graph.suggest(text)]
        unique = list(dict.fromkeys(found))[:5]
        return f"; did you mean: {', '.join(unique)}?" if unique else ""


def _id_like(ref: str) -> bool:
    head, sep, tail = ref.partition(":")
    return bool(sep) and head.isalpha() and head.islower() and " " not in tail
