"""Text similarity: the Dice coefficient of word multisets, and a near-duplicate index.

The extractors drop an activity that restates a promise and a promise found
twice; the evaluation aligns predicted with gold items. Both compare word
multisets with the Dice coefficient. Comparing every item with every other is
quadratic, which a 10 MB document full of list items turns into minutes, so
:class:`NearDuplicates` finds the candidates by *prefix filtering* (the
AllPairs method of set-similarity joins): two multisets that reach the
threshold must share one of the rarest few words of each, so only items that
share such a word are compared.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

import regex

from loftesparser.wordmatch import needs_exact_engine

_WORD = regex.compile(r"\w+")
# The stdlib engine is faster, and its \w is the regex module's on every text that
# needs_exact_engine lets it have.
_FAST_WORD = re.compile(r"\w+")


# Marks that open or close a word's chunk ("upp,", "(polisen)"); none is a word character.
_EDGE_MARKS = ".,:;!?()[]\"'”“’»«–—-/…*•"


def words(text: str) -> list[str]:
    """The case-folded words of ``text`` in order (runs of the regex module's ``\\w``)."""
    return folded_words(text.casefold())


def folded_words(folded: str) -> list[str]:
    """:func:`words` of a text that is already case-folded."""
    found = _chunk_words(folded)
    if found is not None:
        return found
    return (_WORD if needs_exact_engine(folded) else _FAST_WORD).findall(folded)


def _chunk_words(folded: str) -> list[str] | None:
    """The words of ``folded`` when each of its chunks (between white space) is runs of
    letters or of digits joined by hyphens or slashes, between marks (most texts), else None.

    Each such run is a word: letters and decimal digits are word characters,
    white space, the marks, "-" and "/" are not (tested on every code point).
    """
    found: list[str] = []
    for chunk in folded.split():
        core = chunk.strip(_EDGE_MARKS)
        if core.isalpha() or core.isdecimal():
            found.append(core)
        elif core:
            # "andt-arbetet", "trafikkontroll/vecka": the runs between the joins.
            for run in core.replace("-", " ").replace("/", " ").split():
                if not (run.isalpha() or run.isdecimal()):
                    return None
                found.append(run)
    return found


def word_counts(text: str) -> Counter[str]:
    """The case-folded word multiset of ``text``."""
    return Counter(words(text))


def dice_counts(a: Counter[str], b: Counter[str]) -> float:
    """Dice coefficient of two word multisets: 2·|a ∩ b| / (|a| + |b|).

    Two empty multisets are identical, so their similarity is 1.0 (this keeps
    "an item compared with itself scores 1.0" true without exceptions).
    """
    total = a.total() + b.total()
    if total == 0:
        return 1.0
    return 2 * _overlap(a, b) / total


def _overlap(a: Counter[str], b: Counter[str]) -> int:
    """``(a & b).total()`` without building the intersection (the smaller one is walked)."""
    if len(b) < len(a):
        a, b = b, a
    shared = 0
    for word, count in a.items():
        other = b.get(word, 0)
        smaller = count if count < other else other
        if smaller > 0:
            shared += smaller
    return shared


def similar(a: str, b: str) -> float:
    """Dice coefficient of the word multisets of two texts, in [0, 1]."""
    return dice_counts(word_counts(a), word_counts(b))


Element = tuple[int, str, int]


# Up to this many multisets are compared one by one (after a size check); past it the
# prefix index is built, which costs more to keep than a handful of comparisons.
_DIRECT_LIMIT = 8


class NearDuplicates:
    """Word multisets indexed for "is any of them at least ``threshold`` similar to this one?".

    ``rarity`` ranks words (lower is rarer, e.g. the word's count in the
    document); any ranking gives correct answers, a good one gives few
    candidates. Answers equal comparing with every indexed multiset. A few
    multisets (a document's promises) are simply compared one by one; the
    prefix index is built when they grow past ``_DIRECT_LIMIT``.
    """

    def __init__(self, threshold: float, rarity: Callable[[str], int] | None = None) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self.threshold = threshold
        self._rarity = rarity or (lambda _word: 0)
        self._items: list[Counter[str]] = []
        self._sizes: list[int] = []
        self._indexed = False
        self._by_element: dict[Element, list[int]] = {}
        self._empty: list[int] = []
        #: The words of the prefixes of the first ``_prefix_words_of`` multisets (see
        #: may_match_text), gathered when first asked for: most indexes never are.
        self._prefix_words: set[str] = set()
        self._prefix_words_of = 0

    def __len__(self) -> int:
        return len(self._items)

    def _min_overlap(self, size: int) -> int:
        # Dice ≥ t with a partner of any admissible size needs this much overlap.
        t = self.threshold
        return max(1, math.ceil(t * size / (2 - t) - 1e-9))

    def _prefix(self, counts: Counter[str]) -> list[Element]:
        """The rarest elements of ``counts``, each occurrence of a word its own element.

        The elements ``(rarity, word, k)`` of a word are next to each other in
        sorted order, so the words are ranked once and their elements taken in
        that order until the prefix is full.
        """
        length = self._prefix_length(counts)
        elements: list[Element] = []
        for rank, word in self._ranked(counts):
            for k in range(counts[word]):
                if len(elements) == length:
                    return elements
                elements.append((rank, word, k))
        return elements

    def _prefix_length(self, counts: Counter[str]) -> int:
        size = sum(filter((0).__lt__, counts.values()))  # the positive counts
        return size - self._min_overlap(size) + 1

    def _ranked(self, counts: Counter[str]) -> list[tuple[int, str]]:
        """The words of ``counts`` with their rarity, rarest first (ties by the word)."""
        return sorted(zip(map(self._rarity, counts), counts, strict=True))

    def _words_of_prefix(self, counts: Counter[str]) -> list[str]:
        """The words of :meth:`_prefix` (in order, each once)."""
        remaining = self._prefix_length(counts)
        prefix_words: list[str] = []
        for _rank, word in self._ranked(counts):
            if remaining <= 0:
                break
            n = counts[word]
            if n > 0:
                prefix_words.append(word)
                remaining -= n
        return prefix_words

    def add(self, counts: Counter[str]) -> int:
        """Index ``counts``; returns its number (0, 1, ...)."""
        number = len(self._items)
        self._items.append(counts)
        self._sizes.append(counts.total())
        if self._indexed:
            self._index(number)
        elif len(self._items) > _DIRECT_LIMIT:
            self._indexed = True
            for earlier in range(len(self._items)):
                self._index(earlier)
        return number

    def _index(self, number: int) -> None:
        counts = self._items[number]
        if self._sizes[number] == 0:
            self._empty.append(number)
            return
        for element in self._prefix(counts):
            self._by_element.setdefault(element, []).append(number)

    def _may_reach(self, size: int, other_size: int) -> bool:
        """Can multisets of these sizes reach the threshold? (Dice ≤ 2·min / sum)."""
        total = size + other_size
        return total == 0 or 2 * min(size, other_size) / total >= self.threshold

    def first_similar(self, counts: Counter[str]) -> int | None:
        """The lowest number of an indexed multiset at least ``threshold`` similar, or None."""
        size = counts.total()
        if not self._indexed:
            for number, (item, item_size) in enumerate(zip(self._items, self._sizes, strict=True)):
                if self._may_reach(size, item_size) and dice_counts(counts, item) >= self.threshold:
                    return number
            return None
        if size == 0:
            return self._empty[0] if self._empty else None
        candidates = {
            number
            for element in self._prefix(counts)
            for number in self._by_element.get(element, ())
        }
        for number in sorted(candidates):
            if dice_counts(counts, self._items[number]) >= self.threshold:
                return number
        return None

    def may_match_text(self, text: str) -> bool:
        """False only when no indexed multiset is similar to ``word_counts(text)``.

        Cheaper than counting the words of ``text``: a multiset at least
        ``threshold`` similar to an indexed one shares a word of that one's
        prefix (the prefix filtering lemma), and that word is then a substring
        of the case-folded text. An empty indexed multiset (similar only to
        another empty one) makes every text a candidate.
        """
        return self.may_match_folded(text.casefold())

    def may_match_folded(self, folded: str) -> bool:
        """:meth:`may_match_text` of a text that is already case-folded."""
        if 0 in self._sizes:
            return True
        words = self._words_of_prefixes()
        return bool(words) and any(map(folded.__contains__, words))

    def _words_of_prefixes(self) -> set[str]:
        for counts in self._items[self._prefix_words_of :]:
            self._prefix_words.update(self._words_of_prefix(counts))
        self._prefix_words_of = len(self._items)
        return self._prefix_words

    def may_match_size(self, size: int) -> bool:
        """False only when no indexed multiset can be similar to one of ``size`` words."""
        threshold = self.threshold
        # _may_reach for each size, written out (a call per size costs more than the test).
        return any(
            (total := size + item_size) == 0 or 2 * min(size, item_size) / total >= threshold
            for item_size in self._sizes
        )

    def has_similar(self, counts: Counter[str]) -> bool:
        """Is any indexed multiset at least ``threshold`` similar to ``counts``?"""
        return self.first_similar(counts) is not None


__all__ = ["NearDuplicates", "dice_counts", "folded_words", "similar", "word_counts", "words"]
