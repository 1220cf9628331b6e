"""The PDF reader: each layout feature on a small purpose-made PDF, each error, corpus parity."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import regex
from reportlab.pdfgen import canvas

import loftesparser
from loftesparser.errors import (
    CorruptPdfError,
    EmptyDocumentError,
    EncryptedPdfError,
    LoftesparserError,
    NoTextLayerError,
)
from loftesparser.normalize import normalize
from loftesparser.options import PDF_BACKENDS, ParseOptions
from loftesparser.readers import read_bytes, read_file
from loftesparser.readers.base import Provenance, ReadResult, SourceLine
from loftesparser.readers.pdf_chars import Glyph, PdfplumberSource, open_glyph_source
from loftesparser.readers.pdf_flow import line_text
from loftesparser.readers.pdf_layout import split_words
from loftesparser.readers.pdf_pdfium import Pypdfium2Source
from tests.conftest import CORPUS
from tests.pdf_factory import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Text,
    build_pdf,
    bullet_pdf,
    one_page_pdf,
    paragraph,
    raw_pdf,
    run,
    spaced_words,
    unmapped_font_pdf,
    width,
    zero_page_pdf,
)

PDF_CORPUS = CORPUS / "pdf"
LAYOUTS = sorted(p.name for p in PDF_CORPUS.iterdir() if p.is_dir()) if PDF_CORPUS.exists() else []
BOLD = "Helvetica-Bold"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
#: A CID font without ToUnicode (objects 6, 7, 8 of a one_page_pdf): its glyphs read (cid:N).
UNMAPPED_CID_FONT = [
    b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H"
    b" /DescendantFonts [7 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /DW 500 /FontDescriptor 8 0 R"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
    b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -200 1000 800]"
    b" /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
]


@pytest.fixture(params=PDF_BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each PDF test runs with every backend: they must read alike."""
    return str(request.param)


def using(backend: str, **options: Any) -> ParseOptions:
    return ParseOptions(pdf_backend=backend, **options)


def read_pages(
    tmp_path: Path, pages: list[list[Text]], backend: str, **kwargs: object
) -> ReadResult:
    path = build_pdf(tmp_path / "doc.pdf", pages, **kwargs)  # type: ignore[arg-type]
    return read_file(path, using(backend))


def texts(result: ReadResult) -> list[str]:
    """Line texts, blank lines as ""."""
    return [line.text for line in result.lines]


def blocks(result: ReadResult) -> list[list[str]]:
    """Runs of non-blank lines: what the segmenter sees as blocks."""
    found: list[list[str]] = [[]]
    for line in result.lines:
        if line.text:
            found[-1].append(line.text)
        elif found[-1]:
            found.append([])
    return [block for block in found if block]


def content_words(lines: list[SourceLine]) -> list[str]:
    return regex.findall(r"\w+", normalize(lines).text.casefold())


# --- reading order -------------------------------------------------------------------

LEFT = ["Vänster spalt rad ett om", "trygghet i centrum och", "fortsätter här nere."]
RIGHT = ["Höger spalt rad ett om", "trafik vid skolorna och", "slutar här."]


def _two_columns(offset: float, title: bool) -> list[Text]:
    items = [Text(72, 80, "Medborgarlöfte 2021", BOLD, 16)] if title else []
    items += paragraph(72, 120, LEFT)
    items += paragraph(320, 120 + offset, RIGHT)
    return items


@pytest.mark.parametrize(
    ("offset", "title"),
    [(0.0, False), (6.0, False), (0.0, True), (-5.0, True)],
    ids=["aligned", "offset", "spanning-title", "right-higher"],
)
def test_two_columns_are_read_column_by_column(
    tmp_path: Path, offset: float, title: bool, backend: str
) -> None:
    result = read_pages(tmp_path, [_two_columns(offset, title)], backend)
    lines = [t for t in texts(result) if t]
    expected = (["Medborgarlöfte 2021"] if title else []) + LEFT + RIGHT
    assert lines == expected


def test_three_columns_are_read_left_to_right(tmp_path: Path, backend: str) -> None:
    columns = [
        [f"{name} spalten har en rad", "till och en rad till i", "samma stycke."]
        for name in ("Första", "Andra", "Tredje")
    ]
    items = [t for i, col in enumerate(columns) for t in paragraph(72 + 165 * i, 100, col)]
    assert blocks(read_pages(tmp_path, [items], backend)) == columns


