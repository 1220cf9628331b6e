"""The output contract: pydantic models of a parsed medborgarlöfte.

Field names are part of the public contract (downstream evaluation and
importers read them). ``PromiseDocument.model_json_schema()`` is the published
JSON Schema; ``SCHEMA_VERSION`` changes whenever a field is added, renamed or
changes meaning.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = "1.0"

Actor = Literal["polisen", "kommunen"]
ACTORS: tuple[Actor, ...] = ("polisen", "kommunen")

ActorSource = Literal["marker", "subject", "header", "document", "none"]

SectionKind = Literal[
    "situation",
    "promise",
    "activities",
    "focus_areas",
    "timeframe",
    "follow_up",
    "purpose",
    "method",
    "signatures",
    "other",
]

Granularity = Literal["day", "month", "season", "year", "multi_year"]

DateRole = Literal[
    "validity",
    "signing",
    "document_date",
    "survey",
    "analysis",
    "follow_up",
    "deadline",
    "revision",
    "history",
    "reference",
    "other",
]

SourceFormat = Literal["text", "markdown", "pdf"]

BBox = tuple[float, float, float, float]
"""A box on a PDF page in points: (x0, top, x1, bottom), origin at the top left."""


class WarningCode(StrEnum):
    """Machine-readable reasons for a :class:`ParseWarning`."""

    NO_OWNER = "no_owner"
    NO_PERIOD = "no_period"
    PERIOD_CONFLICT = "period_conflict"
    INVALID_DATE = "invalid_date"
    AMBIGUOUS_DATE = "ambiguous_date"
    TWO_DIGIT_YEAR = "two_digit_year"
    MISSING_YEAR = "missing_year"
    RELATIVE_PERIOD_UNANCHORED = "relative_period_unanchored"
    NO_KOMMUN = "no_kommun"
    NO_ACTIVITIES = "no_activities"
    NOT_A_MEDBORGARLOFTE = "not_a_medborgarlofte"
    RESIDUE_REMOVED = "residue_removed"
    HEADER_FOOTER_REMOVED = "header_footer_removed"
    UNMAPPED_GLYPHS = "unmapped_glyphs"
    #: Some PDF pages are pictures without a text layer (scanned): not read.
    IMAGE_ONLY_PAGES = "image_only_pages"
    ENCODING_GUESSED = "encoding_guessed"
    CONTROL_CHARACTERS = "control_characters"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Span(_Model):
    """Character offsets ``[start, end)`` into :attr:`PromiseDocument.text`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")
        return self


class _Located(_Model):
    """Something found in the text: where it is, and on PDFs where on the page."""

    span: Span
    page: int | None = Field(default=None, ge=1, description="First PDF page (1-based).")
    bbox: BBox | None = Field(default=None, description="Box on the first page, PDF only.")


class ResidueLine(_Model):
    """A line dropped from the content (web-page chrome, logos, captions, page furniture)."""

    text: str
    kind: str = Field(description="e.g. web_chrome, logo, caption, running_header, page_number")
    page: int | None = None


class Source(_Model):
    path: str | None = None
    name: str | None = Field(default=None, description="File name or caller-given name.")
    sha256: str
    format: SourceFormat
    encoding: str | None = Field(default=None, description="Detected text encoding; null for PDF.")
    page_count: int | None = Field(default=None, ge=0)
    size_bytes: int = Field(ge=0)
    residue: list[ResidueLine] = Field(default_factory=list)


class Kommun(_Model):
    name: str = Field(description="Official short name, e.g. 'Habo', 'Upplands Väsby'.")
    code: str = Field(pattern=r"^\d{4}$", description="SCB kommun code.")
    lan: str = Field(description="Län name, e.g. 'Värmlands län'.")
    lan_code: str = Field(pattern=r"^\d{2}$")
    polisregion: str


class Lokalpolisomrade(_Model):
    name: str = Field(description="Bare name, e.g. 'Södra Vätterbygden'.")


class Period(_Model):
    """The promise's validity. Dates are inclusive."""

    start: dt.date | None = None
    end: dt.date | None = None
    duration: str | None = Field(
        default=None, pattern=r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$", description="ISO 8601."
    )
    text: str | None = None
    span: Span | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start and self.end and self.end < self.start:
            raise ValueError("period ends before it starts")
        return self


class Signed(_Model):
    date: dt.date | None = None
    place: str | None = None
    span: Span | None = None


class Signatory(_Model):
    name: str
    role: str | None = None
    organisation: str | None = Field(
        default=None, description="'Polismyndigheten', a kommun ('Forshaga kommun') or other."
    )
    party: str | None = Field(default=None, description="Political party tag, e.g. 'S'.")
    span: Span | None = None


class Section(_Located):
    heading: str
    kind: SectionKind


class TextItem(_Located):
    text: str


class Activity(_Located):
    text: str
    actors: list[Actor] = Field(description="Responsible parties, sorted; empty when unknown.")
    actor_source: ActorSource
    marker: str | None = Field(default=None, description="The raw ownership marker text.")
    section: str | None = None
    partners: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)

    @field_validator("actors")
    @classmethod
    def _sorted_unique(cls, value: list[Actor]) -> list[Actor]:
        return sorted(set(value))


class DateMention(_Located):
    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    granularity: Granularity | None = None
    role: DateRole = "other"
    duration: str | None = None


class ParseWarning(_Model):
    code: WarningCode
    message: str
    span: Span | None = None


class PromiseDocument(_Model):
    """A parsed medborgarlöfte."""

    schema_version: Literal["1.0"] = "1.0"
    parser_version: str
    source: Source
    title: str | None = None
    kommuner: list[Kommun] = Field(default_factory=list)
    lokalpolisomrade: Lokalpolisomrade | None = None
    period: Period | None = None
    signed: Signed = Field(default_factory=Signed)
    signatories: list[Signatory] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    focus_areas: list[TextItem] = Field(default_factory=list)
    promises: list[TextItem] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    warnings: list[ParseWarning] = Field(default_factory=list)
    text: str = Field(description="The normalized text all spans point into.")

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialize as UTF-8-friendly JSON (no ASCII escaping), fields in contract order."""
        return self.model_dump_json(indent=indent, ensure_ascii=False)


_AnyModel = TypeVar("_AnyModel", bound=BaseModel)


def validated(model: type[_AnyModel], data: dict[str, Any]) -> _AnyModel:
    """``model.model_validate(data)``: the same validator with the same (default)
    options, without the classmethod's Python layer (the stages build many models)."""
    result: _AnyModel = model.__pydantic_validator__.validate_python(data)
    return result
