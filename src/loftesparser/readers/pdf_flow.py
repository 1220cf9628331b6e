"""PDF flow: page furniture out, pieces in reading order → the line stream.

Two jobs, both across pages:

* running headers, footers and page numbers are found (lines in the top or
  bottom band of the page that repeat on most pages, or read "Sida 2 av 3",
  "2 (4)", "3") and removed before the page layout is read;
* the ordered pieces become :class:`SourceLine` objects, with a blank line
  wherever the layout shows a paragraph break: a vertical gap clearly larger
  than the line spacing, a change of font size, a jump to another column or
  page that does not continue the text before it.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from loftesparser.models import ResidueLine
from loftesparser.normalize import clean_characters, join_hyphenation, residue_rules
from loftesparser.readers.base import Provenance, SourceLine
from loftesparser.readers.pdf_layout import (
    Piece,
    Row,
    Word,
    dominant_size,
    is_bold_font,
    is_bullet_glyph,
    is_unmapped,
)

#: Rows whose box lies within this fraction of the page height from the top
#: (bottom) edge may be running headers (footers).
FURNITURE_ZONE = 0.12
#: A line is running furniture when it repeats on at least this share of pages.
FURNITURE_SHARE = 0.6
#: Pieces of a furniture row further apart than this (em) are judged separately
#: ("Hagfors kommun" left, "Sida 2 av 3" right).
FURNITURE_SPLIT_EM = 3.0
#: A baseline step more than this (em) above the usual line pitch is a paragraph gap.
PARAGRAPH_GAP_EM = 0.4
#: Font sizes differing by more than this share are a change of face (heading ↔ body).
SIZE_CHANGE = 0.12

_PAGE_NUMBER = regex.compile(
    r"(?:(?:sida|sidan|s\.|page)\s*)?\d{1,4}(?:\s*(?:av|/|of)\s*\d{1,4})?"
    r"|\d{1,4}\s*\(\s*\d{1,4}\s*\)"
    r"|[-–—]\s*\d{1,4}\s*[-–—]",
    regex.IGNORECASE,
)
_DIGITS = regex.compile(r"\d+")
_LINE_END_HYPHENS = ("\u00ad", "\u2010", "\u2011")
_REPLACEMENT = "\ufffd"


# --- running headers and footers -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    page: int
    row: int
    words: tuple[Word, ...]
    zone: str
    text: str

    @property
    def key(self) -> str:
        """Compared across pages: case, spacing and numbers do not matter."""
        return _DIGITS.sub("#", " ".join(self.text.split()).casefold())


def remove_furniture(
    pages: Sequence[tuple[int, float, list[Row]]],
) -> tuple[dict[int, list[Row]], list[ResidueLine]]:
    """Drop running headers/footers and page numbers from each page's rows.

    ``pages`` holds ``(page number, page height, rows)``. Returns the remaining
    rows per page and the removed lines (kind ``running_header``,
    ``running_footer`` or ``page_number``).
    """
    candidates = [c for number, height, rows in pages for c in _candidates(number, height, rows)]
    pages_with: dict[tuple[str, str], set[int]] = defaultdict(set)
    for candidate in candidates:
        pages_with[(candidate.zone, candidate.key)].add(candidate.page)
    needed = max(2, math.ceil(FURNITURE_SHARE * len(pages)))
    drop: dict[tuple[int, int], set[int]] = defaultdict(set)
    removed: list[ResidueLine] = []
    for candidate in candidates:
        if _PAGE_NUMBER.fullmatch(candidate.text.strip()):
            kind = "page_number"
        elif len(pages_with[(candidate.zone, candidate.key)]) >= needed:
            kind = "running_header" if candidate.zone == "top" else "running_footer"
        else:
            continue
        drop[(candidate.page, candidate.row)].update(id(w) for w in candidate.words)
        removed.append(ResidueLine(text=candidate.text, kind=kind, page=candidate.page))
    kept: dict[int, list[Row]] = {}
    for number, _, rows in pages:
        kept[number] = []
        for index, row in enumerate(rows):
            gone = drop.get((number, index), set())
            words = [w for w in row.words if id(w) not in gone]
            if words:
                kept[number].append(Row(words))
    return kept, removed


def _candidates(page: int, height: float, rows: Sequence[Row]) -> list[_Candidate]:
    """Pieces of the first two and last two rows that sit in the page's edge zones."""
    ordered = sorted(range(len(rows)), key=lambda i: rows[i].baseline)
    found: list[_Candidate] = []
    for position, index in enumerate(ordered):
        row = rows[index]
        if position < 2 and row.bottom <= FURNITURE_ZONE * height:
            zone = "top"
        elif position >= len(ordered) - 2 and row.top >= (1 - FURNITURE_ZONE) * height:
            zone = "bottom"
        else:
            continue
        for words in _row_parts(row):
            text = " ".join(w.text for w in words)
            found.append(_Candidate(page, index, tuple(words), zone, text))
    return found