def test_two_columns_flow_from_one_into_the_next(tmp_path: Path, backend: str) -> None:
    """A paragraph running from the foot of the left column to the top of the right is one."""
    left = ["Polisen ska genomföra trafikkontroller", "vid skolorna varje vecka under hela"]
    right = ["läsåret tillsammans med kommunen.", "Ny mening i samma stycke."]
    items = paragraph(72, 100, ["Första stycket i vänster spalt.", "", *left])
    items += paragraph(320, 100, right)
    result = read_pages(tmp_path, [items], backend)
    assert blocks(result) == [["Första stycket i vänster spalt."], left + right]


def test_letterhead_box_stands_apart(tmp_path: Path, backend: str) -> None:
    items = [
        Text(72, 60, "Hagfors kommun", BOLD, 12),
        Text(72, 74, "Kommunledningskontoret", "Helvetica", 9),
        Text(460, 60, "2019-11-19"),
    ]
    body = ["Polisen och kommunen lovar att arbeta tillsammans för en tryggare", "kommun."]
    items += paragraph(72, 130, body)
    result = read_pages(tmp_path, [items], backend)
    assert blocks(result) == [
        ["Hagfors kommun"],
        ["Kommunledningskontoret"],
        ["2019-11-19"],
        body,
    ]


def test_side_note_is_read_after_the_text_beside_it(tmp_path: Path, backend: str) -> None:
    body = [f"Rad {n} av brödtexten om trygghet och samverkan i kommunen." for n in range(1, 7)]
    note = ["Kontakt:", "Lokalpolisområde", "Torsby"]
    items = paragraph(72, 100, body) + paragraph(420, 112, note, size=8, leading=10)
    result = read_pages(tmp_path, [items], backend)
    assert blocks(result) == [body, note]


def test_signatures_side_by_side_keep_their_pairs(tmp_path: Path, backend: str) -> None:
    items = paragraph(72, 100, ["Vi undertecknar detta medborgarlöfte i två exemplar."])
    items += paragraph(72, 160, ["Jens Fischer", "Kommunstyrelsens ordförande"])
    items += paragraph(330, 160, ["Henrik Gustavsson", "Lokalpolisområdeschef"])
    lines = [t for t in texts(read_pages(tmp_path, [items], backend)) if t]
    assert lines[1:] == [
        "Jens Fischer",
        "Kommunstyrelsens ordförande",
        "Henrik Gustavsson",
        "Lokalpolisområdeschef",
    ]


def test_list_bullets_are_not_a_column(tmp_path: Path, backend: str) -> None:
    items: list[Text] = []
    for i, item in enumerate(["Fotpatrullering i centrum", "Trygghetsvandringar", "Tillsyn"]):
        items += [Text(72, 100 + 14 * i, "•"), Text(90, 100 + 14 * i, item)]
    lines = [t for t in texts(read_pages(tmp_path, [items], backend)) if t]
    assert lines == ["• Fotpatrullering i centrum", "• Trygghetsvandringar", "• Tillsyn"]


@pytest.mark.parametrize(
    ("rotate", "turn"),
    [(90, 0), (180, 0), (270, 0), (0, 90), (0, 180), (0, 270)],
    ids=["rotate90", "rotate180", "rotate270", "turn90", "turn180", "turn270"],
)
def test_turned_pages_are_read_in_their_text_direction(
    tmp_path: Path, rotate: int, turn: int, backend: str
) -> None:
    body = ["Polisen och kommunen lovar att arbeta", "tillsammans för en tryggare kommun."]
    items = [Text(72, 80, "Medborgarlöfte", BOLD, 14), *paragraph(72, 110, body)]
    path = build_pdf(tmp_path / "turned.pdf", [items], rotate=rotate, turn=turn)
    assert blocks(read_file(path, using(backend))) == [["Medborgarlöfte"], body]


def test_turned_margin_text_beside_upright_text_is_left_out(tmp_path: Path, backend: str) -> None:
    path = build_pdf(tmp_path / "margin.pdf", [paragraph(72, 100, ["Upprätt brödtext."] * 3)])
    with_margin = tmp_path / "with-margin.pdf"
    pdf = canvas.Canvas(str(with_margin), invariant=1)
    pdf.setFont("Helvetica", 10)
    for i in range(3):
        pdf.drawString(72, PAGE_HEIGHT - 100 - 12 * i, "Upprätt brödtext.")
    pdf.translate(30, 300)
    pdf.rotate(90)
    pdf.drawString(0, 0, "Dnr 2021/123")
    pdf.save()
    assert texts(read_file(with_margin, using(backend))) == texts(read_file(path, using(backend)))


# --- words ---------------------------------------------------------------------------

