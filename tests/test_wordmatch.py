"""StemMatcher: the same matches as a regex alternation of the stems, found word by word."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from loftesparser.extract.partners import find_partners
from loftesparser.extract.themes import find_themes
from loftesparser.wordmatch import StemMatcher


def _regex_reference(stems: list[str], text: str, tail: str = "") -> list[tuple[str, int, int]]:
    alternation = "|".join(
        regex.escape(s) for s in sorted({s.casefold() for s in stems}, key=len, reverse=True)
    )
    pattern = regex.compile(rf"(?<!\w)(?P<stem>{alternation}){tail}")
    folded = text.casefold()
    return [(m["stem"], m.start(), m.end("stem")) for m in pattern.finditer(folded)]


@pytest.mark.parametrize(
    ("stems", "text", "expected"),
    [
        (["trafik"], "Trafikkontroller och trafik", [("trafik", 0, 6), ("trafik", 21, 27)]),
        (["skol", "skolan"], "i skolan", [("skolan", 2, 8)]),  # the longest stem wins
        (["våld i nära relation"], "mot våld i nära relationer", [("våld i nära relation", 4, 24)]),
        (["rån"], "förrån", []),  # only at the start of a word
        (["a"], "a b ab", [("a", 0, 1), ("a", 4, 5)]),  # stems shorter than the lookup key
    ],
)
def test_matches(stems: list[str], text: str, expected: list[tuple[str, int, int]]) -> None:
    assert list(StemMatcher(stems).finditer(text)) == expected


def test_extend_consumes_the_rest_of_the_word() -> None:
    matcher = StemMatcher(["skol", "lan"], extend=regex.compile(r"[\p{L}\-]*"))
    # Without the tail "lan" in "skolan" would not be reached anyway; with "skol-lan" it is one word.
    assert [m[0] for m in matcher.finditer("skol-lan lan")] == ["skol", "lan"]


_ALPHABET = st.sampled_from(list("abåö -"))
# Stems start with a letter, as every stem in the data files does.
_stems = st.lists(
    st.tuples(st.sampled_from(list("abåö")), st.text(_ALPHABET, max_size=4)).map("".join),
    min_size=1,
    max_size=8,
)


@settings(max_examples=400, deadline=None)
@given(
    stems=_stems, text=st.text(st.sampled_from(list("abåöAÖ -.,")), max_size=40), tail=st.booleans()
)
def test_equals_the_regex_alternation(stems: list[str], text: str, tail: bool) -> None:
    rest = r"[\p{L}\-]*"
    matcher = StemMatcher(stems, extend=regex.compile(rest) if tail else None)
    assert list(matcher.finditer(text)) == _regex_reference(stems, text, rest if tail else "")


@pytest.mark.parametrize(
    ("text", "themes", "partners"),
    [
        (
            "Polisen genomför trafikkontroller vid skolorna tillsammans med "
            "räddningstjänsten och Svenska kyrkan.",
            ["trafik", "skola"],
            ["skolan", "räddningstjänsten", "trossamfund"],
        ),
        ("Kommunen informerar om bedrägerier mot äldre.", ["bedragerier"], []),
        ("Våld i nära relationer uppmärksammas.", ["vald_nara_relation"], []),
    ],
)
def test_themes_and_partners(text: str, themes: list[str], partners: list[str]) -> None:
    found = find_themes(text)
    assert all(theme in found for theme in themes), found
    assert find_partners(text) == partners
