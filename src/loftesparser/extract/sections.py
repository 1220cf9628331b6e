"""Sections: the document's headings in order, each with a kind.

The kind comes from heading words kept in ``data/headings.toml`` (Lägesbild →
situation, Tidsram → timeframe, Uppföljning → follow_up, …); a heading that
names an owner ("Polisen lovar:", "Lokalpolisområde Karlstad kommer att...")
heads a list of activities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast, get_args

import regex

from loftesparser.extract.ownership import header_actors
from loftesparser.lexicon import LexiconError, load_toml, string_list, string_table
from loftesparser.models import Actor, SectionKind
from loftesparser.segment import Block, Structure

# The regex module's \s (str.isspace less \x1c-\x1f; a test compares them on every
# code point), and the marks a heading may end in: what clean_heading strips.
_REGEX_WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_TRAILING = _REGEX_WHITE_SPACE + ":;.…"


@dataclass(frozen=True, slots=True)
class SectionInfo:
    """A heading of the document with its kind."""

    heading: str
    kind: SectionKind
    block: Block
    #: The parties the heading assigns its list to ("Polisen lovar:"; :func:`header_actors`).
    owner: frozenset[Actor] | None = None


def clean_heading(text: str) -> str:
    """Drop a trailing ":" / "..." / "…" (the gold format's heading form)."""
    # The trailing run of [\s:;.…] (what regex.sub(r"[\s:;.…]+$", "", ...) removes).
    return text.strip().rstrip(_TRAILING)


@lru_cache(maxsize=1)
def _kind_words() -> tuple[tuple[SectionKind, regex.Pattern[str]], ...]:
    """Each kind, in order, with one pattern for all its words (each as the start of a word)."""
    data = load_toml("headings.toml")
    order = string_list(data, "order", source="headings.toml")
    kinds = string_table(data, "kinds", source="headings.toml")
    valid = set(get_args(SectionKind))
    result = []
    for kind in order:
        if kind not in valid or kind not in kinds:
            raise LexiconError(f"data/headings.toml: unknown or missing kind {kind!r}")
        result.append((cast(SectionKind, kind), _words_pattern(kinds[kind])))
    return tuple(result)


def _words_pattern(words: Sequence[str]) -> regex.Pattern[str]:
    # One search for the alternation finds a word where one search per word would.
    alternation = "|".join(regex.escape(word) for word in words)
    return regex.compile(rf"(?<!\w)(?:{alternation})", regex.IGNORECASE)


def heading_kind(heading: str) -> SectionKind:
    """The kind of a section from its heading text."""
    return _kind(heading, header_actors(heading))


def _kind(heading: str, owner: frozenset[Actor] | None) -> SectionKind:
    """:func:`heading_kind` of ``heading``, whose header owner is ``owner``."""
    if owner:
        return "activities"
    for kind, pattern in _kind_words():
        if pattern.search(heading):
            return kind
    return "other"


def extract_sections(structure: Structure) -> list[SectionInfo]:
    """Every heading after the title, in document order, with the owner it names."""
    sections: list[SectionInfo] = []
    for block in structure.headings:
        # The content extractor asks for the owner again: it is found once, here.
        owner = header_actors(block.text)
        sections.append(
            SectionInfo(
                heading=clean_heading(block.text),
                kind=_kind(block.text, owner),
                block=block,
                owner=owner,
            )
        )
    return sections