WORDS = ["Polisen", "och", "kommunen", "lovar", "att", "arbeta", "mot", "narkotika."]


@pytest.mark.parametrize(("size", "gap_em"), [(8.0, 0.2), (9.0, 0.25), (12.0, 0.2), (7.0, 0.3)])
def test_words_without_space_characters_are_separated(
    tmp_path: Path, size: float, gap_em: float, backend: str
) -> None:
    path = build_pdf(tmp_path / "nospace.pdf", [spaced_words(72, 100, WORDS, gap_em, size)])
    assert texts(read_file(path, using(backend))) == [" ".join(WORDS)]


def test_narrow_gaps_defeat_a_fixed_tolerance(tmp_path: Path, backend: str) -> None:
    """The reason for a gap relative to the font size: pdfplumber's 3 pt glues these words."""
    path = build_pdf(tmp_path / "nospace.pdf", [spaced_words(72, 100, WORDS, 0.2, 8.0)])
    with pdfplumber.open(path) as pdf:
        glued = [w["text"] for w in pdf.pages[0].extract_words()]
    assert len(glued) < len(WORDS)
    assert texts(read_file(path, using(backend))) == [" ".join(WORDS)]


def test_letters_set_closely_stay_one_word(tmp_path: Path, backend: str) -> None:
    """Kerned or tracked letters (a small positive gap) are not split."""
    items: list[Text] = []
    x = 72.0
    for letter in "Medborgarlöfte":
        items.append(Text(x, 100, letter))
        x += width(letter) + 0.5  # 0.05 em tracking
    assert texts(read_pages(tmp_path, [items], backend)) == ["Medborgarlöfte"]


# --- hyphenation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("arbeta för att motverka droganv-", "ändning bland unga.", "droganvändning bland"),
        ("fokus på beteende-, hastighet i", "tätorter och alkohol.", "beteende-, hastighet"),
        ("Översyn av-", "och i förekommande fall förbättring.", "av- och"),
        ("riktade kampanjer genom ANDT-", "arbetet i skolorna.", "ANDT-arbetet"),
        ("kontakt mellan skolan och polisen (SSP-", "möten) varje månad.", "(SSP-möten)"),
    ],
    ids=["joined", "comma-hyphen", "suspended", "acronym", "acronym-paren"],
)
def test_line_end_hyphens(
    tmp_path: Path, first: str, second: str, expected: str, backend: str
) -> None:
    result = read_pages(tmp_path, [paragraph(72, 100, [first, second])], backend)
    assert texts(result) == [first, second]  # the reader keeps the lines as drawn
    assert expected in " ".join(normalize(result.lines).text.split())


@pytest.mark.parametrize("hyphen", ["\u00ad", "\u2010", "\u2011"], ids=["soft", "hyphen", "nb"])
def test_unicode_hyphen_at_line_end_becomes_a_joinable_hyphen(hyphen: str) -> None:
    glyphs = [_glyph(c, 72 + 5 * i) for i, c in enumerate(f"droganv{hyphen}")]
    line = line_text(split_words(glyphs))
    assert line.text == "droganv-"
    following = SourceLine("ändning bland unga.")
    joined = normalize([SourceLine(line.text, _PROVENANCE), following]).text
    assert joined.startswith("droganvändning")


def _glyph(text: str, x0: float, font: str = "Helvetica") -> Glyph:
    return Glyph(text, x0, x0 + 5, 90, 100, 98, 10, font)


_PROVENANCE = Provenance(page=1, bbox=(72, 90, 110, 100), font="Helvetica", size=10)


# --- bullets -------------------------------------------------------------------------

ITEMS = ["Fotpatrullering i centrum", "Trygghetsvandringar i Sunne"]


@pytest.mark.parametrize(
    "make",
    [
        lambda: bullet_pdf("Wingdings", b"o"),
        lambda: bullet_pdf("Wingdings-Regular", b"\xa7"),
        lambda: bullet_pdf("ABCDEF+Calibri", b"\xb7", to_unicode="F0B7"),
        lambda: bullet_pdf("ABCDEF+Calibri", b"\x01", to_unicode="F0B7"),
    ],
    ids=["wingdings-o", "wingdings-section", "private-use", "private-use-low-code"],
)
def test_symbol_font_bullets_hand_written(
    make: Callable[[], bytes], backend: str, request: pytest.FixtureRequest
) -> None:
    if backend == "pypdfium2" and "private-use-low-code" in request.node.callspec.id:
        request.applymarker(
            pytest.mark.xfail(
                strict=True,
                reason="PDFium drops a glyph coded 32 or less from a font that is not "
                "embedded and has no such glyph (see pdf_pdfium)",
            )
        )
    result = read_bytes(make(), name="bullets.pdf", options=using(backend))
    assert texts(result) == [f"• {item}" for item in ITEMS]


