"""Small purpose-made PDFs for the PDF reader tests.

Two ways to make one:

* :func:`build_pdf` draws :class:`Text` items with reportlab (positions in
  points from the top left, like the reader reports them);
* :func:`raw_pdf` writes PDF objects by hand, for what reportlab cannot
  make: zero pages, a font without Unicode mapping, a Wingdings bullet, a
  private-use bullet mapped by a ToUnicode table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

PAGE_WIDTH, PAGE_HEIGHT = A4


@dataclass(frozen=True)
class Text:
    """A string drawn with its baseline at ``y`` points from the page top."""

    x: float
    y: float
    text: str
    font: str = "Helvetica"
    size: float = 10.0


def width(text: str, font: str = "Helvetica", size: float = 10.0) -> float:
    """Advance width of ``text`` in points."""
    return float(stringWidth(text, font, size))


def run(x: float, y: float, parts: Sequence[tuple[str, str]], size: float = 10.0) -> list[Text]:
    """Consecutive ``(text, font)`` parts on one baseline (a bold marker after plain text)."""
    items: list[Text] = []
    for text, font in parts:
        items.append(Text(x, y, text, font, size))
        x += width(text, font, size)
    return items


def spaced_words(
    x: float, y: float, words: Sequence[str], gap_em: float, size: float = 10.0
) -> list[Text]:
    """Words drawn one by one ``gap_em`` apart, with no space characters at all."""
    items: list[Text] = []
    for word in words:
        items.append(Text(x, y, word, "Helvetica", size))
        x += width(word, "Helvetica", size) + gap_em * size
    return items


def paragraph(
    x: float, y: float, lines: Sequence[str], *, size: float = 10.0, leading: float = 12.0
) -> list[Text]:
    """Lines set one under the other."""
    return [Text(x, y + i * leading, line, "Helvetica", size) for i, line in enumerate(lines)]


def build_pdf(
    path: Path,
    pages: Sequence[Sequence[Text]],
    *,
    password: str | None = None,
    images: Sequence[int] = (),
    rotate: int = 0,
    turn: int = 0,
) -> Path:
    """Write a PDF with one page per item of ``pages``.

    ``images``: pages (0-based) with a picture; ``rotate``: the pages' /Rotate
    (the viewer turns them); ``turn``: degrees the text itself is drawn turned
    (counter-clockwise, about the page centre).
    """
    encrypt = pdfencrypt.StandardEncryption(password, ownerPassword="owner") if password else None
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
    for index, items in enumerate(pages):
        pdf.setPageRotation(rotate)
        if index in images:
            _draw_picture(pdf)
        if turn:
            pdf.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            pdf.rotate(turn)
            pdf.translate(-PAGE_WIDTH / 2, -PAGE_HEIGHT / 2)
        for item in items:
            pdf.setFont(item.font, item.size)
            pdf.drawString(item.x, PAGE_HEIGHT - item.y, item.text)
        pdf.showPage()
    pdf.save()
    return path


def _draw_picture(pdf: canvas.Canvas) -> None:
    from PIL import Image

    picture = Image.new("L", (40, 60), color=200)
    for x in range(5, 35):
        picture.putpixel((x, 30), 0)  # a scanned "line of text"
    pdf.drawInlineImage(picture, 50, 200, width=PAGE_WIDTH - 100, height=500)


# --- hand-written PDFs ---------------------------------------------------------------


def raw_pdf(objects: Sequence[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 must be the catalog), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def zero_page_pdf() -> bytes:
    """A valid PDF whose page tree is empty."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def one_page_pdf(content: bytes, fonts: dict[str, int], extra: Sequence[bytes]) -> bytes:
    """One A4 page drawing ``content``; ``fonts`` maps resource names to object numbers.

    Objects 1-4 are catalog, pages, page and content; ``extra`` are objects 5, 6, ...
    """
    font_dict = b" ".join(b"/%s %d 0 R" % (name.encode(), num) for name, num in fonts.items())
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << " + font_dict + b" >> >> >>",
            _stream(content),
            *extra,
        ]
    )


def _simple_font(base: str, descriptor: int, to_unicode: int | None = None) -> bytes:
    """A Type1 font that is not embedded, 500 units wide per glyph."""
    widths = b" ".join([b"500"] * 256)
    mapping = b" /ToUnicode %d 0 R" % to_unicode if to_unicode else b""
    return b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /FirstChar 0 /LastChar 255" % (
        base.encode()
    ) + b" /Widths [%s] /FontDescriptor %d 0 R%s >>" % (widths, descriptor, mapping)


def _descriptor(name: str) -> bytes:
    """The font descriptor pdfminer reads the font name from."""
    return (
        b"<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [0 -200 1000 800]"
        b" /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>" % name.encode()
    )


def _helvetica() -> bytes:
    return b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def bullet_pdf(bullet_font: str, code: bytes, *, to_unicode: str | None = None) -> bytes:
    """Two list items whose bullets are glyph ``code`` of ``bullet_font``, then the item text.

    With ``to_unicode`` (hex, e.g. "F0B7") the bullet font maps the code to
    that code point, as Word does for Symbol bullets (a private-use character).
    """
    extra = [_helvetica()]
    if to_unicode:
        cmap = (
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CMapName /Bullet def 1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"1 beginbfchar <%s> <%s> endbfchar\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end"
            % (code.hex().upper().encode(), to_unicode.encode())
        )
        extra += [_simple_font(bullet_font, 7, to_unicode=8), _descriptor(bullet_font)]
        extra.append(_stream(cmap))
    else:
        extra += [_simple_font(bullet_font, 7), _descriptor(bullet_font)]
    escaped = code.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    content = b""
    for i, item in enumerate((b"Fotpatrullering i centrum", b"Trygghetsvandringar i Sunne")):
        y = 700 - 14 * i
        content += b"BT /FB 10 Tf 72 %d Td (%s) Tj ET\n" % (y, escaped)
        content += b"BT /FH 10 Tf 90 %d Td (%s) Tj ET\n" % (y, item)
    return one_page_pdf(content, {"FH": 5, "FB": 6}, extra)


def unmapped_font_pdf() -> bytes:
    """A page whose only font is a CID font without a ToUnicode table: all glyphs read (cid:N)."""
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H"
        b" /DescendantFonts [6 0 R] >>"
    )
    descendant = (
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /DW 500 /FontDescriptor 7 0 R"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>"
    )
    content = b""
    for i in range(4):
        content += b"BT /F1 10 Tf 72 %d Td <0037005500B0004A004A004B0048>Tj ET\n" % (700 - 14 * i)
    return one_page_pdf(content, {"F1": 5}, [font, descendant, _descriptor("NoMap")])
