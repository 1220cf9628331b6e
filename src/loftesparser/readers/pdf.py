"""The PDF reader: a PDF in, the same line stream the text reader gives out.

Stages, each in its own module so a backend can be swapped:

1. :mod:`pdf_chars` opens the PDF and yields glyphs per page, through PDFium
   (:mod:`pdf_pdfium`, the default) or pdfplumber (``ParseOptions.pdf_backend``);
2. :mod:`pdf_layout` builds words and rows and orders them (columns, boxes);
3. :mod:`pdf_flow` drops running headers/footers and turns the ordered lines
   into :class:`SourceLine` objects with provenance and paragraph breaks.

Errors are typed: :class:`EncryptedPdfError`, :class:`CorruptPdfError`,
:class:`NoTextLayerError` (scanned pages, or fonts without Unicode mapping),
:class:`EmptyDocumentError` (zero pages).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from loftesparser.errors import EmptyDocumentError, NoTextLayerError
from loftesparser.models import ResidueLine
from loftesparser.options import ParseOptions
from loftesparser.readers.base import ReadResult
from loftesparser.readers.pdf_chars import PageGlyphs, open_glyph_source
from loftesparser.readers.pdf_flow import build_lines, remove_furniture
from loftesparser.readers.pdf_layout import Piece, Row, build_rows, is_unmapped, order_page

#: When at least this share of the visible glyphs has no Unicode mapping, the
#: text layer is unusable: the font needs OCR, not parsing.
UNMAPPED_SHARE = 0.9


@dataclass(slots=True)
class _Census:
    """What the pages hold, to tell an unusable PDF from a usable one."""

    glyphs: int = 0
    unmapped: int = 0
    images: int = 0
    rotated: int = 0
    image_only_pages: list[int] = field(default_factory=list)

    def count(self, page: PageGlyphs) -> None:
        visible = [g for g in page.glyphs if g.text.strip()]
        self.glyphs += len(visible)
        self.unmapped += sum(1 for g in visible if is_unmapped(g.text))
        self.images += page.images
        self.rotated += page.rotated
        if not visible and page.images:
            self.image_only_pages.append(page.number)


def read_pdf_bytes(
    data: bytes,
    *,
    path: str | None = None,
    name: str | None = None,
    options: ParseOptions | None = None,
) -> ReadResult:
    """Read a PDF's content into a :class:`ReadResult` (one line per visual line)."""
    options = options or ParseOptions()
    where = path or name
    source = open_glyph_source(
        data, backend=options.pdf_backend, password=options.pdf_password, where=where
    )
    try:
        page_count = source.page_count
        if page_count == 0:
            raise EmptyDocumentError("the PDF has no pages", path=where)
        census = _Census()
        pages: list[tuple[int, float, list[Row]]] = []
        for page in source.pages():
            census.count(page)
            pages.append((page.number, page.height, build_rows(page.glyphs)))
    finally:
        source.close()
    _check_text_layer(census, page_count, where)

    content, removed = remove_furniture(pages)
    pieces: list[Piece] = []
    for number in sorted(content):
        pieces.extend(order_page(content[number], number))
    flow = build_lines(pieces)
    return ReadResult(
        lines=flow.lines,
        format="pdf",
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        encoding=None,
        page_count=page_count,
        path=path,
        name=name,
        removed=[*removed, *flow.residue],
        notes=_notes(flow.unmapped, removed, census.image_only_pages),
    )


def _check_text_layer(census: _Census, page_count: int, where: str | None) -> None:
    if census.glyphs == 0:
        if census.image_only_pages:
            detail = (
                f"{len(census.image_only_pages)} of {page_count} pages are images: "
                "it looks scanned and needs OCR first (e.g. ocrmypdf)"
            )
        else:
            detail = (
                f"none of its {page_count} pages has extractable text (text drawn as outlines, "
                "or a scan); it needs OCR first (e.g. ocrmypdf)"
            )
        raise NoTextLayerError(f"the PDF has no text layer: {detail}", path=where)
    if census.unmapped >= UNMAPPED_SHARE * census.glyphs:
        raise NoTextLayerError(
            f"{census.unmapped} of {census.glyphs} glyphs have no Unicode mapping "
            "(they read as (cid:N)): the font's text cannot be extracted; OCR is needed",
            path=where,
        )


def _notes(
    unmapped: int, removed: list[ResidueLine], image_only_pages: list[int]
) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    if image_only_pages:
        # The rest of the document has text, so it is parsed; what the pictures
        # hold is lost unless the user OCRs them, so say which pages they are.
        numbers = ", ".join(str(n) for n in image_only_pages)
        notes.append(
            (
                "image_only_pages",
                f"page(s) {numbers} are images without a text layer (scanned?) and were not "
                "read; OCR the PDF (e.g. ocrmypdf) to include them",
            )
        )
    if unmapped:
        notes.append(
            (
                "unmapped_glyphs",
                f"{unmapped} glyphs without Unicode mapping shown as \ufffd "
                "(the font has no ToUnicode table)",
            )
        )
    if removed:
        notes.append(
            (
                "header_footer_removed",
                f"{len(removed)} running header, footer and page-number lines removed",
            )
        )
    return notes
