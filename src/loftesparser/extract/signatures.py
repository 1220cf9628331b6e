"""Signatories and the signing place, read from the closing signature block.

The segment stage hands over the signature block one line per block. The
layouts seen on signature pages:

- name line, then one or more role lines ("Jens Fischer" / "Kommunstyrelsens
  ordförande"), signatories separated by blank lines, dotted lines
  ("....."), or "Ort och datum" / "Underskrift" placeholders;
- a party tag on the name line ("Per Lawén (S),"): it goes to ``party``;
- name and role on one line ("Jens Fischer, kommunstyrelsens ordförande");
- an organisation line above ("För Forshaga kommun", "Polismyndigheten") or
  below ("Hagfors kommun") a signatory;
- two signatories side by side. The normalize stage folds tabs and runs of
  spaces to one space, so "Anna Ek      Per Olsson" arrives as
  "Anna Ek Per Olsson"; it is split back only when the role line below splits
  into two roles as well ("Kommunchef Lokalpolisområdeschef"). Otherwise the
  columns cannot be told apart and the line is read as one name.

The organisation is "Polismyndigheten" for police roles, "<kommun>" (its own
long name, "Forshaga kommun") for kommun roles: the kommun named on the role
or organisation line, else the document's party kommun when there is exactly
one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from loftesparser.gazetteer import find_kommun_mentions, lookup_row, official_name
from loftesparser.lexicon import load_toml, string_list
from loftesparser.models import Kommun, Signatory, Span
from loftesparser.normalize import TextLine
from loftesparser.segment import (
    Block,
    Structure,
    is_date_only,
    is_dotted_line,
    is_organisation_line,
    is_person_name,
    is_placeholder_line,
    is_role_line,
    is_signature_line,
    place_date,
    signature_vocabulary,
)

POLICE = "Polismyndigheten"

_PARTY_TAG = regex.compile(r"\(\s*(?P<party>\p{Lu}{1,4})\s*\)")
_FOR_LINE = regex.compile(r"^(?i:för)\s+(?P<organisation>\S.*?)[\s:.,]*$")
_SIMPLE_NAME = (
    r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?[ ]\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?"
)
_TAG = r"(?:[ ]?\(\p{Lu}{1,4}\))?,?"
# "Anna Ek Per Olsson", "Miro Kovac (S) Dan Ryberg (M)": two two-word names side by side.
_TWO_NAMES = regex.compile(rf"^(?P<first>{_SIMPLE_NAME}{_TAG})[ ](?P<second>{_SIMPLE_NAME}{_TAG})$")
# "Ort och datum: Habo 2016-12-06", "Datum: 2016-12-06": a filled-in placeholder.
_PLACEHOLDER_PREFIX = regex.compile(
    r"^(?i:ort\s+och\s+datum|ort,?\s*datum|ort/datum|ort|datum)\s*:\s*"
)
# How many blocks above the signature block may hold the "Place date" line.
_PLACE_LOOKBACK = 3


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    police_markers: tuple[str, ...]
    kommun_markers: tuple[str, ...]
    police_organisations: frozenset[str]
    not_places: frozenset[str]
    role_modifiers: frozenset[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = load_toml("signatures.toml")
    source = "signatures.toml"
    return _Vocabulary(
        police_markers=tuple(
            w.casefold() for w in string_list(data, "police_role_markers", source=source)
        ),
        kommun_markers=tuple(
            w.casefold() for w in string_list(data, "kommun_role_markers", source=source)
        ),
        police_organisations=frozenset(
            w.casefold() for w in string_list(data, "police_organisations", source=source)
        ),
        not_places=frozenset(w.casefold() for w in string_list(data, "not_places", source=source)),
        role_modifiers=frozenset(
            w.casefold().rstrip(".") for w in string_list(data, "role_modifiers", source=source)
        ),
    )


# --- line kinds -----------------------------------------------------------------------


def split_party(text: str) -> tuple[str, str | None]:
    """``"Per Lawén (S),"`` → ``("Per Lawén", "S")``; no tag → ``(text, None)``."""
    match = _PARTY_TAG.search(text)
    party = match.group("party") if match else None
    cleaned = _PARTY_TAG.sub(" ", text) if match else text
    return " ".join(cleaned.split()).strip(" ,;"), party


def is_police_role(text: str) -> bool:
    """A role or organisation naming the police ("Chef LPO Karlstad", "Kommunpolis")."""
    folded = text.casefold()
    return any(marker in folded for marker in _vocabulary().police_markers)


def is_kommun_role(text: str) -> bool:
    """A role of the kommun side ("Kommunstyrelsens ordförande", "Kommunchef")."""
    if is_police_role(text):
        return False
    folded = text.casefold()
    return any(marker in folded for marker in _vocabulary().kommun_markers)


def _is_unit_line(text: str) -> bool:
    """Organisation line ``text`` names a police unit ("Lokalpolisområde Torsby"), not "Polisen"."""
    return (
        is_police_role(text)
        and text.strip(" .,:").casefold() not in _vocabulary().police_organisations
    )


def _is_pure_organisation(text: str) -> bool:
    """Organisation line ``text`` names no role: "Hagfors kommun", "Polisen", "Region Gotland"."""
    organisation_words = signature_vocabulary().organisation_words
    # A role word that is not also an organisation word makes it a role line.
    folded = [w.strip(".,:").casefold() for w in text.split()]
    return not any(w not in organisation_words and is_role_line(w) for w in folded)


_NAME_ROLE_SEPARATOR = regex.compile(r",\s*|\s+[–—-]\s+")
# "För Kungälvs kommun För Ale kommun": a second column starts at "För".
_BEFORE_FOR = regex.compile(r"\s+(?=(?i:för)\s)")


def _name_and_role(text: str) -> tuple[str, str] | None:
    """``"Jens Fischer, kommunstyrelsens ordförande"`` → name and role."""
    for match in _NAME_ROLE_SEPARATOR.finditer(text):
        left, right = text[: match.start()], text[match.end() :]
        left_name, _ = split_party(left)
        if is_person_name(left_name) and right.strip() and is_role_line(right):
            return left, right.strip()
    return None


# --- signatories ------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    name: str
    party: str | None
    start: int
    end: int
    roles: list[str] = field(default_factory=list)
    organisation: str | None = None

    def add_role(self, text: str, end: int) -> None:
        if self.roles and text[:1].islower() and not self.roles[-1].endswith(","):
            self.roles[-1] = f"{self.roles[-1]} {text}"  # a role wrapped over two lines
        else:
            self.roles.append(text.rstrip(","))
        self.end = max(self.end, end)


@dataclass(slots=True)
class _Reader:
    """Walks the signature lines and builds signatories."""

    kommuner: Sequence[Kommun]
    drafts: list[_Draft] = field(default_factory=list)
    current: _Draft | None = None
    pending_roles: list[str] = field(default_factory=list)
    pending_organisation: str | None = None
    #: "För A För B" above two signatures side by side.
    column_organisations: tuple[str, str] | None = None

    def boundary(self) -> None:
        """A blank, dotted or placeholder line: the current signatory is complete."""
        self.close()
        self.pending_roles = []

    def close(self) -> None:
        if self.current is not None:
            if not self.current.roles and self.pending_roles:
                self.current.roles = list(self.pending_roles)
            self.drafts.append(self.current)
        self.current = None
        self.pending_roles = []

    def name(self, text: str, start: int, end: int) -> None:
        pending = self.pending_roles
        self.close()
        name, party = split_party(text)
        self.current = _Draft(name=name, party=party, start=start, end=end)
        self.current.organisation = self.pending_organisation
        self.pending_organisation = None
        self.pending_roles = pending

    def role(self, text: str, end: int) -> None:
        if self.current is not None:
            self.current.add_role(text, end)
        elif self.drafts and not self.drafts[-1].roles and not self.pending_roles:
            # "Jens Fischer" / "....." / "Kommunstyrelsens ordförande": the
            # dotted line stood between the name and its role.
            self.drafts[-1].add_role(text, end)
        else:
            self.pending_roles.append(text.rstrip(","))

    def organisation(self, text: str, end: int) -> None:
        if self.current is not None and self.current.organisation is None:
            self.current.organisation = text
            self.current.end = max(self.current.end, end)
        else:
            self.pending_organisation = text


def _signature_blocks(structure: Structure) -> list[Block]:
    """The signature blocks; failing those, a closing run of "Name, role" lines.

    The segment stage needs a name line, a placeholder or a place-and-date line
    to call the closing lines a signature block, so a block written only as
    "Jens Fischer, kommunstyrelsens ordförande" lines arrives as paragraphs.
    """
    blocks = structure.signature_blocks()
    if blocks:
        return blocks
    tail: list[Block] = []
    for block in reversed(structure.blocks):
        if block.kind not in ("paragraph", "heading") or not all(
            is_signature_line(ln.text) or _column_organisations(ln.text) for ln in block.lines
        ):
            break
        tail.insert(0, block)
    lines = [line.text for block in tail for line in block.lines]
    if any(_name_and_role(text) or _TWO_NAMES.match(text) for text in lines):
        return tail
    return []


def _lines(structure: Structure) -> list[tuple[TextLine | None, Block | None]]:
    """The signature lines in order, ``(None, None)`` standing for a blank line between them."""
    result: list[tuple[TextLine | None, Block | None]] = []
    previous_index: int | None = None
    for block in _signature_blocks(structure):
        for line in block.lines:
            if previous_index is not None and line.index > previous_index + 1:
                result.append((None, None))
            result.append((line, block))
            previous_index = line.index
    return result


def _starts_with_for(text: str) -> bool:
    """Can ``text`` (stripped) match :data:`_FOR_LINE`? A str test before the pattern."""
    # Only "f", "ö" and "r" themselves fold to "f", "ö" and "r": the same as (?i:för).
    return text[:3].casefold() == "för"


def _column_organisations(text: str) -> tuple[str, str] | None:
    """``"För Kungälvs kommun För Ale kommun"`` (two columns folded into one line)."""
    text = text.strip()
    if not _starts_with_for(text):  # the first column is a "För ..." line
        return None
    parts = _BEFORE_FOR.split(text, maxsplit=1)
    if len(parts) != 2:
        return None
    organisations = []
    for part in parts:
        match = _FOR_LINE.match(part)
        if match is None or not is_organisation_line(match.group("organisation")):
            return None
        organisations.append(match.group("organisation"))
    return organisations[0], organisations[1]


def _two_columns(text: str, following: str | None) -> tuple[str, str, str, str] | None:
    """``"Anna Ek Per Olsson"`` over ``"Kommunchef Lokalpolisområdeschef"`` → both pairs."""
    if following is None:
        return None
    text = text.strip()
    # Two names hold three spaces at least: a str test that rules out most lines.
    if text.count(" ") < 3:
        return None
    names = _TWO_NAMES.match(text)
    if names is None:
        return None
    role_words = following.split()
    for cut in range(1, len(role_words)):
        left, right = " ".join(role_words[:cut]), " ".join(role_words[cut:])
        if (
            role_words[cut][:1].isupper()
            and _is_full_role(role_words[:cut])
            and _is_full_role(role_words[cut:])
        ):
            return names.group("first").strip(" ,"), names.group("second").strip(" ,"), left, right
    return None


def _is_full_role(words: list[str]) -> bool:
    """A role with a head word, not only modifiers ("Tf", "Vice", "Biträdande")."""
    modifiers = _vocabulary().role_modifiers
    return is_role_line(" ".join(words)) and any(
        w.casefold().rstrip(".,") not in modifiers for w in words
    )


def extract_signatories(
    structure: Structure, kommuner: Sequence[Kommun] | None = None
) -> list[Signatory]:
    """The people who sign the promise, from the signature block, in document order.

    ``kommuner`` are the document's party kommuner (used to name the kommun
    organisation of a kommun role); computed when not given.
    """
    if kommuner is None:
        from loftesparser.extract.parties import extract_kommuner

        kommuner = extract_kommuner(structure)
    reader = _Reader(kommuner=kommuner)
    lines = _lines(structure)
    skip_next = False
    for position, (line, _block) in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        if line is None:
            reader.boundary()
            continue
        following = lines[position + 1][0] if position + 1 < len(lines) else None
        skip_next = _read_line(reader, line, following)
    reader.close()
    return [_finish(draft, kommuner) for draft in reader.drafts if draft.name]


def _read_line(reader: _Reader, line: TextLine, following: TextLine | None) -> bool:
    """Feed one line to the reader; True when it also consumed ``following``."""
    text = line.text.strip()
    if _starts_with_for(text):
        columns = _column_organisations(text)
        if columns is not None:
            reader.close()
            reader.column_organisations = columns
            return False
        for_line = _FOR_LINE.match(text)
        if for_line and is_organisation_line(for_line.group("organisation")):
            reader.close()
            reader.pending_organisation = for_line.group("organisation")
            return False
    if (
        is_dotted_line(text)
        or is_placeholder_line(text)
        or _PLACEHOLDER_PREFIX.match(text)
        or is_date_only(text)
        or place_date(text)
    ):
        reader.boundary()
        return False
    pair = _two_columns(text, following.text if following else None)
    if pair is not None and following is not None:
        first, second, first_role, second_role = pair
        organisations = reader.column_organisations or (None, None)
        for name, role, organisation in zip(
            (first, second), (first_role, second_role), organisations, strict=True
        ):
            reader.name(name, line.start, line.end)
            reader.role(role, following.end)
            if reader.current is not None and organisation is not None:
                reader.current.organisation = organisation
        reader.close()
        return True
    if is_person_name(text):
        reader.name(text, line.start, line.end)
        return False
    name_role = _name_and_role(text)
    if name_role is not None:
        name, role = name_role
        reader.name(name, line.start, line.end)
        reader.role(role, line.end)
        return False
    if is_organisation_line(text):  # one test for both kinds of organisation line
        if _is_unit_line(text):
            reader.role(text, line.end)  # "Lokalpolisområde Torsby" qualifies the police role
            return False
        if _is_pure_organisation(text):
            reader.organisation(text, line.end)
            return False
    if is_role_line(text):
        reader.role(text, line.end)
    return False


def _finish(draft: _Draft, kommuner: Sequence[Kommun]) -> Signatory:
    role = ", ".join(draft.roles) if draft.roles else None
    # Validated from one dict, the span inside, rather than a Span model built first.
    return Signatory.model_validate(
        {
            "name": draft.name,
            "role": role,
            "organisation": _organisation(draft.organisation, role, kommuner),
            "party": draft.party,
            "span": {"start": draft.start, "end": draft.end},
        }
    )


def _organisation(written: str | None, role: str | None, kommuner: Sequence[Kommun]) -> str | None:
    """The signatory's organisation from an organisation line, else from the role."""
    if written is not None:
        return _normalise_organisation(written)
    if role is None:
        return None
    if is_police_role(role):
        return POLICE
    if is_kommun_role(role):
        named = find_kommun_mentions(role)
        if named:
            return official_name(named[0].kommun_row)
        if len(kommuner) == 1:
            return official_name(kommuner[0])
    return None


