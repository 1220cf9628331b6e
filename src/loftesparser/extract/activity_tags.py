"""An activity's themes and partners, found by one scan of the union of their stems.

Themes (:mod:`~loftesparser.extract.themes`) and partners
(:mod:`~loftesparser.extract.partners`) are both stems matched where a word
starts. Every activity text is scanned for both; one trie of the two stem lists
finds them in one pass where the answer is provably the same as two scans, and
the two scans run otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loftesparser.extract.partners import find_partners_folded, partner_stems, partners_of_stems
from loftesparser.extract.themes import find_themes_folded, theme_stems, themes_of_stems
from loftesparser.wordmatch import StemMatcher


@dataclass(frozen=True, slots=True)
class _StemUnion:
    """The theme and the partner stems in one trie, so that one scan finds both.

    The stems that match where a word starts are prefixes of the longest one, so the
    longest theme (partner) stem there is the longest one that is a prefix of the
    union's match. Each kind's scan goes on after its own match, the union's after
    the longest: the same result unless a word starting inside the union's match,
    after the kind's own, could begin a stem of the kind (``spans_words``).
    """

    matcher: StemMatcher
    #: Union stem -> the longest theme stem that is a prefix of it (None: none is).
    theme_of: dict[str, str | None]
    #: Union stem -> the longest partner stem that is a prefix of it (None: none is).
    partner_of: dict[str, str | None]
    #: The union stems a match of which may hide a theme or partner match: one
    #: starting at a word start inside it, after the kind's own match there.
    spans_words: frozenset[str]


def _longest_prefix(stems: frozenset[str], word: str) -> str | None:
    return next((word[:size] for size in range(len(word), 0, -1) if word[:size] in stems), None)


def _hides_a_match(stem: str, kind: frozenset[str], own: str | None) -> bool:
    """Does a word start inside ``stem``, after ``own`` (the kind's longest stem that is
    a prefix of it), begin the way one of the kind's stems does?"""
    for inner in range(max(len(own or ""), 1), len(stem)):
        if re.match(r"\W", stem[inner - 1]):
            rest = stem[inner:]
            if any(other.startswith(rest) or rest.startswith(other) for other in kind):
                return True
    return False


@lru_cache(maxsize=1)
def _stem_union() -> _StemUnion:
    themes, partners = theme_stems(), partner_stems()
    union = themes | partners
    theme_of = {stem: _longest_prefix(themes, stem) for stem in union}
    partner_of = {stem: _longest_prefix(partners, stem) for stem in union}
    hiding = frozenset(
        stem
        for stem in union
        if _hides_a_match(stem, themes, theme_of[stem])
        or _hides_a_match(stem, partners, partner_of[stem])
    )
    return _StemUnion(StemMatcher(union), theme_of, partner_of, hiding)


def themes_and_partners(folded: str, exact: bool) -> tuple[list[str], list[str]]:
    """:func:`find_themes_folded` and :func:`find_partners_folded` of ``folded``: on
    the stdlib engine, without a "-" (which partners extend over) and with no match
    that may hide one of either kind (see ``_StemUnion``), both from one scan of the
    union of their stems."""
    if not exact and "-" not in folded:
        union = _stem_union()
        stems = union.matcher.findall_folded(folded, exact=False)
        if union.spans_words.isdisjoint(stems):
            theme_of, partner_of = union.theme_of, union.partner_of
            themes = [theme for stem in stems if (theme := theme_of[stem]) is not None]
            partners = [partner for stem in stems if (partner := partner_of[stem]) is not None]
            return themes_of_stems(folded, themes, False), partners_of_stems(partners)
    return find_themes_folded(folded, exact=exact), find_partners_folded(folded, exact=exact)
