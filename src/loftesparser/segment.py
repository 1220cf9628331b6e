"""Segment: normalized lines in, blocks out (title, headings, paragraphs, list items, signatures).

Layout is read from how Swedish public documents mark structure, not from one
template: blank lines (or PDF gaps) separate blocks; a heading is a short line
of its own (with or without ":", in capitals, bold, larger, or Markdown "#")
that has content after it; list items start with "-", "•", "*", "–", "1." /
"1)", "a)", "..." and may wrap; the run of name/role/place-and-date lines that
closes the document is the signature block. What the blocks *mean* (which
list holds activities, who owns them) is decided later by the extractors.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import Literal

import regex

from loftesparser.lexicon import load_toml, string_list
from loftesparser.models import BBox
from loftesparser.normalize import NormalizedText, TextLine
from loftesparser.readers.base import union_bbox

_provenance = attrgetter("provenance")

BlockKind = Literal["title", "heading", "paragraph", "list_item", "signature"]


@dataclass(slots=True)
class Block:
    """A unit of the document: its kind, its lines and its content span."""

    kind: BlockKind
    lines: list[TextLine]
    text: str
    start: int
    end: int
    bullet: str | None = None
    list_id: int | None = None
    #: Index into :attr:`Structure.headings` of the heading above this block.
    heading_index: int | None = None
    bold: bool = False
    emphasis: bool = False
    #: Offset in the normalized text where a bold run lasting to the end starts.
    bold_tail: int | None = None

    @property
    def page(self) -> int | None:
        first = self.lines[0].provenance if self.lines else None
        return first.page if first else None

    @property
    def bbox(self) -> BBox | None:
        """The union of the boxes of this block's lines on its first page."""
        page = self.page
        return union_bbox(
            line.provenance.bbox
            for line in self.lines
            if line.provenance is not None and line.provenance.page == page
        )

    @property
    def ends_sentence(self) -> bool:
        return self.text.rstrip()[-1:] in ".!?"


@dataclass(slots=True)
class Structure:
    """The segmented document."""

    normalized: NormalizedText
    blocks: list[Block]
    title: Block | None = None
    headings: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.normalized.text

    def content_blocks(self) -> list[Block]:
        """Blocks that are neither title, heading nor signature."""
        return [b for b in self.blocks if b.kind in ("paragraph", "list_item")]

    def signature_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "signature"]

    def heading_of(self, block: Block) -> Block | None:
        if block.heading_index is None:
            return None
        return self.headings[block.heading_index]


# --- vocabulary ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignatureVocabulary:
    role_words: frozenset[str]
    role_prefixes: tuple[str, ...]
    role_suffixes: tuple[str, ...]
    placeholders: frozenset[str]
    organisation_words: frozenset[str]
    headings: frozenset[str]
    name_particles: frozenset[str]
    #: The role words of more than one word ("biträdande rektor"), matched as
    #: substrings (derived from ``role_words``).
    role_phrases: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        phrases = tuple(sorted(w for w in self.role_words if len(w.split()) > 1))
        object.__setattr__(self, "role_phrases", phrases)


@lru_cache(maxsize=1)
def signature_vocabulary() -> SignatureVocabulary:
    """``data/signatures.toml``, validated (cached)."""
    data = load_toml("signatures.toml")
    roles = string_list(data, "role_words", source="signatures.toml")
    return SignatureVocabulary(
        role_words=frozenset(w.casefold() for w in roles if "*" not in w),
        role_prefixes=tuple(w[:-1].casefold() for w in roles if w.endswith("*")),
        role_suffixes=tuple(w[1:].casefold() for w in roles if w.startswith("*")),
        placeholders=frozenset(
            w.casefold() for w in string_list(data, "placeholders", source="signatures.toml")
        ),
        organisation_words=frozenset(
            w.casefold() for w in string_list(data, "organisation_words", source="signatures.toml")
        ),
        headings=frozenset(
            w.casefold() for w in string_list(data, "headings", source="signatures.toml")
        ),
        name_particles=frozenset(string_list(data, "name_particles", source="signatures.toml")),
    )


# --- line patterns ------------------------------------------------------------------

