"""Robustness: nothing the library is given may crash it, hang it, or leak into another result.

Covers encodings, line endings, invisible and control characters, NFD text,
empty and oversized input, files that are not what their names say, texts
that are not medborgarlöften, adversarial lines (no catastrophic
backtracking) and broken PDFs. Timings are never asserted: a quadratic
blow-up shows up as a test that does not finish.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import importlib.util
import io
import random
import unicodedata
from pathlib import Path

import pytest

import loftesparser
from loftesparser import (
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedPdfError,
    LoftesparserError,
    NoTextLayerError,
    ParseOptions,
    PromiseDocument,
    UnreadableFileError,
    UnsupportedFormatError,
)
from loftesparser.options import PDF_BACKENDS
from loftesparser.readers import read_bytes, read_file
from loftesparser.readers.text import decode_bytes, split_lines

from .conftest import DOCUMENTS

# A realistic short medborgarlöfte that uses å, ä, ö, é, "–" and "”".
DOCUMENT = """Medborgarlöfte 2023–2024 för Åmåls kommun

Polisen och Åmåls kommun lovar att tillsammans arbeta för ”ökad trygghet” i Åmål.

Polisen lovar:
- Trygghetsvandring i Åmål/ Polisen och kommunen
- Fotpatrullering på Köpmannagatan fredagar kl. 18–22/ Polisen
- Ökad belysning vid caféet på torget/ Kommunen
- Föräldravandringar vid skolavslutningen/ Polisen och kommunen

Medborgarlöftet gäller från 1 januari 2023 till 31 december 2024.

