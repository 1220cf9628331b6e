"""The PDF reader: each layout feature on a small purpose-made PDF, each error, corpus parity."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
import regex
from reportlab.pdfgen import canvas

from loftesparser.errors import (
    CorruptPdfError,
    EmptyDocumentError,
    EncryptedPdfError,
    LoftesparserError,
    NoTextLayerError,
)
from loftesparser.normalize import normalize
from loftesparser.options import ParseOptions
from loftesparser.readers import read_bytes, read_file
from loftesparser.readers.base import Provenance, ReadResult, SourceLine
from loftesparser.readers.pdf_chars import Glyph
from loftesparser.readers.pdf_flow import line_text
from loftesparser.readers.pdf_layout import split_words
from tests.conftest import CORPUS
from tests.pdf_factory import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Text,
    build_pdf,
    bullet_pdf,
    paragraph,
    run,
    spaced_words,
    unmapped_font_pdf,
    width,
    zero_page_pdf,
)

PDF_CORPUS = CORPUS / "pdf"
LAYOUTS = sorted(p.name for p in PDF_CORPUS.iterdir() if p.is_dir()) if PDF_CORPUS.exists() else []
BOLD = "Helvetica-Bold"


def read_pages(tmp_path: Path, pages: list[list[Text]], **kwargs: object) -> ReadResult:
    path = build_pdf(tmp_path / "doc.pdf", pages, **kwargs)  # type: ignore[arg-type]
    return read_file(path)


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
def test_two_columns_are_read_column_by_column(tmp_path: Path, offset: float, title: bool) -> None:
    result = read_pages(tmp_path, [_two_columns(offset, title)])
    lines = [t for t in texts(result) if t]
    expected = (["Medborgarlöfte 2021"] if title else []) + LEFT + RIGHT
    assert lines == expected


def test_three_columns_are_read_left_to_right(tmp_path: Path) -> None:
    columns = [
        [f"{name} spalten har en rad", "till och en rad till i", "samma stycke."]
        for name in ("Första", "Andra", "Tredje")
    ]
    items = [t for i, col in enumerate(columns) for t in paragraph(72 + 165 * i, 100, col)]
    assert blocks(read_pages(tmp_path, [items])) == columns


def test_two_columns_flow_from_one_into_the_next(tmp_path: Path) -> None:
    """A paragraph running from the foot of the left column to the top of the right is one."""
    left = ["Polisen ska genomföra trafikkontroller", "vid skolorna varje vecka under hela"]
    right = ["läsåret tillsammans med kommunen.", "Ny mening i samma stycke."]
    items = paragraph(72, 100, ["Första stycket i vänster spalt.", "", *left])
    items += paragraph(320, 100, right)
    result = read_pages(tmp_path, [items])
    assert blocks(result) == [["Första stycket i vänster spalt."], left + right]


def test_letterhead_box_stands_apart(tmp_path: Path) -> None:
    items = [
        Text(72, 60, "Hagfors kommun", BOLD, 12),
        Text(72, 74, "Kommunledningskontoret", "Helvetica", 9),
        Text(460, 60, "2019-11-19"),
    ]
    body = ["Polisen och kommunen lovar att arbeta tillsammans för en tryggare", "kommun."]
    items += paragraph(72, 130, body)
    result = read_pages(tmp_path, [items])
    assert blocks(result) == [
        ["Hagfors kommun"],
        ["Kommunledningskontoret"],
        ["2019-11-19"],
        body,
    ]


def test_side_note_is_read_after_the_text_beside_it(tmp_path: Path) -> None:
    body = [f"Rad {n} av brödtexten om trygghet och samverkan i kommunen." for n in range(1, 7)]
    note = ["Kontakt:", "Lokalpolisområde", "Torsby"]
    items = paragraph(72, 100, body) + paragraph(420, 112, note, size=8, leading=10)
    result = read_pages(tmp_path, [items])
    assert blocks(result) == [body, note]


def test_signatures_side_by_side_keep_their_pairs(tmp_path: Path) -> None:
    items = paragraph(72, 100, ["Vi undertecknar detta medborgarlöfte i två exemplar."])
    items += paragraph(72, 160, ["Jens Fischer", "Kommunstyrelsens ordförande"])
    items += paragraph(330, 160, ["Henrik Gustavsson", "Lokalpolisområdeschef"])
    lines = [t for t in texts(read_pages(tmp_path, [items])) if t]
    assert lines[1:] == [
        "Jens Fischer",
        "Kommunstyrelsens ordförande",
        "Henrik Gustavsson",
        "Lokalpolisområdeschef",
    ]


def test_list_bullets_are_not_a_column(tmp_path: Path) -> None:
    items: list[Text] = []
    for i, item in enumerate(["Fotpatrullering i centrum", "Trygghetsvandringar", "Tillsyn"]):
        items += [Text(72, 100 + 14 * i, "•"), Text(90, 100 + 14 * i, item)]
    lines = [t for t in texts(read_pages(tmp_path, [items])) if t]
    assert lines == ["• Fotpatrullering i centrum", "• Trygghetsvandringar", "• Tillsyn"]


@pytest.mark.parametrize(
    ("rotate", "turn"),
    [(90, 0), (180, 0), (270, 0), (0, 90), (0, 180), (0, 270)],
    ids=["rotate90", "rotate180", "rotate270", "turn90", "turn180", "turn270"],
)
def test_turned_pages_are_read_in_their_text_direction(
    tmp_path: Path, rotate: int, turn: int
) -> None:
    body = ["Polisen och kommunen lovar att arbeta", "tillsammans för en tryggare kommun."]
    items = [Text(72, 80, "Medborgarlöfte", BOLD, 14), *paragraph(72, 110, body)]
    path = build_pdf(tmp_path / "turned.pdf", [items], rotate=rotate, turn=turn)
    assert blocks(read_file(path)) == [["Medborgarlöfte"], body]


def test_turned_margin_text_beside_upright_text_is_left_out(tmp_path: Path) -> None:
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
    assert texts(read_file(with_margin)) == texts(read_file(path))


# --- words ---------------------------------------------------------------------------

WORDS = ["Polisen", "och", "kommunen", "lovar", "att", "arbeta", "mot", "narkotika."]


@pytest.mark.parametrize(("size", "gap_em"), [(8.0, 0.2), (9.0, 0.25), (12.0, 0.2), (7.0, 0.3)])
def test_words_without_space_characters_are_separated(
    tmp_path: Path, size: float, gap_em: float
) -> None:
    path = build_pdf(tmp_path / "nospace.pdf", [spaced_words(72, 100, WORDS, gap_em, size)])
    assert texts(read_file(path)) == [" ".join(WORDS)]


def test_narrow_gaps_defeat_a_fixed_tolerance(tmp_path: Path) -> None:
    """The reason for a gap relative to the font size: pdfplumber's 3 pt glues these words."""
    path = build_pdf(tmp_path / "nospace.pdf", [spaced_words(72, 100, WORDS, 0.2, 8.0)])
    with pdfplumber.open(path) as pdf:
        glued = [w["text"] for w in pdf.pages[0].extract_words()]
    assert len(glued) < len(WORDS)
    assert texts(read_file(path)) == [" ".join(WORDS)]


