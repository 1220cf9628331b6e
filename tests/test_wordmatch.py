"""StemMatcher: the same matches as a regex alternation of the stems, found word by word."""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from loftesparser.extract.activity_tags import themes_and_partners
from loftesparser.extract.partners import _partner_matcher, find_partners, find_partners_folded
from loftesparser.extract.themes import _theme_index, find_themes, find_themes_folded
from loftesparser.wordmatch import (
    StemMatcher,
    _word_classes_differ,
    needs_exact_engine,
)


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
        (["a"], "a b ab", [("a", 0, 1), ("a", 4, 5)]),  # a one-letter stem
        (["drog", "drogfri"], "drogfria droger", [("drogfri", 0, 7), ("drog", 9, 13)]),
        # Characters on which re and regex disagree about \w: regex's answer counts.
        (["trafik"], "²trafik ½trafik", [("trafik", 1, 7), ("trafik", 9, 15)]),
        (["trafik"], "e\u0301trafik", []),  # a combining mark is part of the word
        (["trafik"], "\U0001f697trafik", [("trafik", 1, 7)]),
        ([], "trafik", []),
    ],
)
def test_matches(stems: list[str], text: str, expected: list[tuple[str, int, int]]) -> None:
    assert list(StemMatcher(stems).finditer(text)) == expected


def test_extend_consumes_the_rest_of_the_word() -> None:
    matcher = StemMatcher(["skol", "lan"], extend=regex.compile(r"[\p{L}\-]*"))
    # Without the tail "lan" in "skolan" would not be reached anyway; with "skol-lan" it is one word.
    assert [m[0] for m in matcher.finditer("skol-lan lan")] == ["skol", "lan"]


def test_the_slow_path_covers_every_character_the_engines_disagree_on() -> None:
    flagged = _word_classes_differ()
    for code in [*range(0xD800), *range(0xE000, 0x10000), 0x10000, 0x1F697, 0x10FFFF]:
        char = chr(code)
        disagree = bool(re.match(r"\w", char)) != bool(regex.match(r"\w", char))
        assert bool(flagged.match(char)) == (disagree or code >= 0x10000), hex(code)


_EVERY_CODE_POINT = [*range(0xD800), *range(0xE000, 0x10000), 0x10000, 0x1F697, 0x10FFFF]


def test_the_latin1_prefilter_answers_as_the_full_class() -> None:
    # needs_exact_engine looks at the full class only after a bitmap class finds a
    # character outside the Latin-1 ones the engines agree on: the same answer.
    flagged = _word_classes_differ()
    for code in _EVERY_CODE_POINT:
        char = chr(code)
        expected = flagged.search(char) is not None
        assert needs_exact_engine(char) == expected, hex(code)
        assert needs_exact_engine(f"skola {char} och") == expected, hex(code)


@pytest.mark.parametrize(
    ("stems", "text", "expected"),
    [
        # A stem ending in a non-word character: the next stem may start right after it.
        (["a-", "b"], "a-b a-", [("a-", 0, 2), ("b", 2, 3), ("a-", 4, 6)]),
        (["a b", "b"], "a b b", [("a b", 0, 3), ("b", 4, 5)]),
        (["ab"], ",ab.ab;ab", [("ab", 1, 3), ("ab", 4, 6), ("ab", 7, 9)]),
        (["ab"], "åab _ab 1ab", []),
        (["ab"], "\u0100 ab \u0101ab", [("ab", 2, 4)]),
    ],
)
def test_matches_on_the_stdlib_scan(
    stems: list[str], text: str, expected: list[tuple[str, int, int]]
) -> None:
    matcher = StemMatcher(stems)
    assert not needs_exact_engine(text.casefold())
    assert list(matcher.finditer(text)) == expected
    assert matcher.findall_folded(text.casefold()) == [stem for stem, _, _ in expected]


def test_a_stem_must_start_a_word() -> None:
    with pytest.raises(ValueError, match="word character"):
        StemMatcher(["-sök"])


