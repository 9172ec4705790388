"""A synthetic corpus of fact files, deterministic from a seed, at any size.

Fictional sources about fictional actors, shaped like the real ones: many reports of a few
hundred facts; the ontology's predicates in the seed report's proportions, each end of a type
the predicate allows; a share of mentions (about 30%) naming entities other sources also
name, picked with a power law so that a few hubs (a country, a syndicate) recur everywhere;
quotes checked against each source's text; denials answering an earlier source's claim on the
same triple; claims relayed from an earlier report (`according_to`); unnamed actors that a
later source names (`same_as`).

File `i` depends only on the seed, `i` and what files before it said, so a corpus of N facts
is the first files of any larger corpus with the same seed and file size: the small graph of a
scaling check is a prefix of the large one.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench import CHECKOUT
from graph.ontology import Ontology, get_ontology

SEED_FILE = CHECKOUT / "data" / "camboja-2022-cambodia-tier-3.yaml"
_SYLLABLES = ["ka", "ro", "vi", "ta", "me", "lo", "su", "na", "ri", "po", "de", "ha", "mi"]
_SYLLABLES += ["ko", "ba", "se", "lu", "ve", "ni", "to", "ga", "ru", "fe", "da", "zo", "ki"]
_SYLLABLES += ["pa", "le", "mo", "sa", "ti", "nu"]
_STANCES = (("asserts", 0.62), ("alleges", 0.38))


@dataclass(frozen=True)
class CorpusSpec:
    """What to generate: `facts` facts in files of `facts_per_file`."""

    facts: int
    facts_per_file: int = 500
    seed: int = 12
    reuse: float = 0.25  # share of entity mentions naming a shared (cross-source) entity
    denial_rate: float = 0.03
    relay_rate: float = 0.08
    unnamed_rate: float = 0.01
    prefix: str = "r"  # keeps the ids of two corpora (say, the small files) apart

    @property
    def files(self) -> int:
        return max(1, math.ceil(self.facts / self.facts_per_file))


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    name: str
    shared: bool
    unnamed: bool = False
    same_as: str | None = None
    props: tuple[tuple[str, Any], ...] = ()

    def entry(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "name": self.name}
        if self.unnamed:
            out["unnamed"] = True
        if self.same_as:
            out["same_as"] = self.same_as
        if self.props:
            out["props"] = dict(self.props)
        return out


@dataclass(frozen=True)
class _Answerable:
    """A claim of an earlier file that a later one may deny or relay."""

    source_id: str
    fact_id: str
    subject: Entity
    predicate: str
    object: Entity


@dataclass
class CorpusStats:
    files: int = 0
    facts: int = 0
    mentions: int = 0
    shared_mentions: int = 0
    denials: int = 0
    relayed: int = 0
    placeholders: int = 0
    named_later: int = 0
    predicates: Counter[str] = field(default_factory=Counter)

    @property
    def reuse(self) -> float:
        return self.shared_mentions / self.mentions if self.mentions else 0.0


def predicate_weights(onto: Ontology) -> dict[str, float]:
    """The seed report's predicate counts; a predicate it never uses still appears, rarely."""
    seed = yaml.load(SEED_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    counts = Counter(str(f["predicate"]) for f in seed["facts"])
    return {name: float(counts.get(name, 0)) + 0.5 for name in sorted(onto.predicates)}


def word(n: int) -> str:
    """A pronounceable word that spells n (base 32, two syllables at least): distinct for
    distinct n."""
    parts = []
    while True:
        n, digit = divmod(n, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
        if n == 0 and len(parts) >= 2:
            break
    return "".join(parts).capitalize()


_KINDS = {
    "Person": "",
    "Organization": "Association",
    "CriminalGroup": "Syndicate",
    "Company": "Holdings",
    "PublicBody": "Ministry",
    "NGO": "Foundation",
    "MediaOutlet": "Times",
    "InternationalBody": "Council",
    "Country": "Republic",
    "Province": "Province",
    "City": "City",
    "Site": "Compound",
    "Position": "Governor",
    "Sanction": "Designation",
    "Event": "Raid",
    "Source": "Report",
}


def _name(type_name: str, n: int) -> str:
    if type_name == "Person":
        return f"{word(n)} {word(n * 7 + 3)}"
    return f"{word(n)} {_KINDS[type_name]}"


class Generator:
    def __init__(self, spec: CorpusSpec, onto: Ontology | None = None) -> None:
        self.spec = spec
        self.onto = onto or get_ontology()
        weights = predicate_weights(self.onto)
        self._predicates = list(weights)
        self._weights = list(weights.values())
        self._types = {t: i for i, t in enumerate(sorted(self.onto.types))}
        self._answerable: list[_Answerable] = []
        self._placeholders: list[Entity] = []
        self.stats = CorpusStats()

    def source_id(self, i: int) -> str:
        return f"source:{self.spec.prefix}-report-{i:06d}"

    def _shared(self, type_name: str, k: int) -> Entity:
        prefix = self.onto.entity_type(type_name).prefix
        # Even numbers name shared entities, odd ones a file's own: no two names collide.
        n = 2 * (k * len(self._types) + self._types[type_name])
        props: tuple[tuple[str, Any], ...] = ()
        if type_name == "Site":
            props = (("kind", "compound"),)
        return Entity(
            f"{prefix}:{type_name.lower()}-s{k}", type_name, _name(type_name, n), True, props=props
        )

    def _hub_index(self, rng: random.Random, pool: int) -> int:
        # Log-uniform over [1, pool]: P(k) ~ 1/k, the degrees of a power law.
        return int(pool ** rng.random()) - 1

    def _source_entity(self, i: int) -> Entity:
        return Entity(self.source_id(i), "Source", f"{word(2 * i + 1)} Report {i}", True)

    def file(self, i: int) -> tuple[dict[str, Any], str]:
        """File i's document and its source text."""
        spec = self.spec
        # Reproducible made-up data, nothing secret: a seeded PRNG is what is wanted.
        rng = random.Random(f"{spec.seed}:{spec.prefix}:{i}")  # noqa: S311
        n_facts = min(spec.facts_per_file, spec.facts - i * spec.facts_per_file)
        pool = 40 + 4 * i  # the shared world grows as sources accumulate
        declared: dict[str, Entity] = {}
        local: dict[str, list[Entity]] = {}
        counter = iter(range(1_000_000))
        sid = self.source_id(i)
        publisher = self._shared("MediaOutlet", self._hub_index(rng, 60))
        declared[publisher.id] = publisher
        lines: list[str] = [f"Report {i}. Fictional, generated for benchmarks."]
        facts: list[dict[str, Any]] = []
        mine: list[_Answerable] = []

        def pick(type_names: frozenset[str]) -> Entity:
            type_name = rng.choice(sorted(type_names - {"Source"}) or ["Source"])
            self.stats.mentions += 1
            if type_name == "Source" and i > 0:
                self.stats.shared_mentions += 1
                return self._source_entity(rng.randrange(i))
            if rng.random() < spec.reuse:
                self.stats.shared_mentions += 1
                ent = self._shared(type_name, self._hub_index(rng, pool))
            elif local.get(type_name) and rng.random() < 0.5:
                ent = rng.choice(local[type_name])
            else:
                serial = next(counter)
                n = 2 * (i * 100_003 + serial * len(self._types) + self._types[type_name])
                prefix = self.onto.entity_type(type_name).prefix
                ent = Entity(
                    f"{prefix}:{type_name.lower()}-{spec.prefix}{i}-{serial}",
                    type_name,
                    _name(type_name, n + 1),
                    False,
                    props=(("kind", "building"),) if type_name == "Site" else (),
                )
                local.setdefault(type_name, []).append(ent)
            return ent

        if i > 0 and self._placeholders and rng.random() < 0.5:
            # A later source names an actor an earlier one left unnamed.
            placeholder = self._placeholders.pop(0)
            named = Entity(
                f"person:named-{spec.prefix}{i}",
                "Person",
                _name("Person", 2 * (i * 100_003 + 99_991) + 1),
                False,
                same_as=placeholder.id,
            )
            declared[placeholder.id] = placeholder
            declared[named.id] = named
            local.setdefault("Person", []).append(named)
            self.stats.named_later += 1
        for j in range(n_facts):
            fid = f"f{j}"
            fact: dict[str, Any]
            roll = rng.random()
            if roll < spec.denial_rate and self._answerable:
                target = rng.choice(self._answerable)
                speaker = pick(frozenset({"Person"}))
                declared.update({e.id: e for e in (target.subject, target.object, speaker)})
                self.stats.mentions += 2
                self.stats.shared_mentions += 2
                quote = f"{speaker.name} denied that {target.subject.name} did so (item {j})."
                fact = {
                    "id": fid,
                    "subject": target.subject.id,
                    "predicate": target.predicate,
                    "object": target.object.id,
                    "stance": "denies",
                    "speaker": speaker.id,
                    "answers": [f"{target.source_id}#{target.fact_id}"],
                    "quote": quote,
                }
                self.stats.denials += 1
                self.stats.predicates[target.predicate] += 1
            else:
                pred_name = rng.choices(self._predicates, self._weights)[0]
                pred = self.onto.predicate(pred_name)
                if rng.random() < spec.unnamed_rate and "Person" in pred.subject:
                    subject = Entity(
                        f"person:unnamed-{spec.prefix}{i}-{j}",
                        "Person",
                        f"an official of the {word(2 * i + 1)} office, item {j}",
                        False,
                        unnamed=True,
                    )
                    self._placeholders.append(subject)
                    self.stats.placeholders += 1
                    self.stats.mentions += 1
                else:
                    subject = pick(pred.subject)
                obj = pick(pred.object)
                while obj.id == subject.id:
                    obj = pick(pred.object)
                stance = "asserts" if rng.random() < _STANCES[0][1] else "alleges"
                quote = f"{subject.name} {pred_name.lower().replace('_', ' ')} {obj.name} ({j})."
                fact = {
                    "id": fid,
                    "subject": subject.id,
                    "predicate": pred_name,
                    "object": obj.id,
                    "stance": stance,
                    "quote": quote,
                }
                if pred_name == "RATES":
                    fact["props"] = {"tier": rng.choice([1, 2, "2 Watch List", 3]), "year": 2022}
                elif pred_name == "RECORDED":
                    fact["props"] = {"figure": rng.randrange(1, 5000), "unit": "cases"}
                if i > 0 and rng.random() < spec.relay_rate:
                    report = self._source_entity(rng.randrange(i))
                    declared[report.id] = report
                    fact["according_to"] = report.id
                    self.stats.relayed += 1
                declared[subject.id] = subject
                declared[obj.id] = obj
                if len(mine) < 8 and stance == "alleges":
                    mine.append(_Answerable(sid, fid, subject, pred_name, obj))
                self.stats.predicates[pred_name] += 1
            facts.append(fact)
            lines.append(fact["quote"])
        self._answerable.extend(mine)
        self.stats.files += 1
        self.stats.facts += len(facts)
        entities = [e.entry() for e in declared.values() if e.id != sid]
        for entry in entities:
            if entry["type"] == "Source":
                entry["props"] = {"kind": "news_article"}
        document = {
            "source": {
                "id": sid,
                "kind": "news_article",
                "title": self._source_entity(i).name,
                "publisher": publisher.id,
                "published_on": f"{2015 + i % 10}-{1 + i % 12:02d}",
                "text": f"sources/{sid.split(':', 1)[1]}.txt",
            },
            "entities": entities,
            "facts": facts,
        }
        return document, "\n".join(lines) + "\n"

    def files(self) -> Iterator[tuple[int, dict[str, Any], str]]:
        for i in range(self.spec.files):
            document, text = self.file(i)
            yield i, document, text


def to_yaml(document: dict[str, Any]) -> str:
    """Block YAML written by hand (every scalar as JSON, which YAML reads as is): fast and
    byte-stable at a million facts, where a YAML emitter in Python is not."""
    out: list[str] = ["source:"]
    out += [f"  {k}: {json.dumps(v)}" for k, v in document["source"].items()]
    for section in ("entities", "facts"):
        out.append(f"{section}:")
        for item in document[section]:
            first = True
            for k, v in item.items():
                out.append(f"{'  - ' if first else '    '}{k}: {json.dumps(v)}")
                first = False
    return "\n".join(out) + "\n"


def write_corpus(spec: CorpusSpec, out: Path) -> CorpusStats:
    """Write the corpus's fact files (and their texts under sources/) into `out`."""
    (out / "sources").mkdir(parents=True, exist_ok=True)
    gen = Generator(spec)
    for i, document, text in gen.files():
        name = document["source"]["id"].split(":", 1)[1]
        (out / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
        (out / f"{i:06d}-{name}.yaml").write_text(to_yaml(document), encoding="utf-8")
    return gen.stats
