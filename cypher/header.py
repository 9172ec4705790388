"""The `//` header of a saved query: read from the top of a `.cypher` file, validated strictly.

The header is YAML with every line prefixed by `//`, so the file stays valid Cypher and can be
pasted into Neo4j Browser as it is. Unknown fields are errors, so a typo never silently drops a
bound or a default.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from graph.ontology import get_ontology
from graph.vocabulary import ENTITY_TYPES, SOURCE_KINDS, STANCES

EntityColumn = Literal["id", "name", "claim"]
ParamType = Literal[
    "string", "search", "integer", "float", "boolean", "date", "entity_id", "enum", "list"
]
NAME_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"
# A string parameter without its own bound still cannot carry a novel into the server.
DEFAULT_MAX_LENGTH = 200
# An enum may name one of these lists instead of spelling it out, so it follows the ontology.
VOCABULARY_LISTS: dict[str, tuple[str, ...]] = {
    "stances": STANCES,
    "source_kinds": SOURCE_KINDS,
    "entity_types": ENTITY_TYPES,
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TypeSpec(_Strict):
    """A value's type and bounds: a parameter's own, or the items of a list parameter."""

    type: ParamType
    min: float | None = Field(default=None, description="Lowest allowed number.")
    max: float | None = Field(default=None, description="Highest allowed number.")
    max_length: int | None = Field(default=None, ge=1, le=10_000, description="For strings.")
    values: tuple[str, ...] | None = Field(
        default=None,
        description="For enums: the allowed values, or the name of a vocabulary list.",
    )
    labels: tuple[str, ...] | None = Field(
        default=None, description="For entity ids: the labels the entity may carry."
    )

    @field_validator("values", mode="before")
    @classmethod
    def _vocabulary_list(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if value not in VOCABULARY_LISTS:
            raise ValueError(
                f"values {value!r} names no vocabulary list; use a list of values or one of "
                f"{', '.join(VOCABULARY_LISTS)}"
            )
        return VOCABULARY_LISTS[value]

    @model_validator(mode="after")
    def _fits_type(self) -> TypeSpec:
        problems: list[str] = []
        numeric = self.type in ("integer", "float")
        if not numeric and (self.min is not None or self.max is not None):
            problems.append(f"min/max bound numbers only, not {self.type}")
        if self.min is not None and self.max is not None and self.min > self.max:
            problems.append(f"min {self.min} is above max {self.max}")
        if self.type == "integer" and any(
            b is not None and b != int(b) for b in (self.min, self.max)
        ):
            problems.append("integer bounds must be whole numbers")
        if self.max_length is not None and self.type not in ("string", "search"):
            problems.append(f"max_length bounds strings only, not {self.type}")
        if (self.type == "enum") != (self.values is not None):
            problems.append("`values` is required for an enum and allowed for nothing else")
        if self.values is not None and (
            not self.values or len(set(self.values)) != len(self.values)
        ):
            problems.append("enum values must be a non-empty list without repeats")
        if (self.type == "entity_id") != (self.labels is not None):
            problems.append("`labels` is required for an entity_id and allowed for nothing else")
        if self.labels is not None:
            known = set(get_ontology().types) | {"Entity"}
            unknown = [label for label in self.labels if label not in known]
            if not self.labels or unknown:
                problems.append(
                    f"labels must be ontology types or Entity; unknown: {unknown or 'none given'}"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self


class ParamSpec(TypeSpec):
    """One typed parameter of a saved query."""

    name: str = Field(pattern=NAME_PATTERN)
    description: str = Field(min_length=3)
    required: bool = False
    default: Any = None
    items: TypeSpec | None = Field(default=None, description="For lists: the type of each item.")
    min_items: int | None = Field(default=None, ge=0)
    max_items: int | None = Field(default=None, ge=1, le=1000)

    @model_validator(mode="after")
    def _list_and_default(self) -> ParamSpec:
        problems: list[str] = []
        if (self.type == "list") != (self.items is not None):
            problems.append("`items` is required for a list and allowed for nothing else")
        if self.items is not None and self.items.type == "list":
            problems.append("lists of lists are not supported")
        if self.type != "list" and (self.min_items is not None or self.max_items is not None):
            problems.append("min_items/max_items bound lists only")
        if self.required and self.default is not None:
            problems.append("a required parameter cannot have a default")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Example(_Strict):
    """Parameters, and the rows they give on the seed graph (checked by the test suite).

    Only the columns a row lists are compared. `match: exact` expects exactly these rows in this
    order; `contains` expects each of them among the rows (for long or loosely ordered answers).
    """

    description: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    rows: list[dict[str, Any]]
    match: Literal["exact", "contains"] = "exact"


class Header(_Strict):
    name: str = Field(pattern=NAME_PATTERN)
    title: str = Field(min_length=3, max_length=120)
    description: str = Field(min_length=10)
    tags: tuple[str, ...] = Field(min_length=1)
    params: tuple[ParamSpec, ...] = ()
    examples: tuple[Example, ...] = Field(min_length=1)
    entities: dict[str, EntityColumn] = Field(
        default_factory=dict,
        description="Columns that name entities, and how: by `id`, by exact `name`, or by a "
        "`claim` id whose subject and object count. Columns called `id`, `*_id` or `*_ids` "
        "hold ids without saying so. Graph exports draw the entities named.",
    )

    @model_validator(mode="before")
    @classmethod
    def _params_by_name(cls, data: Any) -> Any:
        # Written as a mapping (name -> spec) because that reads best; held as an ordered list.
        if isinstance(data, dict) and isinstance(data.get("params"), dict):
            specs = []
            for name, spec in data["params"].items():
                if not isinstance(spec, dict):
                    raise ValueError(f"params.{name} must be a mapping of type, description, ...")
                specs.append({"name": name, **spec})
            data = {**data, "params": specs}
        return data


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys; a header that says a thing twice is an error."""


