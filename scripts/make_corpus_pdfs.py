"""Make the PDF corpus: each seed text in ``corpus/*.txt`` set as PDF in several layouts.

    python scripts/make_corpus_pdfs.py [--out corpus/pdf]

Writes ``<out>/<layout>/<stem>.pdf``. The output is deterministic (reportlab
``invariant=1``): running the script again gives byte-identical files, so the
committed PDFs can be checked against it.

The seed text is typeset here, not by reportlab's Paragraph, so each layout
controls exactly what a PDF exporter would do: where lines wrap, whether
words are separated by space characters, how lines are justified and
hyphenated, which font a bullet comes from. Seed conventions: a blank line
separates blocks (drawn as a paragraph gap), each other line is a paragraph
or a list item ("- ", "• ", "1. "), ``**x**`` is bold and ``*x*`` italic (the
markup characters are dropped). The gold files (``corpus/gold``) name the
title and section headings, which some layouts set in a larger bold face.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportlab.lib.pagesizes import A4, A5
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

FONTS = {
    "regular": "Helvetica",
    "bold": "Helvetica-Bold",
    "italic": "Helvetica-Oblique",
    "bolditalic": "Helvetica-BoldOblique",
}
_BULLET = re.compile(r"^(?P<bullet>[-•*–]|\d{1,2}[.)])\s+(?P<rest>.*)$")
_SPLITTABLE = re.compile(r"^(?P<core>[^\W\d_]+)(?P<tail>[,.;:!?)]*)$")
#: A line-end hyphen before these words is read as a suspended compound
#: ("av- och"), so the hyphenator never leaves them as the second half.
_SUSPENSION = frozenset({"och", "eller", "samt", "respektive", "resp", "till", "som", "men"})
#: Symbol-font bullets for the symbol layout, one per document in turn:
#: pdfminer reads them as "l", "•", "n", "(cid:226)" and "v".
SYMBOL_BULLETS = (
    ("ZapfDingbats", "●"),
    ("Symbol", "•"),
    ("ZapfDingbats", "■"),
    ("ZapfDingbats", "➢"),
    ("ZapfDingbats", "❖"),
)
PAGE_NUMBER_STYLES = ("Sida {n} av {m}", "{n} ({m})", "{n}")


# --- the seed text ---------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """Text in one style."""

    text: str
    style: str


Word = tuple[Run, ...]


@dataclass(frozen=True)
class Block:
    """One seed line: a paragraph, a list item or a blank line."""

    kind: str  # "paragraph" | "item" | "blank"
    words: tuple[Word, ...] = ()
    bullet: str | None = None
    heading: int = 0  # 1 title, 2 section heading
    #: The block holds an activity of the gold file.
    activity: bool = False


def parse_markup(text: str) -> list[Word]:
    """Split a line into words of styled runs; ``**`` toggles bold, ``*`` italic."""
    bold = italic = False
    runs: list[Run] = []
    for token in re.split(r"(\*\*|\*)", text):
        if token == "**":
            bold = not bold
        elif token == "*":
            italic = not italic
        elif token:
            style = ("bold" if bold else "") + ("italic" if italic else "")
            runs.append(Run(token, style or "regular"))
    words: list[Word] = []
    current: list[Run] = []
    for run in runs:
        pieces = re.split(r"(\s+)", run.text)
        for piece in pieces:
            if not piece:
                continue
            if piece.isspace():
                if current:
                    words.append(tuple(current))
                current = []
            else:
                current.append(Run(piece, run.style))
    if current:
        words.append(tuple(current))
    return words


def plain(text: str) -> str:
    return " ".join(re.sub(r"\*+", "", text).split())


def heading_names(gold: dict[str, object]) -> tuple[str | None, set[str]]:
    """The gold title and section headings, compared without trailing ":" and "..."."""
    title = gold.get("title")
    sections = gold.get("sections") or []
    assert isinstance(sections, list)
    return (str(title) if title else None), {heading_key(str(s)) for s in sections}


def heading_key(text: str) -> str:
    """A heading compared without markup, case, trailing ":" and "..."."""
    return plain(text).rstrip(":.… ").casefold()


def read_seed(path: Path) -> list[Block]:
    """The seed's lines as blocks, headings marked from the gold file."""
    gold_path = CORPUS / "gold" / f"{path.stem}.gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else {}
    title, sections = heading_names(gold)
    activities = [str(a["text"]) for a in gold.get("activities", [])]
    return text_blocks(path.read_text(encoding="utf-8"), title, sections, activities)


