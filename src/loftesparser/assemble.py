"""Assemble: extractor findings in, the validated :class:`PromiseDocument` out.

The only place that knows both the internal findings and the output models;
it also maps spans to PDF pages and boxes.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from loftesparser import __version__
from loftesparser.extract.activity_tags import themes_and_partners
from loftesparser.extract.content import ActivityFinding, ContentResult, TextFinding
from loftesparser.extract.sections import SectionInfo
from loftesparser.models import (
    BBox,
    DateMention,
    Kommun,
    Lokalpolisomrade,
    ParseWarning,
    Period,
    PromiseDocument,
    Signatory,
    Signed,
    Source,
    Span,
    WarningCode,
    validated,
)
from loftesparser.readers.base import ReadResult, union_bbox
from loftesparser.segment import Structure
from loftesparser.wordmatch import needs_exact_engine

_provenance = attrgetter("provenance")


@dataclass(frozen=True, slots=True)
class Locator:
    """Maps spans of the normalized text to (page, bbox) on PDF input."""

    structure: Structure
    #: Whether any line knows its page: text input has none, so every lookup is (None, None).
    paged: bool = field(init=False)
    #: Line start offsets, computed once: a lookup is a bisect, not a scan (linear time).
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        lines = self.structure.normalized.lines
        paged = any(map(_provenance, lines))  # a Provenance is always truthy
        object.__setattr__(self, "paged", paged)
        object.__setattr__(self, "starts", [line.start for line in lines] if paged else [])

    def locate(self, start: int, end: int) -> tuple[int | None, BBox | None]:
        """The page of the line holding ``start``, and the box of the span's lines on that page."""
        if not self.paged:
            return None, None
        lines = self.structure.normalized.lines
        index = max(0, bisect.bisect_right(self.starts, start) - 1)
        first = lines[index]
        if first.provenance is None:
            return None, None
        page = first.provenance.page
        boxes = []
        for i in range(index, len(lines)):
            line = lines[i]
            if line.start >= end:
                break
            if line.provenance is not None and line.provenance.page == page and not line.blank:
                boxes.append(line.provenance.bbox)
        bbox = union_bbox(boxes)
        return page, bbox


def build_source(read: ReadResult, structure: Structure) -> Source:
    return Source(
        path=read.path,
        name=read.name,
        sha256=read.sha256,
        format=read.format,
        encoding=read.encoding,
        page_count=read.page_count,
        size_bytes=read.size_bytes,
        residue=[*read.removed, *structure.normalized.residue],
    )


def section_data(section: SectionInfo, locator: Locator) -> dict[str, Any]:
    """A :class:`Section`'s fields, validated with the document."""
    block = section.block
    page, bbox = locator.locate(block.start, block.end)
    return {
        "heading": section.heading,
        "kind": section.kind,
        "span": {"start": block.start, "end": block.start + len(section.heading)},
        "page": page,
        "bbox": bbox,
    }


def text_item_data(finding: TextFinding, locator: Locator) -> dict[str, Any]:
    """A :class:`TextItem`'s fields, validated with the document."""
    page, bbox = locator.locate(finding.start, finding.end)
    return {
        "text": finding.text,
        "span": {"start": finding.start, "end": finding.end},
        "page": page,
        "bbox": bbox,
    }


def activity_data(finding: ActivityFinding, locator: Locator) -> dict[str, Any]:
    """An :class:`Activity`'s fields, validated with the document."""
    page, bbox = locator.locate(finding.start, finding.end)
    folded = finding.text.casefold()
    themes, partners = themes_and_partners(folded, needs_exact_engine(folded))
    if finding.marker is not None:
        partners += [p for p in finding.marker.others if p not in partners]
    return {
        "text": finding.text,
        "actors": sorted(finding.actors),
        "actor_source": finding.actor_source,
        "marker": finding.marker.raw if finding.marker else None,
        "section": finding.section.heading if finding.section else None,
        "partners": partners,
        "themes": themes,
        "span": {"start": finding.start, "end": finding.end},
        "page": page,
        "bbox": bbox,
    }


def locate_dates(dates: Sequence[DateMention], locator: Locator) -> list[DateMention]:
    """The mentions with their page and box; one that has them already (every mention
    of a text input, where both are None) is kept as it is instead of copied."""
    if not locator.paged:
        # Text input: every lookup is (None, None), so no call is needed to know it.
        return [
            mention
            if mention.page is None and mention.bbox is None
            else mention.model_copy(update={"page": None, "bbox": None})
            for mention in dates
        ]
    located = []
    for mention in dates:
        page, bbox = locator.locate(mention.span.start, mention.span.end)
        if page == mention.page and bbox == mention.bbox:
            located.append(mention)
        else:
            located.append(mention.model_copy(update={"page": page, "bbox": bbox}))
    return located


def content_warnings(activities: Sequence[ActivityFinding], text: str) -> list[ParseWarning]:
    """An activity without an owner, or none at all (the activities' actors are their findings')."""
    warnings = [
        ParseWarning(
            code=WarningCode.NO_OWNER,
            message=f"no owner found for the activity {activity.text[:60]!r}",
            span=Span(start=activity.start, end=activity.end),
        )
        for activity in activities
        if not activity.actors
    ]
    if not activities:
        lowered = text.casefold()
        if "löfte" not in lowered:
            warnings.append(
                ParseWarning(
                    code=WarningCode.NOT_A_MEDBORGARLOFTE,
                    message="the text does not look like a medborgarlöfte (no 'löfte' in it) "
                    "and no activities were found",
                )
            )
        else:
            warnings.append(
                ParseWarning(code=WarningCode.NO_ACTIVITIES, message="no activities were found")
            )
    return warnings


def assemble(
    *,
    read: ReadResult,
    structure: Structure,
    sections: Sequence[SectionInfo],
    content: ContentResult,
    kommuner: list[Kommun],
    lokalpolisomrade: Lokalpolisomrade | None,
    period: Period | None,
    signed: Signed,
    signatories: list[Signatory],
    dates: Sequence[DateMention],
    warnings: Sequence[ParseWarning],
) -> PromiseDocument:
    """Build the output document."""
    locator = Locator(structure)
    # The document is validated in one call, its sections, items and activities
    # as dicts inside it: each is validated once, as it would be on its own.
    return validated(
        PromiseDocument,
        {
            "parser_version": __version__,
            "source": build_source(read, structure),
            "title": structure.title.text if structure.title else None,
            "kommuner": kommuner,
            "lokalpolisomrade": lokalpolisomrade,
            "period": period,
            "signed": signed,
            "signatories": signatories,
            "sections": [section_data(section, locator) for section in sections],
            "focus_areas": [text_item_data(item, locator) for item in content.focus_areas],
            "promises": [text_item_data(item, locator) for item in content.promises],
            "activities": [activity_data(finding, locator) for finding in content.activities],
            "dates": locate_dates(dates, locator),
            "warnings": [*warnings, *content_warnings(content.activities, structure.text)],
            "text": structure.text,
        },
    )
