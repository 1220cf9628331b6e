"""The cheap tests that let content extraction skip work never change its answers.

Each prefilter must only rule out texts the full computation would reject: the
tests compare them with the computation they stand before (tables and
hypothesis properties).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loftesparser.extract.content import _AFTER_SENTENCE_STOP
from loftesparser.extract.ownership import _FRAMING_CUES, may_frame

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
