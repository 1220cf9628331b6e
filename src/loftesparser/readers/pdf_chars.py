"""Character sources for the PDF reader: a PDF in, positioned glyphs per page out.

This module and :mod:`pdf_pdfium` are the only ones that talk to a PDF
library. Everything after them (words, lines, columns, reading order) works
on :class:`Glyph` and :class:`PageGlyphs`, which both backends produce
(pdfplumber here, pypdfium2 in :mod:`pdf_pdfium`). Library errors become the
typed errors of :mod:`loftesparser.errors` in the backend that meets them.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from pdfminer.layout import LTChar, LTContainer, LTImage

from loftesparser.errors import CorruptPdfError, EncryptedPdfError
from loftesparser.options import PDF_BACKENDS


@dataclass(frozen=True, slots=True)
class Glyph:
    """One drawn character, in points, origin at the top left of the page.

    ``text`` is usually one character; a glyph whose font has no Unicode
    mapping comes as ``"(cid:N)"`` (pdfminer's convention).
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    #: Distance from the page top to the glyph's baseline. Rows are built on
    #: baselines, not on ``top``/``bottom``, because a bullet from a symbol
    #: font has another ascent than the text after it.
    baseline: float
    size: float
    font: str


@dataclass(frozen=True, slots=True)
class PageGlyphs:
    """The glyphs of one page."""

    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    #: Images on the page: a page with images and no glyphs is a scan.
    images: int = 0
    #: Glyphs not read because they are rotated (vertical margin text).
    rotated: int = 0


class GlyphSource(Protocol):
    """An open PDF that yields its pages as glyphs."""

    page_count: int

    def pages(self) -> Iterator[PageGlyphs]:
        """The pages in order."""
        ...

    def close(self) -> None:
        """Release the document."""
        ...


def _root_cause(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer errors; the wrapped one says what happened."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
    return inner or exc.__cause__ or exc


def _is_password_error(exc: BaseException) -> bool:
    return type(_root_cause(exc)).__name__ == "PDFPasswordIncorrect"


def _describe(exc: BaseException) -> str:
    cause = _root_cause(exc)
    detail = str(cause).strip() or type(cause).__name__
    return f"{type(cause).__name__}: {detail}" if detail != type(cause).__name__ else detail


def encrypted_error(password: str | None, where: str | None) -> EncryptedPdfError:
    """The error for a PDF that cannot be opened without (another) password."""
    if password:
        return EncryptedPdfError("the PDF password is wrong", path=where)
    return EncryptedPdfError(
        "the PDF is encrypted; give its password (ParseOptions(pdf_password=...) or --password)",
        path=where,
    )


def corrupt_error(exc: BaseException, where: str | None) -> CorruptPdfError:
    """The error for a PDF the library could not read."""
    return CorruptPdfError(
        f"the PDF is damaged or truncated and cannot be read ({_describe(exc)})", path=where
    )


class PdfplumberSource:
    """Glyphs from pdfplumber (pdfminer.six underneath)."""

    def __init__(self, data: bytes, *, password: str | None, where: str | None) -> None:
        import pdfplumber

        self._where = where
        self._password = password
        try:
            self._pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
            self.page_count = len(self._pdf.pages)
        except Exception as exc:  # pdfminer raises many unrelated types for bad input
            if _is_password_error(exc):
                raise encrypted_error(password, where) from exc
            if type(_root_cause(exc)).__name__ == "PDFEncryptionError":
                raise EncryptedPdfError(
                    f"the PDF uses an encryption this reader does not support ({_describe(exc)})",
                    path=where,
                ) from exc
            raise corrupt_error(exc, where) from exc

    def pages(self) -> Iterator[PageGlyphs]:
        """Each page's upright glyphs (rotated ones are counted, not read)."""
        for index, page in enumerate(self._pdf.pages, start=1):
            try:
                layout = page.layout
            except Exception as exc:  # a damaged content stream surfaces only here
                if _is_password_error(exc):
                    raise encrypted_error(self._password, self._where) from exc
                raise corrupt_error(exc, self._where) from exc
            collected = PageCollector(
                float(page.width),
                float(page.height),
                page.mediabox[0],
                page.mediabox[1],
            )
            collected.walk(layout)
            page.flush_cache()
            glyphs, width, height, skipped = collected.result()
            yield PageGlyphs(index, width, height, glyphs, images=collected.images, rotated=skipped)

    def close(self) -> None:
        """Close the underlying file object."""
        self._pdf.close()


@dataclass(slots=True)
class PageCollector:
    """Glyphs and images of one page, read from pdfplumber's pdfminer layout.

    ``page.chars`` gives the same characters as dicts, but building a dict of
    every attribute of each character costs about as much as interpreting the
    page; the layout objects hold all the reader needs. Coordinates are
    converted as pdfplumber converts them (top-left origin, MediaBox offset).

    Text turned by a quarter or half turn (a page with /Rotate, a landscape
    table turned on an upright page) is kept apart by its angle: when most of
    a page's text is turned the same way, the page is read in that direction.
    """

    width: float
    height: float
    x_offset: float
    top_offset: float
    glyphs: list[Glyph] = field(default_factory=list)
    turned: dict[int, list[Glyph]] = field(default_factory=dict)
    images: int = 0
    rotated: int = 0

    def walk(self, container: Any) -> None:
        """Collect from ``container`` and the containers in it."""
        for obj in container:
            if isinstance(obj, LTChar):
                self.add(obj)
            elif isinstance(obj, LTImage):
                self.images += 1
            elif isinstance(obj, LTContainer):
                self.walk(obj)  # form XObjects (LTFigure) hold text too

    def add(self, char: Any) -> None:
        """File one character as upright, turned or unreadable."""
        box = (char.x0, char.y0, char.x1, char.y1, char.matrix[4], char.matrix[5])
        if not all(math.isfinite(v) for v in box):
            self.rotated += 1  # a broken matrix: nowhere to put it
            return
        if char.upright and char.matrix[0] > 0:  # pdfminer calls upside-down text upright
            glyph = self.glyph(char)
            if _on_page(glyph, self.width, self.height):
                self.glyphs.append(glyph)
            else:
                self.rotated += 1  # drawn off the page: not visible, not read
            return
        angle = _quarter_turn(char.matrix)
        if angle is None:
            self.rotated += 1
            return
        self.turned.setdefault(angle, []).append(self.turned_glyph(char, angle))

    def result(self) -> tuple[list[Glyph], float, float, int]:
        """(glyphs, page width, page height, glyphs not read) in the page's reading direction."""
        angle, glyphs = max(self.turned.items(), key=lambda item: len(item[1]), default=(0, []))
        turned = sum(len(g) for g in self.turned.values())
        if len(glyphs) <= len(self.glyphs):
            return self.glyphs, self.width, self.height, self.rotated + turned
        skipped = self.rotated + turned - len(glyphs) + len(self.glyphs)
        width, height = (self.width, self.height) if angle == 180 else (self.height, self.width)
        return _shifted(glyphs), width, height, skipped

    def glyph(self, char: Any) -> Glyph:
        """One upright pdfminer character as a :class:`Glyph`."""
        bottom = self.height - char.y0 + self.top_offset
        # y0 is the glyph box bottom (baseline + descent); matrix[5] is the baseline.
        baseline = bottom + char.y0 - char.matrix[5]
        return Glyph(
            text=char.get_text(),
            x0=char.x0 + self.x_offset,
            x1=char.x1 + self.x_offset,
            top=self.height - char.y1 + self.top_offset,
            bottom=bottom,
            baseline=baseline,
            size=float(char.size),
            font=_font_name(char.fontname),
        )

    def turned_glyph(self, char: Any, angle: int) -> Glyph:
        """A turned character, in the page turned back so its text runs left to right.

        Only the directions are certain: pdfminer's device space for a page
        with /Rotate does not match the page box, so :func:`_shifted` moves
        the turned page's glyphs to the origin afterwards.
        """
        x0, y0, x1, y1 = char.x0, char.y0, char.x1, char.y1
        e, f = char.matrix[4], char.matrix[5]
        if angle == 90:  # text runs up the page; its lines follow to the right
            left, right, top, bottom, baseline = y0, y1, x0, x1, e
        elif angle == 270:  # text runs down; lines follow to the left
            left, right, top, bottom, baseline = -y1, -y0, -x1, -x0, -e
        else:  # upside down
            left, right, top, bottom, baseline = -x1, -x0, y0, y1, f
        return Glyph(
            text=char.get_text(),
            x0=left,
            x1=right,
            top=top,
            bottom=bottom,
            baseline=baseline,
            size=bottom - top,  # the glyph box's extent across the line is the font size
            font=_font_name(char.fontname),
        )


def _shifted(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """Glyphs moved so the leftmost and topmost sit at a one-inch margin."""
    dx = 72.0 - min(g.x0 for g in glyphs)
    dy = 72.0 - min(g.top for g in glyphs)
    return [
        replace(
            g,
            x0=g.x0 + dx,
            x1=g.x1 + dx,
            top=g.top + dy,
            bottom=g.bottom + dy,
            baseline=g.baseline + dy,
        )
        for g in glyphs
    ]


def _on_page(glyph: Glyph, width: float, height: float) -> bool:
    """Is any of the glyph on the page (with a little slack for bleed)?"""
    slack = 36.0
    return (
        glyph.x1 > -slack
        and glyph.x0 < width + slack
        and glyph.bottom > -slack
        and glyph.top < height + slack
    )


def _quarter_turn(matrix: Sequence[float]) -> int | None:
    """90, 180 or 270 for text turned by that many degrees (counter-clockwise), else None."""
    a, b = matrix[0], matrix[1]
    if abs(a) < 1e-6 and abs(b) > 1e-6:
        return 90 if b > 0 else 270
    if a < 0 and abs(b) < 1e-6:
        return 180
    return None


def _font_name(font: Any) -> str:
    if isinstance(font, bytes):  # rare byte-encoded names, as pdfplumber handles them
        font = font.decode("latin-1")
    return str(font or "")


def open_glyph_source(
    data: bytes, *, backend: str, password: str | None, where: str | None
) -> GlyphSource:
    """Open ``data`` with the chosen backend: ``"pypdfium2"`` or ``"pdfplumber"``.

    Both give the same glyphs (same text, boxes, baselines, sizes and font
    names) and raise the same typed errors; pypdfium2 (PDFium) is several
    times faster, pdfplumber (pdfminer.six) is pure Python. Another name is a
    :class:`ValueError`.
    """
    if backend == "pypdfium2":
        from loftesparser.readers.pdf_pdfium import Pypdfium2Source

        return Pypdfium2Source(data, password=password, where=where)
    if backend == "pdfplumber":
        return PdfplumberSource(data, password=password, where=where)
    raise ValueError(
        f"unknown PDF backend {backend!r}: choose one of {', '.join(map(repr, PDF_BACKENDS))}"
    )