def test_letters_set_closely_stay_one_word(tmp_path: Path) -> None:
    """Kerned or tracked letters (a small positive gap) are not split."""
    items: list[Text] = []
    x = 72.0
    for letter in "Medborgarlöfte":
        items.append(Text(x, 100, letter))
        x += width(letter) + 0.5  # 0.05 em tracking
    assert texts(read_pages(tmp_path, [items])) == ["Medborgarlöfte"]


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
def test_line_end_hyphens(tmp_path: Path, first: str, second: str, expected: str) -> None:
    result = read_pages(tmp_path, [paragraph(72, 100, [first, second])])
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
        lambda: bullet_pdf("ABCDEF+Calibri", b"\x01", to_unicode="F0B7"),
    ],
    ids=["wingdings-o", "wingdings-section", "private-use"],
)
def test_symbol_font_bullets_hand_written(make: Callable[[], bytes]) -> None:
    result = read_bytes(make(), name="bullets.pdf")
    assert texts(result) == [f"• {item}" for item in ITEMS]


@pytest.mark.parametrize(
    ("font", "glyph"),
    [("ZapfDingbats", "●"), ("ZapfDingbats", "■"), ("ZapfDingbats", "➢"), ("Symbol", "•")],
    ids=["zapf-l", "zapf-n", "zapf-cid", "symbol"],
)
def test_symbol_font_bullets_reportlab(tmp_path: Path, font: str, glyph: str) -> None:
    items: list[Text] = []
    for i, item in enumerate(ITEMS):
        items += [Text(74, 100 + 14 * i, glyph, font, 8), Text(90, 100 + 14 * i, item)]
    result = read_pages(tmp_path, [items])
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
    tmp_path: Path, parts: list[tuple[str, str]], bold: bool, tail_text: str | None
) -> None:
    result = read_pages(tmp_path, [run(72, 100, parts)])
    (line,) = result.lines
    assert line.bold is bold
    if tail_text is None:
        assert line.bold_tail is None
    else:
        assert line.bold_tail is not None
        assert line.text[line.bold_tail :] == tail_text


