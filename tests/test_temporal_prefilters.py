"""The shortcuts of the date scan decide exactly as the searches they spare.

``temporal_patterns`` reads a few characters of the text before it calls a pattern, and
finds its probe words with a spelled-out character class instead of ``\\W``; each
shortcut is checked here against the plain computation it replaces.
"""

from __future__ import annotations

import itertools
import re

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loftesparser.extract import temporal_patterns as tp
from loftesparser.extract.temporal_lexicon import TemporalLexicon, temporal_lexicon

# Words and characters around a number: count words in every case, their neighbours,
# and characters that test where a word starts and ends.
# fmt: off
_FRAGMENTS = [
    "2020", "1999", "12", "invånare", "Invånare", "INVÅNARE", "kr", "kr.", "Kronor", "st",
    "ärenden", "Ärenden", "procent", "barn", "ca", "ca.", "Ca", "CA.", "cirka", "över",
    "Över", "kl", "kl.", "nr", "dnr", "§", "s.", "sid", "sidan", "runt", "år", "året",
    "hösten", "mars", "den", "och", "x", "ab", "a", "n", "t", "s", "kro", "xca", "Under",
    "under", "uppdrag", "Sid", "medborgare", "meter", "drygt", "DRYGT", "omkr", "timma",
    " ", " ", "  ", "\n", "\t", "\xa0", ".", "..", ",", ":", "-", "–", "/", "(", ")", "%",
    " %", "'", "’", "_", "²", "½", "Ⅳ", "\u0301", "ǅ", "ß", "İ", "ſ", "K",
    "\U0001e4d0", "\U0001e4f1", "\U0001d400", "٣",
]
# fmt: on
_TEXTS = st.one_of(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join),
    st.text(alphabet=st.sampled_from("".join(_FRAGMENTS)), max_size=80),
    st.text(max_size=80),
)


def _is_count_by_search(text: str, start: int, end: int, lex: TemporalLexicon) -> bool:
    """What ``_is_count`` decided before its shortcuts: the word pattern, always searched."""
    word = tp._patterns().word
    after = word.search(text, end, min(len(text), end + 40))
    if after is not None and after.group().rstrip(".").casefold() in lex.count_words_after:
        return True
    if text[end : end + 2].startswith((" %", "%")):
        return True
    before = word.findall(text, max(0, start - 40), start)
    return bool(before) and before[-1].rstrip(".").casefold() in lex.count_words_before


def _assert_is_count_everywhere(text: str) -> None:
    lex = temporal_lexicon()
    for start in range(len(text) + 1):
        for end in {start, min(len(text), start + 4)}:
            assert tp._is_count(text, start, end, lex) == _is_count_by_search(
                text, start, end, lex
            ), (text, start, end)


@pytest.mark.parametrize(
    "text",
    [
        "2000 invånare",
        "2000 Invånare i kommunen",
        "ca 2020 svar",
        "Ca. 2020 svar",
        "cirka, 2020",
        "över 2020 (ärenden)",
        "ÖVER 2020 ÄRENDEN",
        "kl. 2020",
        "nr 2020: 12 st",
        "§ 2020",
        "s. 2020",
        "sidan - 2020",
        "2020 %",
        "2020%",
        "2020 – kr.",
        "år 2020 och 2021",
        "hösten 2020",
        "ca._2020 kr_",
        "ca\xa02020\xa0kr",
        "sid\u0301 2020 \u0301kr",
        "\U0001d400ca 2020 \U0001d400kr",
        "x" * 50 + " ca " + "y" * 70 + " 2020 " + "z" * 50 + " kr",
        "ca." + "." * 45 + "2020",
    ],
)
def test_is_count_decides_as_the_word_search_on_the_table(text: str) -> None:
    _assert_is_count_everywhere(text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_TEXTS)
def test_is_count_decides_as_the_word_search(text: str) -> None:
    _assert_is_count_everywhere(text)