# "²", "½" and the combining acute are word characters to only one of re and regex.
_ALPHABET = st.sampled_from(list("abåö -\u0301"))
# Stems start with a letter, as every stem in the data files does.
_stems = st.lists(
    st.tuples(st.sampled_from(list("abåö")), st.text(_ALPHABET, max_size=4)).map("".join),
    min_size=1,
    max_size=8,
)


@settings(max_examples=400, deadline=None)
@given(
    stems=_stems,
    text=st.text(st.sampled_from(list("abåöAÖ -.,²½\u0301\U0001f697")), max_size=40),
    tail=st.booleans(),
)
def test_equals_the_regex_alternation(stems: list[str], text: str, tail: bool) -> None:
    rest = r"[\p{L}\-]*"
    matcher = StemMatcher(stems, extend=regex.compile(rest) if tail else None)
    assert list(matcher.finditer(text)) == _regex_reference(stems, text, rest if tail else "")


@settings(max_examples=400, deadline=None)
@given(
    stems=st.lists(
        st.tuples(
            st.sampled_from(list("abåö")), st.text(st.sampled_from(list("abö -_1")), max_size=4)
        ).map("".join),
        min_size=1,
        max_size=8,
    ),
    text=st.text(st.sampled_from(list("abåöAÖ -.,_1\u0100\u00e9")), max_size=40),
)
def test_the_stdlib_scan_equals_the_regex_alternation(stems: list[str], text: str) -> None:
    # Texts every character of which both engines class alike: the stdlib scan runs.
    matcher = StemMatcher(stems)
    folded = text.casefold()
    expected = _regex_reference(stems, text)
    assert list(matcher.finditer_folded(folded, exact=False)) == expected
    assert matcher.findall_folded(folded, exact=False) == [stem for stem, _, _ in expected]
    # With the rest of the word as the extension.
    rest = r"[\p{L}\-]*"
    extended = StemMatcher(stems, extend=regex.compile(rest))
    expected = _regex_reference(stems, text, rest)
    assert list(extended.finditer_folded(folded, exact=False)) == expected


@pytest.mark.parametrize(
    ("stems", "text", "expected"),
    [
        (["ab", "c"], "ab-.c", [("ab", 0, 2), ("c", 4, 5)]),
        (["ab", "c"], "abx-c c", [("ab", 0, 2), ("c", 6, 7)]),
        (["a", "b"], "a-1b a.b", [("a", 0, 1), ("a", 5, 6), ("b", 7, 8)]),
        (["a"], "a", [("a", 0, 1)]),
    ],
)
def test_extended_matches_on_the_stdlib_scan(
    stems: list[str], text: str, expected: list[tuple[str, int, int]]
) -> None:
    rest = r"[\p{L}\-]*"
    matcher = StemMatcher(stems, extend=regex.compile(rest))
    assert list(matcher.finditer_folded(text, exact=False)) == expected
    assert _regex_reference(stems, text, rest) == expected


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


@settings(max_examples=300, deadline=None)
@given(
    stems=_stems,
    text=st.text(st.sampled_from(list("abåöAÖ -.,²½\u0301\U0001f697")), max_size=40),
    tail=st.booleans(),
)
def test_the_engine_chosen_by_the_caller_gives_the_same_matches(
    stems: list[str], text: str, tail: bool
) -> None:
    # needs_exact_engine asked once for several matchers; the regex engine is right on any text.
    rest = r"[\p{L}\-]*"
    matcher = StemMatcher(stems, extend=regex.compile(rest) if tail else None)
    folded = text.casefold()
    expected = _regex_reference(stems, text, rest if tail else "")
    assert list(matcher.finditer_folded(folded, exact=needs_exact_engine(folded))) == expected
    assert list(matcher.finditer_folded(folded, exact=True)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Polisen genomför trafikkontroller vid skolorna med räddningstjänsten och Svenska kyrkan.",
        "²Trafik och ½droger i SKOLAN",
        "",
    ],
)
def test_themes_and_partners_of_a_folded_text(text: str) -> None:
    folded = text.casefold()
    exact = needs_exact_engine(folded)
    assert find_themes_folded(folded, exact=exact) == find_themes(text)
    assert find_partners_folded(folded, exact=exact) == find_partners(text)


