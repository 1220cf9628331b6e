"""Partners: parties other than the police and the kommun that an activity names.

Skolan, socialtjänsten, näringslivet, bostadsbolaget, föreningar,
länsstyrelsen, räddningstjänsten … as word stems in ``data/partners.toml``.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from loftesparser.lexicon import load_toml, string_table
from loftesparser.wordmatch import StemMatcher

# A partner stem goes on to the end of its word ("polisens", "fritidsgårdarna").
_REST_OF_WORD = regex.compile(r"[\p{L}\-]*")


@lru_cache(maxsize=1)
def _partner_matcher() -> tuple[StemMatcher, dict[str, str]]:
    table = string_table(load_toml("partners.toml"), "partners", source="partners.toml")
    stem_to_partner: dict[str, str] = {}
    for partner, stems in table.items():
        for stem in stems:
            stem_to_partner[stem.casefold()] = partner
    return StemMatcher(stem_to_partner, extend=_REST_OF_WORD), stem_to_partner


def find_partners(text: str) -> list[str]:
    """Canonical partner names mentioned in ``text``, in order of first mention."""
    return find_partners_folded(text.casefold())


def find_partners_folded(folded: str, *, exact: bool | None = None) -> list[str]:
    """:func:`find_partners` of a case-folded text (``exact``: see ``StemMatcher``)."""
    matcher = _partner_matcher()[0]
    if "-" in folded:
        stems = [stem for stem, _start, _end in matcher.finditer_folded(folded, exact=exact)]
    else:
        # The rest of a word (the extension) is letters up to a "-": without one
        # in the text it never reaches a word start (a stem needs a non-word
        # character before it), so the matches are the same without it.
        stems = matcher.findall_folded(folded, exact=exact)
    return partners_of_stems(stems)


def partner_stems() -> frozenset[str]:
    """Every partner stem, case-folded."""
    return frozenset(_partner_matcher()[1])


def partners_of_stems(stems: list[str]) -> list[str]:
    """The partners of the partner stems found in a text (in order), in order of
    first mention, each once."""
    stem_to_partner = _partner_matcher()[1]
    return list(dict.fromkeys([stem_to_partner[stem] for stem in stems]))
