"""Language data helpers: phrases from the data files turned into patterns."""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from loftesparser.lexicon import (
    REGEX_WHITE_SPACE,
    occurrences,
    trie_alternation,
    word_alternation,
)


@pytest.mark.parametrize(
    ("entries", "text", "found"),
    [
        (("aktivitet*",), "Aktiviteterna nedan", "Aktiviteterna"),
        (("arbeta med",), "vi ska arbeta\n  med trygghet", "arbeta\n  med"),
        (("ska", "ska följas"), "löftet ska följas upp", "ska följas"),  # longest first
        (("c++",), "språket c++ här", "c++"),  # escaped, not a pattern
        (("syftet",), "syftena", None),  # no "*": the word must end
    ],
)
def test_word_alternation(entries: tuple[str, ...], text: str, found: str | None) -> None:
    pattern = regex.compile(rf"(?<!\w){word_alternation(entries)}(?!\w)", regex.IGNORECASE)
    match = pattern.search(text)
    assert (match.group() if match else None) == found


@given(
    st.sets(st.text(alphabet="abcåä.-+", min_size=1, max_size=6), min_size=1, max_size=30),
    st.lists(st.text(alphabet="abcåä.-+", min_size=1, max_size=7), max_size=30),
)
@settings(max_examples=300, deadline=None)
def test_trie_alternation_matches_exactly_the_words(words: set[str], probes: list[str]) -> None:
    pattern = re.compile(trie_alternation(words))
    for probe in [*words, *probes]:
        assert (pattern.fullmatch(probe) is not None) == (probe in words)
        # At a position it takes the longest word that fits, as a longest-first alternation does.
        longest = max((w for w in words if probe.startswith(w)), key=len, default=None)
        match = pattern.match(probe)
        assert (match.group() if match else None) == longest


def test_trie_alternation_rejects_empty_words() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        trie_alternation(["habo", ""])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ett  halvt\når", "ett  halvt\når"),  # any white space where the phrase has a space
        ("ett halvår", "ett halvår"),
        ("etthalvtår", None),  # a gap needs white space
        ("ett halvt", None),
    ],
)
def test_trie_alternation_phrases_with_a_gap(text: str, found: str | None) -> None:
    pattern = re.compile(trie_alternation(["ett halvt år", "ett   halvår"], gap=r"\s+"))
    match = pattern.fullmatch(text)
    assert (match.group() if match else None) == found


@pytest.mark.parametrize(
    ("text", "word", "offsets"),
    [
        ("lpo Torsby och LPO-chef", "lpo", [0]),
        ("lpo torsby, lpo-chef", "lpo", [0, 12]),
        ("aaaa", "aa", [0, 1, 2]),  # overlapping ones too
        ("inget här", "lpo", []),
        ("", "lpo", []),
    ],
)
def test_occurrences_are_every_offset_in_order(text: str, word: str, offsets: list[int]) -> None:
    assert list(occurrences(text, word)) == offsets


def test_regex_white_space_is_the_regex_modules_on_every_code_point() -> None:
    # Patterns moved to the stdlib engine (faster calls) keep the regex module's \s.
    every = "".join(map(chr, range(0x110000)))
    assert re.findall(REGEX_WHITE_SPACE, every) == regex.findall(r"\s", every)
    assert re.findall(r"\s", every) != regex.findall(r"\s", every)  # why it is needed
