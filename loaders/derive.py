"""What the graph shows, derived from what sources say: one rule each, in one place.

- An entity's name, aliases, topics, description and properties come from the statements every
  source makes about it (`derive_entity`); the result does not depend on which source loaded
  last, so loading, reloading or removing one source never rewrites another's words.
- A direct edge's counts and status come from the claims behind it (`edge_properties`), with the
  stance lists and the status rule read from the ontology.
Both are pure functions: the writer feeds them rows and stores what they return.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from graph.names import search_keys
from graph.ontology import EdgeStatus, Ontology
from graph.vocabulary import partial_date_problem
from loaders import ids


def claim_role(stance: str, inferred: bool, onto: Ontology) -> str:
    """`answers` for a denial, `inferred` for the curator's inference, else `supports`."""
    if stance in onto.answering_stances:
        return "answers"
    return "inferred" if inferred else "supports"


def _status(claims: Iterable[dict[str, Any]], onto: Ontology) -> EdgeStatus | None:
    counted = [c for c in claims if c["role"] != "inferred"]
    stances = {c["stance"] for c in counted}
    has_inferred = any(c["role"] == "inferred" for c in claims)
    for rule in onto.edge_statuses:
        if rule.stances & stances or (rule.inferred and has_inferred):
            return rule
    return None


def _voices(claims: Iterable[dict[str, Any]]) -> set[str]:
    return {c["voice"] for c in claims if c["role"] == "supports"}


def edge_properties(claims: list[dict[str, Any]], onto: Ontology) -> dict[str, Any]:
    """The direct edge's properties from every claim behind it, whichever source holds them.

    Each claim is a dict with id, stance, role, source, voice (the original publisher it counts
    as) and dates. Only supporting claims are corroboration; answering ones are counted apart.
    """
    supporting = [c for c in claims if c["role"] == "supports"]
    against = [c for c in claims if c["role"] == "answers"]
    rule = _status(claims, onto)
    dates = sorted(d for c in claims for d in c["dates"] if d)
    supporting_sources = sorted({c["source"] for c in supporting})
    # Primary sources first: those whose claims support the edge, then those that answer it.
    others = sorted({c["source"] for c in claims} - set(supporting_sources))
    props: dict[str, Any] = {
        "claim_ids": sorted(c["id"] for c in claims),
        "source_ids": supporting_sources + others,
        "supporting_source_ids": supporting_sources,
        "n_claims": len(claims),
        "n_sources": len(supporting_sources),
        "n_independent_sources": len(_voices(claims)),
        "n_against": len(against),
        "n_sources_against": len({c["source"] for c in against}),
        "n_inferred": sum(1 for c in claims if c["role"] == "inferred"),
        "status": rule.name if rule else "alleged",
        "status_rank": rule.rank if rule else 0,
        "stances": sorted({c["stance"] for c in claims}),
    }
    if dates:
        props["first_date"], props["last_date"] = dates[0], dates[-1]
    return props


def as_of_properties(claims: list[dict[str, Any]], onto: Ontology) -> dict[str, dict[str, Any]]:
    """For each claim, the edge's status, rank and independent sources counting only the claims
    stated on or before it. Saved queries asked `as_of` a date read these from the latest claim
    stated by then, instead of working the rule out again in Cypher.

    Claims stated on the same partial date count together; a claim with no date comes last.
    """
    ordered = sorted(claims, key=lambda c: (c["stated_on"] is None, c["stated_on"] or ""))
    out: dict[str, dict[str, Any]] = {}
    seen: list[dict[str, Any]] = []
    i = 0
    while i < len(ordered):
        j = i
        while j < len(ordered) and ordered[j]["stated_on"] == ordered[i]["stated_on"]:
            j += 1
        seen.extend(ordered[i:j])
        rule = _status(seen, onto)
        for c in ordered[i:j]:
            out[c["id"]] = {
                "edge_status": rule.name if rule else "alleged",
                "edge_rank": rule.rank if rule else 0,
                "edge_independent": len(_voices(seen)),
            }
        i = j
    return out


def _pick(weighted: Iterable[tuple[str, int]]) -> str:
    # Most sources first; then the longer (fuller) form; then alphabetical, so the choice never
    # depends on load order.
    counts: Counter[str] = Counter()
    for value, weight in weighted:
        counts[value] += weight
    return sorted(counts, key=lambda v: (-counts[v], -len(v), v))[0]


def _said_by(statement: dict[str, Any]) -> list[str]:
    """The sources whose statement this is: the writer reads statements saying the same words
    about an entity as one row listing their sources (`sources`); the bulk path has one row a
    source (`source_id`)."""
    sources = statement.get("sources")
    return list(sources) if sources is not None else [statement["source_id"]]


def _merge_values(kind: str, by_value: dict[str, set[str]]) -> tuple[Any, bool]:
    """The value shown for one property, and whether the sources conflict on it."""
    values = [json.loads(v) for v in by_value]
    if kind == "date" and all(
        isinstance(v, str) and partial_date_problem(v) is None for v in values
    ):
        # 2021-11 and 2021-11-10 agree: the more precise date is shown.
        longest = max(values, key=lambda v: (len(v), v))
        if all(longest.startswith(v) for v in values):
            return longest, False
    if len(values) == 1:
        return values[0], False
    ranked = sorted(by_value, key=lambda v: (-len(by_value[v]), v))
    return json.loads(ranked[0]), True


def derive_entity(
    entity_id: str,
    members: Iterable[str],
    statements: list[dict[str, Any]],
    onto: Ontology,
) -> dict[str, Any]:
    """The entity node's properties from every source's statement about it (and about the
    placeholders it absorbed); independent of the order the statements came in."""
    named = [s for s in statements if not s["unnamed"]]
    shown = named or statements
    etype = _pick((s["type"], len(_said_by(s))) for s in shown)
    name = _pick((s["name"], len(_said_by(s))) for s in shown)
    aliases = {a for s in shown for a in (s["name"], *(s["aliases"] or ()))} - {name}
    descriptions = {s["description"] for s in statements if s.get("description")}
    if named:
        # A placeholder's own words ("a commander in ... bodyguard unit") stay on the named
        # entity as its description, so a search for them still finds it.
        descriptions |= {s["name"] for s in statements if s["unnamed"]}
        descriptions |= {a for s in statements if s["unnamed"] for a in s["aliases"] or ()}
    referents = {m for m in members if m != entity_id}
    referents |= {r for s in statements for r in s.get("referents") or ()}
    props: dict[str, Any] = {
        "id": entity_id,
        "type": etype,
        "name": name,
        "aliases": sorted(aliases),
        "topics": sorted({t for s in statements for t in s["topics"] or ()}),
        "unnamed": not named,
        "referents": sorted(referents - {entity_id}),
        "declared_in": sorted({src for s in statements for src in _said_by(s)}),
    }
    if descriptions:
        props["description"] = " | ".join(sorted(descriptions))
    # Normalised spellings of every name (case, accents, spacing), for the full-text index.
    props["search_keys"] = search_keys([name, *props["aliases"]])
    specs = onto.types[etype].properties if etype in onto.types else {}
    by_key: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s in statements:
        for key, value in json.loads(s["props"] or "{}").items():
            if value is not None:
                by_key[key][json.dumps(value, sort_keys=True)].update(_said_by(s))
    conflicting = []
    for key in sorted(by_key):
        spec = specs.get(key)
        value, conflict = _merge_values(spec.kind if spec else "string", by_key[key])
        props[key] = value
        if conflict:
            conflicting.append(key)
    props["conflicting"] = conflicting
    props["fingerprint"] = ids.fingerprint(props)
    return props
