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


@lru_cache(maxsize=1)
def _theme_matcher() -> tuple[StemMatcher, dict[str, str]]:
    stem_to_theme: dict[str, str] = {}
    for theme in themes():
        for stem in theme.stems:
            stem_to_theme.setdefault(stem.casefold(), theme.key)
    return StemMatcher(stem_to_theme), stem_to_theme


def find_themes(text: str) -> list[str]:
    """Theme keys mentioned in ``text``, in taxonomy order."""
    matcher, stem_to_theme = _theme_matcher()
    folded = text.casefold()
    found: set[str] = set()
    for stem, _start, end in matcher.finditer(text):
        # Short stems ("est", "hot", "rån") count only as whole words.
        if len(stem) <= 3 and folded[end : end + 1].isalpha():
            continue
        found.add(stem_to_theme[stem])
    return [theme.key for theme in themes() if theme.key in found]
