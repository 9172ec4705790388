"""Route parameters the resource routers share, spelled once from the project's vocabulary."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from graph.vocabulary import ENTITY_ID_PATTERN, PARTIAL_DATE_PATTERN

# Route parameters spelled once, from the project's vocabulary.
PartialDate = Query(pattern=PARTIAL_DATE_PATTERN, description="Partial ISO date.")
EntityId = Annotated[
    str,
    Path(
        description="An entity id such as `person:chou-bun-eng`; a former id works too.",
        min_length=3,
        max_length=200,
        pattern=ENTITY_ID_PATTERN,
    ),
]

# The search routes' shared parameters: plain words (any text is safe, see graph/fulltext.py).
SearchText = Annotated[
    str, Query(min_length=1, max_length=200, description="Plain words; any text is safe.")
]
SearchLimit = Annotated[int, Query(ge=1, le=100, description="How many matches.")]
