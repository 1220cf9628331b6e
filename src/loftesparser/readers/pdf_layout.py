"""PDF layout: glyphs → words → rows → bands and columns → pieces in reading order.

Nothing here knows about PDF libraries (see :mod:`pdf_chars`) or about the
line stream (see :mod:`pdf_flow`). All distances are in points and most
thresholds are relative to the font size, because documents are set anywhere
between 8 and 14 pt and a fixed tolerance is wrong for one end or the other.

Reading order: rows (glyphs sharing a baseline) are grouped top-down into
*bands*: runs of rows that share a vertical strip of white space (a gutter).
A band whose gutter has real text on both sides is read column by column,
left to right; every other row is read as it stands. This handles one and
two (or more) columns, a title spanning the columns, and boxes that stand
apart (a letterhead, a side note), without assuming where a column is.
"""

from __future__ import annotations

import math
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from loftesparser.readers.pdf_chars import Glyph

#: A horizontal gap wider than this (in em) between two glyphs is a word break.
#: pdfplumber's default is a fixed 3 pt, which glues words together in small
#: type set without space characters.
WORD_GAP_EM = 0.15
#: Glyphs on baselines closer than this (in em) are on the same row.
ROW_TOLERANCE_EM = 0.3
#: Minimum gutter width (em) for a band of three rows or more, two rows, one row.
#: A single row needs a wide gap (a letterhead's date set far right), else a
#: loosely justified line would be cut in two.
GUTTER_EM = (1.0, 1.5, 3.0)
#: Widest frame (pt) searched for gutters; A0 is 2384 pt wide.
MAX_FRAME = 10_000.0
#: Each side of a gutter must hold text at least this wide (em): a column of
#: bullets or numbers beside the list text is not a column of text.
SUBSTANTIAL_EM = 3.0

_SYMBOL_FONT = regex.compile(r"symbol|dingbat|wingding|webding", regex.IGNORECASE)
_BOLD_FONT = regex.compile(
    r"bold|black|heavy|semibold|demi|extrabold|ultrabold|,b$|-bd$|\bbd\b", regex.IGNORECASE
)
_UNMAPPED = regex.compile(r"^\(cid:\d+\)$")
#: Unicode bullet characters a line may start with.
BULLET_CHARS = frozenset("•▪■□◦●○◆◇►▶➢➤✓✔❖⁃∙·‣⦁")


@lru_cache(maxsize=512)
def is_bold_font(font: str) -> bool:
    """True for a bold (or heavier) face, judged from the font name."""
    return bool(_BOLD_FONT.search(font.split("+", 1)[-1]))


@lru_cache(maxsize=512)
def is_symbol_font(font: str) -> bool:
    """True for Symbol, ZapfDingbats, Wingdings and the like."""
    return bool(_SYMBOL_FONT.search(font))


def is_unmapped(text: str) -> bool:
    """A glyph pdfminer could not map to Unicode: ``"(cid:N)"``."""
    return text.startswith("(cid:") and bool(_UNMAPPED.match(text))


def is_bullet_glyph(glyph: Glyph) -> bool:
    """Could this glyph be a list bullet? (Symbol font, private use, unmapped, or •▪●…)."""
    text = glyph.text
    if is_unmapped(text) or is_symbol_font(glyph.font):
        return True
    return len(text) == 1 and (text in BULLET_CHARS or unicodedata.category(text) == "Co")


