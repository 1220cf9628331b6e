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
def _kind_word_lists() -> tuple[tuple[SectionKind, tuple[str, ...]], ...]:
    """Each kind, in order of precedence, with its heading words (``data/headings.toml``)."""
    data = load_toml("headings.toml")
    order = string_list(data, "order", source="headings.toml")
    kinds = string_table(data, "kinds", source="headings.toml")
    valid = set(get_args(SectionKind))
    result = []
    for kind in order:
        if kind not in valid or kind not in kinds:
            raise LexiconError(f"data/headings.toml: unknown or missing kind {kind!r}")
        result.append((cast(SectionKind, kind), tuple(kinds[kind])))
    return tuple(result)


@lru_cache(maxsize=1)
def _kind_words() -> tuple[tuple[SectionKind, regex.Pattern[str]], ...]:
    """Each kind, in order, with one pattern for all its words (each as the start of a word)."""
    return tuple((kind, _words_pattern(words)) for kind, words in _kind_word_lists())


def _words_pattern(words: Sequence[str]) -> regex.Pattern[str]:
    # One search for the alternation finds a word where one search per word would.
    alternation = "|".join(regex.escape(word) for word in words)
    return regex.compile(rf"(?<!\w)(?:{alternation})", regex.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _KindIndex:
    """The heading words as plain strings: a heading in characters whose case and word
    status are simple (:func:`_plain_heading`) is matched without the regex engine."""

    kinds: tuple[SectionKind, ...]  # in order of precedence
    #: Each word's first letter -> (the word's kind as an index into ``kinds``, the word).
    by_initial: dict[str, tuple[tuple[int, str], ...]]


@lru_cache(maxsize=1)
def _kind_index() -> _KindIndex:
    word_lists = _kind_word_lists()
    by_initial: dict[str, list[tuple[int, str]]] = {}
    for index, (_, words) in enumerate(word_lists):
        for word in words:
            if word != word.lower() or _plain_heading(word) is None or not word[:1].isalpha():
                raise LexiconError(f"data/headings.toml: {word!r} is not a plain lower-case word")
            by_initial.setdefault(word[0], []).append((index, word))
    kinds = tuple(kind for kind, _words in word_lists)
    return _KindIndex(kinds, {initial: tuple(words) for initial, words in by_initial.items()})


# Latin-1 and the general punctuation block ("–", "’", "•", "…") but the regex module's
# word characters there ("‿"): in these characters, lower() is the regex module's simple
# case folding on every pair the heading words can meet (tests check each pair), and
# the regex module's \w is _LATIN1_WORD (no character beyond Latin-1 is one).
_NOT_PLAIN = regex.compile(r"[^\x00-\xff\u2000-\u206f]|[\u2000-\u206f&&\w]", regex.V1)
_LATIN1_WORD = frozenset(c for c in map(chr, range(256)) if regex.match(r"\w", c))


def _plain_heading(heading: str) -> str | None:
    """``heading`` lower-cased when it holds only characters :data:`_NOT_PLAIN` allows."""
    return None if _NOT_PLAIN.search(heading) else heading.lower()


def _kind_of_words(heading: str) -> SectionKind | None:
    """The first kind one of whose words starts a word of ``heading`` (case-insensitive)."""
    lowered = _plain_heading(heading)
    if lowered is None:
        # Rare characters: the regex engine decides case and word boundaries.
        return next((kind for kind, pattern in _kind_words() if pattern.search(heading)), None)
    index = _kind_index()
    best = len(index.kinds)
    previous = ""
    for position, character in enumerate(lowered):
        words = index.by_initial.get(character)
        if words is not None and previous not in _LATIN1_WORD:
            for kind, word in words:
                if kind < best and lowered.startswith(word, position):
                    best = kind
        previous = character
    return index.kinds[best] if best < len(index.kinds) else None


def heading_kind(heading: str) -> SectionKind:
    """The kind of a section from its heading text."""
    return _kind(heading, header_actors(heading))


def _kind(heading: str, owner: frozenset[Actor] | None) -> SectionKind:
    """:func:`heading_kind` of ``heading``, whose header owner is ``owner``."""
    if owner:
        return "activities"
    return _kind_of_words(heading) or "other"


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
