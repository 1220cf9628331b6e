"""Language data: loaded from ``data/`` once per process and validated on load.

Every piece of Swedish language knowledge (actor words, heading words, web
residue, month names, themes, kommun names) lives in a data file, so it can be
extended without touching code. Loaders here are cached; a malformed file
raises :class:`LexiconError` naming the file and the key.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any, AnyStr

import regex

# The regex module's ``\s`` written for the stdlib engine, whose ``\s`` also takes the
# separators \x1c-\x1f: a pattern moved from ``regex`` to ``re`` keeps its white space.
REGEX_WHITE_SPACE = r"[^\S\x1c-\x1f]"


class LexiconError(RuntimeError):
    """A data file is missing or malformed: a packaging bug, not bad input."""


def data_text(name: str) -> str:
    """The text of ``data/<name>`` shipped inside the package."""
    try:
        return (
            resources.files("loftesparser")
            .joinpath("data")
            .joinpath(name)
            .read_text(encoding="utf-8")
        )
    except FileNotFoundError as exc:  # pragma: no cover - packaging error
        raise LexiconError(f"data file {name!r} is missing from the package") from exc


@cache
def load_toml(name: str) -> dict[str, Any]:
    """Parse ``data/<name>`` as TOML (cached)."""
    try:
        return tomllib.loads(data_text(name))
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"data/{name}: {exc}") from exc


@cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Parse ``data/<name>`` as CSV with a header row (cached)."""
    rows = tuple(csv.DictReader(data_text(name).splitlines()))
    if not rows:
        raise LexiconError(f"data/{name} has no rows")
    return rows


def string_list(table: dict[str, Any], key: str, *, source: str) -> tuple[str, ...]:
    """``table[key]`` validated as a non-empty list of non-empty strings."""
    value = table.get(key)
    if not isinstance(value, list) or not value:
        raise LexiconError(f"data/{source}: {key!r} must be a non-empty list of strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise LexiconError(f"data/{source}: {key!r} holds a non-string or empty item")
    return tuple(value)


def string_table(table: dict[str, Any], key: str, *, source: str) -> dict[str, tuple[str, ...]]:
    """``table[key]`` validated as a mapping of names to non-empty string lists."""
    value = table.get(key)
    if not isinstance(value, dict) or not value:
        raise LexiconError(f"data/{source}: [{key}] must be a table of string lists")
    return {name: string_list(value, name, source=f"{source} [{key}]") for name in value}


def word_alternation(entries: tuple[str, ...]) -> str:
    """A regex alternation of words and phrases written as in the data files.

    Words in a phrase may be separated by any whitespace; a trailing ``*``
    lets a word go on (``"aktivitet*"`` matches "aktiviteterna"). The result
    is a non-capturing group without word boundaries: callers add them.
    """

    def word(token: str) -> str:
        return regex.escape(token[:-1]) + r"\w*" if token.endswith("*") else regex.escape(token)

    phrases = sorted(entries, key=len, reverse=True)  # longest first
    return "(?:" + "|".join(r"\s+".join(word(t) for t in p.split()) for p in phrases) + ")"


_TRIE_END = ""  # the key that marks where a word ends in a trie node


def trie_alternation(words: Iterable[str], *, gap: str | None = None) -> str:
    """A regex group matching exactly ``words`` (literal strings), built as a trie.

    An alternation of hundreds of names is tried name by name at every
    position; the trie tries one character class per character instead, so a
    scan for any of them costs about as much as a scan for one. Children of a
    node start with different characters, and a word that others continue is
    an optional (greedy) tail, so the group matches the longest word that fits
    at a position ("dag(?:ar(?:na|s)?)?" for dag, dagar, dagarna, dagars).

    With ``gap`` (a regex), the words are phrases: the white space between
    their words matches ``gap`` instead of itself.
    """
    root: dict[str, Any] = {}
    for word in words:
        spelled = " ".join(word.split()) if gap is not None else word
        if not spelled:
            raise ValueError("trie_alternation needs non-empty words")
        node = root
        for char in spelled:
            node = node.setdefault(char, {})
        node[_TRIE_END] = {}
    return f"(?:{_trie_pattern(root, gap)})"


def _trie_pattern(node: dict[str, Any], gap: str | None) -> str:
    branches = [
        (gap if gap is not None and char == " " else re.escape(char)) + _trie_pattern(child, gap)
        for char, child in sorted(node.items())
        if char != _TRIE_END
    ]
    ends_here = _TRIE_END in node
    if not branches:
        return ""
    if len(branches) == 1 and not ends_here:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if ends_here else group


def occurrences(text: AnyStr, word: AnyStr) -> Iterator[int]:
    """Every offset where ``word`` stands in ``text``, in order, overlapping ones included.

    Finding the few literal words of a list with ``str.find`` is far cheaper than a
    regex scan of every position; callers check word boundaries themselves.
    """
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)
