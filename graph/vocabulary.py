"""The project's vocabulary in one place, read from `graph/ontology.yaml` where it is data: the
syntax of ids and partial dates, the stances and which of them answer or support, source kinds,
entity types, and the caveat. Fact-file models, saved-query parameters, API routes, exports and
importers all take them from here instead of writing their own copy.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from graph.ontology import get_ontology

_ONTOLOGY = get_ontology()

# `2021`, `2021-11` or `2021-11-10`: partial ISO dates sort correctly as strings.
PARTIAL_DATE_PATTERN = r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$"
PARTIAL_DATE_FIX = "write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2021-11), with a real month and day"
# `prefix:slug`, e.g. person:chou-bun-eng; the prefix comes from the entity's type.
_ID_PREFIX = r"[a-z]+"
_ID_SLUG = r"[a-z0-9][a-z0-9._-]*"
ENTITY_ID_PATTERN = rf"^{_ID_PREFIX}:{_ID_SLUG}$"
SOURCE_ID_PATTERN = rf"^source:{_ID_SLUG}$"
# The same id as a FollowTheMoney id (exports/ftm.py): `prefix-slug`, FtM allowing no `_`.
FTM_FORM_PATTERN = rf"^({_ID_PREFIX})-({_ID_SLUG.replace('_', '')})$"
ENTITY_ID_FIX = (
    "use a lowercase prefix, a colon and a slug of a-z, 0-9, '.', '_' or '-', "
    "e.g. person:chou-bun-eng"
)
# A fact's id within its file.
FACT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

_PARTIAL_DATE = re.compile(PARTIAL_DATE_PATTERN)
_ENTITY_ID = re.compile(ENTITY_ID_PATTERN)

STANCES: tuple[str, ...] = tuple(_ONTOLOGY.stances)
ANSWERING_STANCES: frozenset[str] = _ONTOLOGY.answering_stances
SUPPORTING_STANCES: frozenset[str] = _ONTOLOGY.supporting_stances
SOURCE_KINDS: tuple[str, ...] = tuple(_ONTOLOGY.source_kinds)
ENTITY_TYPES: tuple[str, ...] = tuple(_ONTOLOGY.types)
CAVEAT: str = _ONTOLOGY.caveat

# Enumerations for typed APIs (OpenAPI shows their values), built from the same lists.
EntityTypeName = StrEnum("EntityTypeName", {name: name for name in ENTITY_TYPES})  # type: ignore[misc]
SourceKindName = StrEnum("SourceKindName", {name: name for name in SOURCE_KINDS})  # type: ignore[misc]
StanceName = StrEnum("StanceName", {name: name for name in STANCES})  # type: ignore[misc]


def partial_date_problem(value: str) -> str | None:
    """Why a string is not a partial ISO date naming a real year, month or day; None if it is."""
    match = _PARTIAL_DATE.match(value)
    if match is None:
        return "not a partial ISO date"
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return "not a real date"
    return None


def is_entity_id(value: str) -> bool:
    return _ENTITY_ID.match(value) is not None