@dataclass(slots=True)
class Word:
    """Glyphs without a gap between them."""

    glyphs: list[Glyph]
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float

    @classmethod
    def of(cls, glyphs: list[Glyph]) -> Word:
        """A word over ``glyphs`` (left to right)."""
        first = glyphs[0]
        if all(g.size == first.size for g in glyphs):
            size = round(first.size, 1)
        else:
            size = Counter(round(g.size, 1) for g in glyphs).most_common(1)[0][0]
        baselines = sorted(g.baseline for g in glyphs)
        return cls(
            glyphs=glyphs,
            x0=first.x0,
            x1=max(g.x1 for g in glyphs),
            top=min(g.top for g in glyphs),
            bottom=max(g.bottom for g in glyphs),
            baseline=baselines[len(baselines) // 2],
            size=size,
        )

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(slots=True)
class Row:
    """Words on one baseline, left to right."""

    words: list[Word]
    #: The median baseline of the words (computed once: rows are sorted by it often).
    baseline: float = field(init=False)

    def __post_init__(self) -> None:
        baselines = sorted(w.baseline for w in self.words)
        self.baseline = baselines[len(baselines) // 2]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        return dominant_size(self.words)


def dominant_size(words: Iterable[Word]) -> float:
    """The font size most of the glyphs are set in."""
    counts: Counter[float] = Counter()
    for word in words:
        counts[word.size] += len(word.glyphs)
    return counts.most_common(1)[0][0] if counts else 0.0


# --- glyphs → rows → words -------------------------------------------------------------


def build_rows(glyphs: Sequence[Glyph]) -> list[Row]:
    """Group glyphs into rows by baseline, then into words by horizontal gaps."""
    rows: list[Row] = []
    for cluster in _baseline_clusters(glyphs):
        words = split_words(sorted(cluster, key=lambda g: g.x0))
        if words:
            rows.append(Row(words))
    return rows


def _baseline_clusters(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    ordered = sorted(glyphs, key=lambda g: (g.baseline, g.x0))
    clusters: list[list[Glyph]] = []
    reference = 0.0
    reference_size = 0.0
    for glyph in ordered:
        tolerance = ROW_TOLERANCE_EM * max(glyph.size, reference_size, 1.0)
        if clusters and glyph.baseline - reference <= tolerance:
            clusters[-1].append(glyph)
            continue
        clusters.append([glyph])
        reference, reference_size = glyph.baseline, glyph.size
    return clusters


def split_words(glyphs: Sequence[Glyph]) -> list[Word]:
    """Split one row's glyphs (sorted by x) into words.

    A space glyph ends a word; so does a gap wider than :data:`WORD_GAP_EM`
    of the font size, which separates words in PDFs drawn without spaces.
    A glyph drawn again on top of itself (fake bold) is dropped.
    """
    words: list[Word] = []
    current: list[Glyph] = []
    for glyph in glyphs:
        if not glyph.text or glyph.text.isspace():
            if current:
                words.append(Word.of(current))
            current = []
            continue
        if current:
            previous = current[-1]
            if _overprint(previous, glyph):
                continue
            gap = glyph.x0 - previous.x1
            if gap > WORD_GAP_EM * max(glyph.size, previous.size):
                words.append(Word.of(current))
                current = []
        current.append(glyph)
    if current:
        words.append(Word.of(current))
    return words


def _overprint(previous: Glyph, glyph: Glyph) -> bool:
    width = max(previous.x1 - previous.x0, 0.01)
    return glyph.text == previous.text and abs(glyph.x0 - previous.x0) < 0.25 * width


# --- rows → bands → pieces -------------------------------------------------------------

Interval = tuple[float, float]


@dataclass(slots=True)
class Band:
    """Rows read together; ``columns`` > 1 when they are read column by column."""

    page: int
    index: int
    columns: int = 1
    #: True when the columns are columns of running text (a paragraph may flow
    #: from one to the next), not a letterhead or a side note beside the text.
    text_columns: bool = False
    #: The lowest baseline in the band: the reference for the gap to the next band.
    bottom: float = 0.0


@dataclass(slots=True)
class Piece:
    """One line of text: the words of one row inside one column of a band."""

    words: list[Word]
    page: int
    band: Band
    column: int
    #: Left and right edge of the text column this line belongs to.
    frame: Interval = (0.0, 0.0)

    @property
    def baseline(self) -> float:
        return statistics.median(w.baseline for w in self.words)

    @property
    def size(self) -> float:
        return dominant_size(self.words)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (
            min(w.x0 for w in self.words),
            min(w.top for w in self.words),
            max(w.x1 for w in self.words),
            max(w.bottom for w in self.words),
        )


@dataclass(frozen=True, slots=True)
class _Split:
    """A run of consecutive rows divided by a gutter at ``center``."""

    start: int
    end: int  # exclusive
    center: float


def order_page(rows: Sequence[Row], page: int) -> list[Piece]:
    """The page's rows as pieces (lines) in reading order."""
    if not rows:
        return []
    ordered = sorted(rows, key=lambda r: r.baseline)
    frame = (min(r.x0 for r in ordered), max(r.x1 for r in ordered))
    return _PageOrder(page).region(ordered, frame)


@dataclass(slots=True)
class _PageOrder:
    """Reading order of one page, found recursively.

    A region (rows inside a frame) is searched for the vertical strip of white
    space that divides the most rows into text on the left and text on the
    right. Runs of rows the strip divides are read left side first, each side
    again as a region (a third column, a box inside a column); the rows in
    between are a region of their own. A region without such a strip is read
    row by row.
    """

    page: int
    bands: int = 0

    def region(self, rows: Sequence[Row], frame: Interval) -> list[Piece]:
        if not rows:
            return []
        splits = _best_splits(rows, frame)
        if not splits:
            band = self._band(rows)
            return [Piece(list(r.words), self.page, band, 0, frame) for r in rows]
        pieces: list[Piece] = []
        position = 0
        for split in splits:
            pieces.extend(self.region(rows[position : split.start], frame))
            pieces.extend(self._columns(rows[split.start : split.end], split.center, frame))
            position = split.end
        pieces.extend(self.region(rows[position:], frame))
        return pieces

    def _columns(self, rows: Sequence[Row], center: float, frame: Interval) -> list[Piece]:
        left = [Row(ws) for r in rows if (ws := [w for w in r.words if _mid(w) < center])]
        right = [Row(ws) for r in rows if (ws := [w for w in r.words if _mid(w) >= center])]
        em = dominant_size(w for r in rows for w in r.words) or 10.0
        detach = _trailing_detach(rows, center, em)
        if detach is not None:
            return self._columns(rows[:detach], center, frame) + self.region(rows[detach:], frame)
        sides = (
            self.region(left, (frame[0], max(r.x1 for r in left))),
            self.region(right, (min(r.x0 for r in right), frame[1])),
        )
        band = self._band(rows)
        band.columns = 2
        widths = [max(r.x1 for r in side) - min(r.x0 for r in side) for side in (left, right)]
        band.text_columns = min(len(left), len(right)) >= 2 and min(widths) >= 0.5 * max(widths)
        for column, side in enumerate(sides):
            side_frame = (min(p.bbox[0] for p in side), max(p.bbox[2] for p in side))
            for piece in side:
                # The side's pieces keep their own band (a nested column) only
                # when it split again; otherwise they belong to this band.
                if piece.band.columns == 1:
                    piece.band = band
                    piece.column = column
                    piece.frame = side_frame
        return [*sides[0], *sides[1]]

    def _band(self, rows: Sequence[Row]) -> Band:
        band = Band(self.page, self.bands, bottom=max(r.baseline for r in rows))
        self.bands += 1
        return band


def _mid(word: Word) -> float:
    return (word.x0 + word.x1) / 2


def _best_splits(rows: Sequence[Row], frame: Interval) -> list[_Split]:
    """The runs of rows divided by the strongest gutter of the region, or none."""
    em = dominant_size(w for r in rows for w in r.words) or 10.0
    best: list[_Split] = []
    best_rows = 0
    for center in _gutter_centers(rows, frame, em):
        splits = _splits_at(rows, center, em)
        covered = sum(s.end - s.start for s in splits)
        if covered > best_rows:
            best, best_rows = splits, covered
    return best


def _gutter_centers(rows: Sequence[Row], frame: Interval, em: float) -> list[float]:
    """Middles of the vertical white strips of the region (valleys of row coverage).

    Each 1-pt column of the frame counts the rows with a word over it. A
    valley is a stretch that few rows cross; its gutter is the widest part
    where the fewest cross, and it must lie inside the frame (white at the
    frame's edge is a margin, not a gutter). Whether a gutter really divides
    text is decided by :func:`_divides`.
    """
    if frame[1] - frame[0] > MAX_FRAME:
        return []  # no real page is this wide: do not build a coverage this long
    origin = math.floor(frame[0])
    cover = [0] * max(1, math.ceil(frame[1]) - origin)
    for row in rows:
        for word in row.words:
            first = max(0, math.floor(word.x0) - origin)
            for x in range(first, min(len(cover), math.ceil(word.x1) - origin)):
                cover[x] += 1
    limit = max(1, int(0.3 * len(rows)))
    centers: list[float] = []
    x = 0
    while x < len(cover):
        if cover[x] > limit:
            x += 1
            continue
        end = x
        while end < len(cover) and cover[end] <= limit:
            end += 1
        start, length = _deepest(cover, x, end)
        if start > 0 and start + length < len(cover) and length >= 0.5 * em:
            centers.append(origin + start + length / 2)
        x = end
    return centers


def _deepest(cover: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """The longest stretch of ``cover[start:end]`` at its lowest value: (start, length)."""
    low = min(cover[start:end])
    best_start, best_length = start, 0
    i = start
    while i < end:
        if cover[i] != low:
            i += 1
            continue
        j = i
        while j < end and cover[j] == low:
            j += 1
        if j - i > best_length:
            best_start, best_length = i, j - i
        i = j
    return best_start, best_length


def _splits_at(rows: Sequence[Row], center: float, em: float) -> list[_Split]:
    """Runs of consecutive rows that a gutter at ``center`` divides into real text on both sides."""
    splits: list[_Split] = []
    start = 0
    for index in range(len(rows) + 1):
        crossing = index < len(rows) and any(
            w.x0 < center + 0.25 * em and w.x1 > center - 0.25 * em for w in rows[index].words
        )
        if index < len(rows) and not crossing:
            continue
        if index > start and _divides(rows[start:index], center, em):
            splits.append(_Split(start, index, center))
        start = index + 1
    return splits


def _divides(rows: Sequence[Row], center: float, em: float) -> bool:
    """Is there real text on both sides of the gutter, and is the gutter wide enough?"""
    left = [w for r in rows for w in r.words if _mid(w) < center]
    right = [w for r in rows for w in r.words if _mid(w) >= center]
    if not left or not right:
        return False
    gap = min(w.x0 for w in right) - max(w.x1 for w in left)
    min_width = GUTTER_EM[min(max(3 - len(rows), 0), 2)] * em
    if gap < min_width:
        return False
    extent = min(
        max(w.x1 for w in left) - min(w.x0 for w in left),
        max(w.x1 for w in right) - min(w.x0 for w in right),
    )
    return extent >= SUBSTANTIAL_EM * em


def _trailing_detach(rows: Sequence[Row], center: float, em: float) -> int | None:
    """Where rows below the columns start (a signature block, a closing line).

    One-sided rows under the bottom of the other column, after a gap wider
    than a paragraph gap, are not the end of a column but what follows the
    columns; they are read after both.
    """
    sides = [{_mid(w) >= center for w in r.words} for r in rows]
    bottoms = {
        side: max((r.baseline for r, s in zip(rows, sides, strict=True) if side in s), default=0.0)
        for side in (False, True)
    }
    start = len(rows)
    for index in range(len(rows) - 1, 0, -1):
        if len(sides[index]) != 1:
            break
        side = next(iter(sides[index]))
        if rows[index].baseline <= bottoms[not side]:
            break
        start = index
    for index in range(start, len(rows)):
        side = next(iter(sides[index]))
        above = [rows[i].baseline for i in range(index) if side in sides[i]]
        if above and rows[index].baseline - max(above) > 2.5 * em:
            return index
    return None