def test_bold_marker_wrapped_to_its_own_line_is_a_tail_not_a_heading(tmp_path: Path) -> None:
    items = run(
        72,
        100,
        [("Regelbunden kontakt mellan skolan och polisen/ ", "Helvetica"), ("Polisen och", BOLD)],
    )
    items += [Text(72, 112, "kommunen", BOLD)]
    result = read_pages(tmp_path, [items])
    first, second = result.lines
    assert first.bold_tail is not None and first.text[first.bold_tail :] == "Polisen och"
    assert (second.bold, second.bold_tail) == (False, 0)
    assert second.provenance is not None and second.provenance.bold


def test_heading_in_larger_bold_face(tmp_path: Path) -> None:
    items = [Text(72, 100, "Tidsram", BOLD, 14)]
    items += paragraph(
        72, 118, ["Medborgarlöftet gäller under två år från det att det", "tecknas."]
    )
    result = read_pages(tmp_path, [items])
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


def test_paragraph_gap_is_a_blank_line(tmp_path: Path) -> None:
    first = ["Polisen och kommunen har gjort en gemensam lägesbild av", "brottsligheten."]
    second = ["Vi har valt att fokusera på trafiken."]
    items = paragraph(72, 100, first) + paragraph(72, 100 + 12 * 2 + 8, second)
    result = read_pages(tmp_path, [items])
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


def test_item_broken_by_a_page_break_stays_one_item(tmp_path: Path) -> None:
    result = read_pages(
        tmp_path, _page_break_pages("tidigt upptäcka tecken på kriminalitet/ Polisen")
    )
    lines = texts(result)
    start = lines.index("- Regelbunden kontakt mellan skolan, socialtjänsten och polisen för att")
    assert lines[start + 1] == "tidigt upptäcka tecken på kriminalitet/ Polisen"
    pages = [line.provenance.page for line in result.lines[start : start + 2] if line.provenance]
    assert pages == [1, 2]


def test_paragraph_ending_at_the_foot_of_a_page_is_not_continued(tmp_path: Path) -> None:
    page1 = paragraph(
        72, 100, ["Polisen och kommunen har gjort en lägesbild av trygghet och", "brottslighet."]
    )
    page2 = paragraph(72, 80, ["Vi har valt att fokusera på trafiken."])
    assert texts(read_pages(tmp_path, [page1, page2])) == [
        "Polisen och kommunen har gjort en lägesbild av trygghet och",
        "brottslighet.",
        "",
        "Vi har valt att fokusera på trafiken.",
    ]


# --- running headers and footers -----------------------------------------------------


@pytest.mark.parametrize("style", ["Sida {n} av {m}", "{n} ({m})", "{n}", "- {n} -"])
def test_running_header_and_footer_removed_and_counted(tmp_path: Path, style: str) -> None:
    pages = []
    for n in range(1, 4):
        items = [
            Text(72, 40, "Hagfors kommun", "Helvetica", 8),
            Text(430, 40, "Medborgarlöfte 2021", "Helvetica", 8),
        ]
        items += paragraph(72, 100, [f"Innehåll på sidan {n} om trygghet."])
        items.append(Text(290, 810, style.format(n=n, m=3), "Helvetica", 8))
        pages.append(items)
    result = read_pages(tmp_path, pages)
    assert [t for t in texts(result) if t] == [
        f"Innehåll på sidan {n} om trygghet." for n in (1, 2, 3)
    ]
    kinds = sorted(r.kind for r in result.removed)
    assert kinds == ["page_number"] * 3 + ["running_header"] * 6
    assert {r.page for r in result.removed} == {1, 2, 3}
    assert ("header_footer_removed", "9 running header, footer and page-number lines removed") in (
        result.notes
    )


def test_running_footer_text_is_removed(tmp_path: Path) -> None:
    pages = [
        [
            *paragraph(72, 100, [f"Sida {n} handlar om samverkan."]),
            Text(72, 800, "Polismyndigheten, Lokalpolisområde Torsby", "Helvetica", 8),
        ]
        for n in range(1, 3)
    ]
    result = read_pages(tmp_path, pages)
    assert [r.kind for r in result.removed] == ["running_footer", "running_footer"]