@pytest.mark.parametrize(
    ("font", "glyph"),
    [("ZapfDingbats", "●"), ("ZapfDingbats", "■"), ("ZapfDingbats", "➢"), ("Symbol", "•")],
    ids=["zapf-l", "zapf-n", "zapf-cid", "symbol"],
)
def test_symbol_font_bullets_reportlab(tmp_path: Path, font: str, glyph: str, backend: str) -> None:
    items: list[Text] = []
    for i, item in enumerate(ITEMS):
        items += [Text(74, 100 + 14 * i, glyph, font, 8), Text(90, 100 + 14 * i, item)]
    result = read_pages(tmp_path, [items], backend)
    assert texts(result) == [f"• {item}" for item in ITEMS]
    assert [line.text for line in normalize(result.lines).lines] == [f"• {i}" for i in ITEMS]
    assert not result.notes  # a (cid:N) bullet is a bullet, not an unmapped glyph


# --- bold and size -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "bold", "tail_text"),
    [
        ([("Trygghetsskapande patrullering/ ", "Helvetica"), ("Polisen", BOLD)], False, "Polisen"),
        ([("Översyn av trafikmiljön. / ", "Helvetica"), ("Kommunen.", BOLD)], False, "Kommunen."),
        (
            [("Samverkan med skolan/ ", "Helvetica"), ("Polisen och kommunen", BOLD)],
            False,
            "Polisen och kommunen",
        ),
        (
            [("Trygghetsvandringar/ ", "Helvetica"), ("Polisen", BOLD), (".", "Helvetica")],
            False,
            "Polisen.",
        ),
        ([("Det här ska vi göra", BOLD)], True, None),
        ([("Polisen", BOLD), (" lovar att patrullera", "Helvetica")], False, None),
    ],
    ids=["marker", "marker-stop", "two-actors", "plain-stop", "whole-line", "bold-start"],
)
def test_bold_line_and_bold_tail(
    tmp_path: Path, parts: list[tuple[str, str]], bold: bool, tail_text: str | None, backend: str
) -> None:
    result = read_pages(tmp_path, [run(72, 100, parts)], backend)
    (line,) = result.lines
    assert line.bold is bold
    if tail_text is None:
        assert line.bold_tail is None
    else:
        assert line.bold_tail is not None
        assert line.text[line.bold_tail :] == tail_text


def test_bold_marker_wrapped_to_its_own_line_is_a_tail_not_a_heading(
    tmp_path: Path, backend: str
) -> None:
    items = run(
        72,
        100,
        [("Regelbunden kontakt mellan skolan och polisen/ ", "Helvetica"), ("Polisen och", BOLD)],
    )
    items += [Text(72, 112, "kommunen", BOLD)]
    result = read_pages(tmp_path, [items], backend)
    first, second = result.lines
    assert first.bold_tail is not None and first.text[first.bold_tail :] == "Polisen och"
    assert (second.bold, second.bold_tail) == (False, 0)
    assert second.provenance is not None and second.provenance.bold


def test_heading_in_larger_bold_face(tmp_path: Path, backend: str) -> None:
    items = [Text(72, 100, "Tidsram", BOLD, 14)]
    items += paragraph(
        72, 118, ["Medborgarlöftet gäller under två år från det att det", "tecknas."]
    )
    result = read_pages(tmp_path, [items], backend)
    assert texts(result) == [
        "Tidsram",
        "",
        "Medborgarlöftet gäller under två år från det att det",
        "tecknas.",
    ]
    heading, body = result.lines[0], result.lines[2]
    assert heading.bold and heading.provenance is not None and heading.provenance.size == 14
    assert body.provenance is not None and body.provenance.size == 10
    assert heading.provenance.font == BOLD and heading.provenance.bold


# --- paragraphs and pages ------------------------------------------------------------


def test_paragraph_gap_is_a_blank_line(tmp_path: Path, backend: str) -> None:
    first = ["Polisen och kommunen har gjort en gemensam lägesbild av", "brottsligheten."]
    second = ["Vi har valt att fokusera på trafiken."]
    items = paragraph(72, 100, first) + paragraph(72, 100 + 12 * 2 + 8, second)
    result = read_pages(tmp_path, [items], backend)
    assert texts(result) == [*first, "", *second]
    assert result.lines[3].gap_before and not result.lines[1].gap_before


