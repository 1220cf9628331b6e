"""Rule-based Swedish tokenization: tokens and sentence boundaries, without a model.

The rules are those of spaCy's blank Swedish pipeline (``spacy.blank("sv")``:
its tokenizer's prefix, suffix and infix rules, URL match and abbreviation
exceptions, then the rule-based sentencizer), ported to plain Python so that
parsing does not import spaCy: the import alone takes longer than parsing a
hundred documents, and a command-line run pays it every time. When spaCy is
installed, ``tests/test_nlp.py`` checks that both split the corpus and generated
text into the same tokens and sentences.

The abbreviations that keep their full stop ("bl.a.", "t.ex.", "kl.") are
language data in ``data/tokenizer.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from loftesparser.lexicon import load_toml, string_list

_DATA = "tokenizer.toml"

# --- character classes (Unicode typography, as in spaCy's char_classes) ------------------

_PUNCT = r"…,:;!?¿؟¡()\[\]{}<>_#*&。？！，、；：～·।،۔؛٪"
_QUOTES = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉〈〉⟦⟧"
_QUOTES_NO_APOSTROPHE = _QUOTES.replace("'", "")
_CURRENCY = r"\$|£|€|¥|฿|US\$|C\$|A\$|₽|﷼|[₠-₿]"
_UNITS = (
    "km|km²|km³|m|m²|m³|dm|dm²|dm³|cm|cm²|cm³|mm|mm²|mm³|ha|µm|nm|yd|in|ft|kg|g|mg|µg|t|lb|oz|"
    "m/s|km/h|kmh|mph|hPa|Pa|mbar|mb|MB|kb|KB|gb|GB|tb|TB|T|G|M|K|%|км|км²|км³|м|м²|м³|дм|дм²|"
    "дм³|см|см²|см³|мм|мм²|мм³|нм|кг|г|мг|м/с|км/ч|кПа|Па|мбар|Кб|КБ|кб|Мб|МБ|мб|Гб|ГБ|гб|Тб|ТБ|тб"
)
_PUNCT_CLASS = f"[{regex.escape(_PUNCT)}]"
_QUOTE_CLASS = f"[{regex.escape(_QUOTES)}]"
# Characters spaCy's sentencizer ends a sentence on (its default ``punct_chars``, the
# ones that occur in Latin-script text).
SENTENCE_STOPS = frozenset("!.?‼‽⁇⁈⁉﹒﹖﹗！．？｡。")

_PREFIX = regex.compile(
    "|".join(
        [
            "§",
            "%",
            "=",
            "—",
            "–",
            r"\+(?![0-9])",
            "……",
            _PUNCT_CLASS,
            r"\.\.+",
            _QUOTE_CLASS,
            _CURRENCY,
            r"\p{So}",
        ]
    )
)
_SUFFIX = regex.compile(
    "(?:"
    + "|".join(
        [
            "……",
            _PUNCT_CLASS,
            r"\.\.+",
            f"[{regex.escape(_QUOTES_NO_APOSTROPHE)}]",
            r"\p{So}",
            "—",
            "–",
            r"(?<=[^sSxXzZ])'",
            r"(?<=[0-9])\+",
            r"(?<=°[FfCcKk])\.",
            rf"(?<=[0-9])(?:{_CURRENCY})",
            rf"(?<=[0-9])(?:{_UNITS})",
            rf"(?<=[0-9\p{{Ll}}%²\-+{regex.escape(_PUNCT + _QUOTES)}])\.",
            r"(?<=\p{Lu}\p{Lu})\.",
        ]
    )
    + r")$"
)
_INFIX = regex.compile(
    "|".join(
        [
            r"\.\.+",
            "…",
            r"\p{So}",
            r"(?<=\p{Ll})\.(?=\p{Lu})",
            r"(?<=\p{L})[,!?](?=\p{L})",
            r"(?<=\p{L})[<>=](?=\p{L})",
            r"(?<=\p{Lu}):(?=\p{Lu})",
            rf"(?<=\p{{L}})[{regex.escape(_QUOTES_NO_APOSTROPHE)})\](\[](?=\p{{L}})",
            r"(?<=\p{L})--(?=\p{L})",
            r"(?<=[\p{L}0-9])[<>=/](?=\p{L})",
            r"(?<=[\p{Lu}0-9]):(?=\p{Lu})",
        ]
    )
)
# spaCy's URL_MATCH, with its letter classes written as Unicode properties.
_URL = regex.compile(
    r"(?u)^(?:(?:[\w\+\-\.]{2,})://)?(?:\S+(?::\S*)?@)?"
    r"(?:(?!(?:10|127)(?:\.\d{1,3}){3})(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})"
    r"(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})"
    r"(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}"
    r"(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))"
    r"|(?:(?:[A-Za-z0-9\u00a1-\uffff][A-Za-z0-9\u00a1-\uffff_-]{0,62})?[A-Za-z0-9\u00a1-\uffff]\.)+"
    r"(?:[\p{Ll}\p{Lo}]{2,63}))(?::\d{2,5})?(?:[/?#]\S*)?$"
)
# A chunk of these is one token whatever the rules say, so the rules are skipped.
_PLAIN = regex.compile(r"[\p{L}\p{N}]+")


@dataclass(frozen=True, slots=True)
class _Exceptions:
    """Word forms the affix and infix rules do not split (``data/tokenizer.toml``)."""

    #: Each form and the tokens it is split into (one token for an abbreviation).
    forms: dict[str, tuple[str, ...]]
    #: The longest form, in characters: bounds the merge of split pieces.
    longest: int


@lru_cache(maxsize=1)
def _exceptions() -> _Exceptions:
    table = load_toml(_DATA)
    forms: dict[str, tuple[str, ...]] = {}
    for word in string_list(table, "abbreviations", source=_DATA):
        forms[word] = (word,)
        forms[word[:1].upper() + word[1:]] = (word[:1].upper() + word[1:],)
    for word in [
        *string_list(table, "exact", source=_DATA),
        *string_list(table, "symbols", source=_DATA),
    ]:
        forms[word] = (word,)
    for word in string_list(table, "sentence_final", source=_DATA):
        forms[word] = (word[:-1], word[-1])
    return _Exceptions(forms=forms, longest=max(map(len, forms)))


# --- tokens -------------------------------------------------------------------------------


# Suffixes are a few characters long (an ellipsis is measured apart): the suffix
# rules need only the end of a chunk, which keeps a long chunk linear.
_SUFFIX_WINDOW = 8


def _prefix_length(chunk: str, start: int, end: int) -> int:
    match = _PREFIX.match(chunk, start, end)
    return match.end() - start if match else 0


def _suffix_length(chunk: str, start: int, end: int) -> int:
    """The length of the suffix that ends ``chunk[start:end]`` (the leftmost-starting one)."""
    if end - start >= 2 and chunk[end - 1] == "." and chunk[end - 2] == ".":
        run = end - 2
        while run > start and chunk[run - 1] == ".":
            run -= 1
        return end - run
    match = _SUFFIX.search(chunk[max(start, end - _SUFFIX_WINDOW) : end])
    return match.end() - match.start() if match else 0


def _split_affixes(chunk: str, exceptions: _Exceptions) -> tuple[list[str], str, list[str]]:
    """Strip prefixes and suffixes off ``chunk`` until an exception or nothing is left.

    spaCy's loop, on offsets instead of copies (a run of punctuation thousands of
    characters long would otherwise take quadratic time).
    """
    forms, longest = exceptions.forms, exceptions.longest

    def is_exception(start: int, end: int) -> bool:
        return 0 < end - start <= longest and chunk[start:end] in forms

    prefixes: list[str] = []
    suffixes: list[str] = []
    start, end = 0, len(chunk)
    last_size = -1
    while start < end and end - start != last_size:
        if is_exception(start, end):
            break
        last_size = end - start
        pre_len = _prefix_length(chunk, start, end)
        if pre_len and is_exception(start + pre_len, end):
            prefixes.append(chunk[start : start + pre_len])
            start += pre_len
            break
        suf_len = _suffix_length(chunk, start + pre_len, end)
        if suf_len and is_exception(start, end - suf_len):
            suffixes.append(chunk[end - suf_len : end])
            end -= suf_len
            break
        if pre_len and suf_len and pre_len + suf_len <= end - start:
            prefixes.append(chunk[start : start + pre_len])
            suffixes.append(chunk[end - suf_len : end])
            start, end = start + pre_len, end - suf_len
        elif pre_len:
            prefixes.append(chunk[start : start + pre_len])
            start += pre_len
        elif suf_len:
            suffixes.append(chunk[end - suf_len : end])
            end -= suf_len
    return prefixes, chunk[start:end], suffixes


def _split_infixes(string: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _INFIX.finditer(string):
        if match.start() == 0:
            continue
        if match.start() != start:
            pieces.append(string[start : match.start()])
        pieces.append(match.group())
        start = match.end()
    if string[start:]:
        pieces.append(string[start:])
    return pieces


def _merge_exceptions(pieces: list[str], exceptions: _Exceptions) -> list[str]:
    """Join adjacent pieces that together spell an exception ("t.ex" + "." → "t.ex.")."""
    if len(pieces) < 2:
        return pieces
    merged: list[str] = []
    i = 0
    while i < len(pieces):
        # The longest run of pieces from i that spells an exception, if any.
        best, joined = i + 1, pieces[i]
        for j in range(i + 1, len(pieces)):
            joined += pieces[j]
            if len(joined) > exceptions.longest:
                break
            if exceptions.forms.get(joined) == (joined,):
                best = j + 1
        merged.append("".join(pieces[i:best]))
        i = best
    return merged


def split_chunk(chunk: str) -> tuple[str, ...]:
    """The tokens of one whitespace-free ``chunk`` of text, in order (they join to ``chunk``)."""
    if _PLAIN.fullmatch(chunk):
        return (chunk,)
    exceptions = _exceptions()
    forms = exceptions.forms
    if chunk in forms:
        return forms[chunk]
    prefixes, core, suffixes = _split_affixes(chunk, exceptions)
    middle: list[str]
    if not core:
        middle = []
    elif core in forms:
        middle = list(forms[core])
    elif _URL.match(core):
        middle = [core]
    else:
        middle = _split_infixes(core)
    return tuple(_merge_exceptions([*prefixes, *middle, *reversed(suffixes)], exceptions))


# Documents repeat their words: like spaCy, remember how each chunk was split.
_SPLITS: dict[str, tuple[str, ...]] = {}
_SPLITS_LIMIT = 1 << 16


def _pieces(chunk: str) -> tuple[str, ...]:
    pieces = _SPLITS.get(chunk)
    if pieces is None:
        if len(_SPLITS) >= _SPLITS_LIMIT:
            _SPLITS.clear()
        pieces = _SPLITS[chunk] = split_chunk(chunk)
    return pieces


_CHUNKS = re.compile(r"\S+")
# Whitespace other than single spaces between chunks: the general path handles it.
_IRREGULAR_SPACE = re.compile(r"[^\S ]|  |^ | $")
# White space other than " " (the stdlib's \s is str.isspace).
_OTHER_WHITE_SPACE = re.compile(r"[^\S ]")


def _single_spaced(text: str) -> bool:
    """Is ``text`` free of :data:`_IRREGULAR_SPACE` (its chunks separated by single spaces)?

    The pattern's four branches are tried at every character; ``str`` tests are
    far cheaper. Every white space character but " " is unprintable (tested on
    every code point), so a printable text needs no search for one.
    """
    if text[:1] == " " or text[-1:] == " " or "  " in text:
        return False
    return text.isprintable() or _OTHER_WHITE_SPACE.search(text) is None


def _space_token_start(text: str, gap_start: int, gap_end: int) -> int | None:
    """Where the whitespace ``text[gap_start:gap_end]`` makes a token, or None.

    spaCy keeps one plain space with the token before it; any more whitespace,
    and whitespace at the very start, is a token of its own.
    """
    if gap_start == gap_end:
        return None
    if gap_start == 0:
        return 0
    if text[gap_start] == " ":
        return gap_start + 1 if gap_end - gap_start > 1 else None
    return gap_start


def tokens(text: str) -> list[tuple[int, int]]:
    """The tokens of ``text`` as ``(start, end)`` offsets, as spaCy's Swedish tokenizer makes them.

    Words, numbers, punctuation and symbols are tokens; so is whitespace beyond
    the single space that may follow a token (``text[start:end].isspace()``).
    """
    if not text:
        return []
    if _single_spaced(text):
        return _single_spaced_tokens(text)
    spans: list[tuple[int, int]] = []
    previous_end = 0
    for match in _CHUNKS.finditer(text):
        space_start = _space_token_start(text, previous_end, match.start())
        if space_start is not None:
            spans.append((space_start, match.start()))
        _add_pieces(spans, match.group(), match.start())
        previous_end = match.end()
    space_start = _space_token_start(text, previous_end, len(text))
    if space_start is not None:
        spans.append((space_start, len(text)))
    return spans


def _single_spaced_tokens(text: str) -> list[tuple[int, int]]:
    """:func:`tokens` of a text whose chunks are separated by single spaces (most texts)."""
    spans: list[tuple[int, int]] = []
    position = 0
    splits = _SPLITS
    for chunk in text.split(" "):
        end = position + len(chunk)
        # Most chunks were split before and are one token: no call for them.
        pieces = splits.get(chunk)
        if pieces is not None and len(pieces) == 1:
            spans.append((position, end))
        else:
            _add_pieces(spans, chunk, position)
        position = end + 1
    return spans


def _add_pieces(spans: list[tuple[int, int]], chunk: str, position: int) -> None:
    pieces = _pieces(chunk)
    if len(pieces) == 1:
        spans.append((position, position + len(chunk)))
        return
    for piece in pieces:
        spans.append((position, position + len(piece)))
        position += len(piece)


# --- sentences ----------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _is_punct(token: str) -> bool:
    return all(unicodedata.category(char).startswith("P") for char in token)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries in ``text`` as ``(start, end)`` character offsets.

    A sentence ends at a stop token ("." that is not part of an abbreviation,
    "!", "?") and any punctuation tokens right after it; the next sentence
    starts at the following word, number, symbol or extra whitespace.
    """
    if not text:
        return []
    if _single_spaced(text):
        return _single_spaced_sentences(text)
    return _sentences_of_tokens(text, tokens(text))


