"""The fact-file format as pydantic models: the shape of one source's metadata, entities, facts.

These models check shape only (fields, types, formats). What needs the ontology or the whole
file at once (types, predicates, references, quotes) is checked in `loaders/checks.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from graph.vocabulary import (
    ENTITY_ID_FIX,
    FACT_ID_PATTERN,
    PARTIAL_DATE_FIX,
    SOURCE_KINDS,
    STANCES,
    is_entity_id,
    partial_date_problem,
)
from loaders import limits

_FACT_ID = re.compile(FACT_ID_PATTERN)


def to_partial_date(value: Any) -> Any:
    # YAML reads an unquoted 2022 as int and 2021-11-10 as a date; both are welcome here.
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    elif isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise PydanticCustomError(
            "bad_date", "{value!r} is not a date", {"value": value, "fix": PARTIAL_DATE_FIX}
        )
    problem = partial_date_problem(value)
    if problem is not None:
        raise PydanticCustomError(
            "bad_date",
            "'{value}' is {problem}",
            {"value": value, "problem": problem, "fix": PARTIAL_DATE_FIX},
        )
    return value


def _one_of(allowed: tuple[str, ...]) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, str) and value in allowed:
            return value
        raise PydanticCustomError(
            "literal_error",
            "'{value}' is not one of the allowed values",
            {"value": value, "expected": ", ".join(allowed)},
        )

    return check


def _to_id(value: Any) -> Any:
    if isinstance(value, str) and not is_entity_id(value):
        raise PydanticCustomError(
            "bad_id",
            "'{value}' is not an id of the form prefix:slug",
            {"value": value, "fix": ENTITY_ID_FIX},
        )
    return value


def _to_fact_id(value: Any) -> Any:
    if isinstance(value, str) and not _FACT_ID.match(value):
        raise PydanticCustomError(
            "bad_fact_id",
            "'{value}' is not a fact id",
            {"value": value, "fix": "use letters, digits, '.', '_' or '-', e.g. tip-2022-rates"},
        )
    return value


def _to_answer_ref(value: Any) -> Any:
    # A fact of this file by its id, or another source's claim: claim:<id> or source:<id>#<fact>.
    if isinstance(value, str) and (value.startswith("claim:") or value.startswith("source:")):
        head, _, fact = value.partition("#")
        if value.startswith("claim:") or (is_entity_id(head) and _FACT_ID.match(fact)):
            return value
    return _to_fact_id(value)


def _date_as_text(value: Any) -> Any:
    # YAML reads an unquoted 2021-11-10 inside `props` as a date; the ontology's property kinds
    # check it as the partial ISO date it is.
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, dt.date) else value


def _unknown_date(value: Any) -> Any:
    # `published_on: unknown` says outright that the source gives no date, rather than omitting it.
    return None if isinstance(value, str) and value.strip().lower() == "unknown" else value


PartialDate = Annotated[str, BeforeValidator(to_partial_date)]
EntityId = Annotated[str, BeforeValidator(_to_id)]
FactId = Annotated[str, BeforeValidator(_to_fact_id)]
AnswerRef = Annotated[str, BeforeValidator(_to_answer_ref)]
NonEmpty = Annotated[str, Field(min_length=1)]
Scalar = str | int | float | bool | list[str]
PropValue = Annotated[Scalar | None, BeforeValidator(_date_as_text)]
Stance = Annotated[str, BeforeValidator(_one_of(STANCES))]
SourceKind = Annotated[str, BeforeValidator(_one_of(SOURCE_KINDS))]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SourceBlock(_Strict):
    """The source this file is about; it becomes a Source entity."""

    id: EntityId
    kind: SourceKind
    title: NonEmpty
    publisher: str | None = None
    # None when the source carries no date (write `unknown`, or leave it out): never guess one.
    published_on: Annotated[PartialDate | None, BeforeValidator(_unknown_date)] = None
    url: str | None = None
    language: str = "en"
    text: str | None = None
    note: str | None = None


class EntityEntry(_Strict):
    id: EntityId
    type: NonEmpty
    name: NonEmpty
    aliases: list[NonEmpty] = Field(default_factory=list)
    topics: list[NonEmpty] = Field(default_factory=list)
    description: str | None = None
    unnamed: bool = False
    same_as: EntityId | None = None
    props: dict[str, PropValue] = Field(default_factory=dict)


class FactEntry(_Strict):
    id: FactId
    subject: NonEmpty
    predicate: NonEmpty
    object: NonEmpty
    stance: Stance
    quote: Annotated[str, Field(min_length=1, max_length=limits.MAX_QUOTE_CHARS)]
    props: dict[str, Annotated[Scalar, BeforeValidator(_date_as_text)]] = Field(
        default_factory=dict
    )
    stated_on: PartialDate | None = None
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    speaker: NonEmpty | None = None
    according_to: NonEmpty | None = None
    answers: list[AnswerRef] = Field(default_factory=list)
    note: str | None = None
    # The curator concludes it (a city lies in its province); no source states it.
    inferred: bool = False


class FactFileTop(_Strict):
    """The top level only; entries are checked one by one so one bad entry hides no other."""

    source: dict[str, Any]
    entities: list[Any] = Field(default_factory=list, max_length=limits.MAX_ENTITIES)
    facts: list[Any] = Field(default_factory=list, max_length=limits.MAX_FACTS)


class FactFile(_Strict):
    """A fact file whose every part has the right shape."""

    source: SourceBlock
    entities: list[EntityEntry]
    facts: list[FactEntry]
