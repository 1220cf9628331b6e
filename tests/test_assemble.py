"""Assemble: the span -> (page, bbox) lookup and the located dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from loftesparser.assemble import (
    Locator,
    activity_data,
    assemble,
    build_source,
    content_warnings,
    locate_dates,
    section_data,
    text_item_data,
)
from loftesparser.extract.content import extract_content
from loftesparser.extract.sections import extract_sections
from loftesparser.extract.temporal import extract_temporal
from loftesparser.models import (
    Activity,
    BBox,
    ParseWarning,
    PromiseDocument,
    Section,
    Signed,
    TextItem,
    WarningCode,
    validated,
)
from loftesparser.normalize import normalize
from loftesparser.options import ParseOptions
from loftesparser.readers import read_file, read_text_str
from loftesparser.readers.base import union_bbox
from loftesparser.segment import Structure, segment
from tests.conftest import CORPUS

_PDFS = sorted((CORPUS / "pdf").rglob("*.pdf"))


def _structure_of(path: Path) -> Structure:
    return segment(normalize(read_file(path, ParseOptions()).lines))


def _scan_reference(structure: Structure, start: int, end: int) -> tuple[int | None, BBox | None]:
    """The lookup by a scan over every line: the page of the last line starting at or
    before ``start`` (else the first line), and the box of the span's non-blank lines on it."""
    lines = structure.normalized.lines
    if not lines:
        return None, None
    first = lines[0]
    for line in lines:
        if line.start <= start:
            first = line
    if first.provenance is None:
        return None, None
    page = first.provenance.page
    boxes = [
        line.provenance.bbox
        for line in lines
        if first.start <= line.start < end
        and line.provenance is not None
        and line.provenance.page == page
        and not line.blank
    ]
    return page, union_bbox(boxes)


@pytest.mark.parametrize("path", _PDFS[:6], ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_locate_equals_a_scan_over_every_line(path: Path) -> None:
    structure = _structure_of(path)
    locator = Locator(structure)
    assert locator.paged
    offsets = sorted({0, len(structure.text)} | {line.start for line in structure.normalized.lines})
    for start in offsets[::3]:
        for end in (start, start + 1, start + 40, start + 400):
            expected = _scan_reference(structure, start, end)
            assert locator.locate(start, end) == expected, (start, end)


def test_text_input_has_no_pages() -> None:
    text = sorted(CORPUS.glob("*.txt"))[0].read_text()
    structure = segment(normalize(read_text_str(text).lines))
    locator = Locator(structure)
    assert not locator.paged
    assert all(
        locator.locate(line.start, line.start + 10) == (None, None)
        for line in structure.normalized.lines
    )


@pytest.mark.parametrize("path", _PDFS[:3], ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_located_dates_equal_copies_with_their_page(path: Path) -> None:
    structure = _structure_of(path)
    locator = Locator(structure)
    dates = extract_temporal(structure).dates
    assert dates
    located = locate_dates(dates, locator)
    expected = []
    for mention in dates:
        page, bbox = locator.locate(mention.span.start, mention.span.end)
        expected.append(mention.model_copy(update={"page": page, "bbox": bbox}))
    assert located == expected
    assert all(mention.page is not None for mention in located)


def test_dates_of_a_text_are_already_located() -> None:
    structure = segment(normalize(read_text_str("Medborgarlöftet gäller 2024–2025.\n").lines))
    dates = extract_temporal(structure).dates
    assert dates
    assert locate_dates(dates, Locator(structure)) == dates


def test_a_text_input_mention_with_a_page_loses_it() -> None:
    # locate_dates skips the lookups on text input: the copies equal the lookups' answers.
    structure = segment(normalize(read_text_str("Medborgarlöftet gäller 2024–2025.\n").lines))
    locator = Locator(structure)
    dates = extract_temporal(structure).dates
    moved = [
        mention.model_copy(update={"page": 2, "bbox": (1.0, 2.0, 3.0, 4.0)}) for mention in dates
    ]
    expected = []
    for mention in moved:
        page, bbox = locator.locate(mention.span.start, mention.span.end)
        expected.append(mention.model_copy(update={"page": page, "bbox": bbox}))
    assert locate_dates(moved, locator) == expected == dates


@pytest.mark.parametrize(
    "data",
    [
        {"text": "Fotpatrullering", "actors": ["polisen", "kommunen", "polisen"],
         "actor_source": "marker", "span": {"start": 3, "end": 18}},
        {"text": "x", "actors": [], "actor_source": "none", "span": {"start": 5, "end": 2}},
        {"text": "x", "actors": ["skolan"], "actor_source": "none", "span": {"start": 0, "end": 1}},
        {"text": "x", "actors": [], "actor_source": "none", "span": {"start": 0, "end": 1}, "y": 1},
    ],
)  # fmt: skip
def test_validated_is_model_validate(data: dict[str, object]) -> None:
    # The stages call the model's validator directly: the same model or the same errors.
    try:
        expected = Activity.model_validate(data)
    except ValidationError as error:
        with pytest.raises(ValidationError) as raised:
            validated(Activity, data)
        assert raised.value.errors(include_context=False) == error.errors(include_context=False)
    else:
        assert validated(Activity, data) == expected


def _assemble_from_models(structure: Structure) -> tuple[PromiseDocument, PromiseDocument]:
    """The document of ``assemble``, and the same built the former way: each section,
    item and activity validated as a model of its own, the warnings read off the models."""
    sections = extract_sections(structure)
    content = extract_content(structure, sections)
    read = read_text_str(structure.text)
    document = assemble(
        read=read, structure=structure, sections=sections, content=content, kommuner=[],
        lokalpolisomrade=None, period=None, signed=Signed(), signatories=[], dates=[],
        warnings=[],
    )  # fmt: skip
    locator = Locator(structure)
    activities = [Activity.model_validate(activity_data(f, locator)) for f in content.activities]
    warnings = [
        ParseWarning(
            code=WarningCode.NO_OWNER,
            message=f"no owner found for the activity {activity.text[:60]!r}",
            span=activity.span,
        )
        for activity in activities
        if not activity.actors
    ]
    former = PromiseDocument(
        parser_version=document.parser_version,
        source=build_source(read, structure),
        title=structure.title.text if structure.title else None,
        signed=Signed(),
        sections=[Section.model_validate(section_data(s, locator)) for s in sections],
        focus_areas=[TextItem.model_validate(text_item_data(f, locator)) for f in content.focus_areas],
        promises=[TextItem.model_validate(text_item_data(f, locator)) for f in content.promises],
        activities=activities,
        warnings=warnings if activities else content_warnings([], structure.text),
        text=structure.text,
        kommuner=[], lokalpolisomrade=None, period=None, signatories=[], dates=[],
    )  # fmt: skip
    return document, former


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_one_validation_equals_the_models_validated_one_by_one(path: Path) -> None:
    structure = segment(normalize(read_text_str(path.read_text()).lines))
    document, former = _assemble_from_models(structure)
    assert document.activities
    assert document == former
    assert document.model_dump_json() == former.model_dump_json()
    for built, expected in zip(document.activities, former.activities, strict=True):
        assert built.model_fields_set == expected.model_fields_set
        assert built.span.model_fields_set == expected.span.model_fields_set


def test_one_validation_of_a_text_without_activities() -> None:
    structure = segment(normalize(read_text_str("Trafik\n\nInget här.\n").lines))
    document, former = _assemble_from_models(structure)
    assert not document.activities
    assert document == former