Åmål 2023-01-15
"""

# The same document without "–" and "”", which Latin-1 cannot encode.
LATIN1_DOCUMENT = (
    DOCUMENT.replace("2023–2024", "2023-2024").replace("18–22", "18-22").replace("”", '"')
)

EXPECTED_ACTIVITIES = [
    ("Trygghetsvandring i Åmål", ["kommunen", "polisen"]),
    ("Fotpatrullering på Köpmannagatan fredagar kl. 18–22", ["polisen"]),
    ("Ökad belysning vid caféet på torget", ["kommunen"]),
    ("Föräldravandringar vid skolavslutningen", ["kommunen", "polisen"]),
]


def activity_pairs(doc: PromiseDocument) -> list[tuple[str, list[str]]]:
    return [(activity.text, list(activity.actors)) for activity in doc.activities]


def warning_codes(doc: PromiseDocument) -> set[str]:
    return {str(warning.code) for warning in doc.warnings}


@pytest.fixture(scope="module")
def reference() -> PromiseDocument:
    return loftesparser.parse_text(DOCUMENT)


@pytest.fixture(scope="module")
def latin1_reference() -> PromiseDocument:
    return loftesparser.parse_text(LATIN1_DOCUMENT)


def test_reference_document_parses_as_expected(reference: PromiseDocument) -> None:
    assert activity_pairs(reference) == EXPECTED_ACTIVITIES
    assert "Åmål" in reference.text
    assert "”ökad trygghet”" in reference.text


# --- encodings --------------------------------------------------------------------

ENCODINGS = [
    # (label, bytes of the document, expected source.encoding)
    ("utf-8", DOCUMENT.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", codecs.BOM_UTF8 + DOCUMENT.encode("utf-8"), "utf-8-sig"),
    ("utf-16-le with BOM", codecs.BOM_UTF16_LE + DOCUMENT.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be with BOM", codecs.BOM_UTF16_BE + DOCUMENT.encode("utf-16-be"), "utf-16-be"),
    ("utf-16 without BOM", DOCUMENT.encode("utf-16-le"), "utf-16-le"),
    ("windows-1252", DOCUMENT.encode("cp1252"), "windows-1252"),
]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [pytest.param(data, encoding, id=label) for label, data, encoding in ENCODINGS],
)
def test_encodings_decode_to_the_same_document(
    tmp_path: Path, data: bytes, encoding: str, reference: PromiseDocument
) -> None:
    path = tmp_path / "lofte.txt"
    path.write_bytes(data)
    doc = loftesparser.parse_file(path)
    assert doc.source.encoding == encoding
    assert doc.source.size_bytes == len(data)
    assert doc.text == reference.text
    assert activity_pairs(doc) == activity_pairs(reference) == EXPECTED_ACTIVITIES
    for word in ("Åmål", "Köpmannagatan", "caféet", "18–22", "”ökad trygghet”"):
        assert word in doc.text


def test_latin1_decodes_correctly(tmp_path: Path, latin1_reference: PromiseDocument) -> None:
    data = LATIN1_DOCUMENT.encode("latin-1")
    path = tmp_path / "lofte.txt"
    path.write_bytes(data)
    doc = loftesparser.parse_file(path)
    # Latin-1 text that uses no C1 control byte is byte-for-byte Windows-1252 text,
    # so the detector names the superset; the decoded characters are the same.
    assert doc.source.encoding in {"windows-1252", "latin-1"}
    assert doc.text == latin1_reference.text
    assert activity_pairs(doc) == activity_pairs(latin1_reference)
    assert doc.activities[0].text == "Trygghetsvandring i Åmål"
    assert "caféet" in doc.text
    assert "Köpmannagatan" in doc.text


def test_latin1_with_bytes_undefined_in_windows_1252() -> None:
    text, encoding = decode_bytes("Åmål\x90 café".encode("latin-1"))
    assert encoding == "latin-1"
    assert text == "Åmål\x90 café"


@pytest.mark.parametrize("codec", ["utf-8", "cp1252", "latin-1", "utf-16"])
def test_decode_bytes_round_trips_swedish_letters(codec: str) -> None:
    sample = "åäö ÅÄÖ é"
    data = sample.encode(codec)
    assert decode_bytes(data)[0] == sample


def test_bom_with_invalid_body_is_a_typed_error() -> None:
    with pytest.raises(LoftesparserError):
        read_bytes(codecs.BOM_UTF8 + b"Polisen lovar \xff\xfe\xfd trygghet", name="x.txt")


# --- line endings, control characters, invisible characters, NFD ----------------------


@pytest.mark.parametrize(
    "newline",
    [pytest.param("\r\n", id="crlf"), pytest.param("\r", id="cr"), pytest.param("\n", id="lf")],
)
def test_line_endings(newline: str, reference: PromiseDocument) -> None:
    doc = loftesparser.parse_text(DOCUMENT.replace("\n", newline))
    assert doc.text == reference.text
    assert activity_pairs(doc) == EXPECTED_ACTIVITIES


def test_mixed_line_endings(reference: PromiseDocument) -> None:
    lines = DOCUMENT.split("\n")
    endings = ["\r\n", "\n", "\r"]  # never "\r" right before "\n": that is one CRLF
    mixed = "".join(line + endings[i % 3] for i, line in enumerate(lines))
    doc = loftesparser.parse_text(mixed)
    assert doc.text == reference.text
    assert activity_pairs(doc) == EXPECTED_ACTIVITIES


def test_mixed_line_endings_in_a_file(tmp_path: Path, reference: PromiseDocument) -> None:
    data = DOCUMENT.replace("\n", "\r\n", 5).replace("\n", "\r", 3).encode("cp1252")
    path = tmp_path / "lofte.txt"
    path.write_bytes(data)
    doc = loftesparser.parse_file(path)
    assert doc.text == reference.text
    assert activity_pairs(doc) == EXPECTED_ACTIVITIES


def test_split_lines_handles_every_line_ending() -> None:
    assert split_lines("a\r\nb\rc\nd\u2028e\u2029f") == ["a", "b", "c", "d", "e", "f"]


def test_nul_and_control_characters_are_removed(reference: PromiseDocument) -> None:
    dirty = (
        DOCUMENT.replace("Trygghetsvandring", "Trygghets\x00vandring")
        .replace("Fotpatrullering", "\x07Fotpatrullering\x1b")
        .replace("Ökad", "Ök\x7fad\x85")
        .replace("Medborgarlöfte 2023", "\x0c\x0bMedborgarlöfte 2023")
    )
    doc = loftesparser.parse_text(dirty)
    assert activity_pairs(doc) == EXPECTED_ACTIVITIES
    assert "control_characters" in warning_codes(doc)
    assert not any(ord(ch) < 32 and ch != "\n" for ch in doc.text)
    assert "\x00" not in doc.text and "\x7f" not in doc.text


def test_nul_bytes_in_a_file(tmp_path: Path) -> None:
    data = DOCUMENT.replace("Trygghetsvandring", "Trygghets\x00vandring").encode("utf-8")
    path = tmp_path / "lofte.txt"
    path.write_bytes(data)
    doc = loftesparser.parse_file(path)
    assert activity_pairs(doc) == EXPECTED_ACTIVITIES
    assert "\x00" not in doc.text


def test_invisible_and_odd_spaces(reference: PromiseDocument) -> None:
    odd = (
        DOCUMENT.replace(
            "Trygghetsvandring i Åmål", "Trygg\u00adhets\u200bvandring\u00a0i\u2009Åmål"
        )
        .replace("Fotpatrullering på", "Fot\u00adpatrullering\u202fpå")
        .replace("Ökad belysning", "\ufeffÖkad\u00a0\u00a0belysning\u200d")
        .replace("Polisen lovar:", "Polisen\u3000lovar:\u2060")
    )
    doc = loftesparser.parse_text(odd)
    assert doc.text == reference.text
    assert activity_pairs(doc) == EXPECTED_ACTIVITIES
    for ch in "\u00ad\u200b\u200d\u2060\ufeff\u00a0\u202f\u2009\u3000":
        assert ch not in doc.text


def test_nfd_text_is_normalized_to_nfc(reference: PromiseDocument) -> None:
    nfd = unicodedata.normalize("NFD", DOCUMENT)
    assert nfd != DOCUMENT
    doc = loftesparser.parse_text(nfd)
    assert doc.text == reference.text
    assert unicodedata.is_normalized("NFC", doc.text)
    assert activity_pairs(doc) == EXPECTED_ACTIVITIES


def test_nfd_file_in_utf16(tmp_path: Path, reference: PromiseDocument) -> None:
    path = tmp_path / "lofte.txt"
    nfd = unicodedata.normalize("NFD", DOCUMENT)
    path.write_bytes(codecs.BOM_UTF16_LE + nfd.encode("utf-16-le"))
    doc = loftesparser.parse_file(path)
    assert doc.text == reference.text
    assert activity_pairs(doc) == EXPECTED_ACTIVITIES


# --- empty, whitespace-only and oversized input ---------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="zero-bytes"),
        pytest.param(b"   \n\t\r\n  \r", id="whitespace"),
        pytest.param(codecs.BOM_UTF8, id="utf8-bom-only"),
        pytest.param(codecs.BOM_UTF8 + b" \r\n\t", id="utf8-bom-whitespace"),
        pytest.param(codecs.BOM_UTF16_LE + " \n \n".encode("utf-16-le"), id="utf16-whitespace"),
        pytest.param("\u00a0 \u3000\n".encode(), id="unicode-spaces-only"),
    ],
)
def test_empty_input_is_an_empty_document_error(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(EmptyDocumentError) as info:
        read_bytes(data, name="tom.txt")
    assert info.value.message
    path = tmp_path / "tom.txt"
    path.write_bytes(data)
    with pytest.raises(EmptyDocumentError) as info:
        loftesparser.parse_file(path)
    assert info.value.path == str(path)
    assert isinstance(info.value, LoftesparserError)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\r\n\t", "\u00a0\u200b"])
def test_parse_text_of_empty_string_is_a_valid_empty_document(text: str) -> None:
    # parse_text takes the caller's string as it is: no exception, an empty
    # document that says why it is empty.
    doc = loftesparser.parse_text(text)
    assert doc.activities == []
    assert doc.text == ""
    assert warning_codes(doc) & {"not_a_medborgarlofte", "no_activities"}
    PromiseDocument.model_validate_json(doc.to_json())


def test_too_large_bytes() -> None:
    options = ParseOptions(max_bytes=100)
    with pytest.raises(DocumentTooLargeError) as info:
        read_bytes(DOCUMENT.encode("utf-8"), name="stor.txt", options=options)
    assert "100" in info.value.message


def test_too_large_file(tmp_path: Path) -> None:
    path = tmp_path / "stor.txt"
    path.write_bytes(DOCUMENT.encode("utf-8"))
    options = ParseOptions(max_bytes=64)
    with pytest.raises(DocumentTooLargeError) as info:
        loftesparser.parse_file(path, options=options)
    assert info.value.path == str(path)
    assert "max_bytes" in info.value.message  # says how to raise the limit
    with pytest.raises(DocumentTooLargeError):
        read_file(path, options)
    # At the limit is fine; the limit is configurable.
    exact = ParseOptions(max_bytes=path.stat().st_size)
    assert activity_pairs(loftesparser.parse_file(path, options=exact)) == EXPECTED_ACTIVITIES


def test_too_large_is_checked_before_format(tmp_path: Path) -> None:
    path = tmp_path / "stor.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * 1000)
    with pytest.raises(DocumentTooLargeError):
        loftesparser.parse_file(path, options=ParseOptions(max_bytes=500))


# --- files that are not what they seem --------------------------------------------------


PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
ZIP_HEADER = b"PK\x03\x04\x14\x00\x06\x00"


def _garbage(n: int = 4096, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(n)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("lofte.txt", _garbage(), id="random-bytes-txt"),
        pytest.param("lofte.md", _garbage(seed=1), id="random-bytes-md"),
        pytest.param("lofte.pdf", _garbage(seed=2), id="random-bytes-pdf"),
        pytest.param("bild.txt", PNG_HEADER + _garbage(512), id="png"),
        pytest.param("lofte.txt", ZIP_HEADER + _garbage(1024, seed=3), id="docx"),
        pytest.param("lofte.txt", b"\x00" * 64, id="nul-bytes"),
    ],
)
def test_binary_garbage_is_unsupported_format(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnsupportedFormatError) as info:
        loftesparser.parse_file(path)
    assert "supported" in info.value.message
    with pytest.raises(UnsupportedFormatError):
        read_bytes(data, name=name)


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "finns_inte.txt"
    with pytest.raises(UnreadableFileError) as info:
        loftesparser.parse_file(path)
    assert info.value.path == str(path)
    with pytest.raises(UnreadableFileError):
        loftesparser.parse(str(path))
    with pytest.raises(UnreadableFileError):
        loftesparser.parse(path)


def test_directory_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "mapp.txt"
    folder.mkdir()
    with pytest.raises(UnreadableFileError) as info:
        loftesparser.parse_file(folder)
    assert "folder" in info.value.message
    with pytest.raises(UnreadableFileError):
        loftesparser.parse_file(tmp_path)


@pytest.mark.parametrize("pdf_backend", PDF_BACKENDS)
def test_text_file_named_pdf_is_read_as_text(tmp_path: Path, pdf_backend: str) -> None:
    path = tmp_path / "lofte.pdf"
    path.write_bytes(DOCUMENT.encode("cp1252"))
    doc = loftesparser.parse_file(path, options=ParseOptions(pdf_backend=pdf_backend))  # type: ignore[arg-type]
    assert doc.source.format == "text"
    assert doc.source.encoding == "windows-1252"
    assert activity_pairs(doc) == EXPECTED_ACTIVITIES


def test_markdown_named_file_is_markdown(tmp_path: Path) -> None:
    path = tmp_path / "lofte.md"
    path.write_text(DOCUMENT.replace("Polisen lovar:", "## Polisen lovar:"), encoding="utf-8")
    doc = loftesparser.parse_file(path)
    assert doc.source.format == "markdown"
    assert activity_pairs(doc) == EXPECTED_ACTIVITIES


def test_a_bad_file_does_not_change_other_results(tmp_path: Path) -> None:
    good = tmp_path / "bra.txt"
    good.write_text(DOCUMENT, encoding="utf-8")
    bad = tmp_path / "trasig.txt"
    bad.write_bytes(_garbage())
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    pipeline = loftesparser.get_pipeline()
    before = pipeline.parse_file(good)
    for path in (bad, empty, tmp_path / "saknas.txt", good, bad):
        with contextlib.suppress(LoftesparserError):
            pipeline.parse_file(path)
    after = pipeline.parse_file(good)
    assert after == before


def test_errors_carry_codes_and_messages() -> None:
    for cls in (
        UnreadableFileError,
        UnsupportedFormatError,
        EncryptedPdfError,
        NoTextLayerError,
        EmptyDocumentError,
        DocumentTooLargeError,
    ):
        assert issubclass(cls, LoftesparserError)
        error = cls("gör så här", path="a.txt")
        assert str(error) == "a.txt: gör så här"
        assert error.code and error.code != "error"
        assert error.exit_code == 1


# --- not a medborgarlöfte ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["news_article.txt", "empty_template.txt"])
def test_not_a_medborgarlofte_is_a_document_with_a_warning(name: str) -> None:
    doc = loftesparser.parse_file(DOCUMENTS / name)
    assert doc.activities == []
    assert warning_codes(doc) & {"not_a_medborgarlofte", "no_activities"}
    PromiseDocument.model_validate_json(doc.to_json())


@pytest.mark.parametrize(
    "text",
    [
        "Ort och datum ....................\n\n....................\nNamnförtydligande\n",
        "Medborgarlöfte\n\nOrt och datum\n\n______________________\n\n______________________\n",
        "<html><body><p>Sidan kunde inte hittas</p></body></html>",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 20,
    ],
)
def test_templates_and_junk_are_documents_with_a_warning(text: str) -> None:
    doc = loftesparser.parse_text(text)
    assert doc.activities == []
    assert warning_codes(doc) & {"not_a_medborgarlofte", "no_activities"}


# --- adversarial input: no catastrophic backtracking -----------------------------------

ADVERSARIAL = [
    pytest.param("/" * 50_000, id="slashes"),
    pytest.param("- " * 50_000, id="bullets-one-line"),
    pytest.param("- \n" * 50_000, id="bullet-lines"),
    pytest.param("Polisen lovar:\n" + "- x/ Polisen\n" * 20_000, id="marker-lines"),
    pytest.param("Polisen och " * 20_000, id="polisen-och"),
    pytest.param("Trygghetsvandring " + "/ Polisen och kommunen " * 5_000, id="marker-chain"),
    pytest.param("a" * 100_000 + "/", id="long-word-slash"),
    pytest.param("*" * 50_000, id="stars"),
    pytest.param("**a " * 20_000, id="bold-openers"),
    pytest.param("_" * 50_000, id="underscores"),
    pytest.param("." * 50_000, id="dots"),
    pytest.param("(" * 30_000 + ")" * 30_000, id="parentheses"),
    pytest.param("1. " * 30_000, id="numbers"),
    pytest.param("2020/" * 20_000, id="years"),
    pytest.param("1 januari " * 20_000, id="dates"),
    pytest.param("Polisen,\n" * 30_000, id="actor-lines"),
    pytest.param("trygghets-\n" * 30_000, id="hyphenation"),
    pytest.param(" " * 100_000 + "Polisen", id="spaces"),
    pytest.param("# " * 30_000, id="hashes"),
    pytest.param("# " + "#" * 50_000 + " x", id="heading-closing-hashes"),
    pytest.param("**" + "a " * 50_000, id="unclosed-bold"),
    pytest.param("__a " * 20_000, id="underscore-openers"),
    pytest.param("*a " * 30_000, id="emphasis-openers"),
    pytest.param("Ansvar: " * 20_000, id="ansvar"),
    pytest.param("– Kommunen " * 20_000, id="dash-markers"),
    pytest.param("(Polisen) " * 20_000, id="paren-markers"),
]


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_adversarial_lines_complete(text: str) -> None:
    doc = loftesparser.parse_text(text)
    assert len(doc.text) <= len(text)
    for activity in doc.activities:
        assert 0 <= activity.span.start <= activity.span.end <= len(doc.text)


def _large_document(target: int) -> str:
    seed = DOCUMENT.split("\n", 2)[2]  # everything after the title
    repeats = target // len(seed.encode("utf-8")) + 1
    return "Medborgarlöfte 2023\n\n" + seed * repeats


# Linear time is what is tested: at the quadratic cost this suite once had
# (every activity compared with every promise), 10 MB took hours. About a
# minute of CPU now (measured: 51 s, 97,000 activities, 800 MB peak).
@pytest.mark.slow
def test_ten_megabyte_document_completes() -> None:
    text = _large_document(10 * 1024 * 1024)
    assert len(text.encode("utf-8")) >= 10 * 1024 * 1024
    doc = loftesparser.parse_text(text)
    assert len(doc.activities) > 0
    for activity in doc.activities[:50]:
        assert activity.actors


def test_large_file_under_the_default_limit(tmp_path: Path) -> None:
    path = tmp_path / "stor.txt"
    path.write_bytes(_large_document(256 * 1024).encode("utf-16"))
    doc = loftesparser.parse_file(path)
    assert doc.source.encoding == "utf-16-le"
    assert len(doc.activities) > 0


# --- PDFs ---------------------------------------------------------------------------------

HAS_PDF_READER = importlib.util.find_spec("loftesparser.readers.pdf") is not None
needs_pdf = pytest.mark.skipif(not HAS_PDF_READER, reason="readers/pdf.py is not there yet")


@pytest.fixture(params=PDF_BACKENDS)
def pdf_options(request: pytest.FixtureRequest) -> ParseOptions:
    """Options with each PDF backend: broken PDFs must fail alike with both."""
    return ParseOptions(pdf_backend=request.param)


def _with(options: ParseOptions, password: str) -> ParseOptions:
    return dataclasses.replace(options, pdf_password=password)


def _reportlab_pdf(lines: list[str] | None, **canvas_args: object) -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, **canvas_args)  # type: ignore[arg-type]
    if lines is None:  # an image-only page: drawn shapes, no text
        pdf.rect(50, 50, 400, 600, fill=1)
        pdf.circle(300, 400, 80, fill=1)
    else:
        y = 800
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 16
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _hand_pdf(objects: list[bytes]) -> bytes:
    """Assemble a PDF from object bodies (object 1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _zero_page_pdf() -> bytes:
    return _hand_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    )


