"""uvicorn's access log without query strings: a search word or an entity id a caller looked up
is theirs; the audit log keeps a keyed hash of parameters instead."""

from __future__ import annotations

import copy
import logging
from typing import Any

import uvicorn.config


class DropQueryStrings(logging.Filter):
    """Cuts `?...` from the path of uvicorn's access records (their third argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration, with the filter on its access handler."""
    config: dict[str, Any] = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config.setdefault("filters", {})["drop_query_strings"] = {"()": DropQueryStrings}
    config["handlers"]["access"]["filters"] = ["drop_query_strings"]
    return config
