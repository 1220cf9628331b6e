"""Language data helpers: phrases from the data files turned into patterns."""

from __future__ import annotations

import pytest
import regex

from loftesparser.lexicon import word_alternation


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
