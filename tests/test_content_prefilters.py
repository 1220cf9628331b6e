"""The cheap tests that let content extraction skip work never change its answers.

Each prefilter must only rule out texts the full computation would reject: the
tests compare them with the computation they stand before (tables and
hypothesis properties).
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from loftesparser.extract.content import (
    _AFTER_SENTENCE_STOP,
    _O_BEFORE_F,
    _holds_folded_lofte,
    _is_intro,
    _is_medborgarlofte,
    _is_meta,
    _words,
)
from loftesparser.extract.ownership import _FRAMING_CUES, may_frame
from loftesparser.segment import Block, Structure
from tests.conftest import structure_of

_GAPS = [" ", "", "  ", "\n", "\t", "\u00a0", "\x1c", ". ", "! ", "?\n", ".", "-"]

_FRAMING_PIECES = [
    "Polisen",
    "kommunen",
    "lovar",
    "LÖFTET",
    "löften",
    "tillsammans",
    "Tillsammans",
    "gemensamt",
    "överenskommit",
    "samverkan",
    "samverka",
    "ska",
    "vi",
    "Xlovar",
    "lovar2",
    "_lovar",
    "ovar",
    "é",
    "ﬆ",
]


def _joined(pieces: list[str], gaps: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=12).flatmap(
        lambda words: st.lists(st.sampled_from(gaps), min_size=len(words), max_size=len(words)).map(
            lambda chosen: "".join(g + w for g, w in zip(chosen, words, strict=True))
        )
    )


def _any_sentence_frames(text: str) -> bool:
    return any(_FRAMING_CUES.search(s) for s in _AFTER_SENTENCE_STOP.split(text))


@pytest.mark.parametrize(
    "text",
    [
        "Polisen och kommunen lovar. Det här gäller.",
        "Vi arbetar. Tillsammans!",
        "Ingenting här.",
        "Löftena. Polisen",
        "Samverkan\u00a0sker.",
        "",
        "lovar2. _lovar. Xlovar",
    ],
)
def test_may_frame_cases(text: str) -> None:
    assert may_frame(text) == _any_sentence_frames(text)


@settings(max_examples=400, deadline=None)
@given(_joined(_FRAMING_PIECES, _GAPS))
def test_a_text_without_a_framing_cue_has_no_sentence_with_one(text: str) -> None:
    # Every sentence is a piece between white space: the cue matches there as in the text.
    assert may_frame(text) == _any_sentence_frames(text)


# --- meta items ------------------------------------------------------------------------

_META_PIECES = [
    "Medborgarlöftet",
    "MEDBORGARLÖFTENA",
    "löftet",
    "Löfte",
    "avtalet",
    "Överenskommelsen",
    "uppföljning",
    "Uppföljningen",
    "tidsram",
    "Tidsram:",
    "gäller",
    "ska följas",
    "sker",
    "Polisen",
    "ska",
    "...",
    "…",
    ".",
    "Kmedborgarlöftet",
    "ſ",
]


def _meta_by_pattern(text: str) -> bool:
    return bool(_words().meta_item.match(text.lstrip(".… ")))


def _block(text: str) -> Block:
    return Block(kind="list_item", lines=[], text=text, start=0, end=len(text))


def test_meta_initials_fold_like_the_regex_module() -> None:
    """Every character the meta pattern takes for a word's initial, ignoring case,
    case-folds to that initial (so the initial test never rules out a match)."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    initials = _words().meta_initials
    assert initials
    for initial in initials:
        matched = regex.findall(regex.escape(initial), every, regex.IGNORECASE)
        assert all(c.casefold() == initial for c in matched), initial


@pytest.mark.parametrize(
    ("text", "meta"),
    [
        ("Medborgarlöftet gäller från 2024", True),
        ("MEDBORGARLÖFTET GÄLLER", True),
        ("Tidsram: 2024–2025", True),
        ("… Uppföljning sker årligen", True),
        ("Avtalet löper ut 2025", True),
        ("Polisen ska genomföra trygghetsvandringar", False),
        ("", False),
        ("...", False),
    ],
)
def test_is_meta_cases(text: str, meta: bool) -> None:
    assert _is_meta(_block(text)) == meta == _meta_by_pattern(text)


@settings(max_examples=400, deadline=None)
@given(_joined(_META_PIECES, [" ", "", "  ", "\n", "\u00a0", "."]))
def test_is_meta_equals_the_pattern(text: str) -> None:
    assert _is_meta(_block(text)) == _meta_by_pattern(text)


# --- "löfte" in the case-folded text ------------------------------------------------------


def test_o_and_f_are_where_the_folded_text_has_them() -> None:
    """Only "ö" and "Ö" fold to a string holding "ö" (and to "ö" itself); the characters
    whose folding starts with "f" are those the pattern's second class holds."""
    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    assert {c for c in every if "ö" in c.casefold()} == {"ö", "Ö"}
    assert all(c.casefold() == "ö" for c in "öÖ")
    starts_f = "".join(c for c in every if c.casefold().startswith("f"))
    assert all(_O_BEFORE_F.fullmatch("ö" + c) for c in starts_f)


def _structure(text: str) -> Structure:
    return structure_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "Medborgarlöfte för Vansbro",
        "MEDBORGARLÖFTET",
        "Löften",
        "ﬂöfte",
        "lÖﬀte",
        "LÖFTE",
        "Polisen och kommunen",
        "löft",
        "ö",
    ],
)
def test_is_medborgarlofte_cases(text: str) -> None:
    structure = _structure(text)
    assert _is_medborgarlofte(structure) == ("löfte" in structure.text.casefold())


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("lLöÖfFtTeEﬂﬀﬁﬅ ßKİ")), max_size=14))
def test_holds_folded_lofte_equals_folding_the_text(text: str) -> None:
    assert _holds_folded_lofte(text) == ("löfte" in text.casefold())


# --- intros ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("a:.… \n\t\u00a0\x1c")), max_size=8),
    st.sampled_from(["paragraph", "list_item", "heading"]),
)
def test_is_intro_equals_stripping_the_text(text: str, kind: str) -> None:
    block = Block(kind=kind, lines=[], text=text, start=0, end=len(text))  # type: ignore[arg-type]
    assert _is_intro(block) == (kind == "paragraph" and text.rstrip().endswith((":", "...", "…")))
