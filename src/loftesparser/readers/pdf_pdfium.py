"""Glyphs from pypdfium2 (PDFium): the glyphs :class:`PdfplumberSource` gives, faster.

PDFium reports every character in PDF user space (y up, page unrotated).
To give the glyphs pdfplumber gives, each character is put in pdfminer's
device space (the page's /Rotate and MediaBox origin applied, see
:func:`_rotation_ctm`) and its box is rebuilt as pdfminer builds it: the
advance along the baseline (the standard fonts' AFM widths, a font's
/Widths when it is not embedded, else the embedded glyph's advance), and
across it one font size starting at the font's descent.
Turned and unreadable characters then go through the same rules as
pdfplumber's (:class:`~loftesparser.readers.pdf_chars.PageCollector`).

Speed: the page text comes in one call (``FPDFText_GetText``); per character
only the text object, the Unicode-map flag, the origin and (embedded fonts)
the loose box are asked for, through prototypes that pass handles as plain
integers. Font, size and matrix are read once per text object, other widths
once per font and character.
Only whitespace is asked whether PDFium synthesized it
(``FPDFText_IsGenerated``).

Where PDFium and pdfminer read a PDF differently (none of these occurs in the
corpus, whose lines are the same with both backends):

* a ligature comes spelled out ("fi" where pdfminer keeps U+FB01);
* a symbol font's glyph has its real character ("●" where pdfminer reads
  "l", "➢" for "(cid:226)"); as a bullet both become "•";
* an embedded subset font's name lacks the "ABCDEF+" tag (bold and symbol
  detection ignore it);
* raised or lowered text (``Ts``) has its baseline moved with it;
* a glyph whose code is 32 or less in a font that is not embedded and has
  no such glyph is dropped by PDFium.

PDFium is not thread-safe: one document at a time per process (the batch
runner uses processes). Pages and text pages are closed as soon as they are
read, the document by :meth:`Pypdfium2Source.close`.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from pdfminer.fontmetrics import FONT_METRICS

from loftesparser.errors import CorruptPdfError, EncryptedPdfError
from loftesparser.readers.pdf_chars import (
    Glyph,
    PageCollector,
    PageGlyphs,
    encrypted_error,
)

#: Whitespace PDFium may have synthesized between words and lines, and its
#: marks for a line-end hyphen (which are drawn, not synthesized).
_MAYBE_GENERATED = frozenset(" \r\n\x02\ufffe")
_HYPHEN_MARKS = frozenset("\x02\ufffe")
# The escapes are the pattern's (mypyc compiles no surrogates in string literals).
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: A font's width (per 1000) may differ this much from the glyph's own advance.
_WIDTH_TOLERANCE = 250.0


def _rotation_ctm(
    rotation: int, box: tuple[float, float, float, float]
) -> tuple[float, float, float, float, float, float]:
    """pdfminer's page matrix for ``/Rotate`` (degrees) and the MediaBox (its device space)."""
    x0, y0, x1, y1 = box
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1)
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0)
    return (1.0, 0.0, 0.0, 1.0, -x0, -y0)


