"""Check one fact file whole and resolve its references, collecting every problem at once.

validate -> resolve: the file is parsed with line numbers (`yamlread`), each part's shape is
checked by the pydantic models (`shape`), references are resolved (`resolve`), and here the
rest: the source's text and quotes, predicates and the types at their ends, properties, and
denials. The result is a `WritePlan`, or a `FactFileError` listing every problem.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.ontology import get_ontology
from loaders import ids
from loaders.derive import claim_role
from loaders.errors import FactFileError, Problem
from loaders.factfile import EntityEntry, FactEntry, FactFileTop, SourceBlock
from loaders.plan import ClaimRow, GraphView, KnownClaim, StatementRow, WritePlan
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
    strict: bool = False,
    text_root: Path | None = None,
    unchanged: Callable[[str, str], bool] | None = None,
) -> WritePlan:
    """Validate and resolve one fact file; raises FactFileError with all its problems.

    With `strict`, a new entity named like one already in the graph is a problem, not a
    warning. `source.text` is read only inside `text_root` (default: the file's folder).
    `unchanged(source_id, content_hash)` says whether the graph already holds exactly this
    file; then the plan comes back marked `unchanged`, before anything is looked up.
    """
    read = read_document(data, filename=filename, base_dir=base_dir, text=text, text_root=text_root)
    return plan_document(read, graph=graph, strict=strict, unchanged=unchanged)


@dataclass
class ReadDocument:
    """A fact file parsed and shaped, its source text read: everything the checks learn
    without the graph. Its problems so far are in `checker`; none is raised yet, so that the
    file's report lists them together with those found against the graph."""

    checker: Checker
    source: SourceBlock
    entries: list[tuple[int, EntityEntry]]
    facts: list[tuple[int, FactEntry]]
    broken: Broken
    source_text: SourceText | None
    content_hash: str


def read_document(
    data: bytes,
    *,
    filename: str,
    base_dir: Path | None,
    text: str | None = None,
    text_root: Path | None = None,
) -> ReadDocument:
    """The part of the checks that needs no graph (a loader runs it for the next file while
    the current one is written); raises FactFileError when the file cannot be read at all."""
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
    source_text, text = _source_text(c, source, base_dir, text, text_root)
    content_hash = ids.content_hash(data, text, c.onto.version)
    return ReadDocument(c, source, entries, facts, broken, source_text, content_hash)


def plan_document(
    read: ReadDocument,
    *,
    graph: GraphView,
    strict: bool = False,
    unchanged: Callable[[str, str], bool] | None = None,
) -> WritePlan:
    """The checks against the graph, on a file `read_document` read; the rest of
    `check_document`, whose arguments these are."""
    c, source, entries, facts = read.checker, read.source, read.entries, read.facts
    filename, content_hash = c.file, read.content_hash
    # Resolving references asks the graph about every entity; a file loaded before with this
    # very content needs none of it.
    if unchanged is not None and not c.problems and unchanged(source.id, content_hash):
        return WritePlan(filename, source.id, content_hash, [], [], unchanged=True)
    refs = References.build(c, source, entries, facts, graph, read.broken)
    rows = [_source_row(c, refs, content_hash), *_entity_rows(c, refs, entries)]
    claims = _claims(c, refs, facts, read.source_text, graph)
    warnings: list[Problem] = []
    for path, message in refs.lookalikes(entries):
        fix = "refer to the existing entity by its id, or keep the new one if it is another"
        if strict:
            c.add(path, message, fix + " (refused by --strict)")
        else:
            warnings.append(Problem(filename, c.line(path), field_path(path), message, fix))
    if c.problems:
        raise FactFileError(c.problems)
    for cl in claims:
        cl.props["fingerprint"] = ids.fingerprint(
            [cl.props, cl.speaker_ref, cl.according_to_ref, sorted(cl.answers)]
        )
    return WritePlan(
        file=filename,
        source_id=source.id,
        content_hash=content_hash,
        statements=rows,
        claims=claims,
        warnings=warnings,
    )


def _valid(c: Checker, model: Any, items: list[Any], key: str) -> list[Any]:
    """(index, model) for every item of the list that has the right shape."""
    out = []
    for i, item in enumerate(items):
        value = c.shape(model, item, (key, i))
        if value is not None:
            out.append((i, value))
    return out


def source_text_file(base_dir: Path, text: str, text_root: Path | None) -> Path | None:
    """Where a fact file's `source.text` lies, or None when that is outside the folder texts
    may be read from (`text_root`, else the fact file's own)."""
    text_file = (base_dir / text).resolve()
    return text_file if text_file.is_relative_to((text_root or base_dir).resolve()) else None


def _source_text(
    c: Checker,
    source: SourceBlock,
    base_dir: Path | None,
    text: str | None,
    text_root: Path | None,
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
    text_file = source_text_file(base_dir, source.text, text_root)
    if text_file is None:
        root = (text_root or base_dir).resolve()
        c.add(
            ("source", "text"),
            f"source text '{source.text}' lies outside {root}",
            "keep the text beside the fact file (e.g. sources/report.txt), or allow its folder "
            "with --text-root",
        )
        return None, None
    if not text_file.is_file():
        c.add(
            ("source", "text"),
            f"source text '{source.text}' not found",
            "give a path relative to the fact file, e.g. sources/report.txt",
        )
        return None, None
    text = text_file.read_text(encoding="utf-8")
    return SourceText(text), text


def _source_row(c: Checker, refs: References, content_hash: str) -> StatementRow:
    source = refs.source
    publisher_id: str | None = None
    if source.publisher is not None:
        publisher_id = refs.resolve(source.publisher, ("source", "publisher"))
        ptype = refs.type_of(publisher_id)
        if ptype is not None and ptype not in c.onto.predicate("PUBLISHED_BY").object:
            c.add(
                ("source", "publisher"),
                f"publisher '{source.publisher}' is a {ptype}, which cannot publish",
                "name the publishing Organization (or subtype), Country or Person",
            )
    props: dict[str, Any] = {
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
    return _statement(
        source.id,
        source.id,
        "Source",
        {"name": source.title, "aliases": [], "topics": [], "unnamed": False},
        props,
        [],
    )


def _entity_rows(
    c: Checker, refs: References, entries: list[tuple[int, EntityEntry]]
) -> list[StatementRow]:
    rows: list[StatementRow] = []
    for i, e in entries:
        etype = c.onto.types.get(e.type)
        declared = refs.declared.get(e.id)
        if etype is None or declared is None or declared.entry is not e:
            continue  # already reported
        path: YPath = ("entities", i)
        extra = check_props(c, e.props, etype.properties, path, f"a {e.type}")
        if e.type == "Source" and "kind" in extra and extra["kind"] not in c.onto.source_kinds:
            c.add(
                (*path, "props", "kind"),
                f"unknown source kind '{extra['kind']}'",
                f"use one of: {', '.join(c.onto.source_kinds)}",
            )
        said = {
            "name": e.name,
            "aliases": list(e.aliases),
            "topics": list(e.topics),
            "unnamed": e.unnamed,
            "description": e.description,
            "same_as": e.same_as,
        }
        rows.append(_statement(refs.source.id, e.id, e.type, said, extra, []))
    return rows


def _statement(
    source_id: str,
    entity_ref: str,
    etype: str,
    said: dict[str, Any],
    props: dict[str, Any],
    referents: list[str],
) -> StatementRow:
    node = {
        "id": ids.statement_id(source_id, entity_ref),
        "source_id": source_id,
        "entity_ref": entity_ref,
        "type": etype,
        **{k: v for k, v in said.items() if v is not None},
        "referents": sorted(referents),
        "props": json.dumps(
            {k: v for k, v in props.items() if v is not None}, sort_keys=True, ensure_ascii=False
        ),
    }
    node["fingerprint"] = ids.fingerprint(node)
    return StatementRow(id=node["id"], entity_ref=entity_ref, type=etype, props=node)


Triple = tuple[str | None, str, str | None]


def _claims(
    c: Checker,
    refs: References,
    facts: list[tuple[int, FactEntry]],
    source_text: SourceText | None,
    graph: GraphView,
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
    elsewhere = graph.claims(
        {ref for _, f in unique for ref in f.answers if ref not in triples and ":" in ref}
        | {
            ids.claim_id(*ref.split("#", 1))
            for _, f in unique
            for ref in f.answers
            if "#" in ref and ref.startswith("source:")
        }
    )
    for path, f in unique:
        _answers(c, refs, f, path, triples, claims, elsewhere)
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
    if f.inferred and f.stance not in c.onto.supporting_stances:
        c.add(
            (*path, "inferred"),
            f"a '{f.stance}' fact cannot be the curator's inference",
            "mark as inferred only what the curator concludes (stance asserts)",
        )
    node = {
        "id": ids.claim_id(source.id, f.id),
        "fact_key": f.id,
        "predicate": f.predicate,
        "stance": f.stance,
        "quote": " ".join(f.quote.split()),
        "source_id": source.id,
        "subject_ref": subject_id,
        "object_ref": object_id,
        "speaker_ref": speaker_id,
        "according_to": according_id,
        "inferred": f.inferred,
        "quote_checked": source_text is not None,
        "role": claim_role(f.stance, f.inferred, c.onto),
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
        subject_ref=subject_id or "",
        object_ref=object_id or "",
        speaker_ref=speaker_id,
        according_to_ref=according_id,
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
    elsewhere: dict[str, KnownClaim],
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
            "remove `answers`, or use a stance that answers: "
            + ", ".join(sorted(c.onto.answering_stances)),
        )
        return
    for j, key in enumerate(f.answers):
        where = (*path, "answers", j)
        if key == f.id:
            c.add(where, "a fact cannot answer itself", "name another fact's id")
        elif key in refs.broken.fact_ids:
            continue
        elif key not in triples:
            _answer_elsewhere(c, refs, f, where, key, triples, claims, elsewhere)
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


def _answer_elsewhere(
    c: Checker,
    refs: References,
    f: FactEntry,
    where: YPath,
    key: str,
    triples: dict[str, Triple],
    claims: dict[str, ClaimRow],
    elsewhere: dict[str, KnownClaim],
) -> None:
    """A fact answering a claim of another source, named `claim:<id>` or `source:<id>#<fact>`.

    A claim not in the graph yet is linked when its source loads; one that is must share the
    denial's subject, predicate and object."""
    if key.startswith("source:") and "#" in key:
        claim_id = ids.claim_id(*key.split("#", 1))
    elif key.startswith("claim:"):
        claim_id = key
    else:
        c.add(
            where,
            f"no fact '{key}' in this file",
            "give the id of a fact of this file, or another source's claim as "
            "source:<id>#<fact id> or claim:<id>",
        )
        return
    target = elsewhere.get(claim_id)
    mine = triples[f.id]
    if target is not None and None not in mine:
        theirs = (target.subject_id, target.predicate, target.object_id)
        canon = tuple(refs.canonical.get(x, x) if x else x for x in mine)
        if theirs not in (mine, canon):
            c.add(
                where,
                "a denial must have the subject, predicate and object of the fact it answers: "
                f"({', '.join(map(str, mine))}) is not ({', '.join(theirs)})",
                "state the denial about the same subject, predicate and object",
            )
            return
    claims[f.id].answers.append(claim_id)
