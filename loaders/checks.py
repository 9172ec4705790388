"""Check one fact file whole and resolve its references, collecting every problem at once.

validate -> resolve: the file is parsed with line numbers (`yamlread`), each part's shape is
checked by the pydantic models (`shape`), references are resolved (`resolve`), and here the
rest: the source's text and quotes, predicates and the types at their ends, properties, and
denials. The result is a `WritePlan`, or a `FactFileError` listing every problem.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.ontology import get_ontology
from loaders import ids
from loaders.errors import FactFileError, Problem
from loaders.factfile import EntityEntry, FactEntry, FactFileTop, SourceBlock
from loaders.plan import ClaimRow, EntityRow, GraphView, WritePlan
from loaders.props import check_props
from loaders.quotes import SourceText
from loaders.resolve import References
from loaders.shape import Broken, Checker, field_path, json_or_none, stand_in_source
from loaders.yamlread import Path as YPath
from loaders.yamlread import YamlProblem, parse


def check_document(
    data: bytes,
    *,
    filename: str,
    base_dir: Path | None,
    graph: GraphView,
    text: str | None = None,
) -> WritePlan:
    """Validate and resolve one fact file; raises FactFileError with all its problems."""
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
        as_json = json_or_none(raw_text) if exc.message.startswith("YAML syntax") else None
        if as_json is None:
            raise FactFileError(
                [Problem(filename, exc.line, field_path(exc.path), exc.message, exc.fix)]
            ) from None
        doc, lines = as_json, {}
    c = Checker(filename, lines, get_ontology())
    if not isinstance(doc, dict):
        c.add((), "a fact file is a mapping", "write `source:`, `entities:` and `facts:` keys")
        raise FactFileError(c.problems)
    top = c.shape(FactFileTop, doc, ())
    if top is None:
        raise FactFileError(c.problems)
    source = c.shape(SourceBlock, top.source, ("source",)) or stand_in_source(top.source)
    entries = _valid(c, EntityEntry, top.entities, "entities")
    facts = _valid(c, FactEntry, top.facts, "facts")
    broken = Broken.collect(top.entities, top.facts, entries, facts)

    source_text, text = _source_text(c, source, base_dir, text)
    refs = References.build(c, source, entries, facts, graph, broken)
    content_hash = ids.content_hash(data, text, c.onto.version)
    rows = [_source_row(c, refs, content_hash), *_entity_rows(c, refs, entries)]
    claims = _claims(c, refs, facts, source_text)
    if c.problems:
        raise FactFileError(c.problems)
    for cl in claims:
        cl.props["fingerprint"] = ids.fingerprint(
            [cl.props, cl.speaker_id, cl.according_to_id, sorted(cl.answers)]
        )
    return WritePlan(
        file=filename,
        source_id=source.id,
        content_hash=content_hash,
        entities=rows,
        claims=claims,
        renames=refs.renames,
        declared_ids=refs.declared_ids(),
    )


def _valid(c: Checker, model: Any, items: list[Any], key: str) -> list[Any]:
    """(index, model) for every item of the list that has the right shape."""
    out = []
    for i, item in enumerate(items):
        value = c.shape(model, item, (key, i))
        if value is not None:
            out.append((i, value))
    return out


def _source_text(
    c: Checker, source: SourceBlock, base_dir: Path | None, text: str | None
) -> tuple[SourceText | None, str | None]:
    if not source.id.startswith("source:"):
        c.add(("source", "id"), f"'{source.id}' is not a source id", "start it with source:")
    if text is not None:
        return SourceText(text), text
    if source.text is None:
        return None, None
    if base_dir is None:
        c.add(
            ("source", "text"),
            "the source text cannot be read: the fact file was not loaded from a folder",
            "load the file from disk, or send the text with it",
        )
        return None, None
    text_file = (base_dir / source.text).resolve()
    if not text_file.is_file():
        c.add(
            ("source", "text"),
            f"source text '{source.text}' not found",
            "give a path relative to the fact file, e.g. sources/report.txt",
        )
        return None, None
    text = text_file.read_text(encoding="utf-8")
    return SourceText(text), text


def _source_row(c: Checker, refs: References, content_hash: str) -> EntityRow:
    source = refs.source
    publisher_id: str | None = None
    if source.publisher is not None:
        publisher_id = refs.resolve(source.publisher, ("source", "publisher"))
        ptype = refs.type_of(publisher_id)
        if ptype is not None and ptype not in c.onto.predicate("PUBLISHED_BY").object:
            c.add(
                ("source", "publisher"),
                f"publisher '{source.publisher}' is a {ptype}, not an organisation",
                "name the publishing Organization (or subtype)",
            )
    props: dict[str, Any] = {
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
    return _entity_row(source.id, "Source", props, [])


def _entity_rows(
    c: Checker, refs: References, entries: list[tuple[int, EntityEntry]]
) -> list[EntityRow]:
    rows: list[EntityRow] = []
    for i, e in entries:
        etype = c.onto.types.get(e.type)
        declared = refs.declared.get(e.id)
        if etype is None or declared is None or declared.entry is not e:
            continue  # already reported
        if refs.canonical.get(e.id, e.id) != e.id:
            # A placeholder named by another entity (of this file, or by a later source whose
            # name it now has): the named entity stands for it.
            continue
        path: YPath = ("entities", i)
        extra = check_props(c, e.props, etype.properties, path, f"a {e.type}")
        if e.type == "Source" and "kind" in extra and extra["kind"] not in c.onto.source_kinds:
            c.add(
                (*path, "props", "kind"),
                f"unknown source kind '{extra['kind']}'",
                f"use one of: {', '.join(c.onto.source_kinds)}",
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
        rows.append(_entity_row(e.id, e.type, props, refs.referents.get(e.id, [])))
    return rows


def _entity_row(entity_id: str, etype: str, props: dict[str, Any], refs: list[str]) -> EntityRow:
    clean = {k: v for k, v in props.items() if v is not None}
    clean["fingerprint"] = ids.fingerprint([clean, sorted(refs)])
    return EntityRow(id=entity_id, type=etype, props=clean, referents=sorted(refs))


Triple = tuple[str | None, str, str | None]


def _claims(
    c: Checker,
    refs: References,
    facts: list[tuple[int, FactEntry]],
    source_text: SourceText | None,
) -> list[ClaimRow]:
    first: dict[str, YPath] = {}
    unique: list[tuple[YPath, FactEntry]] = []
    for i, f in facts:
        path: YPath = ("facts", i)
        if f.id in first:
            c.add(
                (*path, "id"),
                f"fact id '{f.id}' is used twice (first at line {c.line(first[f.id])})",
                "give each fact its own id",
            )
            continue
        first[f.id] = path
        unique.append((path, f))
    triples: dict[str, Triple] = {}
    claims: dict[str, ClaimRow] = {}
    for path, f in unique:
        claim, triples[f.id] = _claim(c, refs, f, path, source_text)
        claims[f.id] = claim
    for path, f in unique:
        _answers(c, refs, f, path, triples, claims)
    return list(claims.values())


def _claim(
    c: Checker, refs: References, f: FactEntry, path: YPath, source_text: SourceText | None
) -> tuple[ClaimRow, Triple]:
    source = refs.source
    pred = c.onto.predicates.get(f.predicate)
    if pred is None:
        c.add(
            (*path, "predicate"),
            f"unknown predicate '{f.predicate}'",
            f"use one of: {', '.join(c.onto.predicates)}",
        )
    subject_id = refs.resolve(f.subject, (*path, "subject"))
    object_id = refs.resolve(f.object, (*path, "object"))
    props: dict[str, Any] = {}
    if pred is not None:
        for end, ref, eid, allowed, spec in (
            ("subject", f.subject, subject_id, pred.subject, pred.subject_spec),
            ("object", f.object, object_id, pred.object, pred.object_spec),
        ):
            type_name = refs.type_of(eid)
            if type_name is not None and type_name not in allowed:
                c.add(
                    (*path, end),
                    f"{pred.name} takes as {end} a {' or '.join(spec)}; '{ref}' is a {type_name}",
                    "choose a predicate whose ends fit (see graph/ontology.yaml), "
                    f"or another {end}",
                )
        props = check_props(c, f.props, pred.properties, path, f"a {pred.name} fact")
    speaker_id = refs.resolve(f.speaker, (*path, "speaker")) if f.speaker else None
    speaker_type = refs.type_of(speaker_id)
    if speaker_type is not None and speaker_type not in c.onto.expand("Actor"):
        c.add(
            (*path, "speaker"),
            f"speaker '{f.speaker}' is a {speaker_type}, not a person or organisation",
            "name the Person or Organization speaking",
        )
    according_id = refs.resolve(f.according_to, (*path, "according_to")) if f.according_to else None
    if refs.type_of(according_id) not in (None, "Source"):
        c.add(
            (*path, "according_to"),
            f"according_to '{f.according_to}' is a {refs.type_of(according_id)}, not a Source",
            "name the report the source attributes the fact to (a Source entity)",
        )
    if source_text is not None and not source_text.contains(f.quote):
        c.add(
            (*path, "quote"),
            f"quote not found in the source text {source.text or '(sent with the file)'}",
            "copy the words verbatim from the source text (whitespace and typographic "
            "quotes may differ)",
        )
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
        "stated_on": f.stated_on or source.published_on,
        "valid_from": f.valid_from,
        "valid_to": f.valid_to,
        "note": f.note,
        "props": json.dumps(props, sort_keys=True, ensure_ascii=False),
        **{f"p_{k}": v for k, v in props.items()},
    }
    claim = ClaimRow(
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
    return claim, (subject_id, f.predicate, object_id)


def _answers(
    c: Checker,
    refs: References,
    f: FactEntry,
    path: YPath,
    triples: dict[str, Triple],
    claims: dict[str, ClaimRow],
) -> None:
    answering = f.stance in c.onto.answering_stances
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
        return
    for j, key in enumerate(f.answers):
        where = (*path, "answers", j)
        if key == f.id:
            c.add(where, "a fact cannot answer itself", "name another fact's id")
        elif key in refs.broken.fact_ids:
            continue
        elif key not in triples:
            c.add(where, f"no fact '{key}' in this file", "give the id of a fact of this file")
        elif None in triples[f.id] or None in triples[key]:
            continue  # an end that did not resolve is reported already
        elif triples[f.id] != triples[key]:
            mine, theirs = triples[f.id], triples[key]
            c.add(
                where,
                "a denial must have the subject, predicate and object of the fact it answers: "
                f"({', '.join(map(str, mine))}) is not ({', '.join(map(str, theirs))})",
                "state the denial about the same subject, predicate and object",
            )
        else:
            claims[f.id].answers.append(claims[key].id)
