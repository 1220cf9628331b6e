"""Character sources for the PDF reader: a PDF in, positioned glyphs per page out.

This is the only module that talks to a PDF library. Everything after it
(words, lines, columns, reading order) works on :class:`Glyph` and
:class:`PageGlyphs`, so another backend (pypdfium2) only has to produce the
same two types. Library errors are turned into the typed errors of
:mod:`loftesparser.errors` here.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from pdfminer.layout import LTChar, LTContainer, LTImage

from loftesparser.errors import CorruptPdfError, EncryptedPdfError


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
            collected = _Collected(float(page.height), page.mediabox[0], page.mediabox[1])
            collected.walk(layout)
            page.flush_cache()
            yield PageGlyphs(
                index,
                float(page.width),
                float(page.height),
                collected.glyphs,
                images=collected.images,
                rotated=collected.rotated,
            )

    def close(self) -> None:
        """Close the underlying file object."""
        self._pdf.close()


@dataclass(slots=True)
class _Collected:
    """Glyphs and images of one page, read from pdfplumber's pdfminer layout.

    ``page.chars`` gives the same characters as dicts, but building a dict of
    every attribute of each character costs about as much as interpreting the
    page; the layout objects hold all the reader needs. Coordinates are
    converted as pdfplumber converts them (top-left origin, MediaBox offset).
    """

    height: float
    x_offset: float
    top_offset: float
    glyphs: list[Glyph] = field(default_factory=list)
    images: int = 0
    rotated: int = 0

    def walk(self, container: Any) -> None:
        """Collect from ``container`` and the containers in it."""
        for obj in container:
            if isinstance(obj, LTChar):
                if obj.upright:
                    self.glyphs.append(self.glyph(obj))
                else:
                    self.rotated += 1
            elif isinstance(obj, LTImage):
                self.images += 1
            elif isinstance(obj, LTContainer):
                self.walk(obj)  # form XObjects (LTFigure) hold text too

    def glyph(self, char: Any) -> Glyph:
        """One pdfminer character as a :class:`Glyph`."""
        font = char.fontname
        if isinstance(font, bytes):
            font = font.decode("latin-1")
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
            font=str(font or ""),
        )


def open_glyph_source(
    data: bytes, *, backend: str, password: str | None, where: str | None
) -> GlyphSource:
    """Open ``data`` with the chosen backend.

    Only pdfplumber exists today; other names fall back to it, so a caller
    asking for a backend that is not installed still gets a result.
    """
    return PdfplumberSource(data, password=password, where=where)