def _page_break_pages(item_end: str) -> list[list[Text]]:
    filler = paragraph(
        72,
        100,
        [f"Rad {n} av inledningen om samverkan och trygghet i kommunen." for n in range(1, 9)],
    )
    long_line = "Regelbunden kontakt mellan skolan, socialtjänsten och polisen för att"
    page1 = [*filler, Text(72, 760, "-"), Text(86, 760, long_line)]
    page2 = [Text(86, 80, item_end), Text(72, 110, "Uppföljning", BOLD)]
    return [page1, page2]


def test_item_broken_by_a_page_break_stays_one_item(tmp_path: Path, backend: str) -> None:
    result = read_pages(
        tmp_path, _page_break_pages("tidigt upptäcka tecken på kriminalitet/ Polisen"), backend
    )
    lines = texts(result)
    start = lines.index("- Regelbunden kontakt mellan skolan, socialtjänsten och polisen för att")
    assert lines[start + 1] == "tidigt upptäcka tecken på kriminalitet/ Polisen"
    pages = [line.provenance.page for line in result.lines[start : start + 2] if line.provenance]
    assert pages == [1, 2]


def test_paragraph_ending_at_the_foot_of_a_page_is_not_continued(
    tmp_path: Path, backend: str
) -> None:
    page1 = paragraph(
        72, 100, ["Polisen och kommunen har gjort en lägesbild av trygghet och", "brottslighet."]
    )
    page2 = paragraph(72, 80, ["Vi har valt att fokusera på trafiken."])
    assert texts(read_pages(tmp_path, [page1, page2], backend)) == [
        "Polisen och kommunen har gjort en lägesbild av trygghet och",
        "brottslighet.",
        "",
        "Vi har valt att fokusera på trafiken.",
    ]


# --- running headers and footers -----------------------------------------------------


@pytest.mark.parametrize("style", ["Sida {n} av {m}", "{n} ({m})", "{n}", "- {n} -"])
def test_running_header_and_footer_removed_and_counted(
    tmp_path: Path, style: str, backend: str
) -> None:
    pages = []
    for n in range(1, 4):
        items = [
            Text(72, 40, "Hagfors kommun", "Helvetica", 8),
            Text(430, 40, "Medborgarlöfte 2021", "Helvetica", 8),
        ]
        items += paragraph(72, 100, [f"Innehåll på sidan {n} om trygghet."])
        items.append(Text(290, 810, style.format(n=n, m=3), "Helvetica", 8))
        pages.append(items)
    result = read_pages(tmp_path, pages, backend)
    assert [t for t in texts(result) if t] == [
        f"Innehåll på sidan {n} om trygghet." for n in (1, 2, 3)
    ]
    kinds = sorted(r.kind for r in result.removed)
    assert kinds == ["page_number"] * 3 + ["running_header"] * 6
    assert {r.page for r in result.removed} == {1, 2, 3}
    assert ("header_footer_removed", "9 running header, footer and page-number lines removed") in (
        result.notes
    )


def test_running_footer_text_is_removed(tmp_path: Path, backend: str) -> None:
    pages = [
        [
            *paragraph(72, 100, [f"Sida {n} handlar om samverkan."]),
            Text(72, 800, "Polismyndigheten, Lokalpolisområde Torsby", "Helvetica", 8),
        ]
        for n in range(1, 3)
    ]
    result = read_pages(tmp_path, pages, backend)
    assert [r.kind for r in result.removed] == ["running_footer", "running_footer"]


def test_content_line_at_the_top_is_kept_when_not_repeated(tmp_path: Path, backend: str) -> None:
    pages = [
        [Text(72, 50, "2019-11-19"), *paragraph(72, 100, ["Medborgarlöfte"])],
        paragraph(72, 100, ["Fortsättning."]),
    ]
    result = read_pages(tmp_path, pages, backend)
    assert "2019-11-19" in texts(result) and not result.removed


# --- provenance and result facts -----------------------------------------------------


def test_provenance_and_result_facts(tmp_path: Path, backend: str) -> None:
    pages = [paragraph(72, 100, ["Första sidan."]), paragraph(72, 200, ["Andra sidan."])]
    path = build_pdf(tmp_path / "facts.pdf", pages)
    result = read_file(path, using(backend))
    assert (result.format, result.encoding, result.page_count) == ("pdf", None, 2)
    assert result.size_bytes == path.stat().st_size and len(result.sha256) == 64
    content = [line for line in result.lines if line.text]
    assert [line.provenance.page for line in content if line.provenance] == [1, 2]
    for line in content:
        assert line.provenance is not None
        x0, top, x1, bottom = line.provenance.bbox
        assert 0 <= x0 < x1 <= PAGE_WIDTH and 0 <= top < bottom <= PAGE_HEIGHT
        assert line.provenance.font == "Helvetica" and line.provenance.size == 10
    assert content[1].provenance is not None and 190 < content[1].provenance.bbox[3] < 205