def text_blocks(
    text: str, title: str | None, sections: set[str], activities: Sequence[str]
) -> list[Block]:
    """A text's lines as blocks.

    ``title`` is the title line (plain text), ``sections`` the section headings
    as :func:`heading_names` gives them, ``activities`` the activity texts: a
    line holding one of them is marked as an activity.
    """
    activity_keys = [activity_key(activity) for activity in activities]
    blocks: list[Block] = []
    title_seen = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            blocks.append(Block("blank"))
            continue
        is_activity = any(key and key in activity_key(line) for key in activity_keys)
        match = _BULLET.match(line)
        if match:
            words = tuple(parse_markup(match["rest"]))
            blocks.append(Block("item", words, match["bullet"], activity=is_activity))
            continue
        heading = 0
        if not title_seen and title and plain(line) == title:
            heading, title_seen = 1, True
        elif heading_key(line) in sections:
            heading = 2
        words = tuple(parse_markup(line))
        blocks.append(Block("paragraph", words, heading=heading, activity=is_activity))
    return blocks


def activity_key(text: str) -> str:
    """An activity's words, case-folded: a line holds the activity when it holds this key."""
    return " ".join(re.findall(r"\w+", plain(text).casefold()))


# --- layouts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How a document is set."""

    name: str
    pagesize: tuple[float, float] = A4
    margins: tuple[float, float, float, float] = (64.0, 64.0, 64.0, 64.0)  # l, r, t, b
    size: float = 10.5
    leading: float = 1.25
    columns: int = 1
    gutter: float = 24.0
    spaces: bool = True
    justify: bool = False
    hyphenate: bool = False
    #: Gap between words, in em, when words are drawn without space characters.
    word_gap: float = 0.22
    symbol_bullets: bool = False
    running_header: bool = False
    split_activity: bool = False
    heading_faces: bool = False
    indent: float = 14.0
    gap: float = 0.8  # paragraph gap, in em


LAYOUTS: tuple[Layout, ...] = (
    Layout("single"),
    Layout("justified_nospace", size=9.0, leading=1.2, spaces=False, justify=True, hyphenate=True),
    Layout("two_column", size=9.5, columns=2),
    Layout("symbol_bullets", symbol_bullets=True),
    Layout("running_header", pagesize=A5, margins=(48, 48, 60, 60), size=10.0, running_header=True),
    Layout("page_break", pagesize=A5, margins=(48, 48, 48, 48), size=10.0, split_activity=True),
    Layout("bold_headings", heading_faces=True),
)


# --- typesetting -----------------------------------------------------------------------


@dataclass
class Fragment:
    """Text drawn at one x in one font."""

    x: float
    text: str
    font: str
    size: float


@dataclass
class DrawnLine:
    y: float  # baseline, from the page top
    fragments: list[Fragment]


@dataclass
class Page:
    lines: list[DrawnLine] = field(default_factory=list)


def run_font(run: Run) -> str:
    """The font a run is drawn in."""
    return FONTS[run.style]


def word_width(word: Word, size: float) -> float:
    """Advance width of a word in points."""
    return float(sum(stringWidth(run.text, run_font(run), size) for run in word))


_DASHES = frozenset({"-", "–", "—"})


def break_lines(
    words: Sequence[Word], width: float, layout: Layout, size: float
) -> list[list[Word]]:
    """Greedy line breaking, hyphenating single-style letter words when the layout asks.

    A dash standing alone between words ("kartsystem - Hobit") stays on the
    line of the word before it, as Swedish typography asks (a non-breaking
    space before a dash): a line must not start with a dash, where it would
    read as a list bullet.
    """
    space = stringWidth(" ", FONTS["regular"], size) if layout.spaces else layout.word_gap * size
    lines: list[list[Word]] = []
    line: list[Word] = []
    used = 0.0
    queue = _units(words)
    while queue:
        unit = queue.pop(0)
        unit_width = sum(word_width(w, size) for w in unit) + space * (len(unit) - 1)
        needed = used + (space if line else 0.0) + unit_width
        if needed <= width or not line:  # a unit wider than the line stands alone
            line.extend(unit)
            used = needed
            continue
        if layout.hyphenate and len(unit) == 1:
            split = hyphenate(unit[0], width - used - space, size)
            if split is not None:
                head, rest = split
                line.append(head)
                unit = [rest]
        queue.insert(0, unit)
        lines.append(line)
        line, used = [], 0.0
    if line:
        lines.append(line)
    return lines


def _units(words: Sequence[Word]) -> list[list[Word]]:
    """Words that must stay on one line: a lone dash goes with the word before it."""
    units: list[list[Word]] = []
    for word in words:
        if units and "".join(run.text for run in word) in _DASHES:
            units[-1].append(word)
        else:
            units.append([word])
    return units


