"""Typed parameters: a pydantic model per saved query, built from its header's parameter specs.

Values arrive as JSON (API bodies), as strings (command line, HTTP query strings) or as Python
values (tests); the model coerces the strings and refuses anything out of bounds, so the server
only ever sees well-typed parameters.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    create_model,
)

from cypher.header import DEFAULT_MAX_LENGTH, ParamSpec, TypeSpec
from graph.ontology import get_ontology
from graph.vocabulary import is_entity_id, partial_date_problem


def check_partial_date(value: str) -> str:
    """A partial ISO date (`2021`, `2021-11`, `2021-11-10`) naming a real year, month or day."""
    problem = partial_date_problem(value)
    if problem == "not a real date":
        raise ValueError(f"{value} is not a real date")
    if problem is not None:
        raise ValueError("expected a partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _entity_id_checker(labels: tuple[str, ...]) -> Any:
    ontology = get_ontology()
    if "Entity" in labels:
        prefixes: set[str] | None = None
    else:
        # A subtype shares its parent's prefix, so Organization admits `org:` ids of any kind.
        wanted = set(labels)
        prefixes = {
            t.prefix
            for t in ontology.types.values()
            if t.name in wanted or (t.parent is not None and t.parent in wanted)
        }
    allowed = " or ".join(labels)

    def check(value: str) -> str:
        if not is_entity_id(value):
            raise ValueError("expected an entity id such as person:chou-bun-eng")
        if prefixes is not None and value.split(":", 1)[0] not in prefixes:
            raise ValueError(
                f"{value} cannot be a {allowed} (their ids start with "
                f"{', '.join(sorted(p + ':' for p in prefixes))})"
            )
        return value

    return check


def _enum_text(value: Any) -> Any:
    # `--tier 3` arrives as the number 3 once the command line has parsed it as JSON.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _split_list(value: Any) -> Any:
    # Query strings and the command line give lists as JSON (`["a","b"]`) or as `a,b`.
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError:
                return value
        return [part.strip() for part in text.split(",") if part.strip()] if text else []
    return value


def value_type(spec: TypeSpec) -> Any:
    """The annotated Python type that validates one value of this spec."""
    if spec.type in ("string", "search"):
        return Annotated[str, StringConstraints(max_length=spec.max_length or DEFAULT_MAX_LENGTH)]
    if spec.type == "integer":
        return Annotated[
            int,
            Field(
                ge=int(spec.min) if spec.min is not None else None,
                le=int(spec.max) if spec.max is not None else None,
            ),
        ]
    if spec.type == "float":
        return Annotated[float, Field(ge=spec.min, le=spec.max, allow_inf_nan=False)]
    if spec.type == "boolean":
        return bool
    if spec.type == "date":
        return Annotated[str, AfterValidator(check_partial_date)]
    if spec.type == "entity_id":
        return Annotated[str, AfterValidator(_entity_id_checker(spec.labels or ("Entity",)))]
    if spec.type == "enum":
        return Annotated[Literal[tuple(spec.values or ())], BeforeValidator(_enum_text)]
    raise ValueError(f"{spec.type} has no single-value type")


def param_type(spec: ParamSpec) -> Any:
    """The annotated type of a whole parameter (a list wraps its items' type)."""
    if spec.type != "list":
        return value_type(spec)
    assert spec.items is not None
    return Annotated[
        list[value_type(spec.items)],  # type: ignore[misc]
        BeforeValidator(_split_list),
        Field(min_length=spec.min_items, max_length=spec.max_items),
    ]


def check_default(spec: ParamSpec) -> str | None:
    """Why the spec's default does not fit its own type, or None when it fits."""
    if spec.default is None:
        return None
    try:
        TypeAdapter(param_type(spec), config=_CONFIG).validate_python(spec.default)
    except ValidationError as exc:
        return f"params.{spec.name}.default: {exc.errors()[0]['msg']}"
    return None


_CONFIG = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


def build_model(query_name: str, specs: tuple[ParamSpec, ...]) -> type[BaseModel]:
    """A pydantic model with one field per parameter, named after the query."""
    fields: dict[str, Any] = {}
    for spec in specs:
        typ = param_type(spec)
        if spec.required:
            fields[spec.name] = (Annotated[typ, Field(description=spec.description)], ...)
        elif spec.default is not None:
            fields[spec.name] = (
                Annotated[typ, Field(description=spec.description)],
                spec.default,
            )
        else:
            fields[spec.name] = (
                Annotated[typ | None, Field(description=spec.description)],
                None,
            )
    model_name = "".join(part.capitalize() for part in query_name.split("_")) + "Params"
    model: type[BaseModel] = create_model(model_name, __config__=_CONFIG, **fields)
    return model


def validation_problems(exc: ValidationError) -> list[dict[str, str]]:
    """Pydantic's errors as `{"field", "message"}` pairs, one per problem."""
    problems: list[dict[str, str]] = []
    for err in exc.errors():
        loc = err.get("loc", ())
        field = str(loc[0]) if loc else "(parameters)"
        if len(loc) > 1:
            field += "".join(f"[{part}]" for part in loc[1:] if isinstance(part, int))
        message = str(err.get("msg", "invalid"))
        if err.get("type") == "extra_forbidden":
            message = "unknown parameter"
        problems.append({"field": field, "message": message})
    return problems


def coerce(model: type[BaseModel], raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate raw parameters; every declared parameter is present in the result (None when
    unset), since Cypher refuses a query whose `$param` is missing."""
    return model.model_validate(dict(raw)).model_dump()