# --- errors --------------------------------------------------------------------------


def test_encrypted_pdf_without_password(tmp_path: Path, backend: str) -> None:
    path = build_pdf(
        tmp_path / "secret.pdf", [paragraph(72, 100, ["Hemligt."])], password="hemligt"
    )
    with pytest.raises(EncryptedPdfError, match="password"):
        read_file(path, using(backend))
    with pytest.raises(EncryptedPdfError, match="wrong"):
        read_file(path, using(backend, pdf_password="fel"))
    result = read_file(path, using(backend, pdf_password="hemligt"))
    assert texts(result) == ["Hemligt."]


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda pdf: pdf[: len(pdf) // 2], CorruptPdfError, "damaged or truncated"),
        (lambda pdf: pdf[:40], CorruptPdfError, "damaged or truncated"),
        (lambda pdf: b"%PDF-1.7\n" + bytes(range(256)) * 8, CorruptPdfError, "damaged"),
        (lambda pdf: zero_page_pdf(), EmptyDocumentError, "no pages"),
        (lambda pdf: unmapped_font_pdf(), NoTextLayerError, "Unicode mapping"),
    ],
    ids=["truncated-half", "truncated-header", "garbage", "zero-pages", "all-cid"],
)
def test_unreadable_pdfs_raise_typed_errors(
    tmp_path: Path,
    make: Callable[[bytes], bytes],
    error: type[LoftesparserError],
    message: str,
    backend: str,
) -> None:
    good = build_pdf(tmp_path / "good.pdf", [paragraph(72, 100, ["Text."] * 30)]).read_bytes()
    target = tmp_path / "bad.pdf"
    target.write_bytes(make(good))
    with pytest.raises(error, match=message) as caught:
        read_file(target, using(backend))
    assert caught.value.path == str(target)


def test_scanned_pdf_needs_ocr(tmp_path: Path, backend: str) -> None:
    path = build_pdf(tmp_path / "scan.pdf", [[], []], images=(0, 1))
    with pytest.raises(NoTextLayerError, match="OCR") as caught:
        read_file(path, using(backend))
    assert "2 of 2 pages are images" in str(caught.value)


def test_a_scanned_page_among_text_pages_is_reported_not_fatal(
    tmp_path: Path, backend: str
) -> None:
    text = paragraph(72, 100, ["Polisen ska patrullera i centrum."] * 5)
    path = build_pdf(tmp_path / "mixed.pdf", [text, [], text], images=(1,))
    result = read_file(path, using(backend))
    assert [code for code, _message in result.notes] == ["image_only_pages"]
    assert "page(s) 2 are images" in result.notes[0][1]
    assert {line.provenance.page for line in result.lines if line.provenance} == {1, 3}
    document = loftesparser.parse_file(path, options=using(backend))
    assert "image_only_pages" in [w.code for w in document.warnings]


def test_page_without_any_text_or_image_needs_ocr(tmp_path: Path, backend: str) -> None:
    path = tmp_path / "outlines.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.rect(72, 600, 200, 100, fill=1)  # text converted to outlines looks like this
    pdf.save()
    with pytest.raises(NoTextLayerError, match="none of its 1 pages has extractable text"):
        read_file(path, using(backend))


def test_text_drawn_off_the_page_is_not_read(tmp_path: Path, backend: str) -> None:
    items = [Text(72, 100, "Synlig text."), Text(-500, 100, "Dold text."), Text(72, 5000, "Dold.")]
    assert texts(read_pages(tmp_path, [items], backend)) == ["Synlig text."]


def test_pdf_name_with_text_content_is_read_as_text(tmp_path: Path, backend: str) -> None:
    path = tmp_path / "egentligen-text.pdf"
    path.write_text("Medborgarlöfte\n\nPolisen lovar att patrullera.\n", encoding="utf-8")
    result = read_file(path, using(backend))
    assert result.format == "text" and result.page_count is None
    assert texts(result)[:3] == ["Medborgarlöfte", "", "Polisen lovar att patrullera."]