def test_content_line_at_the_top_is_kept_when_not_repeated(tmp_path: Path) -> None:
    pages = [
        [Text(72, 50, "2019-11-19"), *paragraph(72, 100, ["Medborgarlöfte"])],
        paragraph(72, 100, ["Fortsättning."]),
    ]
    result = read_pages(tmp_path, pages)
    assert "2019-11-19" in texts(result) and not result.removed


# --- provenance and result facts -----------------------------------------------------


def test_provenance_and_result_facts(tmp_path: Path) -> None:
    pages = [paragraph(72, 100, ["Första sidan."]), paragraph(72, 200, ["Andra sidan."])]
    path = build_pdf(tmp_path / "facts.pdf", pages)
    result = read_file(path)
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


def test_encrypted_pdf_without_password(tmp_path: Path) -> None:
    path = build_pdf(
        tmp_path / "secret.pdf", [paragraph(72, 100, ["Hemligt."])], password="hemligt"
    )
    with pytest.raises(EncryptedPdfError, match="password"):
        read_file(path)
    with pytest.raises(EncryptedPdfError, match="wrong"):
        read_file(path, ParseOptions(pdf_password="fel"))
    result = read_file(path, ParseOptions(pdf_password="hemligt"))
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
    tmp_path: Path, make: Callable[[bytes], bytes], error: type[LoftesparserError], message: str
) -> None:
    good = build_pdf(tmp_path / "good.pdf", [paragraph(72, 100, ["Text."] * 30)]).read_bytes()
    target = tmp_path / "bad.pdf"
    target.write_bytes(make(good))
    with pytest.raises(error, match=message) as caught:
        read_file(target)
    assert caught.value.path == str(target)


def test_scanned_pdf_needs_ocr(tmp_path: Path) -> None:
    path = build_pdf(tmp_path / "scan.pdf", [[], []], images=(0, 1))
    with pytest.raises(NoTextLayerError, match="OCR") as caught:
        read_file(path)
    assert "2 of 2 pages are images" in str(caught.value)


def test_page_without_any_text_or_image_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "outlines.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.rect(72, 600, 200, 100, fill=1)  # text converted to outlines looks like this
    pdf.save()
    with pytest.raises(NoTextLayerError, match="none of its 1 pages has extractable text"):
        read_file(path)


def test_text_drawn_off_the_page_is_not_read(tmp_path: Path) -> None:
    items = [Text(72, 100, "Synlig text."), Text(-500, 100, "Dold text."), Text(72, 5000, "Dold.")]
    assert texts(read_pages(tmp_path, [items])) == ["Synlig text."]


def test_pdf_name_with_text_content_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "egentligen-text.pdf"
    path.write_text("Medborgarlöfte\n\nPolisen lovar att patrullera.\n", encoding="utf-8")
    result = read_file(path)
    assert result.format == "text" and result.page_count is None
    assert texts(result)[:3] == ["Medborgarlöfte", "", "Polisen lovar att patrullera."]


def test_some_unmapped_glyphs_are_counted_not_fatal(tmp_path: Path) -> None:
    items = paragraph(72, 100, ["Polisen och kommunen lovar att arbeta tillsammans."] * 3)
    items += [Text(72, 160, "Slut"), Text(96, 160, "➢", "ZapfDingbats")]  # not at line start
    result = read_pages(tmp_path, [items])
    assert texts(result)[-1] == "Slut \ufffd"
    assert result.notes[0][0] == "unmapped_glyphs"


def test_no_library_exception_escapes_on_random_bytes() -> None:
    for seed in range(20):
        data = b"%PDF-1.4\n" + bytes((seed * 7 + i * 13) % 256 for i in range(600))
        with pytest.raises(LoftesparserError):
            read_bytes(data, name="random.pdf")


# --- the corpus ----------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_corpus_layout_reads_like_its_text(layout: str) -> None:
    """Reader-level parity: the same content words, in the same order, as the seed text."""
    assert LAYOUTS, "corpus/pdf is missing: run scripts/make_corpus_pdfs.py"
    for seed in sorted(CORPUS.glob("*.txt")):
        pdf = PDF_CORPUS / layout / f"{seed.stem}.pdf"
        assert content_words(read_file(pdf).lines) == content_words(read_file(seed).lines), pdf


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
