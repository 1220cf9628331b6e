"""The temporal vocabulary of ``data/temporal.toml``, validated on load.

Everything Swedish about dates (month names, seasons, number words, duration
units, range words, role cue words and their weights) is data; this module
turns the file into typed, immutable tables and fails loudly (``LexiconError``
naming the key) when the file is malformed, because a silently empty cue list
would quietly change every role.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, cast, get_args

from loftesparser.lexicon import LexiconError, load_toml, string_list
from loftesparser.models import DateRole, Granularity

_SOURCE = "temporal.toml"

CueSide = Literal["before", "after", "both"]
#: A cue's role: a :data:`DateRole`, or "none" for phrases that only hide other cues.
CueRole = DateRole | Literal["none"]


@dataclass(frozen=True, slots=True)
class YearPart:
    """A named part of a year: a season, a school term, a half-year, a quarter."""

    forms: tuple[str, ...]
    standalone: frozenset[str]
    start_month: int
    end_month: int
    granularity: Granularity
    ambiguous_single_year: bool = False

    @property
    def crosses_year(self) -> bool:
        """Winter (december-february) ends in the year after it starts."""
        return self.end_month < self.start_month


@dataclass(frozen=True, slots=True)
class DurationUnit:
    designator: str
    forms: tuple[str, ...]
    maximum: int


@dataclass(frozen=True, slots=True)
class CueWord:
    """One word of a cue phrase; ``*`` at either end is a wildcard."""

    text: str
    prefix: bool  # "uppfölj*": the word starts with text
    suffix: bool  # "*undersökning": the word ends with text

    def matches(self, word: str) -> bool:
        if self.prefix and self.suffix:
            return self.text in word
        if self.prefix:
            return word.startswith(self.text)
        if self.suffix:
            return word.endswith(self.text)
        return word == self.text


@dataclass(frozen=True, slots=True)
class CueGroup:
    """Words that point a date mention to one role, with how much and how far."""

    role: CueRole
    phrases: tuple[tuple[CueWord, ...], ...]
    weight: float
    window: int | None
    side: CueSide
    evidence: int


@dataclass(frozen=True, slots=True)
class StructureWeights:
    title_validity: float
    title_evidence: int
    signature_signing: float
    letterhead_document_date: float
    quoted_reference: float
    clause_factor: float
    min_score: float
    proximity: tuple[tuple[int, float], ...]
    far: float

    def proximity_factor(self, distance: int) -> float:
        """How much a cue ``distance`` words away still counts."""
        for limit, factor in self.proximity:
            if distance <= limit:
                return factor
        return self.far


@dataclass(frozen=True, slots=True)
class TemporalLexicon:
    """All of ``data/temporal.toml``."""

    month_names: dict[str, int]
    month_abbreviations: dict[str, int]
    abbreviations_need_day: frozenset[str]
    year_parts: tuple[YearPart, ...]
    numbers: dict[str, int]
    durations: dict[str, DurationUnit]
    duration_lead: tuple[str, ...]
    duration_tail: tuple[str, ...]
    #: Words between "från"/"efter" and the signing word of a duration's anchor.
    duration_anchor_words: tuple[str, ...]
    age_words: frozenset[str]
    from_prefixes: tuple[str, ...]
    from_day_prefixes: tuple[str, ...]
    until_prefixes: tuple[str, ...]
    until_day_prefixes: tuple[str, ...]
    range_connectors: tuple[str, ...]
    between_prefixes: tuple[str, ...]
    turn_of_year: tuple[str, ...]
    coordinators: tuple[str, ...]
    count_words_after: frozenset[str]
    count_words_before: frozenset[str]
    cues: tuple[CueGroup, ...]
    heading_cues: tuple[CueGroup, ...]
    heading_weight: float
    structure: StructureWeights
    constraints: dict[str, frozenset[str]]
    priority: tuple[DateRole, ...]

    def part_for(self, form: str) -> YearPart | None:
        """The year part written ``form`` ("hösten", "vt", "första kvartalet")."""
        folded = " ".join(form.casefold().split())
        for part in self.year_parts:
            if folded in part.forms:
                return part
        return None

    def duration_unit(self, form: str) -> DurationUnit | None:
        folded = form.casefold()
        for unit in self.durations.values():
            if folded in unit.forms:
                return unit
        return None


# --- validation helpers ---------------------------------------------------------------


def _int(table: dict[str, Any], key: str, where: str, low: int, high: int) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise LexiconError(f"data/{_SOURCE}: {where}.{key} must be an integer in {low}..{high}")
    return value


def _number(table: dict[str, Any], key: str, where: str, default: float | None = None) -> float:
    value = table.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise LexiconError(f"data/{_SOURCE}: {where}.{key} must be a non-negative number")
    return float(value)


def _strings(
    table: dict[str, Any], key: str, where: str, *, allow_empty: bool = False
) -> tuple[str, ...]:
    value = table.get(key)
    if allow_empty and value == []:
        return ()
    return tuple(s.casefold() for s in string_list(table, key, source=f"{_SOURCE} {where}"))


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise LexiconError(f"data/{_SOURCE}: [{key}] must be a table")
    return value


def _array_of_tables(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        raise LexiconError(f"data/{_SOURCE}: [[{key}]] must be a non-empty array of tables")
    return value


def _cue_word(text: str, where: str) -> CueWord:
    prefix, suffix = text.endswith("*"), text.startswith("*")
    core = text.strip("*")
    if not core or "*" in core:
        raise LexiconError(f"data/{_SOURCE}: {where}: bad cue word {text!r}")
    return CueWord(core, prefix, suffix)


_ROLES: frozenset[str] = frozenset(get_args(DateRole))
_GRANULARITIES: frozenset[str] = frozenset(get_args(Granularity))


def _cue_groups(tables: list[dict[str, Any]], where: str) -> tuple[CueGroup, ...]:
    groups = []
    for index, table in enumerate(tables):
        here = f"{where}[{index}]"
        role = table.get("role")
        if role != "none" and role not in _ROLES:
            raise LexiconError(f"data/{_SOURCE}: {here}.role {role!r} is not a date role")
        phrases = tuple(
            tuple(_cue_word(word, here) for word in phrase.split())
            for phrase in _strings(table, "words", here)
        )
        window = table.get("window")
        if window is not None and (not isinstance(window, int) or window < 0):
            raise LexiconError(f"data/{_SOURCE}: {here}.window must be a non-negative integer")
        side = table.get("side", "both")
        if side not in ("before", "after", "both"):
            raise LexiconError(f"data/{_SOURCE}: {here}.side must be before, after or both")
        groups.append(
            CueGroup(
                role=cast(CueRole, role),
                phrases=phrases,
                weight=_number(table, "weight", here, 0.0 if role == "none" else None),
                window=window,
                side=cast(CueSide, side),
                evidence=_int(table, "evidence", here, 0, 4) if "evidence" in table else 2,
            )
        )
    return tuple(groups)


def _year_parts(tables: list[dict[str, Any]]) -> tuple[YearPart, ...]:
    parts = []
    for index, table in enumerate(tables):
        here = f"year_parts[{index}]"
        months = table.get("months")
        if (
            not isinstance(months, list)
            or len(months) != 2
            or not all(isinstance(m, int) and 1 <= m <= 12 for m in months)
        ):
            raise LexiconError(f"data/{_SOURCE}: {here}.months must be [start, end] month numbers")
        granularity = table.get("granularity")
        if granularity not in _GRANULARITIES:
            raise LexiconError(f"data/{_SOURCE}: {here}.granularity {granularity!r} is unknown")
        forms = tuple(" ".join(f.split()) for f in _strings(table, "forms", here))
        standalone = frozenset(_strings(table, "standalone", here, allow_empty=True))
        if not standalone <= set(forms):
            raise LexiconError(f"data/{_SOURCE}: {here}.standalone must be among its forms")
        parts.append(
            YearPart(
                forms=forms,
                standalone=standalone,
                start_month=months[0],
                end_month=months[1],
                granularity=cast(Granularity, granularity),
                ambiguous_single_year=bool(table.get("ambiguous_single_year", False)),
            )
        )
    return tuple(parts)


def _months(tables: list[dict[str, Any]]) -> tuple[dict[str, int], dict[str, int]]:
    names: dict[str, int] = {}
    abbreviations: dict[str, int] = {}
    for index, table in enumerate(tables):
        here = f"months[{index}]"
        number = _int(table, "number", here, 1, 12)
        for name in _strings(table, "names", here):
            names[name] = number
        for abbreviation in _strings(table, "abbreviations", here, allow_empty=True):
            abbreviations[abbreviation] = number
    if sorted(set(names.values())) != list(range(1, 13)):
        raise LexiconError(f"data/{_SOURCE}: [[months]] must name all twelve months")
    return names, abbreviations


def _durations(table: dict[str, Any]) -> dict[str, DurationUnit]:
    units = {}
    for name, value in table.items():
        if not isinstance(value, dict):
            raise LexiconError(f"data/{_SOURCE}: [durations.{name}] must be a table")
        designator = value.get("designator")
        if designator not in ("Y", "M", "W", "D"):
            raise LexiconError(f"data/{_SOURCE}: durations.{name}.designator must be Y, M, W or D")
        units[name] = DurationUnit(
            designator=designator,
            forms=_strings(value, "forms", f"durations.{name}"),
            maximum=_int(value, "max", f"durations.{name}", 1, 10_000),
        )
    return units


def _structure(table: dict[str, Any]) -> StructureWeights:
    proximity = table.get("proximity")
    if not isinstance(proximity, list) or not proximity:
        raise LexiconError(
            f"data/{_SOURCE}: structure.proximity must be a list of [distance, factor]"
        )
    steps = []
    for step in proximity:
        if not (isinstance(step, list) and len(step) == 2 and isinstance(step[0], int)):
            raise LexiconError(f"data/{_SOURCE}: structure.proximity holds a bad step {step!r}")
        steps.append((step[0], float(step[1])))
    return StructureWeights(
        title_validity=_number(table, "title_validity", "structure"),
        title_evidence=_int(table, "title_evidence", "structure", 0, 4),
        signature_signing=_number(table, "signature_signing", "structure"),
        letterhead_document_date=_number(table, "letterhead_document_date", "structure"),
        quoted_reference=_number(table, "quoted_reference", "structure"),
        clause_factor=_number(table, "clause_factor", "structure"),
        min_score=_number(table, "min_score", "structure"),
        proximity=tuple(steps),
        far=_number(table, "far", "structure"),
    )


@lru_cache(maxsize=1)
def temporal_lexicon() -> TemporalLexicon:
    """``data/temporal.toml``, validated (cached)."""
    data = load_toml(_SOURCE)
    names, abbreviations = _months(_array_of_tables(data, "months"))
    numbers_table = _table(data, "numbers")
    numbers = {}
    for word, value in numbers_table.items():
        if not isinstance(value, int) or value < 1:
            raise LexiconError(f"data/{_SOURCE}: numbers.{word} must be a positive integer")
        numbers[word.casefold()] = value
    headings = _table(data, "headings")
    constraints_table = _table(data, "constraints")
    constraints = {}
    for role, granularities in constraints_table.items():
        allowed = frozenset(string_list(constraints_table, role, source=f"{_SOURCE} [constraints]"))
        if role not in _ROLES or not allowed <= _GRANULARITIES:
            raise LexiconError(f"data/{_SOURCE}: constraints.{role} = {granularities!r} is invalid")
        constraints[role] = allowed
    priority = string_list(data, "priority", source=_SOURCE)
    if set(priority) != _ROLES:
        raise LexiconError(f"data/{_SOURCE}: priority must list every date role exactly once")
    words = _table(data, "duration_words")
    bounds = _table(data, "bounds")
    counts = _table(data, "counts")
    return TemporalLexicon(
        month_names=names,
        month_abbreviations=abbreviations,
        abbreviations_need_day=frozenset(
            _strings(data, "abbreviations_need_day", "", allow_empty=True)
        ),
        year_parts=_year_parts(_array_of_tables(data, "year_parts")),
        numbers=numbers,
        durations=_durations(_table(data, "durations")),
        duration_lead=_strings(words, "duration_lead", "[duration_words]"),
        duration_tail=_strings(words, "duration_tail", "[duration_words]"),
        duration_anchor_words=_strings(words, "anchor_words", "[duration_words]"),
        age_words=frozenset(_strings(words, "age_words", "[duration_words]")),
        from_prefixes=_strings(bounds, "from_prefixes", "[bounds]"),
        from_day_prefixes=_strings(bounds, "from_day_prefixes", "[bounds]"),
        until_prefixes=_strings(bounds, "until_prefixes", "[bounds]"),
        until_day_prefixes=_strings(bounds, "until_day_prefixes", "[bounds]"),
        range_connectors=_strings(bounds, "range_connectors", "[bounds]"),
        between_prefixes=_strings(bounds, "between_prefixes", "[bounds]"),
        turn_of_year=_strings(bounds, "turn_of_year", "[bounds]"),
        coordinators=_strings(bounds, "coordinators", "[bounds]"),
        count_words_after=frozenset(_strings(counts, "words_after", "[counts]")),
        count_words_before=frozenset(_strings(counts, "words_before", "[counts]")),
        cues=_cue_groups(_array_of_tables(data, "cues"), "cues"),
        heading_cues=_cue_groups(_array_of_tables(headings, "roles"), "headings.roles"),
        heading_weight=_number(headings, "heading_weight", "headings"),
        structure=_structure(_table(data, "structure")),
        constraints=constraints,
        priority=cast(tuple[DateRole, ...], priority),
    )
