"""What every reader produces: lines with provenance.

A reader turns a file (text, PDF, ...) into a :class:`ReadResult`, a flat
stream of :class:`SourceLine` in reading order. Everything downstream works
on that stream, so a PDF and its text give the same document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from loftesparser.models import BBox, ResidueLine, SourceFormat


def union_bbox(boxes: Iterable[BBox]) -> BBox | None:
    """The smallest box holding all ``boxes``; None when there are none."""
    boxes = list(boxes)
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a line came from on a PDF page."""

    page: int
    bbox: BBox
    font: str | None = None
    size: float | None = None
    bold: bool = False


# Not frozen (nothing changes one after a reader builds it): one is built per
# line, and a frozen dataclass pays an ``object.__setattr__`` call for every field.
# Hashable as before.
@dataclass(slots=True, unsafe_hash=True)
class SourceLine:
    """One line of text as read, before normalization.

    ``bold`` is true when the whole line is set in a bold face (PDF) ;
    ``bold_tail`` holds the start offset of a bold run that lasts to the end of
    the line (an ownership marker set in bold), or None.
    """

    text: str
    provenance: Provenance | None = None
    bold: bool = False
    bold_tail: int | None = None
    #: True when the line starts a new paragraph by layout (vertical gap), PDF only.
    gap_before: bool = False


@dataclass(slots=True)
class ReadResult:
    """A file read into lines, with facts about the source."""

    lines: list[SourceLine]
    format: SourceFormat
    sha256: str
    size_bytes: int
    encoding: str | None = None
    page_count: int | None = None
    path: str | None = None
    name: str | None = None
    #: Lines the reader removed (running headers/footers, page numbers).
    removed: list[ResidueLine] = field(default_factory=list)
    #: Reader-level notes that become document warnings: (code, message).
    notes: list[tuple[str, str]] = field(default_factory=list)
