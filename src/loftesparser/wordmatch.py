"""Stems and phrases that start at a word, found by one regex over a trie.

A flat alternation of a hundred stems (``(?<!\\w)(?:trafik|narkotik|...)``)
makes the engine try every stem at every character. :class:`StemMatcher`
compiles the stems as a trie instead (``tr(?:afik|ygghet)|na...``), so each
position costs one branch per letter, with the same answers as the flat
alternation: longest stem first, matches not overlapping, a match may span
words.

The trie runs on the stdlib ``re`` engine, several times faster here than the
``regex`` module. The two disagree about ``\\w`` on a few characters (``re``
counts "²" and "½" as word characters, ``regex`` counts combining marks), so
a text containing any of them is matched with the ``regex`` module instead:
the results are the ``regex`` module's on every text.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex

from loftesparser.lexicon import trie_alternation

#: A stem matches only where a word starts.
_AT_WORD_START = r"(?<!\w)"


@lru_cache(maxsize=1)
def _word_classes_differ() -> re.Pattern[str]:
    """Characters on which ``re`` and ``regex`` disagree about ``\\w`` (and all astral ones).

    Computed from the two engines themselves (in about 10 ms, once), so it
    holds for the installed versions. Astral characters are not examined one
    by one: a text with one takes the slow path.
    """
    code_points = array("I", range(0xD800))  # the BMP without the surrogates
    code_points.extend(range(0xE000, 0x10000))
    bmp = code_points.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")
    only_stdlib = re.sub(r"\W+", "", regex.sub(r"\w+", "", bmp))
    only_regex = regex.sub(r"\W+", "", re.sub(r"\w+", "", bmp))
    return re.compile(f"[{re.escape(only_stdlib + only_regex)}\\U00010000-\\U0010ffff]")


@lru_cache(maxsize=1)
def _beyond_agreed_latin1() -> re.Pattern[str]:
    """Any character but the Latin-1 ones on which the engines agree about ``\\w``.

    A superset of :func:`_word_classes_differ`'s class, compiled to a bitmap: a
    text without any (most Swedish texts) needs no engine but ``re``, known at a
    fraction of the cost of the full class, which is tried only on the others.
    """
    differ = _word_classes_differ()
    agreed = "".join(char for char in map(chr, range(256)) if differ.match(char) is None)
    return re.compile(f"[^{re.escape(agreed)}]")


def needs_exact_engine(folded: str) -> bool:
    """Must ``folded`` be matched with the ``regex`` module (a character on which the
    engines disagree about ``\\w``)? Callers matching one text with several matchers
    ask once and pass the answer on."""
    if _beyond_agreed_latin1().search(folded) is None:
        return False
    return _word_classes_differ().search(folded) is not None


class StemMatcher:
    """Case-insensitive stems, each matched where a word starts.

    ``extend`` continues a match past its stem (``[\\p{L}\\-]*``: the rest
    of the word), so the next match starts after it, as with a regex that
    has the same tail.
    """

    def __init__(self, stems: Iterable[str], *, extend: regex.Pattern[str] | None = None) -> None:
        folded = {stem.casefold() for stem in stems if stem.strip()}
        for stem in folded:
            if not regex.match(r"\w", stem):
                raise ValueError(f"stem {stem!r} does not start with a word character")
        trie = trie_alternation(folded) if folded else r"(?!)"
        source = _AT_WORD_START + trie
        self._source = source
        self._fast = re.compile(source)
        # The scan: the non-word character before a stem, then the stem (a group), on
        # the text after a space. The engine jumps from one non-word character to the
        # next instead of entering the pattern at every position. The matches are the
        # same when every stem ends in a word character: the character that ends a
        # match is then never the one before the next. Otherwise the scan is not used.
        ends_in_word = all(re.search(r"\w\Z", stem) for stem in folded)
        self._scan = re.compile(rf"\W({trie})") if ends_in_word else None
        self._exact: regex.Pattern[str] | None = None  # compiled when a text first needs it
        self._extend = extend

    def finditer(self, text: str) -> Iterator[tuple[str, int, int]]:
        """``(stem, start, end)`` of each match in ``text.casefold()``, in order.

        Offsets are into the case-folded text (the same as into ``text`` but
        for the rare letters whose folding is longer, such as "ß").
        """
        return self.finditer_folded(text.casefold())

    def finditer_folded(
        self, folded: str, *, exact: bool | None = None
    ) -> Iterator[tuple[str, int, int]]:
        """:meth:`finditer` on a text that is already case-folded.

        ``exact`` is :func:`needs_exact_engine` of ``folded`` when the caller knows it.
        """
        if exact is None:
            exact = needs_exact_engine(folded)
        pattern = self._exact_pattern() if exact else self._fast
        if self._extend is None:
            if not exact and self._scan is not None:
                # Offsets into the text after the space: one less in ``folded``.
                return (
                    (m.group(1), m.start(1) - 1, m.end(1) - 1)
                    for m in self._scan.finditer(" " + folded)
                )
            # No match is empty, so the engine's own scan resumes where a search would.
            return ((m.group(), m.start(), m.end()) for m in pattern.finditer(folded))
        if not exact and self._scan is not None:
            return _extended_scan(self._scan, self._extend, folded)
        return _extended_matches(pattern, self._extend, folded)

    def findall_folded(self, folded: str, *, exact: bool | None = None) -> list[str]:
        """The stems of :meth:`finditer_folded`'s matches, found by one C call.

        The extension is not applied: for a matcher with one, the stems are its
        matches only when no extension would have consumed the start of a word.
        """
        if exact is None:
            exact = needs_exact_engine(folded)
        if exact:
            # The trie has no capturing group: findall returns the matched stems.
            return self._exact_pattern().findall(folded)
        if self._scan is not None:
            # One group, the stem: findall returns it.
            return self._scan.findall(" " + folded)
        return self._fast.findall(folded)

    def _exact_pattern(self) -> regex.Pattern[str]:
        # Few texts need it, and the regex module takes a while to compile a trie.
        if self._exact is None:
            self._exact = regex.compile(self._source)
        return self._exact


def _extended_scan(
    scan: re.Pattern[str], extend: regex.Pattern[str], folded: str
) -> Iterator[tuple[str, int, int]]:
    """:func:`_extended_matches` by the scan, on the text after a space: each search
    starts at the last character of the previous match's extension, which the next
    stem needs to be a non-word character, as the lookbehind does at that end."""
    text = " " + folded
    position = 0
    while (match := scan.search(text, position)) is not None:
        start, end = match.span(1)
        tail = extend.match(text, end)
        position = (tail.end() if tail is not None else end) - 1
        yield match.group(1), start - 1, end - 1


def _extended_matches(
    pattern: re.Pattern[str] | regex.Pattern[str], extend: regex.Pattern[str], folded: str
) -> Iterator[tuple[str, int, int]]:
    """The matches of ``pattern`` when each goes on with ``extend`` (the next search starts
    after the extension; the reported end is the stem's)."""
    position = 0
    while (match := pattern.search(folded, position)) is not None:
        start, end = match.span()
        tail = extend.match(folded, end)
        position = tail.end() if tail is not None else end
        yield match.group(), start, end


__all__ = ["StemMatcher", "needs_exact_engine"]