def hyphenate(word: Word, room: float, size: float) -> tuple[Word, Word] | None:
    """Split ``word`` so its head plus "-" fits in ``room``; None when it cannot.

    Only words of letters in one style, split between two lower-case letters
    with at least three letters on each side, and never so that the second
    half reads like "och" (normalize would keep such a hyphen).
    """
    if len(word) != 1:
        return None
    run = word[0]
    match = _SPLITTABLE.match(run.text)
    if not match or len(match["core"]) < 7:
        return None
    core, tail = match["core"], match["tail"]
    font = run_font(run)
    for cut in range(len(core) - 3, 2, -1):
        if not (core[cut - 1].islower() and core[cut].islower()):
            continue
        if core[cut:] in _SUSPENSION:
            continue
        head = core[:cut] + "-"
        if stringWidth(head, font, size) <= room:
            return (Run(head, run.style),), (Run(core[cut:] + tail, run.style),)
    return None


@dataclass
class Flow:
    """Places lines into columns and pages."""

    layout: Layout
    pages: list[Page] = field(default_factory=list)
    column: int = 0
    y: float = 0.0
    #: Top of the columns on the current page (below a spanning title).
    columns_top: float = 0.0
    at_top: bool = True

    def __post_init__(self) -> None:
        self.new_page()

    @property
    def page_width(self) -> float:
        return self.layout.pagesize[0]

    @property
    def bottom(self) -> float:
        return self.layout.pagesize[1] - self.layout.margins[3]

    def column_box(self, span: bool) -> tuple[float, float]:
        left, right = self.layout.margins[0], self.page_width - self.layout.margins[1]
        if span or self.layout.columns == 1:
            return left, right - left
        width = (
            right - left - self.layout.gutter * (self.layout.columns - 1)
        ) / self.layout.columns
        return left + self.column * (width + self.layout.gutter), width

    def new_page(self) -> None:
        self.pages.append(Page())
        self.column = 0
        self.y = self.layout.margins[2]
        self.columns_top = self.y
        self.at_top = True

    def next_column(self) -> None:
        if self.column + 1 < self.layout.columns:
            self.column += 1
            self.y = self.columns_top
            self.at_top = True
        else:
            self.new_page()

    def start_columns(self) -> None:
        """Everything after this point goes into the columns."""
        self.columns_top = self.y

    def add_gap(self, size: float) -> None:
        if not self.at_top:
            self.y += self.layout.gap * size

    def make_room(self, size: float, *, span: bool) -> None:
        """Go to the next column or page when the next line does not fit."""
        if self.y + self.layout.leading * size > self.bottom:
            if span:
                self.new_page()
            else:
                self.next_column()

    def place(self, fragments_at: list[Fragment], size: float) -> None:
        leading = self.layout.leading * size
        self.y += size  # baseline of this line
        self.pages[-1].lines.append(DrawnLine(self.y, fragments_at))
        self.y += leading - size
        self.at_top = False


def set_document(blocks: Sequence[Block], layout: Layout, doc_index: int) -> list[Page]:
    """Typeset the blocks; returns the drawn pages."""
    flow = Flow(layout)
    spanning = layout.columns > 1 and any(b.heading == 1 for b in blocks)
    split_target = _split_target(blocks, layout) if layout.split_activity else None
    pending_gap = False
    for index, block in enumerate(blocks):
        if block.kind == "blank":
            pending_gap = True
            continue
        size = _block_size(block, layout)
        if pending_gap:
            flow.add_gap(layout.size)
            pending_gap = False
        left, width = flow.column_box(spanning)
        indent = layout.indent if block.kind == "item" else 0.0
        lines = break_lines(_styled(block, layout), width - indent, layout, size)
        for number, words in enumerate(lines):
            flow.make_room(size, span=spanning)
            left, width = flow.column_box(spanning)
            fragments = _line_fragments(
                block,
                words,
                number,
                left,
                width,
                indent,
                size,
                layout,
                doc_index,
                last=number == len(lines) - 1,
            )
            flow.place(fragments, size)
            if index == split_target and number == 0:
                flow.new_page()  # the activity goes on on the next page
        if spanning and block.heading == 1:
            spanning = False
            flow.add_gap(layout.size)
            flow.start_columns()
    return flow.pages


def _block_size(block: Block, layout: Layout) -> float:
    if not layout.heading_faces or not block.heading:
        return layout.size
    return layout.size * (1.5 if block.heading == 1 else 1.2)


def _styled(block: Block, layout: Layout) -> list[Word]:
    """The block's words; headings in bold when the layout sets headings in their own face."""
    if block.heading and layout.heading_faces:
        return [tuple(Run(r.text, "bold") for r in word) for word in block.words]
    return list(block.words)


def _split_target(blocks: Sequence[Block], layout: Layout) -> int | None:
    """The activity (list item, else paragraph) with the most lines: a page break splits it."""
    best: tuple[int, int] | None = None
    for kind in ("item", "paragraph"):
        for index, block in enumerate(blocks):
            if block.kind != kind or not block.activity:
                continue
            width = layout.pagesize[0] - layout.margins[0] - layout.margins[1]
            indent = layout.indent if kind == "item" else 0.0
            count = len(break_lines(block.words, width - indent, layout, layout.size))
            if count >= 2 and (best is None or count > best[0]):
                best = (count, index)
        if best is not None:
            return best[1]
    return None