_BULLET = regex.compile(
    r"^(?P<bullet>[-–—•*∙◦▪]|\d{1,2}[.)](?!\d)|\(\d{1,2}\)|[a-h][.)](?=\s)|\.{3}|…)\s*(?=\S)"
)
_LETTER_BULLETS = "abcdefgh"
# "- ... genomföra": an ellipsis after the bullet continues the header's sentence.
_LEADING_ELLIPSIS = regex.compile(r"^(?:\.{3}|…)\s*")
_DOTTED = regex.compile(r"^[\s._…\-–—]{3,}$")
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_DATE_ONLY = regex.compile(
    rf"^(?:den\s+)?(?:{_ISO_DATE}|\d{{1,2}}\s+\p{{L}}+\.?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}\s*\d{{2,4}})$",
    regex.IGNORECASE,
)
_PLACE_DATE = regex.compile(
    rf"^(?P<place>\p{{Lu}}[\p{{L}}\-]+(?:\s+\p{{Lu}}[\p{{L}}\-]+){{0,2}})\s*(?:,\s*|\s+den\s+|\s+)"
    rf"(?P<date>{_ISO_DATE}|\d{{1,2}}\s+\p{{L}}+\.?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}\s*\d{{2,4}})\s*$"
)
_DIGIT = regex.compile(r"\d")
_ASCII_DIGITS = frozenset("0123456789")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}.:'’\-]*")
_SENTENCE_BREAK = regex.compile(r"[.!?]\s+\p{Lu}")
_LIST_INTRO_WORDS = frozenset({"följande", "nedan", "nedanstående"})
_PARTY_TAG = r"\(\s*[\p{Lu}]{1,4}\s*\)"
_PARTY_TAG_PATTERN = regex.compile(_PARTY_TAG)
# "Anna", "Anna-Karin", "O'Brien", "K." (an initial)
_NAME_WORD = regex.compile(r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)*|\p{Lu}\.")


def match_bullet(text: str) -> regex.Match[str] | None:
    """The list bullet at the start of ``text`` ("- ", "1. ", "• ", "... "), if any."""
    first = text[:1]
    # Most lines start with a letter, and no bullet does except "a)" to "h)".
    if first.isalpha() and first not in _LETTER_BULLETS:
        return None
    match = _BULLET.match(text)
    if match is None:
        return None
    bullet = match.group("bullet")
    end = match.end()
    following = text[end : end + 1]  # the character after the bullet, not a copy of the rest
    # "2. 2020" or "1.5 miljoner": numbers that are not list numbering.
    if bullet[0].isdigit() and following.isdigit():
        return None
    # A dash followed by a lowercase word is a sentence continuation, not a bullet.
    if bullet in "–—" and following.islower():
        return None
    return match


# The str tests in front of the line patterns below rule out most lines by
# their first character alone; each only skips lines its pattern cannot match.


def is_dotted_line(text: str) -> bool:
    # Dots, dashes and spaces only: a letter or digit first is never one.
    return not text[:1].isalnum() and bool(_DOTTED.match(text))


def is_date_only(text: str) -> bool:
    text = text.strip()
    first = text[:1]
    # A date starts with a digit, or with "den": no other letter.
    if first.isalpha() and first not in "dD":
        return False
    return bool(_DATE_ONLY.match(text))


def place_date(text: str) -> regex.Match[str] | None:
    """``"Habo 2016-12-06"`` → match with groups ``place`` and ``date``."""
    text = text.strip()
    first = text[:1]
    # The place starts with a capital: a lower-case letter, a digit or any
    # other ASCII character first rules the pattern out. Every date form ends
    # in a digit: without one last, the backtracking over the place is spared.
    if first.islower() or (first.isascii() and not first.isupper()):
        return None
    last = text[-1:]
    # An ASCII character is a digit exactly when it is 0-9: the regex only for the rest.
    last_is_digit = last in _ASCII_DIGITS if last.isascii() else _DIGIT.match(last) is not None
    if not last_is_digit:
        return None
    return _PLACE_DATE.match(text)


def _has_sentence_break(text: str) -> bool:
    """Does ``text`` hold a sentence end followed by a capitalised word (``_SENTENCE_BREAK``)?"""
    # A break needs one of ".!?": most short lines hold none, and are spared the regex.
    return ("." in text or "!" in text or "?" in text) and bool(_SENTENCE_BREAK.search(text))


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_role_line(text: str) -> bool:
    """A line naming a role ("Kommunstyrelsens ordförande", "Lokalpolisområdeschef")."""
    vocab = signature_vocabulary()
    folded = text.casefold()
    if any(phrase in folded for phrase in vocab.role_phrases):
        return True
    words = vocab.role_words
    prefixes, suffixes = vocab.role_prefixes, vocab.role_suffixes
    for word in _words(folded):
        word = word.rstrip(".,:")
        if word in words or f"{word}." in words:
            return True
        # str.startswith/endswith over a tuple rule out most words in one C call.
        if prefixes and word.startswith(prefixes):
            return True
        if word.endswith(suffixes) and any(
            word.endswith(s) and len(word) > len(s) for s in suffixes
        ):
            return True
    return False


