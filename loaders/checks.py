"""Check one fact file whole and resolve its references, collecting every problem at once.

validate -> resolve: the file is parsed with line numbers, each part's shape is checked by the
pydantic models, then what needs the ontology, the rest of the file or the graph is checked
here. The result is either a `WritePlan` or a `FactFileError` listing every problem.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from graph.ontology import Ontology, PropertySpec, get_ontology
from loaders import ids
from loaders.errors import FactFileError, Problem
from loaders.factfile import EntityEntry, FactEntry, FactFileTop, SourceBlock, _to_partial_date
from loaders.plan import ClaimRow, EntityRow, GraphView, KnownEntity, WritePlan
from loaders.quotes import SourceText
from loaders.yamlread import Path as YPath
from loaders.yamlread import YamlProblem, line_of, parse

# Source properties the loader sets itself; a fact file may not write them.
LOADER_OWNED = frozenset({"content_hash", "text_path", "publisher_id"})


def _field(path: YPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "document"


def _fix_for(error: dict[str, Any], model: type[BaseModel] | None) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if "fix" in ctx:
        return str(ctx["fix"])
    name = str(error["loc"][-1]) if error["loc"] else "value"
    if kind == "missing":
        return f"add `{name}`"
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields) if model else "see docs/fact-files.md"
        return f"remove `{name}` or correct its spelling; allowed here: {allowed}"
    if kind == "literal_error":
        return f"use one of: {ctx.get('expected', '')}"
    if kind in ("string_too_short", "too_short"):
        return f"give `{name}` a value"
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
class _Entity:
    id: str
    type: str
    line_path: YPath
    entry: EntityEntry | None = None  # None for the source block's own entity


@dataclass
class _Checker:
    file: str
    lines: dict[YPath, int]
    onto: Ontology
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: YPath, message: str, fix: str) -> None:
        self.problems.append(
            Problem(self.file, line_of(self.lines, path), _field(path), message, fix)
        )

    def shape(self, model: type[BaseModel], value: Any, path: YPath) -> Any:
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            for err in exc.errors():
                loc = (*path, *err["loc"])
                # Where a list of unions fails, pydantic appends the tried type names; the
                # reader needs only where the value sits.
                loc = tuple(p for p in loc if not (isinstance(p, str) and "[" in p))
                if err["type"] == "extra_forbidden":
                    sub = _submodel(model, err["loc"][:-1])
                else:
                    sub = model
                self.add(loc, _message_for(dict(err)), _fix_for(dict(err), sub))
            return None


def _submodel(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    return model if not loc else None


def check_document(
    data: bytes,
    *,
    filename: str,
    base_dir: Path | None,
    graph: GraphView,
    text: str | None = None,
) -> WritePlan:
    """Validate and resolve one fact file; raises FactFileError with all its problems."""
    onto = get_ontology()
    try:
        raw_text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FactFileError(
            [Problem(filename, 0, "document", f"not UTF-8 text ({exc.reason})", "save as UTF-8")]
        ) from None
    try:
        doc, lines = parse(raw_text)
    except YamlProblem as exc:
        # JSON is read as YAML for its line numbers, but YAML refuses some valid JSON (tabs).
        as_json = _json_or_none(raw_text) if exc.message.startswith("YAML syntax") else None
        if as_json is not None:
            doc, lines = as_json, {}
        else:
            raise FactFileError(
                [Problem(filename, exc.line, _field(exc.path), exc.message, exc.fix)]
            ) from None
    c = _Checker(filename, lines, onto)
    if not isinstance(doc, dict):
        c.add((), "a fact file is a mapping", "write `source:`, `entities:` and `facts:` keys")
        raise FactFileError(c.problems)
    top = c.shape(FactFileTop, doc, ())
    if top is None:
        raise FactFileError(c.problems)
    source = c.shape(SourceBlock, top.source, ("source",))
    entries: list[tuple[int, EntityEntry]] = []
    for i, item in enumerate(top.entities):
        entry = c.shape(EntityEntry, item, ("entities", i))
        if entry is not None:
            entries.append((i, entry))
    facts: list[tuple[int, FactEntry]] = []
    for i, item in enumerate(top.facts):
        fact = c.shape(FactEntry, item, ("facts", i))
        if fact is not None:
            facts.append((i, fact))
    if source is None:
        source = _stand_in_source(top.source)
    broken = _Broken.collect(top.entities, top.facts, entries, facts)
    plan = _resolve(c, source, entries, facts, base_dir, graph, text, data, broken)
    if c.problems:
        raise FactFileError(c.problems)
    assert plan is not None
    return plan


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text) if text.lstrip().startswith("{") else None
    except ValueError:
        return None


def _stand_in_source(raw: dict[str, Any]) -> SourceBlock:
    """A source block good enough to check the rest of the file against, once the real one has
    been reported as broken; the file fails either way."""

    def text_of(key: str, default: str | None) -> str | None:
        value = raw.get(key)
        return value if isinstance(value, str) else default

    return SourceBlock.model_construct(
        id=text_of("id", None) or "source:unknown",
        kind="reference",
        title=text_of("title", None) or "unknown",
        publisher=text_of("publisher", None),
        published_on="",
        url=None,
        language="en",
        text=text_of("text", None),
        note=None,
    )


@dataclass
class _Broken:
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
    ) -> _Broken:
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


def _check_props(
    c: _Checker,
    props: dict[str, Any],
    allowed: dict[str, PropertySpec],
    path: YPath,
    owner: str,
) -> dict[str, Any]:
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
        out[name] = _partial(value) if spec.kind == "date" else value
    return out


def _partial(value: Any) -> str:
    return str(_to_partial_date(value))


def _kind_problem(spec: PropertySpec, value: Any) -> str | None:
    kind = spec.kind
    ok = {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "strings": isinstance(value, list),
        "scalar": isinstance(value, (str, int, float)) and not isinstance(value, bool),
    }.get(kind)
    if kind == "date":
        try:
            _to_partial_date(value)
            return None
        except PydanticCustomError:
            return f"'{value}' is not a partial ISO date"
    return None if ok else f"{value!r} is not a {kind}"


def _resolve(
    c: _Checker,
    source: SourceBlock,
    entries: list[tuple[int, EntityEntry]],
    facts: list[tuple[int, FactEntry]],
    base_dir: Path | None,
    graph: GraphView,
    text: str | None,
    data: bytes,
    broken: _Broken,
) -> WritePlan | None:
    onto = c.onto

    # --- the source's text ------------------------------------------------------------------
    source_text: SourceText | None = None
    if text is not None:
        source_text = SourceText(text)
    elif source.text is not None:
        if base_dir is None:
            c.add(
                ("source", "text"),
                "the source text cannot be read: the fact file was not loaded from a folder",
                "load the file from disk, or send the text with it",
            )
        else:
            text_file = (base_dir / source.text).resolve()
            if not text_file.is_file():
                c.add(
                    ("source", "text"),
                    f"source text '{source.text}' not found",
                    "give a path relative to the fact file, e.g. sources/report.txt",
                )
            else:
                text = text_file.read_text(encoding="utf-8")
                source_text = SourceText(text)
    if not source.id.startswith("source:"):
        c.add(("source", "id"), f"'{source.id}' is not a source id", "start it with source:")

    # --- entities -----------------------------------------------------------------------------
    declared: dict[str, _Entity] = {source.id: _Entity(source.id, "Source", ("source", "id"), None)}
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
        first = declared.get(e.id)
        if first is not None:
            first_line = line_of(c.lines, first.line_path)
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
        declared[e.id] = _Entity(e.id, e.type, path, e)
        for j, topic in enumerate(e.topics):
            if topic not in onto.topics:
                c.add(
                    (*path, "topics", j),
                    f"unknown topic '{topic}'",
                    "use a topic code listed under `topics` in graph/ontology.yaml",
                )

    # --- what the graph already holds ----------------------------------------------------------
    refs: set[str] = set(declared)
    for _, e in entries:
        if e.same_as:
            refs.add(e.same_as)
    for _, f in facts:
        refs.update(r for r in (f.subject, f.object, f.speaker, f.according_to) if r)
    if source.publisher:
        refs.add(source.publisher)
    known = graph.known(sorted(r for r in refs if ":" in r))

    for ent in declared.values():
        k = known.get(ent.id)
        others = sorted(k.sources - {source.id}) if k is not None else []
        if k is not None and k.type != ent.type and onto.types.get(ent.type) and others:
            c.add(
                (*ent.line_path, "type") if ent.entry else ent.line_path,
                f"id '{ent.id}' is given two types: {k.type} in the graph "
                f"(from {', '.join(others)}) and {ent.type} here",
                f"declare it as {k.type}, or give this entity its own id",
            )

    # canonical id of every id this file may mention: graph referents and same_as
    canonical: dict[str, str] = {ent_id: ent_id for ent_id in declared}
    for ref, k in known.items():
        canonical[ref] = k.id
    renames: dict[str, str] = {}
    referents: dict[str, list[str]] = defaultdict(list)
    for i, e in entries:
        if not e.same_as:
            continue
        path = ("entities", i, "same_as")
        target = e.same_as
        in_file = declared.get(target)
        in_graph = known.get(target)
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
        elif (in_file is not None and in_file.entry is not None and not in_file.entry.unnamed) or (
            in_file is None and in_graph is not None and not in_graph.unnamed
        ):
            c.add(
                path,
                f"same_as '{target}' is not an unnamed placeholder",
                "point same_as only at an entity declared with unnamed: true",
            )
        elif in_graph is not None and e.id in known and known[e.id].id != in_graph.id:
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
            canonical[target] = e.id
            referents[e.id].append(target)
            if in_graph is not None:
                renames[in_graph.id] = e.id

    # names and aliases of this file's entities, for references by name
    by_name: dict[str, set[str]] = defaultdict(set)
    for _, e in entries:
        for name in (e.name, *e.aliases):
            by_name[" ".join(name.split())].add(e.id)

    def type_of(entity_id: str) -> str | None:
        ent = declared.get(entity_id)
        if ent is not None:
            return ent.type if ent.type in onto.types else None
        for k in known.values():
            if k.id == entity_id:
                return k.type
        return None

    def resolve(ref: str, path: YPath) -> str | None:
        if ref in declared or ref in known:
            return canonical.get(ref, ref)
        matches = by_name.get(" ".join(ref.split()), set())
        if len(matches) == 1:
            only = next(iter(matches))
            return canonical.get(only, only)
        if ref in broken.refs:
            return None
        if len(matches) > 1:
            c.add(
                path,
                f"name '{ref}' matches {len(matches)} entities: {', '.join(sorted(matches))}",
                "use the id of the one you mean",
            )
            return None
        if ids_like(ref):
            c.add(
                path,
                f"no entity '{ref}': it is not declared in this file nor in the graph",
                "declare it under `entities`, or correct the id",
            )
        else:
            c.add(
                path,
                f"no entity named '{ref}' in this file",
                "use an id, or a name or alias of an entity declared under `entities`",
            )
        return None

    # --- the source entity ---------------------------------------------------------------------
    publisher_id: str | None = None
    if source.publisher is not None:
        publisher_id = resolve(source.publisher, ("source", "publisher"))
        ptype = type_of(publisher_id) if publisher_id else None
        if ptype is not None and ptype not in onto.predicates["PUBLISHED_BY"].object:
            c.add(
                ("source", "publisher"),
                f"publisher '{source.publisher}' is a {ptype}, not an organisation",
                "name the publishing Organization (or subtype)",
            )

    content_hash = ids.content_hash(data, text, onto.version)
    source_props: dict[str, Any] = {
        "id": source.id,
        "type": "Source",
        "name": source.title,
        "aliases": [],
        "topics": [],
        "unnamed": False,
        "title": source.title,
        "kind": source.kind,
        "published_on": source.published_on,
        "url": source.url,
        "language": source.language,
        "publisher_id": publisher_id,
        "note": source.note,
        "text_path": source.text,
        "content_hash": content_hash,
    }
    rows: list[EntityRow] = [_entity_row(source.id, "Source", source_props, [])]

    for i, e in entries:
        etype = onto.types.get(e.type)
        if etype is None or declared.get(e.id) is None or declared[e.id].entry is not e:
            continue
        if canonical.get(e.id, e.id) != e.id:
            continue  # a placeholder named by another entity of this file
        path = ("entities", i)
        extra = _check_props(c, e.props, etype.properties, path, f"a {e.type}")
        if e.type == "Source" and "kind" in extra and extra["kind"] not in onto.source_kinds:
            c.add(
                (*path, "props", "kind"),
                f"unknown source kind '{extra['kind']}'",
                f"use one of: {', '.join(onto.source_kinds)}",
            )
        props = {
            "id": e.id,
            "type": e.type,
            "name": e.name,
            "aliases": list(e.aliases),
            "topics": list(e.topics),
            "unnamed": e.unnamed,
            "description": e.description,
            **extra,
        }
        existing = known.get(e.id)
        if existing is not None and existing.id != e.id:
            # This id was a placeholder that a later source has named: keep the name it has now.
            continue
        rows.append(_entity_row(e.id, e.type, props, referents.get(e.id, [])))

    # --- facts ---------------------------------------------------------------------------------
    fact_paths: dict[str, YPath] = {}
    triples: dict[str, tuple[str | None, str, str | None]] = {}
    for i, f in facts:
        path = ("facts", i)
        if f.id in fact_paths:
            c.add(
                (*path, "id"),
                f"fact id '{f.id}' is used twice (first at line "
                f"{line_of(c.lines, fact_paths[f.id])})",
                "give each fact its own id",
            )
            continue
        fact_paths[f.id] = path

    claims: list[ClaimRow] = []
    for i, f in facts:
        path = ("facts", i)
        if fact_paths.get(f.id) != path:
            continue
        pred = onto.predicates.get(f.predicate)
        if pred is None:
            c.add(
                (*path, "predicate"),
                f"unknown predicate '{f.predicate}'",
                f"use one of: {', '.join(onto.predicates)}",
            )
        subject_id = resolve(f.subject, (*path, "subject"))
        object_id = resolve(f.object, (*path, "object"))
        triples[f.id] = (subject_id, f.predicate, object_id)
        if pred is not None:
            for end, ref, eid, allowed, spec in (
                ("subject", f.subject, subject_id, pred.subject, pred.subject_spec),
                ("object", f.object, object_id, pred.object, pred.object_spec),
            ):
                etype_name = type_of(eid) if eid else None
                if etype_name is not None and etype_name not in allowed:
                    c.add(
                        (*path, end),
                        f"{pred.name} takes as {end} a {' or '.join(spec)}; "
                        f"'{ref}' is a {etype_name}",
                        "choose a predicate whose ends fit (see graph/ontology.yaml), "
                        f"or another {end}",
                    )
            props = _check_props(c, f.props, pred.properties, path, f"a {pred.name} fact")
        else:
            props = {}
        speaker_id = resolve(f.speaker, (*path, "speaker")) if f.speaker else None
        if speaker_id is not None:
            st = type_of(speaker_id)
            if st is not None and st not in onto.predicates["MEMBER_OF"].subject:
                c.add(
                    (*path, "speaker"),
                    f"speaker '{f.speaker}' is a {st}, not a person or organisation",
                    "name the Person or Organization speaking",
                )
        according_id = resolve(f.according_to, (*path, "according_to")) if f.according_to else None
        if according_id is not None and type_of(according_id) not in (None, "Source"):
            c.add(
                (*path, "according_to"),
                f"according_to '{f.according_to}' is a {type_of(according_id)}, not a Source",
                "name the report the source attributes the fact to (a Source entity)",
            )
        if source_text is not None and not source_text.contains(f.quote):
            c.add(
                (*path, "quote"),
                f"quote not found in the source text {source.text or '(sent with the file)'}",
                "copy the words verbatim from the source text (whitespace and typographic "
                "quotes may differ)",
            )
        stated_on = f.stated_on or source.published_on
        if f.valid_from and f.valid_to and f.valid_to < f.valid_from[: len(f.valid_to)]:
            c.add(
                (*path, "valid_to"),
                f"valid_to {f.valid_to} is before valid_from {f.valid_from}",
                "swap them or correct one",
            )
        node = {
            "id": ids.claim_id(source.id, f.id),
            "fact_key": f.id,
            "predicate": f.predicate,
            "stance": f.stance,
            "quote": " ".join(f.quote.split()),
            "source_id": source.id,
            "subject_id": subject_id,
            "object_id": object_id,
            "stated_on": stated_on,
            "valid_from": f.valid_from,
            "valid_to": f.valid_to,
            "note": f.note,
            "props": json.dumps(props, sort_keys=True, ensure_ascii=False),
            **{f"p_{k}": v for k, v in props.items()},
        }
        claims.append(
            ClaimRow(
                id=node["id"],
                fact_key=f.id,
                predicate=f.predicate,
                subject_id=subject_id or "",
                object_id=object_id or "",
                speaker_id=speaker_id,
                according_to_id=according_id,
                answers=[],
                props=node,
            )
        )

    # denials and their answers, now that every fact's triple is known
    by_key = {cl.fact_key: cl for cl in claims}
    for i, f in facts:
        path = ("facts", i)
        if fact_paths.get(f.id) != path:
            continue
        answering = f.stance in onto.answering_stances
        if answering and not f.answers:
            c.add(
                (*path, "answers"),
                f"a '{f.stance}' fact must answer at least one fact",
                "list the ids of the facts it answers under `answers`",
            )
        if not answering and f.answers:
            c.add(
                (*path, "answers"),
                f"an '{f.stance}' fact answers nothing",
                "remove `answers`, or use stance denies, disputes or retracts",
            )
            continue
        for j, key in enumerate(f.answers):
            where = (*path, "answers", j)
            if key == f.id:
                c.add(where, "a fact cannot answer itself", "name another fact's id")
            elif key in broken.fact_ids:
                continue
            elif key not in fact_paths:
                c.add(
                    where,
                    f"no fact '{key}' in this file",
                    "give the id of a fact of this file",
                )
            elif None not in triples[f.id] and None not in triples[key]:
                if triples[f.id] != triples[key]:
                    mine, theirs = triples[f.id], triples[key]
                    c.add(
                        where,
                        f"a denial must have the subject, predicate and object of the fact it "
                        f"answers: ({', '.join(map(str, mine))}) is not "
                        f"({', '.join(map(str, theirs))})",
                        "state the denial about the same subject, predicate and object",
                    )
                else:
                    by_key[f.id].answers.append(by_key[key].id)

    if c.problems:
        return None
    for cl in claims:
        cl.props["fingerprint"] = ids.fingerprint(
            [cl.props, cl.speaker_id, cl.according_to_id, sorted(cl.answers)]
        )
    return WritePlan(
        file=c.file,
        source_id=source.id,
        content_hash=content_hash,
        entities=rows,
        claims=claims,
        renames=renames,
        declared_ids=sorted({canonical.get(i, i) for i in declared}),
    )


def ids_like(ref: str) -> bool:
    head, sep, tail = ref.partition(":")
    return bool(sep) and head.isalpha() and head.islower() and " " not in tail


def _entity_row(entity_id: str, etype: str, props: dict[str, Any], refs: list[str]) -> EntityRow:
    clean = {k: v for k, v in props.items() if v is not None}
    clean["fingerprint"] = ids.fingerprint([clean, sorted(refs)])
    return EntityRow(id=entity_id, type=etype, props=clean, referents=sorted(refs))


__all__ = ["KnownEntity", "check_document"]
