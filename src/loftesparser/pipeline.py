"""The pipeline: the only place that orders the stages.

read → normalize → segment → extract → assemble. A :class:`Pipeline` is
built once per process (it warms the language data and the spaCy pipeline)
and then parses any number of documents.
"""

from __future__ import annotations

from pathlib import Path

from loftesparser.assemble import assemble
from loftesparser.extract.content import extract_content
from loftesparser.extract.parties import (
    extract_kommuner,
    extract_lokalpolisomrade,
    find_lpo_mentions,
)
from loftesparser.extract.sections import extract_sections
from loftesparser.extract.signatures import extract_signatories, signing_place
from loftesparser.extract.temporal import TemporalResult, extract_temporal
from loftesparser.models import ParseWarning, PromiseDocument, Signed, Span, WarningCode
from loftesparser.normalize import NormalizedText, normalize
from loftesparser.options import ParseOptions
from loftesparser.readers import read_bytes, read_file, read_text_str
from loftesparser.readers.base import ReadResult
from loftesparser.segment import segment

# A small medborgarlöfte that reaches every stage: title, headings, a promise, an
# activity list with owner markers (themes, partners), dates, a period, signatures.
_WARM_UP_TEXT = """Medborgarlöfte 2020–2021 för Habo kommun

Polisen och Habo kommun lovar att arbeta för ökad trygghet.

Aktiviteter

- Genomföra trygghetsvandringar med föreningar i centrum / Polisen och kommunen
- Arbeta förebyggande mot narkotika bland ungdomar / Kommunen

Löftet gäller från 1 januari 2020 till 31 december 2021 och följs upp varje halvår.

Habo 2019-12-06

Anna Andersson
Kommunstyrelsens ordförande

Lokalpolisområde Jönköping
"""


class Pipeline:
    """A reusable parser. Build once, call :meth:`parse_file` / :meth:`parse_text` many times."""

    def __init__(self, options: ParseOptions | None = None) -> None:
        self.options = options or ParseOptions()
        self._warm_up()

    def _warm_up(self) -> None:
        # Compile every lexicon and matcher now, so the first document is not
        # slower than the rest and workers pay the cost once.
        self.parse_text(_WARM_UP_TEXT)

    def parse_file(self, path: str | Path) -> PromiseDocument:
        """Parse a file (text or PDF, chosen by content)."""
        return self.run(read_file(path, self.options))

    def parse_bytes(self, data: bytes, *, name: str | None = None) -> PromiseDocument:
        """Parse a file's content held in memory."""
        return self.run(read_bytes(data, name=name, options=self.options))

    def parse_text(self, text: str, *, name: str | None = None) -> PromiseDocument:
        """Parse an already-decoded text."""
        return self.run(read_text_str(text, name=name))

    def run(self, read: ReadResult) -> PromiseDocument:
        """Run every stage after reading."""
        normalized = normalize(read.lines)
        structure = segment(normalized)
        sections = extract_sections(structure)
        content = extract_content(structure, sections)
        temporal = extract_temporal(structure)
        place = signing_place(structure)
        # Computed once: signatories use the parties to name a kommun role's organisation.
        lpo_mentions = find_lpo_mentions(structure)
        kommuner = extract_kommuner(structure, lpo_mentions)
        return assemble(
            read=read,
            structure=structure,
            sections=sections,
            content=content,
            kommuner=kommuner,
            lokalpolisomrade=extract_lokalpolisomrade(structure, lpo_mentions),
            period=temporal.period,
            signed=signing(temporal, place),
            signatories=extract_signatories(structure, kommuner=kommuner),
            dates=temporal.dates,
            warnings=stage_warnings(read, normalized, temporal),
        )


def signing(temporal: TemporalResult, place: tuple[str, Span] | None) -> Signed:
    """When and where the document was signed, from the temporal result and the signing place."""
    return Signed(
        date=temporal.signed_date,
        place=place[0] if place else None,
        span=temporal.signed_span or (place[1] if place else None),
    )


def stage_warnings(
    read: ReadResult, normalized: NormalizedText, temporal: TemporalResult
) -> list[ParseWarning]:
    """The warnings of the stages before assembling: the reader's, normalize's, temporal's."""
    warnings = [
        ParseWarning(code=WarningCode(code), message=message) for code, message in read.notes
    ]
    if normalized.control_characters_removed:
        warnings.append(
            ParseWarning(
                code=WarningCode.CONTROL_CHARACTERS,
                message=f"{normalized.control_characters_removed} control characters removed",
            )
        )
    warnings.extend(temporal.warnings)
    return warnings