def is_placeholder_line(text: str) -> bool:
    placeholders = signature_vocabulary().placeholders
    folded = " ".join(text.casefold().replace("…", " ").replace(".", " ").split())
    return folded in placeholders or folded.rstrip(":") in placeholders


def is_person_name(text: str) -> bool:
    """ "Jens Fischer", "Per Lawén (S),", "Anna-Karin af Ekström"."""
    # A party tag starts with "(": without one the substitution is spared.
    cleaned = _PARTY_TAG_PATTERN.sub(" ", text) if "(" in text else text
    cleaned = cleaned.strip().rstrip(",").strip()
    words = cleaned.split()
    if not 2 <= len(words) <= 4:
        return False
    particles = signature_vocabulary().name_particles
    organisation = signature_vocabulary().organisation_words
    for i, word in enumerate(words):
        if word in particles and 0 < i < len(words) - 1:
            continue
        if word.casefold() in organisation:
            return False
        if not _NAME_WORD.fullmatch(word):
            return False
    # The role test last: the word tests above rule out most lines more cheaply.
    return not is_role_line(cleaned)


def is_organisation_line(text: str) -> bool:
    """A line that only names an organisation: "Sunne kommun", "Polisen", "Region Gotland"."""
    stripped = text.strip().rstrip(".:,")
    words = stripped.split()
    if not 1 <= len(words) <= 5:
        return False
    organisation = signature_vocabulary().organisation_words
    # Case folding maps no character to or from a space: the same words, folded.
    folded = stripped.casefold().split()
    if organisation.isdisjoint(folded):
        return False
    for word, folded_word in zip(words, folded, strict=True):
        if folded_word not in organisation and not word[:1].isupper():
            return False
    return True


def is_signature_line(text: str) -> bool:
    """A line that can stand in a closing signature block."""
    return _signature_line_strength(text) != _NOT_SIGNATURE


#: How much a line says about a closing signature block: nothing (it cannot
#: stand in one), a little (a role, a blank line: also seen elsewhere) or much
#: (a name, a date, a placeholder, a dotted or organisation line).
_NOT_SIGNATURE, _WEAK_SIGNATURE, _STRONG_SIGNATURE = 0, 1, 2


def _signature_line_strength(text: str) -> int:
    """Can ``text`` stand in a closing signature block, and does it mark one?

    Returns ``_NOT_SIGNATURE``, ``_WEAK_SIGNATURE`` (a blank or role line) or
    ``_STRONG_SIGNATURE``; each line test is run once for both questions.
    """
    text = text.strip()
    if not text:
        return _WEAK_SIGNATURE
    # The sentence break first: one search, where counting words lists them all.
    if _has_sentence_break(text) or len(_words(text)) > 8:
        return _NOT_SIGNATURE
    # The placeholder test (folding the whole line) last: the others rule out
    # most lines by their first character or words, and most signature lines
    # are names, dates and organisations.
    if (
        is_dotted_line(text)
        or is_date_only(text)
        or place_date(text) is not None
        or is_person_name(text)
        or is_organisation_line(text)
        or is_placeholder_line(text)
    ):
        return _STRONG_SIGNATURE
    return _WEAK_SIGNATURE if is_role_line(text) else _NOT_SIGNATURE


def is_heading_text(text: str, *, strong: bool = False) -> bool:
    """Could ``text`` (a line of its own) be a heading?

    ``strong`` is layout evidence (bold, larger font, Markdown "#", capitals),
    which allows longer headings.
    """
    return _heading_word_count(text, strong=strong, has_no_bullet=False) > 0