def _normalise_organisation(text: str) -> str:
    """ "Polisen" → "Polismyndigheten"; "Hagfors kommuns" → "Hagfors kommun"."""
    cleaned = text.strip(" .,:")
    if cleaned.casefold() in _vocabulary().police_organisations or is_police_role(cleaned):
        return POLICE
    row = lookup_row(cleaned)
    if row is not None:
        return row.official
    return cleaned


# --- signing place ------------------------------------------------------------------------


def signing_place(structure: Structure) -> tuple[str, Span] | None:
    """The place of signing from a "Habo 2016-12-06" / "Karlstad den 6 december 2016" line.

    Looked for in the signature block and in the few blocks just above it;
    "Ort och datum" placeholders give None.
    """
    for line in _place_candidates(structure):
        found = _place_in_line(line)
        if found is not None:
            return found
    return None


def _place_candidates(structure: Structure) -> list[TextLine]:
    blocks = structure.blocks
    first_signature = next(
        (i for i, block in enumerate(blocks) if block.kind == "signature"), len(blocks)
    )
    lines = [line for block in blocks[first_signature:] for line in block.lines]
    above = blocks[max(0, first_signature - _PLACE_LOOKBACK) : first_signature]
    lines += [
        block.lines[0]
        for block in reversed(above)
        if block.kind in ("paragraph", "heading") and len(block.lines) == 1
    ]
    return lines


def _place_in_line(line: TextLine) -> tuple[str, Span] | None:
    text = line.text
    offset = len(text) - len(text.lstrip())
    prefix = _PLACEHOLDER_PREFIX.match(text.strip())
    if prefix:
        offset += prefix.end()
    match = place_date(text[offset:])
    if match is None:
        return None
    place = match.group("place")
    words = place.casefold().split()
    if any(w in _vocabulary().not_places for w in words) or is_placeholder_line(place):
        return None
    start = (
        line.start
        + offset
        + (len(text[offset:]) - len(text[offset:].lstrip()))
        + match.start("place")
    )
    return place, Span(start=start, end=start + len(place))