def _row_parts(row: Row) -> list[list[Word]]:
    parts: list[list[Word]] = []
    for word in sorted(row.words, key=lambda w: w.x0):
        if parts and word.x0 - parts[-1][-1].x1 <= FURNITURE_SPLIT_EM * word.size:
            parts[-1].append(word)
        else:
            parts.append([word])
    return parts


# --- pieces → lines ------------------------------------------------------------------


@dataclass(slots=True)
class LineText:
    """A piece's text with the facts the line stream carries."""

    text: str
    bold: bool
    bold_tail: int | None
    font: str | None
    size: float
    unmapped: int


def line_text(words: Sequence[Word]) -> LineText:
    """Join a line's words; map a leading symbol glyph to a bullet; find bold runs."""
    parts: list[str] = []
    flags: list[bool] = []
    unmapped = 0
    fonts: Counter[str] = Counter()
    for index, word in enumerate(words):
        glyphs = word.glyphs
        if index == 0 and len(words) > 1 and is_bullet_glyph(glyphs[0]):
            # A bullet drawn from a symbol font reads as a letter ("o", "l") or
            # "(cid:N)"; the list structure only needs to know it is a bullet.
            parts.append("•")
            flags.append(False)
            glyphs = glyphs[1:]
            if not glyphs:
                continue
            parts.append(" ")
            flags.append(False)
        elif index > 0:
            parts.append(" ")
            flags.append(False)  # fixed below: a space inside a bold run is bold
        for glyph in glyphs:
            text = glyph.text
            if is_unmapped(text):
                unmapped += 1
                text = _REPLACEMENT
            bold = is_bold_font(glyph.font)
            parts.append(text)
            flags.extend([bold] * len(text))
            fonts[glyph.font] += 1
    text = "".join(parts)
    flags = _bold_spaces(text, flags)
    text, flags = _mark_line_end_hyphen(text, flags)
    bold, tail = _bold_facts(text, flags)
    font = fonts.most_common(1)[0][0] if fonts else None
    return LineText(text, bold, tail, font, dominant_size(words), unmapped)


def _bold_spaces(text: str, flags: list[bool]) -> list[bool]:
    result = list(flags)
    for i, char in enumerate(text):
        if char == " " and 0 < i < len(text) - 1:
            result[i] = flags[i - 1] and flags[i + 1]
    return result


def _mark_line_end_hyphen(text: str, flags: list[bool]) -> tuple[str, list[bool]]:
    """A soft or Unicode hyphen at the line end becomes "-", so normalize joins the word."""
    if text.endswith(_LINE_END_HYPHENS):
        return text[:-1] + "-", flags
    return text, flags


def _bold_facts(text: str, flags: Sequence[bool]) -> tuple[bool, int | None]:
    """(whole line bold, offset of a bold run lasting to the line end)."""
    body_start = 2 if text.startswith("• ") else 0
    letters = [flags[i] for i in range(body_start, len(text)) if text[i].isalnum()]
    if letters and all(letters):
        return True, None
    end = len(text.rstrip()) - 1
    if end >= 0 and not flags[end] and text[end] in ".,;:!?)":
        end -= 1  # a plain full stop after a bold marker
    if end < 0 or not flags[end]:
        return False, None
    start = end
    while start > 0 and flags[start - 1]:
        start -= 1
    while start < end and text[start] == " ":
        start += 1
    return False, start


@dataclass(slots=True)
class _Placed:
    piece: Piece
    line: LineText

    @property
    def baseline(self) -> float:
        return self.piece.baseline


@dataclass(slots=True)
class FlowResult:
    """The line stream and what was counted or dropped on the way."""

    lines: list[SourceLine]
    unmapped: int
    residue: list[ResidueLine]


def build_lines(pieces: Sequence[Piece]) -> FlowResult:
    """The line stream of a document's ordered pieces."""
    placed = [_Placed(piece, line_text(piece.words)) for piece in pieces if piece.words]
    placed = [item for item in placed if item.line.text.strip()]
    pitch = _pitches(placed)
    breaks = [
        index > 0 and _paragraph_break(placed[index - 1], item, pitch)
        for index, item in enumerate(placed)
    ]
    dropped, residue = _wrapped_residue(placed, breaks)
    lines: list[SourceLine] = []
    gap = False
    previous: _Placed | None = None
    for index, item in enumerate(placed):
        gap = gap or breaks[index]
        if index in dropped:
            continue
        if gap and lines:
            lines.append(SourceLine(""))
        wrapped_tail = not gap and previous is not None and _bold_run_wraps(previous, item, lines)
        lines.append(_source_line(item, gap and bool(lines), wrapped_tail=wrapped_tail))
        previous, gap = item, False
    unmapped = sum(item.line.unmapped for item in placed)
    return FlowResult(lines, unmapped, residue)