def _heading_word_count(text: str, *, strong: bool, has_no_bullet: bool) -> int:
    """How many words ``text`` has if it could be a heading (:func:`is_heading_text`), else 0.

    ``has_no_bullet``: the caller has found no list bullet on the line already.
    """
    text = text.strip()
    # The str tests first: they rule out most body lines without a regex.
    if not text or len(text) > 120 or not (text[0].isupper() or text[0].isdigit()):
        return 0
    if text.endswith(("...", "…")):
        pass  # "Polisen och kommunen kommer tillsammans att..." introduces a list
    elif text[-1] in ".,;-–" or _has_sentence_break(text):
        return 0
    words = _words(text)
    if not words or len(words) > (14 if strong else 10):
        return 0
    if is_date_only(text) or is_dotted_line(text) or (not has_no_bullet and match_bullet(text)):
        return 0
    if not _LIST_INTRO_WORDS.isdisjoint(text.casefold().split()):
        return 0
    if "," in text and not strong and len(words) > 6:
        return 0
    return 0 if is_organisation_line(text) else len(words)


def _is_capitals(text: str) -> bool:
    # str.isupper ignores what is not a letter: "AB 2020" is capitals, "Ab" is not.
    return text.isupper() and sum(c.isalpha() for c in text) >= 4


def _strong(line: TextLine, body_size: float | None) -> bool:
    size = line.provenance.size if line.provenance else None
    larger = bool(size and body_size and size >= body_size * 1.15)
    return line.bold or line.markdown_heading > 0 or larger or _is_capitals(line.text)


# --- the stage ----------------------------------------------------------------------


def segment(normalized: NormalizedText) -> Structure:
    """Split normalized text into blocks and find title, headings and signatures."""
    raw_blocks = _raw_blocks(normalized.lines)
    signature_from = _signature_tail(raw_blocks)
    body_size = _body_font_size(normalized.lines)

    blocks: list[Block] = []
    for index, raw in enumerate(raw_blocks):
        if index >= signature_from:
            blocks.extend(_signature_block(line) for line in raw)
        else:
            blocks.extend(_split_raw_block(raw, body_size))
    _demote_headings_before_lowercase(blocks)
    blocks = _merge_colon_continuations(blocks)
    _demote_trailing_headings(blocks)
    title = _mark_title(blocks, body_size)
    headings = [b for b in blocks if b.kind == "heading"]
    _assign_lists_and_headings(blocks)
    return Structure(normalized=normalized, blocks=blocks, title=title, headings=headings)


