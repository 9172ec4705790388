"""JSON answers encoded by orjson: several times faster than the standard library on the large
nested rows saved queries return, and the API's default response class."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import JSONResponse


class JsonBody(JSONResponse):
    def render(self, content: Any) -> bytes:
        # Non-string keys (none of ours, but a row's map may have them) are written as text,
        # as json.dumps would.
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