class _Api:
    """The PDFium functions read per character, bound with plain-integer handles.

    pypdfium2's bindings type each handle as a pointer class; converting and
    comparing those costs more than the call. These prototypes share the
    library's functions and take and return addresses as ints.
    """

    def __init__(self, pdfium: Any) -> None:
        vp, i32, f32 = ctypes.c_void_p, ctypes.c_int, ctypes.c_float

        def bind(name: str, restype: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(getattr(pdfium, name), ctypes.c_void_p).value
            assert address is not None, name
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        self.text_object = bind("FPDFText_GetTextObject", vp, vp, i32)
        self.loose_box = bind("FPDFText_GetLooseCharBox", i32, vp, i32, vp)
        self.origin = bind("FPDFText_GetCharOrigin", i32, vp, i32, vp, vp)
        self.is_generated = bind("FPDFText_IsGenerated", i32, vp, i32)
        self.unmapped = bind("FPDFText_HasUnicodeMapError", i32, vp, i32)
        self.matrix = bind("FPDFText_GetMatrix", i32, vp, i32, vp)
        self.font_size = bind("FPDFText_GetFontSize", ctypes.c_double, vp, i32)
        self.text_font = bind("FPDFTextObj_GetFont", vp, vp)
        self.font_name = bind("FPDFFont_GetBaseFontName", ctypes.c_ulong, vp, vp, ctypes.c_ulong)
        self.font_descent = bind("FPDFFont_GetDescent", i32, vp, f32, vp)
        self.is_embedded = bind("FPDFFont_GetIsEmbedded", i32, vp)
        self.glyph_width = bind("FPDFFont_GetGlyphWidth", i32, vp, ctypes.c_uint, f32, vp)


_API: _Api | None = None


def _api(pdfium: Any) -> _Api:
    global _API
    if _API is None:
        _API = _Api(pdfium)
    return _API


#: A font's name, descent per unit of size, widths and whether they are measured (``_font``).
_Font = tuple[str, float, "dict[str, float] | None", bool]


@dataclass(frozen=True, slots=True)
class _Run:
    """What the characters of one text object share."""

    font: str
    #: Descent below the baseline, per unit of font size (negative).
    descent: float
    #: Advance widths (per 1000) by character: the AFM's for a standard font,
    #: a font that is not embedded's /Widths, filled as met (-1: use PDFium's
    #: box), None for an embedded font (PDFium's box has its glyph's advance).
    widths: dict[str, float] | None
    #: The PDFium font, to measure widths with (``widths`` not from an AFM).
    handle: int | None
    #: Font size in text space (before the text matrix).
    size: float
    #: The text matrix in pdfminer's device space (rotation applied), no translation.
    a: float
    b: float
    c: float
    d: float
    #: In user space: does the baseline run more across the page than up it,
    #: and the matrix's scale along the baseline.
    across: bool
    scale: float


@dataclass(slots=True)
class _Char:
    """A character in pdfminer's terms, for the turned and unreadable cases."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    matrix: tuple[float, float, float, float, float, float]
    upright: bool
    size: float
    fontname: str

    def get_text(self) -> str:
        return self.text


#: Before the first character's text object is met.
_NO_RUN = _Run("", 0.0, None, None, 0.0, 1.0, 0.0, 0.0, 1.0, True, 1.0)


class Pypdfium2Source:
    """Glyphs from PDFium through pypdfium2's raw API."""

    def __init__(self, data: bytes, *, password: str | None, where: str | None) -> None:
        import pypdfium2  # noqa: F401  (initializes the library)
        import pypdfium2.raw as pdfium

        self._pdfium = pdfium
        self._api = _api(pdfium)
        self._where = where
        self._password = password
        # PDFium reads the buffer lazily: it must live as long as the document.
        self._data = data
        self._fonts: dict[int, _Font] = {}
        secret = password.encode("utf-8") if password else None
        document = pdfium.FPDF_LoadMemDocument64(data, len(data), secret)
        if not document:
            raise self._load_error(pdfium.FPDF_GetLastError())
        self._doc: Any = document
        self.page_count = max(0, int(pdfium.FPDF_GetPageCount(document)))

    def _load_error(self, code: int) -> Exception:
        pdfium = self._pdfium
        if code == pdfium.FPDF_ERR_PASSWORD:
            return encrypted_error(self._password, self._where)
        if code == pdfium.FPDF_ERR_SECURITY:
            return EncryptedPdfError(
                "the PDF uses an encryption this reader does not support "
                "(PDFium: unsupported security handler)",
                path=self._where,
            )
        reason = {
            pdfium.FPDF_ERR_FILE: "file not found or could not be opened",
            pdfium.FPDF_ERR_FORMAT: "not a PDF or corrupted",
        }.get(code, f"unknown error {code}")
        return CorruptPdfError(
            f"the PDF is damaged or truncated and cannot be read (PDFium: {reason})",
            path=self._where,
        )

    def pages(self) -> Iterator[PageGlyphs]:
        """Each page's upright glyphs (rotated ones are counted, not read)."""
        pdfium = self._pdfium
        for index in range(self.page_count):
            page = pdfium.FPDF_LoadPage(self._doc, index)
            if not page:
                raise CorruptPdfError(
                    f"the PDF is damaged or truncated and cannot be read "
                    f"(PDFium could not load page {index + 1})",
                    path=self._where,
                )
            try:
                yield self._page(page, index + 1)
            finally:
                pdfium.FPDF_ClosePage(page)

    def close(self) -> None:
        """Close the document (pages are closed as they are read)."""
        if self._doc is not None:
            self._pdfium.FPDF_CloseDocument(self._doc)
            self._doc = None

    # --- one page ------------------------------------------------------------------

    def _page(self, page: Any, number: int) -> PageGlyphs:
        pdfium = self._pdfium
        rotation = (int(pdfium.FPDFPage_GetRotation(page)) % 4) * 90
        box = self._media_box(page)
        x0, y0, x1, y1 = box
        turned = rotation in (90, 270)
        width, height = (y1 - y0, x1 - x0) if turned else (x1 - x0, y1 - y0)
        # pdfplumber's MediaBox offsets (its box is normalized and turned first).
        x_offset, top_offset = (y0, -x0) if turned else (x0, -y0)
        collected = PageCollector(width, height, x_offset, top_offset)
        collected.images = _count_images(pdfium, page)
        text_page = pdfium.FPDFText_LoadPage(page)
        if not text_page:
            raise CorruptPdfError(
                f"the PDF is damaged and cannot be read (PDFium could not read page {number})",
                path=self._where,
            )
        try:
            self._collect(text_page, collected, _rotation_ctm(rotation, box))
        finally:
            pdfium.FPDFText_ClosePage(text_page)
        glyphs, width, height, skipped = collected.result()
        return PageGlyphs(number, width, height, glyphs, images=collected.images, rotated=skipped)

    def _media_box(self, page: Any) -> tuple[float, float, float, float]:
        pdfium = self._pdfium
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if pdfium.FPDFPage_GetMediaBox(page, left, bottom, right, top):
            xs = sorted((left.value, right.value))
            ys = sorted((bottom.value, top.value))
            return (xs[0], ys[0], xs[1], ys[1])
        # No MediaBox in the page tree: PDFium uses US Letter, so does pdfminer.
        return (0.0, 0.0, 612.0, 792.0)

    def _collect(
        self,
        text_page: Any,
        collected: PageCollector,
        ctm: tuple[float, float, float, float, float, float],
    ) -> None:
        """File every drawn character of the page (the hot loop: kept flat on purpose)."""
        api = self._api
        count = int(self._pdfium.FPDFText_CountChars(text_page))
        if count <= 0:
            return
        handle = ctypes.cast(text_page, ctypes.c_void_p).value
        text = self._text(text_page, count)
        text_object, unmapped, is_generated = api.text_object, api.unmapped, api.is_generated
        loose_box, char_origin = api.loose_box, api.origin
        rect = (ctypes.c_float * 4)()  # FS_RECTF: left, top, right, bottom
        rect_ref = ctypes.byref(rect)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        ox_ref, oy_ref = ctypes.byref(ox), ctypes.byref(oy)
        ra, rb, rc, rd, re, rf = ctm
        unrotated = ra > 0.0  # /Rotate 0: device space is user space moved
        height, x_offset, top_offset = collected.height, collected.x_offset, collected.top_offset
        # A glyph is on the page when any of it is, with a little slack for bleed.
        slack = 36.0
        x_shift = re + x_offset  # user x to pdfplumber x (0 unless the page is rotated)
        left_limit, right_limit = -slack - x_shift, collected.width + slack - x_shift
        low_limit, high_limit = -slack, height + slack
        glyphs = collected.glyphs
        runs: dict[int, _Run] = {}
        run = _NO_RUN
        widths: dict[str, float] | None = None
        upright = measure = False
        size = descent = 0.0
        last_object = 0
        # Where the last upright glyph was filed: a character drawn at the same
        # origin by the same text object is part of it.
        last_x = last_y = math.nan
        last_index = -1
        for i in range(count):
            char = text[i]
            if char in _MAYBE_GENERATED:
                if is_generated(handle, i):
                    continue
                if char in _HYPHEN_MARKS:
                    char = "-"  # PDFium's mark for a drawn line-end hyphen ("-" or U+00AD)
            obj = text_object(handle, i)
            if not obj:
                continue  # not drawn by a text object: nothing to place
            if obj != last_object:
                last_object = obj
                found = runs.get(obj)
                if found is None:
                    found = runs[obj] = self._run(handle, i, obj, ctm)
                run = found
                widths, measure = run.widths, run.handle is not None
                upright = unrotated and run.b == 0.0 and run.c == 0.0 and run.a > 0.0 < run.d
                size = run.size * run.d
                descent = run.descent * size
                last_x = math.nan
            code = ord(char[0])
            if unmapped(handle, i):
                char = f"(cid:{code})"  # PDFium gives the character code
            char_origin(handle, i, ox_ref, oy_ref)
            ux, uy = ox.value, oy.value
            if ux == last_x and uy == last_y and last_index == len(glyphs) - 1:
                # One glyph, several characters: PDFium spells a ligature (or a
                # ToUnicode mapping to several characters) out, one per character.
                previous = glyphs[last_index]
                glyphs[last_index] = replace(previous, text=previous.text + char)
                continue
            if not upright:
                loose_box(handle, i, rect_ref)
                e = ra * ux + rc * uy + re  # the origin in pdfminer's device space
                f = rb * ux + rd * uy + rf
                collected.add(self._char(char, rect, e, f, run))
                continue
            # Upright on an unrotated page, the common case: straight to a glyph.
            width = widths.get(char) if widths is not None else None
            if width is None or width < 0:
                loose_box(handle, i, rect_ref)
                advance = abs(rect[2] - rect[0])  # the glyph's own advance
                if width is None and measure:
                    width = self._width(char, code, run, advance / run.a)
            if width is not None and width >= 0:
                advance = width * size / 1000.0
            base = height - (uy + rf) + top_offset  # device y: above the MediaBox bottom
            bottom = base - descent
            top = bottom - size
            if (
                ux + advance > left_limit
                and ux < right_limit
                and bottom > low_limit
                and top < high_limit
                and math.isfinite(ux + advance + bottom)
            ):
                x0 = ux + x_shift
                glyphs.append(Glyph(char, x0, x0 + advance, top, bottom, base, size, run.font))
                last_x, last_y, last_index = ux, uy, len(glyphs) - 1
            else:
                collected.rotated += 1  # drawn off the page: not visible, not read

    def _char(self, text: str, rect: Any, e: float, f: float, run: _Run) -> _Char:
        """A character in any direction, boxed as pdfminer boxes it."""
        a, b, c, d = run.a, run.b, run.c, run.d
        width = run.widths.get(text) if run.widths is not None else None
        if width is not None and width >= 0:
            advance = width * run.size / 1000.0
        else:
            # The loose box (user space) spans the advance along the baseline:
            # its width for text running across the page, else its height.
            extent = abs(rect[2] - rect[0]) if run.across else abs(rect[1] - rect[3])
            advance = extent / run.scale if run.scale > 1e-9 else 0.0
        low = run.descent * run.size
        high = low + run.size
        xs, ys = [], []
        for u, v in ((0.0, low), (advance, low), (0.0, high), (advance, high)):
            xs.append(a * u + c * v + e)
            ys.append(b * u + d * v + f)
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        return _Char(
            text=text,
            x0=x0,
            y0=y0,
            x1=x1,
            y1=y1,
            matrix=(a, b, c, d, e, f),
            upright=a * d > 0 and b * c <= 0,
            size=y1 - y0,
            fontname=run.font,
        )

    def _text(self, text_page: Any, count: int) -> str:
        """All characters of the page, one str item per character index."""
        pdfium = self._pdfium
        buffer = (ctypes.c_ushort * (count + 1))()
        written = int(pdfium.FPDFText_GetText(text_page, 0, count, buffer))
        raw = ctypes.string_at(buffer, max(0, written - 1) * 2)
        text = raw.decode("utf-16-le", errors="surrogatepass")
        if len(text) == count and not _SURROGATE.search(text):
            return text
        # Characters outside the BMP take two UTF-16 units: ask one by one.
        return "".join(chr(pdfium.FPDFText_GetUnicode(text_page, i)) for i in range(count))

    def _run(
        self,
        handle: int | None,
        index: int,
        obj: int,
        ctm: tuple[float, float, float, float, float, float],
    ) -> _Run:
        api = self._api
        matrix = (ctypes.c_float * 6)()
        api.matrix(handle, index, ctypes.byref(matrix))
        ma, mb, mc, md = matrix[0], matrix[1], matrix[2], matrix[3]
        ra, rb, rc, rd = ctm[:4]
        # The text matrix followed by the page rotation (row vectors, as PDF).
        a, b = ma * ra + mb * rc, ma * rb + mb * rd
        c, d = mc * ra + md * rc, mc * rb + md * rd
        font = api.text_font(obj)
        name, descent, widths, measured = self._font(font)
        size = float(api.font_size(handle, index))  # Tf's size: the matrix scales it
        across, scale_along = abs(ma) >= abs(mb), math.hypot(ma, mb)
        font_handle = font if measured else None
        return _Run(name, descent, widths, font_handle, size, a, b, c, d, across, scale_along)

    def _font(self, font: int | None) -> _Font:
        """A PDFium font's name, descent, widths as pdfminer has them (see :data:`_Font`).

        pdfminer reads the standard fonts (Helvetica, Times, Courier, Symbol,
        ZapfDingbats and their Arial/TimesNewRoman aliases) with its own AFM
        metrics, whatever the PDF says, and reports the AFM's font name; any
        other font with its /Widths. PDFium's loose box has the advance of
        the glyph it draws: the font program's for an embedded font (within
        1% of the /Widths), a substitute's for a font that is not embedded
        (0.1 em off and more). So: the AFM for a standard font, the /Widths
        (``FPDFFont_GetGlyphWidth``, measured as met in ``_width``) for a
        font that is not embedded, PDFium's box for an embedded font. (The
        measuring finds the code by the character, which a subset font's
        own numbering defeats: that is why embedded fonts are not measured.)
        """
        if not font:
            return ("", 0.0, None, False)
        known = self._fonts.get(font)
        if known is not None:
            return known
        api = self._api
        length = int(api.font_name(font, None, 0))
        buffer = ctypes.create_string_buffer(max(length, 1))
        api.font_name(font, buffer, length)
        name = buffer.value.decode("utf-8", errors="replace")
        result: _Font
        if name in FONT_METRICS:
            descriptor, widths = FONT_METRICS[name]
            descent = -abs(float(descriptor.get("Descent", 0) or 0))  # type: ignore[arg-type]
            afm = {char: float(width) for char, width in widths.items()}
            result = (str(descriptor.get("FontName", name)), descent / 1000.0, afm, False)
        else:
            value = ctypes.c_float()
            ok = api.font_descent(font, ctypes.c_float(1000.0), ctypes.byref(value))
            descent = -abs(value.value) / 1000.0 if ok else 0.0
            measure = not api.is_embedded(font)
            result = (name, descent, {} if measure else None, measure)
        self._fonts[font] = result
        return result

    def _width(self, key: str, code: int, run: _Run, advance: float) -> float:
        """The /Widths width (per 1000) of a character, measured once per font and character.

        ``advance`` is PDFium's loose box along the baseline in text space,
        the glyph's own advance: a width far from it (PDFium finding another
        code for the character) is not trusted, and the box is used.
        """
        widths = run.widths
        if run.handle is None or widths is None or run.size <= 0:
            return -1.0
        measured = ctypes.c_float()
        ok = self._api.glyph_width(run.handle, code, ctypes.c_float(1000.0), ctypes.byref(measured))
        own = advance * 1000.0 / run.size
        trusted = ok and measured.value > 0 and abs(measured.value - own) <= _WIDTH_TOLERANCE
        width = widths[key] = measured.value if trusted else -1.0
        return width


def _count_images(pdfium: Any, page: Any) -> int:
    """Image objects on the page, also inside form XObjects (as pdfminer counts them)."""
    count = 0
    image, form = pdfium.FPDF_PAGEOBJ_IMAGE, pdfium.FPDF_PAGEOBJ_FORM
    stack = [pdfium.FPDFPage_GetObject(page, i) for i in range(pdfium.FPDFPage_CountObjects(page))]
    while stack:
        obj = stack.pop()
        kind = pdfium.FPDFPageObj_GetType(obj)
        if kind == image:
            count += 1
        elif kind == form:
            stack.extend(
                pdfium.FPDFFormObj_GetObject(obj, i)
                for i in range(pdfium.FPDFFormObj_CountObjects(obj))
            )
    return count
