"""How big one fact file may be. Each bound keeps a hostile or mistaken file from costing more
memory, time or stored text than a real report's curation ever needs (the seed report is 44 kB,
100 facts, quotes of at most 288 characters)."""

from __future__ import annotations

# The file as sent or read, before anything is parsed.
MAX_FILE_BYTES = 2_000_000
# Values in the parsed document (mappings, lists and scalars); without aliases this is bounded
# by the file size anyway, but a file of one-character items would still build a million objects.
MAX_NODES = 200_000
# Any one string: a description, a note, a name.
MAX_VALUE_CHARS = 10_000
# A quote is a sentence or the shortest span that carries a fact, not a paragraph.
MAX_QUOTE_CHARS = 2_000
MAX_FACTS = 5_000
MAX_ENTITIES = 5_000
