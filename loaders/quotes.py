"""Quote checking: a quote must occur in the source text, up to whitespace and typography."""

from __future__ import annotations

import re
import unicodedata

# Typographic quotes and apostrophes are written either way by hand; both sides fold to ASCII.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFC, folded quotes, every run of whitespace one space, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_FOLD)).strip()


class SourceText:
    """A source's text, normalised once, to test many quotes against."""

    def __init__(self, text: str) -> None:
        self._normalised = normalise(text)

    def contains(self, quote: str) -> bool:
        needle = normalise(quote)
        return bool(needle) and needle in self._normalised
