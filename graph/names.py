"""Names as people type them: the normalised tokens and search keys of an entity's names.

One normalisation serves both sides of a search. The loader stores `search_keys(...)` of an
entity's names on the entity (its `search_keys` property, in the full-text index), and the
search query is built from `name_tokens(...)` of what the user typed, so case, accents,
punctuation and scripts other than Latin never decide whether two spellings meet.

Spacing is the one variant normalisation cannot settle ("Sihanouk Ville" and "Sihanoukville",
"Chou Bun Eng" and "Chou Bunneng"), so the keys also hold each name with all its tokens joined
and each pair of neighbouring tokens joined; the query side joins the typed tokens the same way
(see graph/fulltext.py), and fuzzy matching covers what is left ("Phnom Phen").
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from itertools import pairwise

from normality import normalize
from normality.transliteration import ICUWarning

# Without PyICU, normality transliterates through text-unidecode: coarser for some scripts, but
# it installs from the package index alone, which the project's machines and CI need.
warnings.filterwarnings("ignore", category=ICUWarning)

# "Hun Sen’s" should read as one word, "sens", not as "sen" and a stray "s".
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_NOT_TOKEN = re.compile(r"[^a-z0-9]+")


def name_tokens(text: str) -> list[str]:
    """The lowercase ASCII words of a text: accents dropped, other scripts transliterated,
    punctuation and symbols treated as spaces."""
    folded = normalize(_APOSTROPHES.sub("", text), lowercase=True, ascii=True) or ""
    # Transliteration can yield capitals or symbols (CJK gives "Jian Bu Zhai"), so fold again.
    return [token for token in _NOT_TOKEN.split(folded.lower()) if token]


def search_keys(texts: Iterable[str]) -> list[str]:
    """The search keys of some names (a name and its aliases), sorted and without repeats.

    For each name: its tokens spaced ("chou bun eng"), all joined ("choubuneng"), and each
    neighbouring pair joined ("choubun", "buneng").
    """
    keys: set[str] = set()
    for text in texts:
        tokens = name_tokens(text)
        if not tokens:
            continue
        keys.add(" ".join(tokens))
        if len(tokens) > 1:
            keys.add("".join(tokens))
            keys.update(first + second for first, second in pairwise(tokens))
    return sorted(keys)
