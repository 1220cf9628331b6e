"""Text normalization and similarity used by the scoring rules of ``corpus/gold/README.md``.

Kept apart from :mod:`.scoring` so that the gold loader can use the same
heading normalization for its consistency check without an import cycle.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from loftesparser.textsim import dice_counts

_TOKEN = re.compile(r"\w+")
# Trailing punctuation that does not change a heading: "Tidsram:", "Uppföljning.",
# "Polisen lovar…" and "Polisen lovar..." all name the same heading.
_HEADING_TAIL = re.compile(r"[\s:.…]+$")
_LPO_PREFIX = re.compile(r"^(?:lokalpolisområde|lpo)\s+", re.IGNORECASE)
_KOMMUN_SUFFIX = re.compile(r"\s+kommun$")


def _fold(text: str) -> str:
    """NFKC, lower case, runs of whitespace collapsed to one space, ends stripped."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def tokens(text: str) -> list[str]:
    """Word tokens of ``text`` after Unicode NFKC and lower-casing (``\\w+``)."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def token_counts(text: str) -> Counter[str]:
    """The token multiset of ``text``."""
    return Counter(tokens(text))


def dice(a: str, b: str) -> float:
    """Similarity of two texts: Dice coefficient of their token multisets, in [0, 1].

    The tokens are the scoring rules' own (NFKC, lower case); the coefficient
    is :func:`loftesparser.textsim.dice_counts`, shared with the extractors.
    """
    return dice_counts(token_counts(a), token_counts(b))


def normalize_heading(heading: str) -> str:
    """Heading as compared: NFKC, lower case, whitespace collapsed, no trailing ":" "." "…"."""
    return _HEADING_TAIL.sub("", _fold(heading))


def normalize_lpo(name: str) -> str:
    """Lokalpolisområde name as compared: folded, without a leading "Lokalpolisområde"/"LPO"."""
    return _LPO_PREFIX.sub("", _fold(name))


def normalize_kommun(name: str) -> str:
    """Kommun name as compared: folded bare name ("Habo kommun" and "habo" -> "habo")."""
    return _KOMMUN_SUFFIX.sub("", _fold(name))


__all__ = [
    "dice",
    "dice_counts",
    "normalize_heading",
    "normalize_kommun",
    "normalize_lpo",
    "token_counts",
    "tokens",
]
