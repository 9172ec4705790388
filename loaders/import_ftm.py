"""Importer: FollowTheMoney entities as JSON lines (OpenSanctions, Aleph, tipgraph's own export).

Every schema is read through the `followthemoney` model. A thing becomes the ontology type whose
`ftm` schema is the closest ancestor of its schema (a Vessel has none, and is skipped with a
note; a LegalEntity becomes an Organization, an Address a Site, any Document a Source). Its
original id is kept in `dataset_ids`, the link back to the dataset; an id in tipgraph's own
exported form (`person-am-sam-ath`) comes back as `person:am-sam-ath`. Nationality, birth date
and jurisdiction are kept. An interval becomes a claim: by the predicate whose `ftm` names its
schema, else `LINKED_TO` (Family, Associate, UnknownLink, ...); a Sanction becomes a Sanction
entity that TARGETS its entity. A claim needs a quote: each `stance: quote` of the interval's
`description` as tipgraph exports it, else its `summary`, else (for a dataset that states facts
without prose, like OpenSanctions) the input line itself, which is verbatim what the dataset
says. One line `{"source": {...}}` gives the source metadata. Lines that cannot be imported
(an unknown schema, a link to nothing this file or the graph holds) are noted, never fatal.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.schema import Schema
from rigour.langs import iso_639_alpha2

from exports.ftm import UNNAMED_NOTE
from graph.ontology import Ontology, get_ontology
from graph.vocabulary import FTM_FORM_PATTERN
from loaders.imported import Imported, slug, start
from loaders.plan import GraphView

# Schemata without a type of their own in the ontology, and the type that comes closest.
CLOSEST = {
    "LegalEntity": "Organization",
    "Address": "Site",
    "Asset": "Site",
    "Document": "Source",
}
_STANCED = re.compile(r"^([a-z]+)(?: \(answers ([^)]*)\))?: (.+)$", re.DOTALL)
_OUR_FORM = re.compile(FTM_FORM_PATTERN)


def _type_of(schema: Schema, onto: Ontology) -> str | None:
    """The ontology type closest to an FtM schema: the schema itself, else its nearest parent."""
    # A subtype (NGO) shares its parent's schema (Organization); the parent stands for it.
    by_schema = {
        t.ftm: t.name
        for t in onto.types.values()
        if t.ftm is not None and (t.ftm == t.name or t.parent is None)
    }
    by_schema.update({k: v for k, v in CLOSEST.items() if k not in by_schema})
    queue = [schema]
    while queue:
        current = queue.pop(0)
        if current.name in by_schema:
            return by_schema[current.name]
        queue.extend(current.extends)
    return None


def _first(proxy: EntityProxy, prop: str) -> str | None:
    values = proxy.get(prop, quiet=True)
    return values[0] if values else None


class _Reader:
    def __init__(self, path: Path, graph: GraphView) -> None:
        self.path = path
        self.graph = graph
        self.onto = get_ontology()
        self.proxies: list[tuple[int, EntityProxy, str]] = []
        self.ids: dict[str, str] = {}  # FtM id -> tipgraph id
        self.types: dict[str, str] = {}  # FtM id -> ontology type
        self.notes: list[tuple[int, str]] = []  # lines skipped, and why
        self.has_text = False  # a source text to check quotes against
        self.link_ids: set[str] = set()  # the intervals of this file
        self.posts: list[tuple[int, EntityProxy, str]] = []  # positions naming their organisation

    def read(self) -> Imported:
        meta: dict[str, Any] = {}
        bad: list[tuple[int, str, str]] = []
        for line, raw in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as exc:
                bad.append((line, "document", f"invalid JSON line: {exc.msg}"))
                continue
            if not isinstance(value, dict):
                bad.append((line, "document", "not a JSON object"))
            elif "schema" not in value and "source" in value:
                meta = dict(value["source"])
            elif model.get(str(value.get("schema"))) is None:
                self.notes.append((line, f"schema {value.get('schema')!r} is not FtM; skipped"))
            else:
                try:
                    proxy = model.get_proxy(value, cleaned=False)
                except InvalidData as exc:
                    bad.append((line, "id", f"not a valid FtM entity: {exc}"))
                    continue
                self.proxies.append((line, proxy, raw.strip()))
        imported = start(str(self.path), meta)
        self.has_text = bool(meta.get("text"))
        imported.notes.extend(self.notes)
        for line, column, msg in bad:
            imported.problem(line, column, msg, "one FollowTheMoney entity, as JSON, a line")
        self._assign_ids()
        self.link_ids = {str(p.id) for _, p, _ in self.proxies if p.schema.edge}
        known = set(self.graph.known(sorted(self.ids.values())))
        for line, proxy, raw in self.proxies:
            if proxy.schema.is_a("Sanction"):
                self._sanction(imported, known, line, proxy, raw)
            elif proxy.id in self.types:
                self._entity(imported, known, line, proxy, raw)
            elif proxy.schema.edge or proxy.schema.is_a("Interval"):
                self._link(imported, line, proxy, raw)
            else:
                imported.notes.append((line, f"{proxy.schema.name} has no ontology type; skipped"))
        for line, post, raw in self.posts:
            # FtM holds a post's organisation as a property; tipgraph as a PART_OF claim.
            position, organisation = self._ref(post.id), self._ref(_first(post, "organization"))
            if position is not None and organisation is not None:
                self._facts(imported, line, post, raw, (position, "PART_OF", organisation))
        return imported

    def _assign_ids(self) -> None:
        prefixes = {name: t.prefix for name, t in self.onto.types.items()}
        for _, proxy, _ in self.proxies:
            if proxy.schema.is_a("Sanction"):
                type_name: str | None = "Sanction"
            elif proxy.schema.is_a("Interval") and not proxy.schema.is_a("Event"):
                continue
            else:
                type_name = _type_of(proxy.schema, self.onto)
            if type_name is None or proxy.id is None:
                continue
            prefix = prefixes[type_name]
            ours = _OUR_FORM.match(proxy.id)
            rest = ours.group(2) if ours and ours.group(1) == prefix else slug(proxy.id)
            self.ids[proxy.id] = f"{prefix}:{rest}"
            self.types[proxy.id] = type_name

    def _ref(self, ftm_ref: str | None) -> str | None:
        if ftm_ref is None:
            return None
        if ftm_ref in self.ids:
            return self.ids[ftm_ref]
        ours = _OUR_FORM.match(ftm_ref)
        return f"{ours.group(1)}:{ours.group(2)}" if ours else ftm_ref

    def _entity(
        self, imported: Imported, known: set[str], line: int, proxy: EntityProxy, raw: str
    ) -> None:
        assert proxy.id is not None
        type_name = self.types[proxy.id]
        etype = self.onto.types[type_name]
        if type_name == "Organization" or etype.parent == "Organization":
            wanted = _first(proxy, "classification")
            if wanted in self.onto.types and self.onto.types[wanted].parent == "Organization":
                type_name, etype = wanted, self.onto.types[wanted]
        names = proxy.get("name", quiet=True) or proxy.get("title", quiet=True)
        names = names or proxy.get("full", quiet=True) or proxy.get("fileName", quiet=True)
        if not names:
            imported.problem(line, "properties.name", "has no name", "give the entity a name")
            return
        props: dict[str, Any] = {"dataset_ids": [proxy.id]}
        wanted_props = {
            "birth_date": _first(proxy, "birthDate"),
            "nationality": sorted(
                {*proxy.get("nationality", quiet=True), *proxy.get("citizenship", quiet=True)}
            ),
            "jurisdiction": proxy.get("jurisdiction", quiet=True),
            "date": _first(proxy, "date"),
            "title": _first(proxy, "title"),
            "url": _first(proxy, "sourceUrl"),
            "published_on": _first(proxy, "publishedAt"),
            "language": iso_639_alpha2(_first(proxy, "language") or ""),
            "kind": "news_article" if proxy.schema.is_a("Article") else None,
        }
        if type_name == "Source":
            wanted_props["kind"] = wanted_props["kind"] or "reference"
            wanted_props["title"] = wanted_props["title"] or names[0]
        elif type_name == "Site" and proxy.schema.is_a("Address"):
            wanted_props["kind"] = "other"
        for key, value in wanted_props.items():
            if key in etype.properties and value not in (None, [], ""):
                props[key] = value
        notes = proxy.get("notes", quiet=True)
        unnamed = UNNAMED_NOTE in notes or UNNAMED_NOTE in proxy.get("description", quiet=True)
        if type_name == "Position" and proxy.has("organization"):
            self.posts.append((line, proxy, raw))
        description = next(
            (d for d in [*proxy.get("description", quiet=True), *notes] if d != UNNAMED_NOTE), None
        )
        imported.entity(
            line,
            known,
            id=self.ids[proxy.id],
            type=type_name,
            name=names[0],
            aliases=sorted(
                {
                    *names[1:],
                    *proxy.get("alias", quiet=True),
                    *proxy.get("weakAlias", quiet=True),
                    *proxy.get("previousName", quiet=True),
                }
                - {names[0]}
            ),
            topics=[t for t in proxy.get("topics", quiet=True) if t in self.onto.topics],
            description=description,
            unnamed=unnamed or None,
            props=props,
        )

    def _quotes(self, proxy: EntityProxy, raw: str) -> list[tuple[str, str, list[str]]]:
        """(stance, quote, answered FtM link ids): tipgraph's `stance: quote`, else the summary,
        else the line (only for a dataset without a text to check quotes against)."""
        pairs = []
        for text in proxy.get("description", quiet=True):
            said = _STANCED.match(text)
            if said and said.group(1) in self.onto.stances:
                answers = [a.strip() for a in (said.group(2) or "").split(",") if a.strip()]
                pairs.append((said.group(1), said.group(3), answers))
        if pairs:
            # Supporting claims first, so that an answer can point at the ones it answers.
            return sorted(pairs, key=lambda p: p[0] in self.onto.answering_stances)
        quotes = proxy.get("summary", quiet=True) or proxy.get("reason", quiet=True)
        if not quotes and not self.has_text:
            quotes = [raw]
        return [("asserts", q, []) for q in quotes]

    def _facts(
        self,
        imported: Imported,
        line: int,
        proxy: EntityProxy,
        raw: str,
        triple: tuple[str, str, str],
        note: str | None = None,
        suffix: int = 0,
    ) -> None:
        subject, predicate, obj = triple
        base = slug(str(proxy.id)) + (f"-{suffix}" if suffix else "")
        supporting: list[str] = []
        quotes = self._quotes(proxy, raw)
        if not quotes:
            imported.problem(
                line,
                "properties.summary",
                f"{proxy.schema.name} {proxy.id} has nothing to quote",
                "put the report's words for it in `summary`",
            )
        for n, (stance, quote, answered) in enumerate(quotes, start=1):
            fact_id = base if n == 1 else f"{base}-{n}"
            answering = stance in self.onto.answering_stances
            # An answered link's first fact stands for it: FtM keeps links, not their claims.
            others = [slug(a) for a in answered if a in self.link_ids and a != proxy.id]
            answers = others or list(supporting)
            imported.fact(
                line,
                id=fact_id,
                subject=subject,
                predicate=predicate,
                object=obj,
                stance=stance,
                quote=quote,
                valid_from=_first(proxy, "startDate"),
                valid_to=_first(proxy, "endDate"),
                answers=answers if answering else [],
                note=note,
            )
            if not answering:
                supporting.append(fact_id)

    def _link(self, imported: Imported, line: int, proxy: EntityProxy, raw: str) -> None:
        schema = proxy.schema
        links = {
            p.ftm.schema: (p.name, p.ftm.subject, p.ftm.object)
            for p in self.onto.predicates.values()
            if p.ftm is not None
        }
        if schema.name in links:
            predicate, subj, obj = links[schema.name]
        elif schema.edge_source and schema.edge_target:
            predicate, subj, obj = "LINKED_TO", schema.edge_source, schema.edge_target
        else:
            imported.notes.append((line, f"{schema.name} links nothing tipgraph holds; skipped"))
            return
        s, o = self._ref(_first(proxy, subj)), self._ref(_first(proxy, obj))
        # tipgraph writes a predicate FtM has no schema for as the link's role ("involved in").
        named = str(_first(proxy, "role") or "").upper().replace(" ", "_")
        if named in self.onto.predicates and self.onto.predicates[named].ftm is None:
            predicate = named
        if s is None or o is None:
            imported.problem(
                line, f"properties.{subj}", f"{schema.name} lacks an end", f"give `{subj}`, `{obj}`"
            )
            return
        kind = _first(proxy, "relationship") or _first(proxy, "role")
        note = f"{schema.name}: {kind}" if predicate == "LINKED_TO" and kind else None
        if predicate == "LINKED_TO" and note is None and schema.name != "UnknownLink":
            note = schema.name
        self._facts(imported, line, proxy, raw, (s, predicate, o), note)

    def _sanction(
        self, imported: Imported, known: set[str], line: int, proxy: EntityProxy, raw: str
    ) -> None:
        targets = [t for t in (self._ref(e) for e in proxy.get("entity", quiet=True)) if t]
        if not targets or proxy.id is None:
            imported.problem(line, "properties.entity", "Sanction names no entity", "give `entity`")
            return
        target = targets[0]
        program = _first(proxy, "program")
        authority = _first(proxy, "authority")
        sanction = imported.entity(
            line,
            known,
            id=self.ids[proxy.id],
            type="Sanction",
            name=self._sanction_name(proxy, program, authority, target),
            topics=["sanction"],
            props={
                k: v
                for k, v in (
                    ("program", program),
                    ("imposed_on", _first(proxy, "startDate") or _first(proxy, "listingDate")),
                    ("authority", authority),
                    ("dataset_ids", [proxy.id]),
                )
                if v
            },
        )
        for n, each in enumerate(targets):
            self._facts(imported, line, proxy, raw, (sanction, "TARGETS", each), suffix=n)

    def _sanction_name(
        self, proxy: EntityProxy, program: str | None, authority: str | None, target: str
    ) -> str:
        # tipgraph exports a sanction's name as its first description; a list gives its programme.
        for text in proxy.get("description", quiet=True):
            stance, sep, _ = text.partition(": ")
            if not (sep and stance in self.onto.stances):
                return text
        return program or (f"sanction by {authority}" if authority else f"sanction on {target}")


def build(path: Path, graph: GraphView) -> Imported:
    return _Reader(path, graph).read()
