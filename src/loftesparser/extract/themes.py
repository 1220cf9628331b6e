"""Themes: the research taxonomy in ``data/themes.toml``, assigned by word stems."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from loftesparser.lexicon import LexiconError, load_toml, string_list
from loftesparser.wordmatch import StemMatcher


@dataclass(frozen=True, slots=True)
class Theme:
    key: str
    label: str
    stems: tuple[str, ...]


@lru_cache(maxsize=1)
def themes() -> tuple[Theme, ...]:
    """The theme taxonomy, validated (cached)."""
    data = load_toml("themes.toml").get("themes")
    if not isinstance(data, dict) or not data:
        raise LexiconError("data/themes.toml: [themes.*] tables are missing")
    result = []
    for key, table in data.items():
        label = table.get("label") if isinstance(table, dict) else None
        if not isinstance(label, str):
            raise LexiconError(f"data/themes.toml: themes.{key} has no label")
        result.append(Theme(key, label, string_list(table, "stems", source=f"themes.toml {key}")))
    return tuple(result)


@dataclass(frozen=True, slots=True)
class _ThemeIndex:
    matcher: StemMatcher
    #: Stem -> position of its theme in the taxonomy (the first theme that lists it).
    rank_of_stem: dict[str, int]
    keys: tuple[str, ...]
    #: The stems that count only as whole words (derived: the short ones).
    short_stems: frozenset[str]


#: Stems this long or shorter ("est", "hot", "rån") count only as whole words.
_SHORT_STEM = 3


@lru_cache(maxsize=1)
def _theme_index() -> _ThemeIndex:
    rank_of_stem: dict[str, int] = {}
    for rank, theme in enumerate(themes()):
        for stem in theme.stems:
            rank_of_stem.setdefault(stem.casefold(), rank)
    keys = tuple(theme.key for theme in themes())
    short_stems = frozenset(stem for stem in rank_of_stem if len(stem) <= _SHORT_STEM)
    return _ThemeIndex(StemMatcher(rank_of_stem), rank_of_stem, keys, short_stems)


def find_themes(text: str) -> list[str]:
    """Theme keys mentioned in ``text``, in taxonomy order."""
    return find_themes_folded(text.casefold())


def find_themes_folded(folded: str, *, exact: bool | None = None) -> list[str]:
    """:func:`find_themes` of a case-folded text (``exact``: see ``StemMatcher``)."""
    stems = _theme_index().matcher.findall_folded(folded, exact=exact)
    return themes_of_stems(folded, stems, exact)


def theme_stems() -> frozenset[str]:
    """Every theme stem, case-folded."""
    return frozenset(_theme_index().rank_of_stem)


def themes_of_stems(folded: str, stems: list[str], exact: bool | None) -> list[str]:
    """The theme keys of the theme stems found in ``folded`` (the matcher's
    ``findall_folded``, in order), in taxonomy order."""
    if not stems:
        return []
    index = _theme_index()
    rank_of_stem = index.rank_of_stem
    if index.short_stems.isdisjoint(stems):
        # The common case: every stem counts, wherever it ends.
        found = {rank_of_stem[stem] for stem in stems}
    else:
        found = set()
        for stem, _start, end in index.matcher.finditer_folded(folded, exact=exact):
            if len(stem) <= _SHORT_STEM and folded[end : end + 1].isalpha():
                continue  # a short stem inside a longer word
            found.add(rank_of_stem[stem])
    return [index.keys[rank] for rank in sorted(found)]
