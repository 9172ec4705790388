"""JSON answers encoded by orjson, the API's default response class.

orjson writes dicts, lists, strings and numbers in C, several times faster than the standard
library on the large nested rows saved queries return; only what it does not know (Neo4j nodes,
relationships, paths, temporals) comes back to Python, one level at a time through
`json_default`, so a row no longer needs a Python walk over every value before it is encoded.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import JSONResponse

from graph.values import json_default


class JsonBody(JSONResponse):
    def render(self, content: Any) -> bytes:
        # Non-string keys (a row's map may have them) are written as text, as json.dumps would.
        return orjson.dumps(content, default=json_default, option=orjson.OPT_NON_STR_KEYS)
