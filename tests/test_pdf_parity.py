"""Whole-pipeline parity: every PDF layout of a seed parses to the same document as its text.

Same activities (text, actors, section), title, kommuner, sections, period and
signing, on every layout in ``corpus/pdf`` (made by scripts/make_corpus_pdfs.py),
with every PDF backend; and the backends read every corpus PDF to the same lines.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any

import pytest

import loftesparser
from loftesparser.evaluation import EvalReport, evaluate
from loftesparser.models import PromiseDocument
from loftesparser.normalize import normalize
from loftesparser.options import PDF_BACKENDS, ParseOptions
from loftesparser.readers import read_file
from tests.conftest import CORPUS, GOLD, SEED_STEMS

PDF_CORPUS = CORPUS / "pdf"
LAYOUTS = sorted(p.name for p in PDF_CORPUS.iterdir() if p.is_dir()) if PDF_CORPUS.exists() else []


def facts(doc: PromiseDocument) -> dict[str, Any]:
    """What must not depend on the file format (offsets and page boxes may)."""
    period = doc.period
    return {
        "title": doc.title,
        "kommuner": sorted(doc.kommuner),
        "sections": [section.heading for section in doc.sections],
        "period": None if period is None else (period.start, period.end, period.duration),
        "signed": (doc.signed.date, doc.signed.place),
        "activities": [
            (activity.text, sorted(activity.actors or []), activity.section)
            for activity in doc.activities
        ],
    }


@pytest.fixture(params=PDF_BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@cache
def parsed(path: Path, backend: str = PDF_BACKENDS[0]) -> PromiseDocument:
    return loftesparser.parse_file(path, options=ParseOptions(pdf_backend=backend))  # type: ignore[arg-type]


def parser(backend: str) -> Callable[[Path], PromiseDocument]:
    return partial(parsed, backend=backend)


def text_facts(stem: str) -> dict[str, Any]:
    return facts(parsed(CORPUS / f"{stem}.txt"))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("stem", SEED_STEMS)
def test_pdf_parses_like_its_text(stem: str, layout: str, backend: str) -> None:
    pdf = PDF_CORPUS / layout / f"{stem}.pdf"
    doc = parsed(pdf, backend)
    assert doc.source.format == "pdf" and (doc.source.page_count or 0) >= 1
    expected, got = text_facts(stem), facts(doc)
    for key in expected:
        assert got[key] == expected[key], f"{pdf.relative_to(CORPUS)}: {key} differs"


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_activity_split_by_a_page_break_spans_both_pages(stem: str, backend: str) -> None:
    pdf = PDF_CORPUS / "page_break" / f"{stem}.pdf"
    doc = parsed(pdf, backend)
    lines = normalize(read_file(pdf, ParseOptions(pdf_backend=backend)).lines).lines  # type: ignore[arg-type]
    assert doc.text == "\n".join(line.text for line in lines)
    spans = []
    for activity in doc.activities:
        start, end = activity.span.start, activity.span.end
        pages = {
            line.provenance.page
            for line in lines
            if line.provenance is not None and line.start < end and line.end > start
        }
        spans.append(sorted(pages))
    # The generator breaks the page inside the longest list item: one activity.
    assert any(len(pages) == 2 for pages in spans), spans


@cache
def text_figures() -> dict[str, Any]:
    return figures(evaluate(GOLD, CORPUS, parse=parsed))


def figures(report: EvalReport) -> dict[str, Any]:
    dumped = report.model_dump()
    return {"micro": dumped["micro"], "accuracy": dumped["accuracy"]}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_eval_figures_equal_the_text_figures(layout: str, backend: str) -> None:
    """``eval`` on a PDF layout folder reports what it reports on the texts."""
    report = evaluate(GOLD, PDF_CORPUS / layout, parse=parser(backend))
    assert [d.status for d in report.documents] == ["scored"] * len(SEED_STEMS)
    assert figures(report) == text_figures()


def test_parity_covers_the_corpus() -> None:
    assert len(LAYOUTS) >= 7 and all(
        (PDF_CORPUS / layout / f"{stem}.pdf").exists() for layout in LAYOUTS for stem in SEED_STEMS
    )


def _lines(pdf: Path, backend: str) -> list[tuple[str, int | None, bool, int | None]]:
    result = read_file(pdf, ParseOptions(pdf_backend=backend))  # type: ignore[arg-type]
    return [
        (line.text, line.provenance.page if line.provenance else None, line.bold, line.bold_tail)
        for line in result.lines
    ]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_backends_read_the_same_lines(layout: str) -> None:
    """pypdfium2 and pdfplumber: the same lines (text, page, bold) on every corpus PDF."""
    for stem in SEED_STEMS:
        pdf = PDF_CORPUS / layout / f"{stem}.pdf"
        plumber, pdfium = _lines(pdf, "pdfplumber"), _lines(pdf, "pypdfium2")
        assert any(text for text, *_ in plumber), pdf
        assert pdfium == plumber, pdf.relative_to(CORPUS)