def test_some_unmapped_glyphs_are_counted_not_fatal(backend: str) -> None:
    lines = [b"Polisen och kommunen lovar att arbeta tillsammans."] * 3 + [b"Slut"]
    content = b"".join(
        b"BT /FH 10 Tf 72 %d Td (%s) Tj ET\n" % (700 - 14 * i, line) for i, line in enumerate(lines)
    )
    content += b"BT /FU 10 Tf 96 658 Td <0037> Tj ET\n"  # not at line start
    data = one_page_pdf(content, {"FH": 5, "FU": 6}, [HELVETICA, *UNMAPPED_CID_FONT])
    result = read_bytes(data, name="mixed.pdf", options=using(backend))
    assert texts(result)[-1] == "Slut \ufffd"
    assert result.notes[0][0] == "unmapped_glyphs"


def test_symbol_glyph_inside_a_line(tmp_path: Path, backend: str) -> None:
    """pdfminer has no Unicode for ZapfDingbats' ➢ (it reads "(cid:226)"); PDFium has."""
    items = paragraph(72, 100, ["Polisen och kommunen lovar att arbeta tillsammans."] * 3)
    items += [Text(72, 160, "Slut"), Text(96, 160, "➢", "ZapfDingbats")]  # not at line start
    result = read_pages(tmp_path, [items], backend)
    if backend == "pdfplumber":
        assert texts(result)[-1] == "Slut \ufffd"
        assert result.notes[0][0] == "unmapped_glyphs"
    else:
        assert texts(result)[-1] == "Slut ➢"
        assert not result.notes


def test_no_library_exception_escapes_on_random_bytes(backend: str) -> None:
    for seed in range(20):
        data = b"%PDF-1.4\n" + bytes((seed * 7 + i * 13) % 256 for i in range(600))
        with pytest.raises(LoftesparserError):
            read_bytes(data, name="random.pdf", options=using(backend))


# --- the corpus ----------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_corpus_layout_reads_like_its_text(layout: str, backend: str) -> None:
    """Reader-level parity: the same content words, in the same order, as the seed text."""
    assert LAYOUTS, "corpus/pdf is missing: run scripts/make_corpus_pdfs.py"
    for seed in sorted(CORPUS.glob("*.txt")):
        pdf = PDF_CORPUS / layout / f"{seed.stem}.pdf"
        got = content_words(read_file(pdf, using(backend)).lines)
        assert got == content_words(read_file(seed).lines), pdf


def test_corpus_has_every_layout() -> None:
    assert set(LAYOUTS) >= {
        "single",
        "justified_nospace",
        "two_column",
        "symbol_bullets",
        "running_header",
        "page_break",
        "bold_headings",
    }


