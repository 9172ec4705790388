"""Name screening with nomenklatura's matcher: the graph's persons and organisations against
the entries of an imported list (a sanctions or PEP list, imported with `tipgraph import ftm`).

Both sides become FollowTheMoney entities (`exports.ftm.thing_proxy`), so the matcher sees
names, aliases, nationality, birth date and jurisdiction as yente would. The algorithm is
nomenklatura's `logic-v2`, yente's default: it matches across scripts and spellings
(`Хун Сен` is `Hun Sen`) and keeps look-alike names (`Tea Banh`, `Tea Vinh`) apart.
Every pair is compared, which suits lists of thousands, not OpenSanctions' millions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from followthemoney.proxy import EntityProxy
from followthemoney.util import make_entity_id
from neo4j import Driver

from exports.ftm import ftm_id, thing_proxy
from graph.values import to_jsonable
from screening.judgements import Judgement

if TYPE_CHECKING:
    from nomenklatura.matching import ScoringAlgorithm, ScoringConfig

# nomenklatura's matchers import scikit-learn and SciPy: a second and a half at every start of
# the API or the command line, which most runs never screen. They are imported at the first match.
ALGORITHM_NAME = "logic-v2"


@cache
def algorithm() -> type[ScoringAlgorithm]:
    from nomenklatura.matching import LogicV2

    return LogicV2


@cache
def scoring() -> ScoringConfig:
    from nomenklatura.matching import ScoringConfig

    return ScoringConfig.defaults()


# Persons and organisations with a name: an unnamed actor's "name" is a description.
ACTORS = """
MATCH (e:Entity)
WHERE (e:Person OR e:Organization) AND coalesce(e.unnamed, false) = false
  AND ($list IS NULL OR $list IN coalesce(e.declared_in, []))
  AND ($not_list IS NULL OR NOT $not_list IN coalesce(e.declared_in, []))
RETURN properties(e) AS e ORDER BY e.id
"""
LISTS = "MATCH (s:Entity:Source {id: $id}) RETURN s.id AS id, s.name AS name"


@dataclass(frozen=True)
class Entry:
    """A graph entity ready to match: its properties and its FtM form."""

    props: dict[str, Any]
    proxy: EntityProxy

    @property
    def id(self) -> str:
        return str(self.props["id"])

    @property
    def ftm_id(self) -> str:
        return ftm_id(self.id, self.props.get("dataset_ids"))


def entries(records: Iterable[Mapping[str, Any]]) -> list[Entry]:
    out = []
    for props in records:
        proxy = thing_proxy(str(props["id"]), props)
        if proxy is not None:
            # The matcher caches what it reads from an entity by its id; with the entity's
            # fingerprint in it, a renamed entity is read afresh in a long-running server.
            proxy.id = make_entity_id(proxy.id, props.get("fingerprint"))
            out.append(Entry(dict(props), proxy))
    return out


def read_actors(
    driver: Driver, database: str, *, list_id: str | None = None, not_list: str | None = None
) -> list[Entry]:
    records, _, _ = driver.execute_query(
        ACTORS, {"list": list_id, "not_list": not_list}, database_=database, routing_="r"
    )
    return entries(to_jsonable(r["e"]) for r in records)


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float
    features: dict[str, float]
    match: bool
    judgement: Judgement | None = None


def compare(query: EntityProxy, entry: Entry, threshold: float) -> Candidate | None:
    if not query.schema.can_match(entry.proxy.schema):
        return None
    result = algorithm().compare(query, entry.proxy, scoring())
    features = {k: round(v.score, 3) for k, v in result.explanations.items() if v.score}
    score = round(float(result.score), 3)
    return Candidate(entry, score, features, score >= threshold)


def candidates(
    query: EntityProxy, pool: Iterable[Entry], *, threshold: float, floor: float, limit: int
) -> list[Candidate]:
    """The pool's entries scoring at least `floor`, best first, at most `limit`."""
    found = [c for c in (compare(query, e, threshold) for e in pool) if c and c.score >= floor]
    found.sort(key=lambda c: (-c.score, c.entry.id))
    return found[:limit]


@dataclass
class Screening:
    """One graph entity and its candidates on the list, with any standing judgements."""

    entity: Entry
    candidates: list[Candidate] = field(default_factory=list)


def screen(
    actors: list[Entry],
    listed: list[Entry],
    judgements: Mapping[tuple[str, str], Judgement],
    *,
    threshold: float,
    floor: float,
    limit: int = 5,
) -> list[Screening]:
    """Every actor with a candidate at or above `floor`, or with a judged pair; a judged pair is
    shown with its judgement, whatever its score today."""
    out = []
    for actor in actors:
        found = candidates(actor.proxy, listed, threshold=threshold, floor=floor, limit=limit)
        by_id = {c.entry.id: c for c in found}
        for (entity_id, candidate_id), judgement in judgements.items():
            if entity_id != actor.id:
                continue
            entry = next((e for e in listed if e.id == candidate_id), None)
            if entry is None:
                continue
            base = by_id.get(candidate_id) or compare(actor.proxy, entry, threshold)
            if base is not None:
                by_id[candidate_id] = Candidate(
                    entry, base.score, base.features, base.match, judgement
                )
        if by_id:
            ranked = sorted(by_id.values(), key=lambda c: (-c.score, c.entry.id))
            out.append(Screening(actor, ranked))
    return out
