"""Text similarity and the near-duplicate index (prefix filtering must equal brute force)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from loftesparser import textsim
from loftesparser.textsim import NearDuplicates, dice_counts, similar, word_counts, words


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Polisen ska patrullera", "polisen SKA patrullera.", 1.0),
        ("Polisen ska patrullera", "Kommunen ska städa", 1 / 3),
        ("", "", 1.0),
        ("ord", "", 0.0),
        ("a a b", "a b b", 2 * 2 / 6),  # multisets: min(2,1) + min(1,2)
    ],
)
def test_similar(a: str, b: str, expected: float) -> None:
    assert similar(a, b) == pytest.approx(expected)


def test_word_counts_fold_case_and_drop_punctuation() -> None:
    assert word_counts("Trygghet, TRYGGHET och trygghet!") == Counter({"trygghet": 3, "och": 1})


def test_threshold_is_validated() -> None:
    with pytest.raises(ValueError, match="threshold"):
        NearDuplicates(0.0)


def test_index_finds_a_restatement_among_unrelated_items() -> None:
    index = NearDuplicates(0.8)
    for text in [
        "Polisen ska genomföra trafikkontroller vid skolor",
        "Kommunen ska anordna föräldravandringar under helger",
        "Vi ska genomföra en trygghetsvandring i centrum under hösten",
    ]:
        index.add(word_counts(text))
    query = word_counts("Vi ska genomföra en trygghetsvandring i centrum under våren")
    assert index.first_similar(query) == 2
    assert not index.has_similar(word_counts("Polisen ska informera om bedrägerier"))


def test_empty_multisets_match_only_each_other() -> None:
    index = NearDuplicates(0.8)
    index.add(word_counts("något"))
    assert index.first_similar(Counter()) is None
    index.add(Counter())
    assert index.first_similar(Counter()) == 1


_VOCABULARY = ["polisen", "kommunen", "ska", "och", "trygghet", "skola", "trafik", "att", "vi"]
_texts = st.lists(st.sampled_from(_VOCABULARY), max_size=9).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(_texts, max_size=12),
    query=_texts,
    threshold=st.sampled_from([0.5, 0.8, 0.9, 1.0]),
    rare_first=st.booleans(),
)
def test_index_equals_comparing_with_every_item(
    items: list[str], query: str, threshold: float, rare_first: bool
) -> None:
    corpus = word_counts(" ".join(items))
    index = NearDuplicates(threshold, corpus.__getitem__ if rare_first else None)
    for item in items:
        index.add(word_counts(item))
    counts = word_counts(query)
    brute = next(
        (i for i, item in enumerate(items) if dice_counts(counts, word_counts(item)) >= threshold),
        None,
    )
    assert index.first_similar(counts) == brute


_word_lists = st.lists(st.sampled_from(["polisen", "kommunen", "ska", "trygghet", "x"]), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(_word_lists, max_size=14), st.lists(_word_lists, max_size=6))
def test_direct_comparison_and_prefix_index_answer_alike(
    kept: list[list[str]], probes: list[list[str]]
) -> None:
    # A few multisets are compared one by one, more through the prefix index: the
    # answers are probed at every size, so both ways (and the switch) are checked.
    index = NearDuplicates(0.8, lambda word: -len(word))
    added: list[Counter[str]] = []
    for kept_words in kept:
        for probe in probes:
            counts = word_counts(" ".join(probe))
            brute = next(
                (i for i, item in enumerate(added) if dice_counts(counts, item) >= 0.8), None
            )
            assert index.first_similar(counts) == brute
        added.append(word_counts(" ".join(kept_words)))
        index.add(added[-1])
    assert len(index) == len(added)


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(_texts, max_size=10),
    query=st.one_of(_texts, _texts.map(str.upper), _texts.map(str.title)),
    threshold=st.sampled_from([0.5, 0.8, 1.0]),
    rare_first=st.booleans(),
)
def test_a_text_ruled_out_by_its_substrings_has_no_near_duplicate(
    items: list[str], query: str, threshold: float, rare_first: bool
) -> None:
    # may_match_text looks for the indexed prefixes' words in the folded text instead of
    # counting its words: it may say yes wrongly, never no.
    # Asked after every addition: the prefixes' words are gathered as they are needed.
    index = NearDuplicates(threshold, (lambda word: -len(word)) if rare_first else None)
    for item in items:
        index.add(word_counts(item))
        if index.has_similar(word_counts(query)):
            assert index.may_match_text(query)


@pytest.mark.parametrize(
    ("indexed", "query", "may_match"),
    [
        (
            ["Polisen ska genomföra trygghetsvandringar"],
            "Trygghetsvandringar ska polisen göra",
            True,
        ),
        (["Polisen ska genomföra trygghetsvandringar"], "Kommunen städar parken", False),
        ([], "Kommunen städar parken", False),
        (["..."], "Kommunen städar parken", True),  # an empty multiset: no word to look for
    ],
)
def test_may_match_text_cases(indexed: list[str], query: str, may_match: bool) -> None:
    index = NearDuplicates(0.8, lambda word: -len(word))
    for text in indexed:
        index.add(word_counts(text))
    assert index.may_match_text(query) is may_match


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("abåöAÖß -.,_²½\u0301\U0001f697")), max_size=40))
def test_words_are_the_regex_modules_word_runs(text: str) -> None:
    # The stdlib engine runs only on texts where its \w is the regex module's.
    assert words(text) == regex.findall(r"\w+", text.casefold())


@settings(max_examples=300, deadline=None)
@given(items=st.lists(_texts, max_size=10), query=_texts)
def test_a_size_ruled_out_has_no_near_duplicate(items: list[str], query: str) -> None:
    index = NearDuplicates(0.8, lambda word: -len(word))
    for item in items:
        index.add(word_counts(item))
    if index.has_similar(word_counts(query)):
        assert index.may_match_size(len(words(query)))


# --- the fast forms equal the plain ones --------------------------------------------

_counts = st.dictionaries(
    st.sampled_from(["polisen", "kommunen", "ska", "och", "trygghet", "x", "ab", "ba"]),
    st.integers(-2, 4),
    max_size=8,
).map(Counter)


@settings(max_examples=500, deadline=None)
@given(_counts, _counts)
def test_dice_counts_equals_the_counter_intersection(a: Counter[str], b: Counter[str]) -> None:
    total = a.total() + b.total()
    expected = 1.0 if total == 0 else 2 * (a & b).total() / total
    assert dice_counts(a, b) == expected


@settings(max_examples=500, deadline=None)
@given(
    _counts,
    st.sampled_from([0.5, 0.8, 0.9, 1.0]),
    st.sampled_from([lambda word: -len(word), lambda word: 0, lambda word: ord(word[-1])]),
)
def test_prefix_equals_sorting_every_element(
    counts: Counter[str], threshold: float, rarity: Callable[[str], int]
) -> None:
    # The reference: every occurrence an element, all sorted, the first ones taken.
    index = NearDuplicates(threshold, rarity)
    elements = sorted((rarity(word), word, k) for word, n in counts.items() for k in range(n))
    size = len(elements)
    expected = elements[: size - index._min_overlap(size) + 1]
    assert index._prefix(counts) == expected
    assert index._words_of_prefix(counts) == list(dict.fromkeys(word for _r, word, _k in expected))


# --- words without the pattern ---------------------------------------------------------


def test_chunk_word_characters_are_the_regex_modules() -> None:
    """Letters and decimal digits are word characters of the regex module; white space, the
    edge marks and the joins ("-", "/") are not: so each run _chunk_words takes is a word."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    word = set(regex.findall(r"\w", every))
    assert all(c in word for c in every if c.isalpha() or c.isdecimal())
    assert not any(c in word for c in every if c.isspace())
    assert not any(c in word or c.isspace() for c in textsim._EDGE_MARKS + "-/")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Fotpatrullering i centrum av Vansbro",
        "genomföra riktade informationskampanjer genom ANDT-arbetet.",
        "trafikkontroll/vecka, (SSP-möten) och 2024–2025",
        "bl.a. covid19 x² ½ snake_case a--b -/- ”citat” Straße ﬆ",
        "e\u0301 combining, \x1cseparator\u00a0nbsp",
    ],
)
def test_words_equal_the_pattern_cases(text: str) -> None:
    folded = text.casefold()
    assert textsim.words(text) == regex.findall(r"\w+", folded)
    assert textsim.folded_words(folded) == regex.findall(r"\w+", folded)


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            [
                "a",
                "Ö",
                "ß",
                "7",
                "²",
                "_",
                "-",
                "/",
                ".",
                ",",
                "(",
                "”",
                " ",
                "\n",
                "\x1c",
                "\u0301",
            ]
        ),
        max_size=16,
    )
)
def test_words_equal_the_pattern(text: str) -> None:
    assert textsim.words(text) == regex.findall(r"\w+", text.casefold())


def test_may_match_folded_equals_may_match_text() -> None:
    index = textsim.NearDuplicates(0.8, lambda word: -len(word))
    index.add(textsim.word_counts("Polisen och kommunen lovar trygghetsvandringar i centrum"))
    for text in ["Trygghetsvandringar i centrum", "Fotpatrullering", "CENTRUM"]:
        assert index.may_match_folded(text.casefold()) == index.may_match_text(text)