def test_corpus_generator_is_deterministic(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_corpus_pdfs", CORPUS.parent / "scripts" / "make_corpus_pdfs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    layout = next(x for x in module.LAYOUTS if x.name == "justified_nospace")
    written = module.make_all(tmp_path, [layout])
    for path in written:
        committed = PDF_CORPUS / layout.name / path.name
        assert io.BytesIO(path.read_bytes()).getvalue() == committed.read_bytes(), path.name


# --- the backends --------------------------------------------------------------------


def _page_pdf(content: bytes, page_extra: bytes = b"") -> bytes:
    """One page drawing ``content`` with Helvetica as /F1; ``page_extra`` goes in the page dict."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >>" + page_extra + b" >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            HELVETICA,
        ]
    )


_LINES = b"BT /F1 10 Tf 150 250 Td (Polisen lovar) Tj ET BT /F1 10 Tf 150 236 Td (mer) Tj ET"


def _embedded_font_pdf(tmp_path: Path) -> bytes:
    """Text in TrueType fonts embedded as subsets (what Word and most exporters write)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    pdfmetrics.registerFont(TTFont("VeraBd", "VeraBd.ttf"))
    path = tmp_path / "embedded.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.setFont("Vera", 11)
    pdf.drawString(72, 760, "Medborgarlöfte för Åmåls kommun – trygghet ”citat” é")
    pdf.setFont("VeraBd", 11)
    pdf.drawString(72, 740, "Polisen lovar: fler fotpatruller")
    pdf.save()
    return path.read_bytes()


GLYPH_CASES: dict[str, Callable[[Path], bytes]] = {
    "mediabox-offset": lambda _: _page_pdf(_LINES).replace(
        b"/MediaBox [0 0 595 842]", b"/MediaBox [100 200 695 1042]"
    ),
    "mediabox-offset-rotated": lambda _: _page_pdf(_LINES, b" /Rotate 90").replace(
        b"/MediaBox [0 0 595 842]", b"/MediaBox [100 200 695 1042]"
    ),
    "cropbox": lambda _: _page_pdf(_LINES, b" /CropBox [50 50 500 800]"),
    "size-in-matrix": lambda _: _page_pdf(
        b"BT /F1 1 Tf 12 0 0 12 72 700 Tm (Polisen lovar) Tj ET"
        b" BT /F1 10 Tf 1.5 0 0 1.5 72 650 Tm (mer) Tj ET"
    ),
    "skewed": lambda _: _page_pdf(b"BT /F1 10 Tf 1 0 0.3 1 72 700 Tm (Kursiv text) Tj ET"),
    "turned-page": lambda tmp: build_pdf(
        tmp / "t.pdf", [paragraph(72, 100, ["Polisen lovar", "mer"])], rotate=270
    ).read_bytes(),
    "turned-text": lambda tmp: build_pdf(
        tmp / "t.pdf", [paragraph(72, 100, ["Polisen lovar", "mer"])], turn=90
    ).read_bytes(),
    "off-page": lambda tmp: build_pdf(
        tmp / "t.pdf", [[Text(72, 100, "Synlig."), Text(-500, 100, "Dold.")]]
    ).read_bytes(),
    "unmapped": lambda _: unmapped_font_pdf(),
    "wingdings": lambda _: bullet_pdf("Wingdings", b"o"),
    "embedded-subset": _embedded_font_pdf,
}


@pytest.mark.parametrize("case", GLYPH_CASES)
def test_backends_give_the_same_glyphs(tmp_path: Path, case: str) -> None:
    """Glyph for glyph: text, box, baseline and size (to PDFium's float precision), font."""
    data = GLYPH_CASES[case](tmp_path)
    # reportlab writes fractional /Widths for embedded fonts, which PDFium rounds
    # down to whole units: a drift of up to 1/1000 em per glyph along a line.
    slack = 0.5 if case == "embedded-subset" else 0.01
    plumber = PdfplumberSource(data, password=None, where=None)
    pdfium = Pypdfium2Source(data, password=None, where=None)
    try:
        for ours, theirs in zip(plumber.pages(), pdfium.pages(), strict=True):
            assert ours.glyphs, case
            assert (theirs.number, theirs.images, theirs.rotated) == (
                ours.number,
                ours.images,
                ours.rotated,
            )
            assert (theirs.width, theirs.height) == pytest.approx((ours.width, ours.height))
            key = _reading_key
            pairs = zip(sorted(theirs.glyphs, key=key), sorted(ours.glyphs, key=key), strict=True)
            for got, want in pairs:
                assert got.text == want.text
                # PDFium drops the subset tag ("AAAAAA+") of an embedded font's name.
                assert got.font == want.font.split("+", 1)[-1]
                for name in ("x0", "x1", "top", "bottom", "baseline", "size"):
                    assert getattr(got, name) == pytest.approx(getattr(want, name), abs=slack), (
                        f"{case}: {name} of {want}"
                    )
    finally:
        plumber.close()
        pdfium.close()


def _reading_key(glyph: Glyph) -> tuple[float, float]:
    return (round(glyph.baseline), round(glyph.x0, 1))


def test_pdfium_spells_ligatures_out_as_one_glyph(tmp_path: Path) -> None:
    """PDFium gives U+FB01 as "f" and "i" at one origin: one glyph, not two on top of each other."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    path = tmp_path / "ligatur.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.setFont("Vera", 11)
    pdf.drawString(72, 760, "\ufb01nns \ufb02era")
    pdf.save()
    source = Pypdfium2Source(path.read_bytes(), password=None, where=None)
    try:
        (page,) = source.pages()
    finally:
        source.close()
    assert [g.text for g in page.glyphs if g.text.strip()] == ["fi", *"nns", "fl", *"era"]
    assert texts(read_file(path, using("pypdfium2"))) == ["finns flera"]
    assert texts(read_file(path, using("pdfplumber"))) == ["\ufb01nns \ufb02era"]


@pytest.mark.parametrize("backend", ["pdfium", "PyPDFium2", ""])
def test_unknown_backend_is_a_value_error(backend: str) -> None:
    with pytest.raises(ValueError, match="pypdfium2"):
        ParseOptions(pdf_backend=backend)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown PDF backend"):
        open_glyph_source(zero_page_pdf(), backend=backend, password=None, where=None)


def test_pypdfium2_is_the_default() -> None:
    assert ParseOptions().pdf_backend == "pypdfium2" == PDF_BACKENDS[0]
