"""Text reader: binary detection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loftesparser.readers.base import SourceLine
from loftesparser.readers.text import (
    count_binary_controls,
    looks_binary,
    read_text_str,
    split_lines,
)


def _reference_count(data: bytes) -> int:
    """The byte-by-byte count that count_binary_controls replaces."""
    return sum(1 for byte in data if byte < 32 and byte not in b"\t\n\r\f\v")


@pytest.mark.parametrize(
    "data", [b"", b"Text\n", b"\t\n\r\x0b\x0c", b"\x00\x01\x1f\x20\x7f", bytes(range(256))]
)
def test_count_binary_controls(data: bytes) -> None:
    assert count_binary_controls(data) == _reference_count(data)


@given(st.binary(max_size=300))
def test_count_binary_controls_property(data: bytes) -> None:
    assert count_binary_controls(data) == _reference_count(data)


def test_looks_binary_at_the_threshold() -> None:
    assert not looks_binary(b"\x1b" * 10 + b"a" * 190)  # 5 %: still text
    assert looks_binary(b"\x1b" * 11 + b"a" * 189)


def test_lines_are_the_split_text() -> None:
    text = "Titel\n\n\r\nText.\n\n"
    lines = read_text_str(text).lines
    assert lines == [SourceLine(line) for line in split_lines(text)]


@given(st.text(alphabet=st.sampled_from("a\r\n\u2028\u2029 å–"), max_size=20))
def test_split_lines_equals_every_replacement(text: str) -> None:
    # split_lines skips the carriage-return replacements when the text has none.
    replaced = text.replace("\r\n", "\n").replace("\r", "\n")
    assert split_lines(text) == replaced.replace("\u2028", "\n").replace("\u2029", "\n").split("\n")