def _wrapped_residue(
    placed: Sequence[_Placed], breaks: Sequence[bool]
) -> tuple[set[int], list[ResidueLine]]:
    """Web-page residue that wraps over several lines ("JavaScript är inte påslaget …").

    normalize drops residue line by line, which is right for text, where a
    notice is one line; in a PDF the notice wraps and its second line would
    be left as content. Only the reader knows a line was wrapped, so the whole
    wrapped notice is dropped here.
    """
    rules = residue_rules()
    dropped: set[int] = set()
    residue: list[ResidueLine] = []
    index = 0
    while index < len(placed):
        kind = rules.kind_of(clean_characters(placed[index].line.text)[0])
        end = index + 1
        if kind:
            while (
                end < len(placed) and not breaks[end] and _continues(placed[end - 1], placed[end])
            ):
                end += 1
        if end - index >= 2:
            text = placed[index].line.text.strip()
            for item in placed[index + 1 : end]:
                following = item.line.text.strip()
                joined = join_hyphenation(text, following)
                text = f"{joined[0]} {joined[1]}".strip() if joined else f"{text} {following}"
            residue.append(ResidueLine(text=text, kind=kind or "", page=placed[index].piece.page))
            dropped.update(range(index, end))
        index = end
    return dropped, residue


def _bold_run_wraps(previous: _Placed, item: _Placed, lines: Sequence[SourceLine]) -> bool:
    """Is ``item`` a wholly bold line that only carries on an owner marker from above?

    "…droger/ **Polisen och**" + "**kommunen**", or "…bostadsbolaget/" +
    "**Polisen och kommunen**" where the whole marker wrapped: the line is
    the end of a bold run, not a bold line of its own (which the segmenter
    would take for a heading).
    """
    if not item.line.bold or not lines:
        return False
    if lines[-1].bold_tail is not None:
        return True
    text = previous.line.text.rstrip()
    return (
        not previous.line.bold
        and text[-1:] not in (".", "!", "?", ":")
        and _continues(previous, item)
    )


def _source_line(item: _Placed, gap: bool, *, wrapped_tail: bool) -> SourceLine:
    line = item.line
    bold, tail = line.bold, line.bold_tail
    if wrapped_tail:
        bold, tail = False, 0
    x0, top, x1, bottom = item.piece.bbox
    provenance = Provenance(
        page=item.piece.page,
        bbox=(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)),
        font=line.font,
        size=round(line.size, 2) if line.size else None,
        bold=line.bold,
    )
    return SourceLine(line.text, provenance, bold=bold, bold_tail=tail, gap_before=gap)


def _size_key(size: float) -> float:
    return round(size * 2) / 2


def _pitches(placed: Sequence[_Placed]) -> dict[float, float]:
    """The usual baseline step per font size: a low percentile of the steps seen.

    A low percentile, because paragraph gaps are also steps and may be as
    common as plain line wraps in a document of short paragraphs.
    """
    steps: dict[float, list[float]] = defaultdict(list)
    for previous, item in itertools.pairwise(placed):
        if _flow_break(previous.piece, item.piece):
            continue
        size = item.line.size
        if abs(previous.line.size - size) > SIZE_CHANGE * max(size, previous.line.size):
            continue
        step = item.baseline - previous.baseline
        if step > 0.5 * size:
            steps[_size_key(size)].append(step)
    pitch: dict[float, float] = {}
    for key, values in steps.items():
        if len(values) >= 3:
            values.sort()
            pitch[key] = values[int(0.2 * (len(values) - 1))]
    return pitch


def _flow_break(previous: Piece, piece: Piece) -> bool:
    """A new page, or another column of the same band."""
    return piece.page != previous.page or (
        piece.band is previous.band and piece.column != previous.column
    )


def _paragraph_break(previous: _Placed, item: _Placed, pitch: dict[float, float]) -> bool:
    """Does the layout put a paragraph break between these two lines?"""
    size, previous_size = item.line.size, previous.line.size
    if abs(size - previous_size) > SIZE_CHANGE * max(size, previous_size):
        return True
    piece, before = item.piece, previous.piece
    if piece.page != before.page:
        return not _continues(previous, item)
    if piece.band is before.band and piece.column != before.column:
        return not (piece.band.text_columns and _continues(previous, item))
    if piece.baseline < before.baseline - 0.5 * size:
        # Back up the page: the next column of an outer band (a third column).
        return not _continues(previous, item)
    reference = before.baseline if piece.band is before.band else before.band.bottom
    step = piece.baseline - reference
    usual = pitch.get(_size_key(size), 1.2 * size)
    return step > usual + PARAGRAPH_GAP_EM * size


def _continues(previous: _Placed, item: _Placed) -> bool:
    """Does ``item`` (top of a column or page) continue the text of ``previous``?

    Yes when ``previous`` ends in a hyphen, or when the first word of
    ``item`` would not have fitted at the end of ``previous``: the line was
    wrapped, not ended.
    """
    text = previous.line.text.rstrip()
    if text.endswith("-") and len(text) > 1 and text[-2].isalpha():
        return True
    first = item.piece.words[0]
    room = previous.piece.frame[1] - previous.piece.bbox[2]
    space = 0.25 * previous.line.size
    return first.width + space > room + 0.5