def test_count_word_affixes_are_those_of_the_lexicon() -> None:
    starts, ends = tp._count_word_affixes()
    lex = temporal_lexicon()
    assert {"i", "in", "inv", "kr", "m", "ä", "äre"} <= starts
    assert {"a", "ca", "rka", "kl", "s", "dan"} <= ends
    assert "der" not in ends and "och" not in starts
    for word in lex.count_words_after:
        assert word.rstrip(".")[: tp._COUNT_AFFIX] in starts
    for word in lex.count_words_before:
        assert word.rstrip(".")[-tp._COUNT_AFFIX :] in ends


def test_ascii_characters_that_are_no_word_characters() -> None:
    # None is a letter or number of the regex engine; _WORD_INNER are those that a word
    # (the pattern below) may hold after its first character.
    assert tp._patterns().word.pattern == r"[\p{L}\p{N}][\p{L}\p{N}.%§-]{0,60}"
    assert not regex.search(r"[\p{L}\p{N}]", tp._ASCII_NON_ALNUM)
    inner = regex.findall(r"[\p{L}\p{N}.%§-]", tp._ASCII_NON_ALNUM)
    assert set(inner) == set(tp._WORD_INNER)
    assert len(tp._ASCII_NON_ALNUM) == 128 - 62


# --- the probe finder's character class ------------------------------------------------------


def test_non_word_class_is_backslash_w_upper_in_the_bmp() -> None:
    pattern = re.compile(tp._non_word_class())
    bmp = "".join(map(chr, range(0x10000)))
    assert [m.start() for m in pattern.finditer(bmp)] == [
        m.start() for m in re.finditer(r"\W", bmp)
    ]
    # Beyond the BMP it takes in every character (word characters too).
    assert pattern.fullmatch("\U0001d400") and pattern.fullmatch("\U0001e4f1")


# The finder itself is checked against "\b" in tests/test_temporal.py
# (test_probe_finder_finds_the_words_at_a_word_boundary).


# --- sentences -------------------------------------------------------------------------------


def _sentence_spans_by_search(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """What ``sentence_spans`` found before it skipped ranges without line breaks."""
    cuts = {start, end}
    for m in tp._SENTENCE_END.finditer(text, start, end):
        if m.group().startswith("\n"):
            cuts.add(m.end())
            continue
        floor = max(start, m.start() - 40)
        token_start = (
            max(text.rfind(" ", floor, m.start()), text.rfind("\n", floor, m.start()), floor - 1)
            + 1
        )
        if tp._is_abbreviation(text[token_start : m.end()]):
            continue
        cuts.add(m.end())
    for m in tp._LINE_BULLET.finditer(text, start, end):
        cuts.add(m.start())
    ordered = sorted(cuts)
    return [(a, b) for a, b in itertools.pairwise(ordered) if b > a]


def test_a_bullet_follows_a_line_break() -> None:
    assert tp._LINE_BULLET.pattern.startswith("\\n")


_SENTENCE_FRAGMENTS = [
    "Hösten 2020",
    "t.o.m.",
    "bl.a.",
    "ca.",
    "Slut",
    "1",
    "x",
    " ",
    "\n",
    "\n\n",
    "\t",
    ".",
    "!",
    "?",
    "…",
    '"',
    "”",
    ")",
    "(",
    "- ",
    "– ",
    "• ",
    "* ",
    "1. ",
    "2) ",
    "A",
    "ö",
    "É",
]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(_SENTENCE_FRAGMENTS), max_size=30).map("".join),
        st.text(max_size=60),
    ),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_sentence_spans_are_those_of_the_plain_search(text: str, start: int, end: int) -> None:
    start, end = min(start, len(text)), min(end, len(text))
    assert tp.sentence_spans(text, start, end) == _sentence_spans_by_search(text, start, end)


def test_literal_starts_stand_wherever_a_form_of_theirs_does() -> None:
    # Every form's first word starts with one of the words searched for.
    lex = temporal_lexicon()
    searched = tp._literal_starts()
    assert searched["turn"] == ("årsskifte",)
    for name, forms in (("week", tp._WEEK_WORDS), ("turn", lex.turn_of_year)):
        for form in forms:
            assert tp._fold(form.split()[0]).startswith(searched[name]), form