def _cid_pdf() -> bytes:
    """A page whose only font is a CID font without a ToUnicode map: text comes out as (cid:N)."""
    glyphs = b"".join(b"<%04x> Tj 0 -14 Td " % n for n in range(3, 40))
    content = b"BT /F1 12 Tf 60 780 Td " + glyphs + b"ET"
    return _hand_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /Xyz /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Xyz "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor 7 0 R /DW 600 >>",
            b"<< /Type /FontDescriptor /FontName /Xyz /Flags 4 /FontBBox [0 0 1000 1000] "
            b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
        ]
    )


PDF_LINES = [line for line in LATIN1_DOCUMENT.split("\n")]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@needs_pdf
def test_pdf_with_text_parses(tmp_path: Path, pdf_options: ParseOptions) -> None:
    path = _write(tmp_path, "lofte.pdf", _reportlab_pdf(PDF_LINES))
    doc = loftesparser.parse_file(path, options=pdf_options)
    assert doc.source.format == "pdf"
    assert doc.activities[0].text == "Trygghetsvandring i Åmål"


@needs_pdf
@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.9])
def test_truncated_pdf_is_a_typed_error_or_a_document(
    tmp_path: Path, fraction: float, pdf_options: ParseOptions
) -> None:
    data = _reportlab_pdf(PDF_LINES)
    path = _write(tmp_path, "trunkerad.pdf", data[: int(len(data) * fraction)])
    try:
        doc = loftesparser.parse_file(path, options=pdf_options)
    except LoftesparserError as error:
        assert error.path == str(path)
        assert error.message
    else:
        PromiseDocument.model_validate_json(doc.to_json())


