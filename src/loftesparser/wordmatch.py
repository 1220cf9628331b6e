"""Stems and phrases that start at a word, found without scanning every position.

A regular expression alternation of a hundred stems (``(?<!\\w)(?:trafik|
narkotik|...)``) is tried at every character of a text: the engines have no
trie for it. :class:`StemMatcher` visits only the starts of words and looks the
stems up by their first two letters, with the same answers as the alternation
(longest stem first, matches not overlapping, a match may span words).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex

_WORD_START = regex.compile(r"(?<!\w)\w")
_KEY_LENGTH = 2


class StemMatcher:
    """Case-insensitive stems, each matched where a word starts.

    ``extend`` continues a match past its stem (``[\\p{L}\\-]*``: the rest
    of the word), so the next match starts after it, as with a regex that
    has the same tail.
    """

    def __init__(self, stems: Iterable[str], *, extend: regex.Pattern[str] | None = None) -> None:
        folded = sorted({stem.casefold() for stem in stems if stem.strip()}, key=len, reverse=True)
        self._by_key: dict[str, list[str]] = {}
        self._short: list[str] = []  # stems shorter than the key: checked at every word
        for stem in folded:
            if len(stem) < _KEY_LENGTH:
                self._short.append(stem)
            else:
                self._by_key.setdefault(stem[:_KEY_LENGTH], []).append(stem)
        self._extend = extend

    def finditer(self, text: str) -> Iterator[tuple[str, int, int]]:
        """``(stem, start, end)`` of each match in ``text.casefold()``, in order.

        Offsets are into the case-folded text (the same as into ``text`` but
        for the rare letters whose folding is longer, such as "ß").
        """
        folded = text.casefold()
        after = 0
        for word in _WORD_START.finditer(folded):
            start = word.start()
            if start < after:
                continue
            stem = self._stem_at(folded, start)
            if stem is None:
                continue
            end = start + len(stem)
            after = end
            if self._extend is not None:
                tail = self._extend.match(folded, end)
                if tail is not None:
                    after = tail.end()
            yield stem, start, end

    def _stem_at(self, folded: str, start: int) -> str | None:
        for stem in self._by_key.get(folded[start : start + _KEY_LENGTH], ()):
            if folded.startswith(stem, start):
                return stem
        for stem in self._short:
            if folded.startswith(stem, start):
                return stem
        return None


__all__ = ["StemMatcher"]