def _sentences_of_tokens(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """:func:`sentences` from the tokens ``spans`` of ``text``."""
    if not spans:
        return []
    boundaries: list[tuple[int, int]] = []
    sentence_start = spans[0][0]
    seen_stop = False
    last_end = spans[0][0]
    for start, end in spans:
        token = text[start:end]
        if token in SENTENCE_STOPS:
            seen_stop = True
        elif seen_stop and not _is_punct(token):
            boundaries.append((sentence_start, last_end))
            sentence_start, seen_stop = start, False
        last_end = end
    boundaries.append((sentence_start, last_end))
    return boundaries


_STOP_CHARACTER = re.compile(f"[{re.escape(''.join(sorted(SENTENCE_STOPS)))}]")


def _single_spaced_sentences(text: str) -> list[tuple[int, int]]:
    """:func:`sentences` of a non-empty text whose chunks are separated by single spaces.

    A stop token is a stop character, so only the chunks holding one, and
    those right after a stop until the next sentence starts, need their tokens:
    the others are passed over by one search for the next stop character. The
    tokens cover the chunks, so the text's last token ends where it does.
    """
    boundaries: list[tuple[int, int]] = []
    sentence_start = 0
    seen_stop = False
    last_end = 0  # the end of the last token looked at
    position = 0  # the start of the next chunk to look at
    length = len(text)
    while position < length:
        if not seen_stop:
            stop = _STOP_CHARACTER.search(text, position)
            if stop is None:
                break
            space = text.rfind(" ", position, stop.start())
            if space >= 0:
                position = space + 1  # the start of the chunk holding the stop
        end = text.find(" ", position)
        if end < 0:
            end = length
        start = position
        for piece in _pieces(text[position:end]):
            if piece in SENTENCE_STOPS:
                seen_stop = True
            elif seen_stop and not _is_punct(piece):
                boundaries.append((sentence_start, last_end))
                sentence_start, seen_stop = start, False
            start += len(piece)
            last_end = start
        position = end + 1
    boundaries.append((sentence_start, length))
    return boundaries