def _raw_blocks(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    """Runs of non-blank lines, split at blank lines and PDF paragraph gaps."""
    blocks: list[list[TextLine]] = []
    current: list[TextLine] = []
    for line in lines:
        blank = not line.text
        if blank or (line.gap_before and current):
            if current:
                blocks.append(current)
            current = []
            if blank:
                continue
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _body_font_size(lines: Sequence[TextLine]) -> float | None:
    """The most common font size, weighted by characters (PDF only)."""
    weights: dict[float, int] = {}
    if not any(map(_provenance, lines)):  # text input: no line has a font size (one C pass)
        return None
    for line in lines:
        if line.provenance and line.provenance.size:
            size = round(line.provenance.size, 1)
            weights[size] = weights.get(size, 0) + len(line.text)
    return max(weights, key=lambda s: weights[s]) if weights else None


def _signature_tail(raw_blocks: list[list[TextLine]]) -> int:
    """Index of the first raw block of the closing signature run (len when none)."""
    start = len(raw_blocks)
    # A tail made only of role lines is not a signature block: it needs one
    # line that only a signature has (a name, a date, a placeholder, ...).
    strong = False
    for index in range(len(raw_blocks) - 1, -1, -1):
        strengths = []
        for line in raw_blocks[index]:
            strength = _signature_line_strength(line.text)
            if strength == _NOT_SIGNATURE:
                break
            strengths.append(strength)
        else:
            start = index
            strong = strong or _STRONG_SIGNATURE in strengths
            continue
        break
    return start if strong else len(raw_blocks)


def _signature_block(line: TextLine) -> Block:
    return Block("signature", [line], line.text, line.start, line.end)


def _make_block(kind: BlockKind, lines: list[TextLine], offset: int = 0) -> Block:
    """A block over ``lines``; ``offset`` skips a bullet at the start of the first line."""
    first = lines[0]
    head = first.text[offset:] if offset else first.text
    text = head.strip()
    start = first.start + offset
    if len(text) != len(head):  # normalized lines are stripped: rarely taken
        start += len(head) - len(head.lstrip())
    if len(lines) == 1:  # most blocks: no joining, no generators
        bold, emphasis = bool(first.bold), bool(first.emphasis)
    else:
        parts = [text] + [line.text.strip() for line in lines[1:]]
        text = " ".join(filter(None, parts))  # blank parts dropped
        bold = all([line.bold for line in lines])
        emphasis = all([line.emphasis for line in lines])
    last = lines[-1]
    bold_tail = None if last.bold_tail is None else last.start + last.bold_tail
    # Positional, in field order (keyword arguments would double the cost of the
    # call); last.end without the property's call.
    end = last.start + len(last.text)
    return Block(kind, lines, text, start, end, None, None, None, bold, emphasis, bold_tail)


def _list_item(lines: list[TextLine], match: regex.Match[str]) -> Block:
    """A list item over ``lines``; ``match`` is the bullet of the first line."""
    first = lines[0]
    offset = match.end()
    if first.text.startswith(("...", "…"), offset):  # rare: spares a copy of the rest
        rest = first.text[offset:]
        ellipsis = _LEADING_ELLIPSIS.match(rest)
        if ellipsis and rest[ellipsis.end() :]:
            offset += ellipsis.end()
    block = _make_block("list_item", lines, offset)
    block.bullet = match.group("bullet")
    return block


def _continues_item(previous: TextLine, line: TextLine) -> bool:
    """Is ``line`` (not a bullet line) a wrapped continuation of the item ending in ``previous``?"""
    text = line.text
    if text[:1] in "/(–—-" or text[:1].islower():
        return True
    if previous.provenance is not None and line.provenance is not None:
        return not line.gap_before
    return previous.text.rstrip()[-1:] not in ".!?:"


def _continues_paragraph(previous: TextLine, line: TextLine) -> bool:
    """Is ``line`` the same paragraph as ``previous`` (a wrapped line)?"""
    end = previous.text.rstrip()[-1:]
    if end not in ".!?:" or line.text[:1].islower():
        return True
    if previous.provenance is not None and line.provenance is not None:
        # In a PDF a sentence may end at the right margin and the paragraph go on.
        return not line.gap_before and _reaches_margin(previous, line)
    return False


def _reaches_margin(previous: TextLine, line: TextLine) -> bool:
    assert previous.provenance is not None and line.provenance is not None
    prev_box, box = previous.provenance.bbox, line.provenance.bbox
    width = max(prev_box[2], box[2]) - min(prev_box[0], box[0])
    return width > 0 and prev_box[2] >= box[2] - 0.1 * width


def _wraps_into(line: TextLine, following: TextLine) -> bool:
    """PDF only: ``line`` was wrapped: the first word below would not have fitted after it."""
    if line.provenance is None or following.provenance is None or following.gap_before:
        return False
    if _reaches_margin(line, following):
        return True
    box, next_box = line.provenance.bbox, following.provenance.bbox
    words = following.text.split()
    if not words:
        return False
    # The first word's width, estimated from the following line's width per character.
    first = (next_box[2] - next_box[0]) * len(words[0]) / max(len(following.text), 1)
    space = 0.25 * (line.provenance.size or 10.0)
    return box[2] + space + first > max(box[2], next_box[2])


def _heading_line(
    lines: list[TextLine],
    i: int,
    body_size: float | None,
    bullets: Sequence[regex.Match[str] | None],
) -> bool:
    """Is ``lines[i]`` (which has no bullet) a heading? ``bullets`` holds each line's bullet."""
    line = lines[i]
    strong = _strong(line, body_size)
    # The caller found no bullet on the line: the heading test need not look again.
    word_count = _heading_word_count(line.text, strong=strong, has_no_bullet=True)
    if not word_count:
        return False
    if len(lines) == 1:
        return True
    if i > 0 and lines[i - 1].text.rstrip()[-1:] not in ".!?:" and not strong:
        return False
    if i == len(lines) - 1:
        return strong
    if not strong and _wraps_into(line, lines[i + 1]):
        return False  # a PDF paragraph's first line, wrapped in a narrow column
    following = lines[i + 1].text
    # The words as the heading test counted them (white space does not change the count).
    short = word_count <= 6
    ends_open = line.text.rstrip()[-1:] not in ".!?"
    return (
        (strong or short) and ends_open and (following[:1].isupper() or bullets[i + 1] is not None)
    )


def _split_raw_block(raw: list[TextLine], body_size: float | None) -> list[Block]:
    if len(raw) == 1:  # most raw blocks: one line, a list item, heading or paragraph
        match = match_bullet(raw[0].text)
        if match:
            return [_list_item(raw, match)]
        heading = _heading_line(raw, 0, body_size, (None,))
        return [_make_block("heading" if heading else "paragraph", raw)]
    blocks: list[Block] = []
    group: list[TextLine] = []
    # Each line's bullet, found once: the heading test looks at the next line's.
    bullets = [match_bullet(line.text) for line in raw]
    # The bullet of the list item being collected; None while collecting a paragraph.
    bullet: regex.Match[str] | None = None
    for i, line in enumerate(raw):
        match = bullets[i]
        if match:
            if group:
                blocks.append(_group_block(group, bullet))
            group, bullet = [line], match
            continue
        if _heading_line(raw, i, body_size, bullets):
            if group:
                blocks.append(_group_block(group, bullet))
            group, bullet = [], None
            blocks.append(_make_block("heading", [line]))
            continue
        if group and (
            _continues_item(group[-1], line) if bullet else _continues_paragraph(group[-1], line)
        ):
            group.append(line)
            continue
        if group:
            blocks.append(_group_block(group, bullet))
        group, bullet = [line], None
    if group:
        blocks.append(_group_block(group, bullet))
    return blocks


def _group_block(group: list[TextLine], bullet: regex.Match[str] | None) -> Block:
    """The list item (with its ``bullet``) or paragraph over the lines of ``group``."""
    return _list_item(group, bullet) if bullet else _make_block("paragraph", group)


def _demote_headings_before_lowercase(blocks: list[Block]) -> None:
    """A "heading" whose next block starts in lower case is the start of a sentence."""
    for block, following in itertools.pairwise(blocks):
        if (
            block.kind == "heading"
            and following.kind == "paragraph"
            and following.text[:1].islower()
        ):
            block.kind = "paragraph"


def _merge_colon_continuations(blocks: list[Block]) -> list[Block]:
    """Join "... arbetet mot:" with a following paragraph that starts in lower case."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == "paragraph"
            and block.kind == "paragraph"
            and previous.text.endswith(":")
            and block.text[:1].islower()
        ):
            merged[-1] = Block(
                kind="paragraph",
                lines=previous.lines + block.lines,
                text=f"{previous.text} {block.text}",
                start=previous.start,
                end=block.end,
                bold_tail=block.bold_tail,
            )
            continue
        merged.append(block)
    return merged


def _demote_trailing_headings(blocks: list[Block]) -> None:
    """A heading with no content after it (only signatures or nothing) is not a heading."""
    has_content_after = False
    for block in reversed(blocks):
        if block.kind in ("paragraph", "list_item"):
            has_content_after = True
        elif block.kind == "heading" and not has_content_after:
            block.kind = "paragraph"


def _mark_title(blocks: list[Block], body_size: float | None) -> Block | None:
    """The first heading-like line before any content is the document title."""
    for block in blocks[:6]:
        if block.kind == "signature":
            return None
        if block.kind == "paragraph" and (
            is_date_only(block.text) or is_organisation_line(block.text)
        ):
            continue  # a letterhead date or sender above the title
        # The first line of a document may be a long title ("Medborgarlöften
        # 2020–2021 för Orust, Stenungsund och Tjörn"): judge it as if emphasized.
        if block.kind == "heading" or (
            block.kind == "paragraph"
            and len(block.lines) == 1
            and is_heading_text(block.text, strong=True)
        ):
            block.kind = "title"
            return block
        return None
    return None


def _assign_lists_and_headings(blocks: list[Block]) -> None:
    list_id = -1
    previous_bullet_style: str | None = None
    heading_index: int | None = None
    headings_seen = 0
    in_list = False
    for block in blocks:
        if block.kind == "heading":
            heading_index = headings_seen
            headings_seen += 1
            in_list = False
            block.heading_index = heading_index
            continue
        block.heading_index = heading_index
        if block.kind == "list_item":
            style = _bullet_style(block.bullet)
            if not in_list or style != previous_bullet_style:
                list_id += 1
            block.list_id = list_id
            previous_bullet_style = style
            in_list = True
        else:
            in_list = False


def _bullet_style(bullet: str | None) -> str:
    if bullet is None:
        return ""
    if bullet[0].isdigit() or bullet.startswith("("):
        return "number"
    if bullet[0].isalpha():
        return "letter"
    if bullet in ("...", "…"):
        return "ellipsis"
    return "symbol"