@needs_pdf
def test_pdf_header_only_is_a_typed_error(tmp_path: Path, pdf_options: ParseOptions) -> None:
    with pytest.raises(LoftesparserError):
        loftesparser.parse_file(_write(tmp_path, "kort.pdf", b"%PDF-1.7\n"), options=pdf_options)


@needs_pdf
def test_encrypted_pdf(tmp_path: Path, pdf_options: ParseOptions) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    encrypt = StandardEncryption("hemligt", ownerPassword="agare", canPrint=1)
    path = _write(tmp_path, "krypterad.pdf", _reportlab_pdf(PDF_LINES, encrypt=encrypt))
    with pytest.raises(EncryptedPdfError) as info:
        loftesparser.parse_file(path, options=pdf_options)
    assert "password" in info.value.message.casefold() or "lösenord" in info.value.message
    doc = loftesparser.parse_file(path, options=_with(pdf_options, "hemligt"))
    assert doc.activities[0].text == "Trygghetsvandring i Åmål"
    with pytest.raises(EncryptedPdfError):
        loftesparser.parse_file(path, options=_with(pdf_options, "fel"))


@needs_pdf
def test_pdf_encrypted_with_empty_user_password_parses(
    tmp_path: Path, pdf_options: ParseOptions
) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    encrypt = StandardEncryption("", ownerPassword="agare", canPrint=1, canCopy=0)
    path = _write(tmp_path, "skyddad.pdf", _reportlab_pdf(PDF_LINES, encrypt=encrypt))
    doc = loftesparser.parse_file(path, options=pdf_options)
    assert doc.activities[0].text == "Trygghetsvandring i Åmål"