def _line_fragments(
    block: Block,
    words: Sequence[Word],
    number: int,
    left: float,
    width: float,
    indent: float,
    size: float,
    layout: Layout,
    doc_index: int,
    *,
    last: bool,
) -> list[Fragment]:
    fragments: list[Fragment] = []
    if block.kind == "item" and number == 0 and block.bullet:
        fragments.append(_bullet_fragment(block.bullet, left, size, layout, doc_index))
    x = left + indent
    if layout.spaces:
        fragments.extend(_spaced_fragments(words, x, size))
        return fragments
    gaps = len(words) - 1
    natural = sum(word_width(w, size) for w in words) + gaps * layout.word_gap * size
    extra = (width - indent - natural) / gaps if gaps and layout.justify and not last else 0.0
    if extra > 0.8 * size:
        extra = 0.0  # a line this loose is left ragged rather than stretched
    for word in words:
        for run in word:
            fragments.append(Fragment(x, run.text, run_font(run), size))
            x += stringWidth(run.text, run_font(run), size)
        x += layout.word_gap * size + extra
    return fragments


def _spaced_fragments(words: Sequence[Word], x: float, size: float) -> list[Fragment]:
    """One fragment per style run, with real space characters between words."""
    fragments: list[Fragment] = []
    text, font = "", None
    for index, word in enumerate(words):
        for position, run in enumerate(word):
            piece = (" " if index and position == 0 else "") + run.text
            run_face = run_font(run)
            if font is not None and run_face != font:
                fragments.append(Fragment(x, text, font, size))
                x += stringWidth(text, font, size)
                text = ""
            font = run_face
            text += piece
    if font is not None and text:
        fragments.append(Fragment(x, text, font, size))
    return fragments


def _bullet_fragment(
    bullet: str, left: float, size: float, layout: Layout, doc_index: int
) -> Fragment:
    if layout.symbol_bullets and bullet in ("-", "•", "*", "–"):
        font, glyph = SYMBOL_BULLETS[doc_index % len(SYMBOL_BULLETS)]
        return Fragment(left + 2, glyph, font, size * 0.8)
    return Fragment(left, bullet, FONTS["regular"], size)


# --- drawing ---------------------------------------------------------------------------


def running_header(stem: str) -> str:
    gold_path = CORPUS / "gold" / f"{stem}.gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else {}
    kommuner = gold.get("kommuner") or []
    return f"{kommuner[0]} kommun" if kommuner else "Medborgarlöfte"


def draw(pages: Sequence[Page], layout: Layout, out: Path, *, header: str, doc_index: int) -> None:
    """Write the pages to ``out``."""
    width, height = layout.pagesize
    pdf = canvas.Canvas(str(out), pagesize=layout.pagesize, invariant=1, pageCompression=1)
    pdf.setTitle(out.stem)
    style = PAGE_NUMBER_STYLES[doc_index % len(PAGE_NUMBER_STYLES)]
    for number, page in enumerate(pages, start=1):
        if layout.running_header:
            pdf.setFont(FONTS["regular"], 8)
            pdf.drawString(layout.margins[0], height - 30, header)
            pdf.drawRightString(width - layout.margins[1], height - 30, "Medborgarlöfte")
            pdf.drawCentredString(width / 2, 28, style.format(n=number, m=len(pages)))
        for line in page.lines:
            for fragment in line.fragments:
                pdf.setFont(fragment.font, fragment.size)
                pdf.drawString(fragment.x, height - line.y, fragment.text)
        pdf.showPage()
    pdf.save()


def seeds() -> Iterator[tuple[int, Path]]:
    yield from enumerate(sorted(CORPUS.glob("*.txt")))


def make_all(out_dir: Path, layouts: Sequence[Layout] = LAYOUTS) -> list[Path]:
    """Write every seed in every layout; returns the files written."""
    written: list[Path] = []
    for layout in layouts:
        folder = out_dir / layout.name
        folder.mkdir(parents=True, exist_ok=True)
        for doc_index, seed in seeds():
            pages = set_document(read_seed(seed), layout, doc_index)
            target = folder / f"{seed.stem}.pdf"
            draw(pages, layout, target, header=running_header(seed.stem), doc_index=doc_index)
            written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=CORPUS / "pdf", help="output folder")
    parser.add_argument("--layout", action="append", help="only these layouts (repeatable)")
    args = parser.parse_args(argv)
    chosen = [
        replace(layout) for layout in LAYOUTS if not args.layout or layout.name in args.layout
    ]
    for path in make_all(args.out, chosen):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
