"""Driver values as JSON: the API's one-level conversion writes what the deep one writes."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from neo4j.spatial import CartesianPoint
from neo4j.time import Date, DateTime

from graph.values import json_default, to_jsonable


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ({"d": Date(2023, 5, 1), "when": [DateTime(2024, 1, 2, 3, 4, 5)]}, b'"2023-05-01"'),
        ([{"nested": {"deeper": (Date(1999, 12, 31), 1.5, True)}}], b'"1999-12-31"'),
        ({"at": CartesianPoint((1.0, 2.0))}, b"1.0"),
        ({1: "a non-string key", "list": ["x"] * 3}, b'{"1":'),
    ],
)
def test_the_shallow_conversion_writes_what_the_deep_one_writes(value: Any, written: bytes) -> None:
    options = orjson.OPT_NON_STR_KEYS
    shallow = orjson.dumps(value, default=json_default, option=options)
    assert shallow == orjson.dumps(to_jsonable(value), option=options)
    assert written in shallow