def _mapping_without_repeats(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"{key!r} appears twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats
)

_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def split_header(text: str) -> tuple[str, str]:
    """The header's YAML (comment marks removed) and the Cypher body."""
    lines = text.splitlines()
    header: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        content = stripped[2:]
        header.append(content[1:] if content.startswith(" ") else content)
    body = "\n".join(lines[len(header) :]).strip()
    return "\n".join(header), body


class HeaderProblems(Exception):
    """Everything wrong with a header, found at once."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_header(text: str) -> tuple[Header, str, list[str]]:
    """Parse and validate a saved query file: the header, the Cypher body, and the problems
    found beyond the header's own schema (parameters used but not declared, and the reverse).

    Raises `HeaderProblems` when the header itself cannot be read or does not fit the schema.
    """
    raw_header, body = split_header(text)
    problems: list[str] = []
    try:
        # A SafeLoader subclass: it builds plain data only, like yaml.safe_load.
        data = yaml.load(raw_header, Loader=_UniqueKeyLoader) if raw_header.strip() else None  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (header line {mark.line + 1})" if mark is not None else ""
        raise HeaderProblems([f"the header is not valid YAML{where}: {exc}"]) from None
    if not isinstance(data, dict):
        raise HeaderProblems(["no header: start the file with `// name: ...` comment lines"])
    try:
        header = Header.model_validate(data)
    except ValidationError as exc:
        raise HeaderProblems([_describe(err) for err in exc.errors()]) from None
    if not body:
        problems.append("the file has a header but no Cypher after it")
    used = set(_PARAM_USE.findall(strip_strings_and_comments(body)))
    declared = {p.name for p in header.params}
    for name in sorted(used - declared):
        problems.append(f"${name} is used in the query but not declared in params")
    for name in sorted(declared - used):
        problems.append(f"params.{name} is declared but the query never uses ${name}")
    return header, body, problems


def _describe(err: Any) -> str:
    loc = ".".join(str(part) for part in err.get("loc", ())) or "header"
    message = str(err.get("msg", "invalid"))
    if err.get("type") == "extra_forbidden":
        message = "unknown field (check its spelling against docs/queries.md)"
    return f"{loc}: {message}"


def strip_strings_and_comments(cypher: str) -> str:
    # A `$` inside a string literal or a comment is not a parameter. One pass, left to right,
    # so that an apostrophe in a comment does not open a string, nor `//` in a string a comment.
    return _STRING_OR_COMMENT.sub(lambda m: "" if m.group().startswith("//") else "''", cypher)


_STRING_OR_COMMENT = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*")
