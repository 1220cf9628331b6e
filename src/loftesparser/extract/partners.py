"""Partners: parties other than the police and the kommun that an activity names.

Skolan, socialtjänsten, näringslivet, bostadsbolaget, föreningar,
länsstyrelsen, räddningstjänsten … as word stems in ``data/partners.toml``.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from loftesparser.lexicon import load_toml, string_table


@lru_cache(maxsize=1)
def _partner_pattern() -> tuple[regex.Pattern[str], dict[str, str]]:
    table = string_table(load_toml("partners.toml"), "partners", source="partners.toml")
    stem_to_partner: dict[str, str] = {}
    for partner, stems in table.items():
        for stem in stems:
            stem_to_partner[stem.casefold()] = partner
    alternation = "|".join(
        regex.escape(stem) for stem in sorted(stem_to_partner, key=len, reverse=True)
    )
    pattern = regex.compile(rf"(?<!\w)(?P<stem>{alternation})[\p{{L}}\-]*", regex.IGNORECASE)
    return pattern, stem_to_partner


def find_partners(text: str) -> list[str]:
    """Canonical partner names mentioned in ``text``, in order of first mention."""
    pattern, stem_to_partner = _partner_pattern()
    found: list[str] = []
    for match in pattern.finditer(text):
        partner = stem_to_partner[match.group("stem").casefold()]
        if partner not in found:
            found.append(partner)
    return found