def _themes_reference(text: str) -> list[str]:
    # Every match looked at, its end tested for a short stem (the former loop).
    index = _theme_index()
    folded = text.casefold()
    found: set[int] = set()
    for stem, _start, end in index.matcher.finditer(text):
        if len(stem) <= 3 and folded[end : end + 1].isalpha():
            continue
        found.add(index.rank_of_stem[stem])
    return [index.keys[rank] for rank in sorted(found)]


def _partners_reference(text: str) -> list[str]:
    # Every match with its extension (the former loop).
    matcher, stem_to_partner = _partner_matcher()
    found: list[str] = []
    for stem, _start, _end in matcher.finditer(text):
        if stem_to_partner[stem] not in found:
            found.append(stem_to_partner[stem])
    return found


def test_every_partner_stem_ends_in_a_word_character() -> None:
    # find_partners_folded's findall path relies on it: the character after a
    # stem (where the extension starts) is then never a word start.
    _matcher, stem_to_partner = _partner_matcher()
    for stem in stem_to_partner:
        assert re.match(r"\w", stem[-1]) and regex.match(r"\w", stem[-1]), stem


_WORDS = [
    *(stem for stem in _partner_matcher()[1]),
    *(stem for stem in _theme_index().rank_of_stem),
    "och",
    "i",
    "s",
    "na",
    "-",
    "²",
    "\u0301",
]


@pytest.mark.parametrize(
    "text",
    [
        "Skolpolis i skolorna och polis-skolan, fältare-skola",
        "Epa-traktorer och epatraktorer, hot och hotbild, rån i förrån",
        "individ- och familjeomsorgen med socialtjänsten",
        "²hot ½epa e\u0301rån",
        "",
    ],
)
def test_themes_and_partners_equal_the_match_loops(text: str) -> None:
    assert find_themes(text) == _themes_reference(text)
    assert find_partners(text) == _partners_reference(text)


def _joined_words(words: list[str], gaps: list[str]) -> st.SearchStrategy[str]:
    """Texts of up to eight of ``words``, each followed by one of ``gaps``."""
    pairs = st.lists(st.tuples(st.sampled_from(words), st.sampled_from(gaps)), max_size=8)
    return pairs.map(lambda pairs: "".join(word + gap for word, gap in pairs))


@settings(max_examples=300, deadline=None)
@given(text=_joined_words(_WORDS, ["", " ", "-", "s", ", ", "a"]))
def test_themes_and_partners_equal_the_match_loops_on_any_text(text: str) -> None:
    assert find_themes(text) == _themes_reference(text)
    assert find_partners(text) == _partners_reference(text)


_UNION_WORDS = [
    *_WORDS,
    "drabbas av brott",
    "brottsofferjouren",
    "tekniska avdelningen",
    "offentliga miljöer",
    "av",
    "brott",
]


@pytest.mark.parametrize(
    "text",
    [
        "drabbas av brottsofferjouren och skolan",
        "tekniska avdelningen, grannsamverkan och fritidsgården",
        "offentliga miljöer i skolorna; hot och est",
        "ordningsvakter ²hot",
        "",
    ],
)
def test_one_scan_of_the_union_equals_the_two_scans(text: str) -> None:
    _assert_union_equals_two_scans(text.casefold())


@settings(max_examples=400, deadline=None)
@given(text=_joined_words(_UNION_WORDS, ["", " ", "s", ", ", "a", "-"]))
def test_one_scan_of_the_union_equals_the_two_scans_on_any_text(text: str) -> None:
    _assert_union_equals_two_scans(text.casefold())


def _assert_union_equals_two_scans(folded: str) -> None:
    exact = needs_exact_engine(folded)
    expected = (find_themes_folded(folded, exact=exact), find_partners_folded(folded, exact=exact))
    assert themes_and_partners(folded, exact) == expected
