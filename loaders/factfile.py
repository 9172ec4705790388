"""The fact-file format as pydantic models: the shape of one source's metadata, entities, facts.

These models check shape only (fields, types, formats). What needs the ontology or the whole
file at once (types, predicates, references, quotes) is checked in `loaders/checks.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID = re.compile(r"^[a-z]+:[a-z0-9][a-z0-9._-]*$")
_FACT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def to_partial_date(value: Any) -> Any:
    # YAML reads an unquoted 2022 as int and 2021-11-10 as a date; both are welcome here.
    if value is None:
        return None
    if isinstance(value, bool):
        raise PydanticCustomError(
            "bad_date", "{value!r} is not a date", {"value": value, "fix": _DATE_FIX}
        )
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, (dt.date, int)):
        value = value.isoformat() if isinstance(value, dt.date) else str(value)
    if not isinstance(value, str):
        raise PydanticCustomError(
            "bad_date", "{value!r} is not a date", {"value": value, "fix": _DATE_FIX}
        )
    match = _DATE.match(value)
    if match is None:
        raise PydanticCustomError(
            "bad_date", "'{value}' is not a partial ISO date", {"value": value, "fix": _DATE_FIX}
        )
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise PydanticCustomError(
            "bad_date", "'{value}' is not a real date", {"value": value, "fix": _DATE_FIX}
        ) from None
    return value


_DATE_FIX = "write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2021-11), with a real month and day"


def _to_id(value: Any) -> Any:
    if isinstance(value, str) and not _ID.match(value):
        raise PydanticCustomError(
            "bad_id",
            "'{value}' is not an id of the form prefix:slug",
            {
                "value": value,
                "fix": "use a lowercase prefix, a colon and a slug of a-z, 0-9, '.', '_' or '-', "
                "e.g. person:chou-bun-eng",
            },
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


Scalar = str | int | float | bool | list[str]


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
PropValue = Annotated[Scalar | None, BeforeValidator(_date_as_text)]
EntityId = Annotated[str, BeforeValidator(_to_id)]
FactId = Annotated[str, BeforeValidator(_to_fact_id)]
NonEmpty = Annotated[str, Field(min_length=1)]
Stance = Literal["asserts", "alleges", "denies", "disputes", "retracts"]
SourceKind = Literal[
    "news_article",
    "government_report",
    "documentary",
    "study",
    "ngo_report",
    "social_media_post",
    "sanctions_notice",
    "reference",
]


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
    quote: NonEmpty
    props: dict[str, Annotated[Scalar, BeforeValidator(_date_as_text)]] = Field(
        default_factory=dict
    )
    stated_on: PartialDate | None = None
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    speaker: NonEmpty | None = None
    according_to: NonEmpty | None = None
    answers: list[FactId] = Field(default_factory=list)
    note: str | None = None


class FactFileTop(_Strict):
    """The top level only; entries are checked one by one so one bad entry hides no other."""

    source: dict[str, Any]
    entities: list[Any] = Field(default_factory=list)
    facts: list[Any] = Field(default_factory=list)


class FactFile(_Strict):
    """A fact file whose every part has the right shape."""

    source: SourceBlock
    entities: list[EntityEntry]
    facts: list[FactEntry]