@needs_pdf
def test_zero_page_pdf_is_empty(tmp_path: Path, pdf_options: ParseOptions) -> None:
    path = _write(tmp_path, "noll.pdf", _zero_page_pdf())
    with pytest.raises((EmptyDocumentError, NoTextLayerError)):
        loftesparser.parse_file(path, options=pdf_options)


@needs_pdf
def test_image_only_pdf_has_no_text_layer(tmp_path: Path, pdf_options: ParseOptions) -> None:
    path = _write(tmp_path, "skannad.pdf", _reportlab_pdf(None))
    with pytest.raises(NoTextLayerError) as info:
        loftesparser.parse_file(path, options=pdf_options)
    assert "OCR" in info.value.message


@needs_pdf
def test_cid_glyph_pdf_is_a_typed_error_or_flagged(
    tmp_path: Path, pdf_options: ParseOptions
) -> None:
    path = _write(tmp_path, "cid.pdf", _cid_pdf())
    try:
        doc = loftesparser.parse_file(path, options=pdf_options)
    except LoftesparserError as error:
        assert isinstance(error, (NoTextLayerError, UnreadableFileError))
    else:
        assert doc.activities == []
        assert "unmapped_glyphs" in warning_codes(doc)
        assert "(cid:" not in " ".join(a.text for a in doc.activities)


def test_text_named_pdf_with_pdf_like_name_only(tmp_path: Path, pdf_options: ParseOptions) -> None:
    # Format is decided by content: a .PDF (upper case) text file is text too.
    path = _write(tmp_path, "LOFTE.PDF", DOCUMENT.encode("utf-8"))
    doc = loftesparser.parse_file(path, options=pdf_options)
    assert doc.source.format == "text"
    assert activity_pairs(doc) == EXPECTED_ACTIVITIES
