"""Find and normalize Swedish date expressions (no roles here).

The scanner works in four passes over the text, each linear in its length:

1. **atoms**: bounded regular expressions find the smallest date expressions —
   ISO dates, "31/1 2017", "1 mars 2021", "mars 2021", "hösten 2020",
   "2016-2017", "2020-21", "år 2023", "vecka 12", "årsskiftet 2020/ 2021",
   durations ("två (2) år framåt från det att de tecknas"). Overlaps keep the
   longest.
2. **ranges**: two atoms joined by a range word ("–", "till", "t.o.m.",
   "och in på", "mellan … och …") become one interval; a side without a year
   takes the other's ("oktober-november 2016").
3. **bounds**: "fr.o.m." / "från och med" opens an interval, "t.o.m." /
   "till och med" closes one; "2021/ 2022" after "årsskiftet 2020/ 2021 samt"
   is a turn of year too.
4. **years**: an expression without a year ("1 mars", "maj och september")
   takes the nearest year of its sentence, else of its paragraph, else it
   stays undated with a ``missing_year`` issue — a year is never guessed.

Every pattern uses bounded repetition only (whitespace runs of at most a few
characters, numbers of at most four digits), so no input can make a match
backtrack catastrophically: a line of 50,000 digits or slashes is scanned in
linear time.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

import regex

from loftesparser.extract.temporal_lexicon import TemporalLexicon, YearPart, temporal_lexicon
from loftesparser.models import Granularity, Span, WarningCode

ExpressionKind = Literal["point", "range", "from", "until", "relative"]
Anchor = Literal["signing", "now", "past"]


@dataclass(frozen=True, slots=True)
class ExpressionIssue:
    """Something wrong or uncertain about one expression (becomes a ParseWarning)."""

    code: WarningCode
    message: str


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A time expression in a text with the interval it denotes.

    ``start``/``end`` are the inclusive first and last day; either is ``None``
    for an open bound ("fr.o.m. 1 juli 2021" has no end) and both are ``None``
    when the expression cannot be dated (invalid date, missing or two-digit
    year, a duration not yet anchored). ``duration`` (ISO 8601) is set for
    relative spans ("två (2) år" → ``P2Y``).
    """

    text: str
    span: Span
    start: dt.date | None
    end: dt.date | None
    granularity: Granularity | None
    kind: ExpressionKind = "point"
    duration: str | None = None
    #: For durations: what they count from ("från det att de tecknas" → signing).
    anchor: Anchor | None = None
    #: The year came from the sentence or paragraph, not the expression itself.
    year_inferred: bool = False
    issues: tuple[ExpressionIssue, ...] = ()


# --- specs: a date whose year may still be missing ---------------------------------------

SpecKind = Literal["day", "month", "part", "year", "week"]
_COARSENESS: dict[str, int] = {"day": 0, "month": 1, "season": 2, "year": 3, "multi_year": 4}


@dataclass(frozen=True, slots=True)
class _Spec:
    kind: SpecKind
    year: int | None
    month: int | None = None
    day: int | None = None
    part: YearPart | None = None
    week: int | None = None

    @property
    def granularity(self) -> Granularity:
        if self.kind == "part":
            assert self.part is not None
            return self.part.granularity
        if self.kind == "week":
            return "day"
        return self.kind

    def interval(self) -> tuple[dt.date, dt.date] | None:
        """First and last day; ``None`` without a year; ``ValueError`` when impossible."""
        year = self.year
        if year is None:
            return None
        if self.kind == "day":
            assert self.month is not None and self.day is not None
            day = dt.date(year, self.month, self.day)
            return day, day
        if self.kind == "month":
            assert self.month is not None
            return dt.date(year, self.month, 1), _last_day(year, self.month)
        if self.kind == "part":
            assert self.part is not None
            end_year = year + 1 if self.part.crosses_year else year
            return dt.date(year, self.part.start_month, 1), _last_day(end_year, self.part.end_month)
        if self.kind == "week":
            assert self.week is not None
            monday = dt.date.fromisocalendar(year, self.week, 1)
            return monday, monday + dt.timedelta(days=6)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(slots=True)
class _Atom:
    """A candidate expression while the passes run."""

    start: int
    end: int
    lo: _Spec | None
    hi: _Spec | None
    kind: ExpressionKind = "point"
    granularity: Granularity | None = None  # overrides the specs' (decades, turns of year)
    duration: str | None = None
    anchor: Anchor | None = None
    issues: list[ExpressionIssue] = field(default_factory=list)
    slash_pair: bool = False  # "2020/2021": may inherit "årsskiftet"
    turn: bool = False
    year_unusable: bool = False  # a two-digit year was written: do not borrow another
    year_inferred: bool = False

    @property
    def missing_year(self) -> bool:
        return (
            self.lo is not None
            and self.hi is not None
            and not self.year_unusable
            and (self.lo.year is None or self.hi.year is None)
        )


# --- patterns --------------------------------------------------------------------------

# One gap between words: a few spaces, possibly one line break (PDF wraps), never a
# blank line, and never unbounded.
SP = r"(?:[ \t]{1,3}\n?[ \t]{0,3}|\n[ \t]{0,3})"
OSP = rf"(?:{SP})?"
DASH = r"[-–—‐‑]"
YEAR = r"(?:19[5-9]\d|20\d\d)"
ANY_YEAR = r"[12]\d{3}"
_NUMBER_GUARD = r"(?<![\p{N}\p{L}])(?<![\p{N}][-/.,:])"
_NUMBER_END = r"(?![\p{N}\p{L}])(?![-/.,:]\p{N})"


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so "hösttermin" beats "höst"; spaces match any word gap."""
    unique = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(SP.join(regex.escape(part) for part in w.split()) for w in unique) + ")"


@dataclass(frozen=True, slots=True)
class _Patterns:
    iso: regex.Pattern[str]
    dotted: regex.Pattern[str]
    slash: regex.Pattern[str]
    slash_range_follows: regex.Pattern[str]
    day_month: regex.Pattern[str]
    month: regex.Pattern[str]
    part: regex.Pattern[str]
    year_range: regex.Pattern[str]
    decade: regex.Pattern[str]
    year: regex.Pattern[str]
    week: regex.Pattern[str]
    turn: regex.Pattern[str]
    relative: regex.Pattern[str]
    compound: regex.Pattern[str]
    frequency_after: regex.Pattern[str]
    from_prefix: regex.Pattern[str]
    from_day_prefix: regex.Pattern[str]
    until_prefix: regex.Pattern[str]
    until_day_prefix: regex.Pattern[str]
    between_prefix: regex.Pattern[str]
    word: regex.Pattern[str]


def _prefix_pattern(words: Sequence[str]) -> regex.Pattern[str]:
    # Anchored at the end of a short window before an expression.
    return regex.compile(rf"(?<![\p{{L}}.])(?P<p>{_alternation(words)})(?:{SP}den)?{SP}\Z", regex.I)


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lex = temporal_lexicon()
    months = _alternation([*lex.month_names, *lex.month_abbreviations])
    parts = _alternation(form for part in lex.year_parts for form in part.forms)
    numbers = _alternation(lex.numbers)
    compound_numbers = _alternation(w for w in lex.numbers if w != "en")
    units = _alternation(form for unit in lex.durations.values() for form in unit.forms)
    # "mars -21"; not "1 mars - 15 april" or "31/1 - 28/2" (there it is the next date's day).
    two_digit = (
        rf"{OSP}[-–'’]{OSP}(?P<yy>\d{{2}})(?![\p{{N}}])(?![/.]\d|{SP}(?:{months})(?![\p{{L}}]))"
    )
    anchor_words = (
        "det|att|dagen|den|datumet|då|de|dessa|löftet|löftena|medborgarlöftet|medborgarlöftena"
        "|avtalet|överenskommelsen|parterna|har|blivit|blir|är"
    )
    flags = regex.IGNORECASE
    return _Patterns(
        iso=regex.compile(
            rf"(?<![\p{{N}}\p{{L}}])(?P<y>{ANY_YEAR})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?![\p{{N}}])"
        ),
        dotted=regex.compile(
            rf"(?<![\p{{N}}.,])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>{ANY_YEAR})(?![\p{{N}}]|\.\p{{N}})"
        ),
        slash=regex.compile(
            rf"(?<![\p{{L}}\p{{N}}/.,])(?:(?P<den>den){SP})?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})"
            rf"(?:(?:{SP}|{OSP}{DASH}{OSP})(?P<y>{ANY_YEAR})(?![\p{{N}}/])|{two_digit})?"
            rf"(?![\p{{N}}/])",
            flags,
        ),
        slash_range_follows=regex.compile(rf"{OSP}{DASH}{OSP}(?:den{SP})?\d{{1,2}}/\d{{1,2}}"),
        day_month=regex.compile(
            rf"(?<![\p{{L}}\p{{N}}/.,])(?:(?P<den>den){SP})?(?:(?P<d1>\d{{1,2}})(?::[ae])?\.?{OSP}{DASH}{OSP})?"
            rf"(?P<d>\d{{1,2}})(?::[ae])?\.?{SP}(?P<mon>{months})(?P<dot>\.)?(?![\p{{L}}])"
            rf"(?:,?{SP}(?P<y>{ANY_YEAR})(?![\p{{N}}])|{two_digit})?",
            flags,
        ),
        month=regex.compile(
            rf"(?<![\p{{L}}\p{{N}}])(?P<mon>{months})(?P<dot>\.)?(?![\p{{L}}])"
            rf"(?:,?{SP}(?P<y>{ANY_YEAR})(?![\p{{N}}])|{two_digit})?",
            flags,
        ),
        part=regex.compile(
            rf"(?<![\p{{L}}\p{{N}}])(?P<part>{parts})(?![\p{{L}}])"
            rf"(?:(?:{SP}(?:av|i){SP}|{SP})(?P<y>{YEAR})"
            rf"(?:{OSP}[/–-]{OSP}(?:(?P<y2>{YEAR})|(?P<yy2>\d{{2}})))?(?![\p{{N}}])"
            rf"|(?:{OSP}[-–'’]{OSP})?(?P<yy>\d{{2}})(?![\p{{N}}]))?",
            flags,
        ),
        year_range=regex.compile(
            rf"{_NUMBER_GUARD}(?P<y1>{YEAR}){OSP}(?P<sep>[-–—/]){OSP}(?:(?P<y2>{YEAR})|(?P<yy>\d{{2}})){_NUMBER_END}"
        ),
        decade=regex.compile(
            rf"{_NUMBER_GUARD}(?P<y>(?:19|20)\d0){DASH}?tal(?:et|s)?(?![\p{{L}}])", flags
        ),
        year=regex.compile(
            rf"{_NUMBER_GUARD}(?:(?P<pre>året|år){SP})?(?P<y>{YEAR}){_NUMBER_END}", flags
        ),
        week=regex.compile(
            rf"(?<![\p{{L}}])(?:veckorna|vecka|v\.){OSP}(?:(?P<w1>\d{{1,2}}){OSP}{DASH}{OSP})?(?P<w>\d{{1,2}})"
            rf"(?![\p{{N}}])(?:,?{SP}(?P<y>{YEAR})(?![\p{{N}}]))?",
            flags,
        ),
        turn=regex.compile(
            rf"(?<![\p{{L}}])(?P<turn>{_alternation(lex.turn_of_year)}){SP}(?P<y1>{YEAR}){OSP}[/–-]{OSP}"
            rf"(?:(?P<y2>{YEAR})|(?P<yy>\d{{2}}))(?![\p{{N}}])",
            flags,
        ),
        relative=regex.compile(
            rf"(?<![\p{{L}}\p{{N}}/,.])(?:(?P<lead>{_alternation(lex.duration_lead)}){SP})?"
            rf"(?:(?P<num>\d{{1,2}}|{numbers})(?:{OSP}\({OSP}(?P<paren>\d{{1,3}}){OSP}\))?"
            rf"(?P<half>{SP}och{SP}ett{SP}halvt)?{SP}(?P<unit>{units})"
            rf"|(?P<halfyear>ett{SP}halvt{SP}år|ett{SP}halvår))(?![\p{{L}}])"
            rf"(?:{SP}(?P<tail>{_alternation(lex.duration_tail)})(?![\p{{L}}]))?"
            rf"(?:,?{SP}(?P<anchor>(?:räknat{SP}|räknas{SP})?(?:från|efter){SP}(?:och{SP}med{SP})?"
            rf"(?:(?:{anchor_words}){SP}){{0,5}}(?:under|på)?(?:teckn|signer)\p{{L}}{{0,12}}))?",
            flags,
        ),
        compound=regex.compile(
            rf"(?<![\p{{L}}\p{{N}}])(?P<num>{compound_numbers}|\d{{1,2}}{DASH}?)"
            rf"år(?:iga|igt|ig|s{DASH}?perioden|s{DASH}?period)(?![\p{{L}}])",
            flags,
        ),
        frequency_after=regex.compile(
            rf"\A{SP}(?:i|per|om|varje){SP}(?:veckan|månaden|året|dygnet|vecka|månad|år|dag|terminen|termin)"
            r"(?![\p{L}])",
            flags,
        ),
        from_prefix=_prefix_pattern(lex.from_prefixes),
        from_day_prefix=_prefix_pattern(lex.from_day_prefixes),
        until_prefix=_prefix_pattern(lex.until_prefixes),
        until_day_prefix=_prefix_pattern(lex.until_day_prefixes),
        between_prefix=_prefix_pattern(lex.between_prefixes),
        word=regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}.%§-]{0,60}"),
    )


# --- pass 1: atoms ------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _two_digit_issue(text: str) -> ExpressionIssue:
    return ExpressionIssue(
        WarningCode.TWO_DIGIT_YEAR,
        f"two-digit year in {text!r} is not attached to a four-digit year; not dated",
    )


def _neighbour_words(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """Up to three words before and after ``text[start:end]``, case-folded."""
    word = _patterns().word
    before = [w.rstrip(".").casefold() for w in word.findall(text, max(0, start - 40), start)][-3:]
    after = [w.rstrip(".").casefold() for w in word.findall(text, end, min(len(text), end + 40))][
        :3
    ]
    return before, after


def _is_count(text: str, start: int, end: int, lex: TemporalLexicon) -> bool:
    """ "2000 invånare", "ca 2020 svar": a number, not a year."""
    before, after = _neighbour_words(text, start, end)
    if after and after[0] in lex.count_words_after:
        return True
    following = text[end : end + 2]
    if following.startswith((" %", "%")):
        return True
    return bool(before) and before[-1] in lex.count_words_before


def _day_atoms(text: str, lex: TemporalLexicon) -> Iterable[_Atom]:
    pats = _patterns()
    for m in pats.iso.finditer(text):
        spec = _Spec("day", int(m["y"]), int(m["m"]), int(m["d"]))
        yield _Atom(m.start(), m.end(), spec, spec)
    for m in pats.dotted.finditer(text):
        day, month = int(m["d"]), int(m["m"])
        if 1 <= day <= 31 and 1 <= month <= 12:  # else a section number, not a date
            spec = _Spec("day", int(m["y"]), month, day)
            yield _Atom(m.start(), m.end(), spec, spec)
    for m in pats.slash.finditer(text):
        day, month = int(m["d"]), int(m["m"])
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue  # "45/13": a fraction or a code
        if (
            m["y"] is None
            and m["yy"] is None
            and not _date_context_before(text, m.start(), m["den"])
            and not pats.slash_range_follows.match(text, m.end())
        ):
            continue  # "24/7", "1/2": a fraction unless a date word stands before it
        atom = _Atom(m.start(), m.end(), _Spec("day", _int(m["y"]), month, day), None)
        if m["yy"] is not None:
            atom.year_unusable = True
            atom.issues.append(_two_digit_issue(m[0]))
        atom.hi = atom.lo
        yield atom
    for m in pats.day_month.finditer(text):
        written_month = _month_number(m["mon"], lex)
        year = _int(m["y"])
        if written_month is None:
            continue
        end = m.end()
        if (
            m["dot"]
            and m["mon"].casefold() in lex.month_names
            and m["y"] is None
            and m["yy"] is None
        ):
            end -= 1  # "1 maj." — the sentence's full stop, not an abbreviation dot
        lo = _Spec("day", year, written_month, int(m["d1"])) if m["d1"] else None
        hi = _Spec("day", year, written_month, int(m["d"]))
        atom = _Atom(m.start(), end, lo or hi, hi)
        if m["yy"] is not None:
            atom.year_unusable = True
            atom.issues.append(_two_digit_issue(m[0]))
        yield atom


# Words that make a bare "31/1" a date rather than a fraction (after "." is stripped).
_DATE_WORDS_BEFORE = frozenset(
    {
        "den",
        "senast",
        "från",
        "till",
        "före",
        "innan",
        "efter",
        "per",
        "datum",
        "tom",
        "t.o.m",
        "fr.o.m",
        "fram",
        "mellan",
        "och",
        "sedan",
        "from",
        "fom",
    }
)


def _date_context_before(text: str, start: int, den: str | None) -> bool:
    if den:
        return True
    before, _ = _neighbour_words(text, start, start)
    return bool(before) and before[-1] in _DATE_WORDS_BEFORE


def _month_number(written: str, lex: TemporalLexicon) -> int | None:
    folded = written.casefold()
    return lex.month_names.get(folded) or lex.month_abbreviations.get(folded)


def _month_atoms(text: str, lex: TemporalLexicon) -> Iterable[_Atom]:
    for m in _patterns().month.finditer(text):
        written = m["mon"]
        folded = written.casefold()
        month = _month_number(written, lex)
        if month is None:
            continue
        has_year = m["y"] is not None or m["yy"] is not None
        if folded in lex.month_abbreviations and (
            not has_year or folded in lex.abbreviations_need_day
        ):
            continue  # "jul", "nov" alone are not months
        if not has_year and not written.islower():
            continue  # "Maj Andersson": a name; a month alone is written in lower case
        end = m.end()
        if m["dot"] and folded in lex.month_names and not has_year:
            end -= 1
        spec = _Spec("month", _int(m["y"]), month)
        atom = _Atom(m.start(), end, spec, spec)
        if m["yy"] is not None:
            atom.year_unusable = True
            atom.issues.append(_two_digit_issue(m[0]))
        yield atom


def _part_atoms(text: str, lex: TemporalLexicon) -> Iterable[_Atom]:
    for m in _patterns().part.finditer(text):
        part = lex.part_for(m["part"])
        if part is None:
            continue
        form = " ".join(m["part"].casefold().split())
        has_year = m["y"] is not None or m["yy"] is not None
        if not has_year and form not in part.standalone:
            continue  # "vår kommun", "ht": only with a year
        if form[-1:].isdigit() and text[m.end("part") : m.end("part") + 1].isdigit():
            continue  # "kvartal 12"
        year = _int(m["y"])
        lo = _Spec("part", year, part=part)
        hi = lo
        atom = _Atom(m.start(), m.end(), lo, hi)
        second = _int(m["y2"])
        if m["yy2"] is not None and year is not None:
            second = _expand_two_digit(year, int(m["yy2"]))
            atom.issues.append(
                ExpressionIssue(WarningCode.TWO_DIGIT_YEAR, f"read {m[0]!r} as {year}/{second}")
            )
        if year is not None and second is not None:
            if part.crosses_year and second == year + 1:
                pass  # "vintern 2020/2021" is one winter
            elif second > year:
                atom.hi = _Spec("part", second, part=part)
            else:
                atom.issues.append(
                    ExpressionIssue(WarningCode.INVALID_DATE, f"{m[0]!r} runs backwards")
                )
                atom.lo = atom.hi = None
        elif year is not None and part.ambiguous_single_year:
            atom.issues.append(
                ExpressionIssue(
                    WarningCode.AMBIGUOUS_DATE,
                    f"{m[0]!r} read as December {year} to February {year + 1}",
                )
            )
        if m["yy"] is not None:
            atom.year_unusable = True
            atom.issues.append(_two_digit_issue(m[0]))
        yield atom


def _expand_two_digit(year: int, two: int) -> int | None:
    """The four-digit year after ``year`` ending in ``two`` ("2020-21" → 2021), or None."""
    candidate = year - year % 100 + two
    if candidate <= year:
        candidate += 100
    return candidate if candidate - year <= 10 else None


def _year_atoms(text: str, lex: TemporalLexicon) -> Iterable[_Atom]:
    pats = _patterns()
    for m in pats.year_range.finditer(text):
        first = int(m["y1"])
        if m["y2"] is not None:
            second: int | None = int(m["y2"])
            issue = None
        else:
            two = int(m["yy"])
            second = _expand_two_digit(first, two)
            if second is None:
                if m["sep"] == "-" and 1 <= two <= 12:
                    spec = _Spec("month", first, two)  # "2019-11": ISO year and month
                    yield _Atom(m.start(), m.end(), spec, spec)
                continue
            issue = ExpressionIssue(
                WarningCode.TWO_DIGIT_YEAR, f"read {m[0]!r} as {first}–{second}"
            )
            if m["sep"] == "-" and 1 <= two <= 12:
                issue = ExpressionIssue(
                    WarningCode.AMBIGUOUS_DATE,
                    f"read {m[0]!r} as {first}–{second}, not a month of {first}",
                )
        atom = _Atom(m.start(), m.end(), _Spec("year", first), _Spec("year", second))
        atom.slash_pair = m["sep"] == "/"
        if issue is not None:
            atom.issues.append(issue)
        yield atom
    for m in pats.decade.finditer(text):
        first = int(m["y"])
        span = 100 if first % 100 == 0 else 10  # "2000-talet" is the century
        atom = _Atom(m.start(), m.end(), _Spec("year", first), _Spec("year", first + span - 1))
        atom.granularity = "multi_year"
        yield atom
    for m in pats.year.finditer(text):
        if _is_count(text, m.start("y"), m.end(), lex):
            continue
        spec = _Spec("year", int(m["y"]))
        yield _Atom(m.start(), m.end(), spec, spec)
    for m in pats.week.finditer(text):
        year = _int(m["y"])
        first = int(m["w1"]) if m["w1"] else int(m["w"])
        yield _Atom(
            m.start(),
            m.end(),
            _Spec("week", year, week=first),
            _Spec("week", year, week=int(m["w"])),
        )
    for m in pats.turn.finditer(text):
        first = int(m["y1"])
        second = int(m["y2"]) if m["y2"] else _expand_two_digit(first, int(m["yy"]))
        atom = _Atom(m.start(), m.end(), None, None, turn=True, granularity="day")
        if second != first + 1:
            atom.issues.append(
                ExpressionIssue(
                    WarningCode.INVALID_DATE, f"{m[0]!r} is not a turn of one year to the next"
                )
            )
        else:
            atom.lo = _Spec("day", first, 12, 31)
            atom.hi = _Spec("day", second, 1, 1)
            if m["yy"]:
                atom.issues.append(
                    ExpressionIssue(
                        WarningCode.TWO_DIGIT_YEAR, f"read {m[0]!r} as {first}/{second}"
                    )
                )
        yield atom


def _relative_atoms(text: str, lex: TemporalLexicon) -> Iterable[_Atom]:
    pats = _patterns()
    for m in pats.relative.finditer(text):
        if m["halfyear"]:
            count, designator, half = 6, "M", False
        else:
            written = m["paren"] or m["num"]
            count = int(written) if written.isdigit() else lex.numbers.get(written.casefold(), 0)
            unit = lex.duration_unit(" ".join(m["unit"].split()))
            if unit is None or not 0 < count <= unit.maximum:
                continue  # "ungdomar under 18 år": an age
            designator, half = unit.designator, bool(m["half"])
            if half and designator != "Y":
                continue
        if _is_age_or_frequency(text, m, lex):
            continue
        duration = f"P{count}Y6M" if half else f"P{count}{designator}"
        atom = _Atom(m.start(), m.end(), None, None, kind="relative", duration=duration)
        atom.granularity = _duration_granularity(count, designator)
        lead = " ".join((m["lead"] or "").casefold().split())
        if m["anchor"]:
            atom.anchor = "signing"
        elif lead.endswith("senaste"):
            atom.anchor = "past"
        elif lead:
            atom.anchor = "now"
        yield atom
    for m in pats.compound.finditer(text):
        written = m["num"].rstrip("-–—‐‑")
        count = int(written) if written.isdigit() else lex.numbers.get(written.casefold(), 0)
        if not 0 < count <= lex.durations["år"].maximum:
            continue
        atom = _Atom(m.start(), m.end(), None, None, kind="relative", duration=f"P{count}Y")
        atom.granularity = _duration_granularity(count, "Y")
        yield atom


def _is_age_or_frequency(text: str, m: regex.Match[str], lex: TemporalLexicon) -> bool:
    before, after = _neighbour_words(text, m.start(), m.end())
    if any(w in lex.age_words for w in before) or any(w in lex.age_words for w in after[:2]):
        return True
    if before and before[-1] in ("var", "vart", "varje", "vartannat", "per"):
        return True  # "var tredje månad": a frequency
    return bool(_patterns().frequency_after.match(text[m.end() : m.end() + 30]))


def _duration_granularity(count: int, designator: str) -> Granularity:
    if designator == "Y":
        return "multi_year" if count > 1 else "year"
    return "month" if designator == "M" else "day"


def _atoms(text: str, lex: TemporalLexicon) -> list[_Atom]:
    """All atoms, overlaps resolved: the longest wins, then the earliest."""
    found = [
        *_day_atoms(text, lex),
        *_month_atoms(text, lex),
        *_part_atoms(text, lex),
        *_year_atoms(text, lex),
        *_relative_atoms(text, lex),
    ]
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    kept: list[_Atom] = []
    for atom in found:
        if kept and atom.start < kept[-1].end:
            if atom.end - atom.start > kept[-1].end - kept[-1].start:
                kept[-1] = atom  # a later, longer reading ("1 mars 2021" over "mars 2021")
            continue
        kept.append(atom)
    # Replacing may leave a new overlap behind; a second sweep settles it.
    result: list[_Atom] = []
    for atom in kept:
        if result and atom.start < result[-1].end:
            continue
        result.append(atom)
    return result


# --- pass 2: ranges -------------------------------------------------------------------------


def _connector(gap: str, lex: TemporalLexicon) -> str | None:
    if len(gap) > 40 or "\n\n" in gap:
        return None
    folded = " ".join(gap.casefold().split())
    if folded.endswith(" den"):
        folded = folded[:-4]
    if folded in lex.range_connectors or folded == "och":
        return folded
    return None


def _plain_year(atom: _Atom) -> int | None:
    if atom.lo is atom.hi and atom.lo is not None and atom.lo.kind == "year":
        return atom.lo.year
    return None


def _with_years(lo: _Spec, hi: _Spec) -> tuple[_Spec, _Spec]:
    """Give the side without a year the other side's, stepping back when it would start later."""
    try:
        if lo.year is None and hi.year is not None:
            lo = replace(lo, year=hi.year)
            lo_iv, hi_iv = lo.interval(), hi.interval()
            if lo_iv and hi_iv and lo_iv[0] > hi_iv[1]:
                lo = replace(lo, year=hi.year - 1)
        elif hi.year is None and lo.year is not None:
            hi = replace(hi, year=lo.year)
            lo_iv, hi_iv = lo.interval(), hi.interval()
            if lo_iv and hi_iv and lo_iv[0] > hi_iv[1]:
                hi = replace(hi, year=lo.year + 1)
    except ValueError:
        pass  # an impossible side is reported when the expression is built
    return lo, hi


def _ranges(text: str, atoms: list[_Atom], lex: TemporalLexicon) -> list[_Atom]:
    pats = _patterns()
    result: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if (
            b is not None
            and a.kind == b.kind == "point"
            and not (a.turn or b.turn)
            and a.lo is not None
            and a.hi is not None
            and b.lo is not None
            and b.hi is not None
        ):
            connector = _connector(text[a.end : b.start], lex)
            start = a.start
            if connector == "och":
                first, second = _plain_year(a), _plain_year(b)
                window_start = max(0, a.start - 30)
                between = pats.between_prefix.search(text[window_start : a.start])
                if between:
                    start = window_start + between.start()  # "mellan 2020 och 2022"
                elif not (first is not None and second is not None and second == first + 1):
                    connector = None  # "maj och september": two mentions, not a range
            if connector is not None:
                lo, hi = _with_years(a.lo, b.hi)
                merged = _Atom(start, b.end, lo, hi, kind="point")
                merged.issues = [*a.issues, *b.issues]
                merged.year_unusable = a.year_unusable or b.year_unusable
                merged.granularity = _range_granularity(a, b, lo, hi)
                result.append(merged)
                i += 2
                continue
        result.append(a)
        i += 1
    return result


def _atom_granularity(atom: _Atom) -> Granularity | None:
    if atom.granularity is not None:
        return atom.granularity
    if atom.lo is None or atom.hi is None:
        return None
    if atom.lo.kind == atom.hi.kind == "year" and atom.lo.year != atom.hi.year:
        return "multi_year"
    return max(atom.lo.granularity, atom.hi.granularity, key=_COARSENESS.__getitem__)


def _range_granularity(a: _Atom, b: _Atom, lo: _Spec, hi: _Spec) -> Granularity | None:
    ga, gb = _atom_granularity(a), _atom_granularity(b)
    if ga is None or gb is None:
        return None
    coarser = max(ga, gb, key=_COARSENESS.__getitem__)
    if coarser == "year" and lo.year != hi.year:
        return "multi_year"
    return coarser


# --- pass 3: open bounds and turns of year --------------------------------------------------


def _bounds(text: str, atoms: list[_Atom], lex: TemporalLexicon) -> None:
    pats = _patterns()
    for atom in atoms:
        if atom.kind != "point" or atom.lo is None or atom.hi is None or atom.turn:
            continue
        window_start = max(0, atom.start - 30)
        window = text[window_start : atom.start]
        single = atom.lo is atom.hi or atom.lo == atom.hi
        for pattern, kind, day_only in (
            (pats.from_prefix, "from", False),
            (pats.until_prefix, "until", False),
            (pats.from_day_prefix, "from", True),
            (pats.until_day_prefix, "until", True),
        ):
            m = pattern.search(window)
            if m is None:
                continue
            spec = atom.lo if kind == "from" else atom.hi
            if day_only and spec.kind not in ("day", "week"):
                continue
            atom.start = window_start + m.start()
            if single:
                atom.kind = "from" if kind == "from" else "until"
            break


def _turns(text: str, atoms: list[_Atom], lex: TemporalLexicon) -> None:
    """ "årsskiftet 2020/ 2021 samt 2021/ 2022": the second pair is a turn of year too."""
    for previous, atom in itertools.pairwise(atoms):
        if not (previous.turn and atom.slash_pair and atom.lo and atom.hi):
            continue
        gap = " ".join(text[previous.end : atom.start].casefold().split())
        if gap not in lex.coordinators:
            continue
        first, second = atom.lo.year, atom.hi.year
        if first is None or second != first + 1:
            continue
        atom.lo = _Spec("day", first, 12, 31)
        atom.hi = _Spec("day", second, 1, 1)
        atom.turn = True
        atom.granularity = "day"


# --- pass 4: years from the sentence -------------------------------------------------------

_ABBREVIATIONS = frozenset(
    {"ca.", "s.", "nr.", "dvs.", "resp.", "ordf.", "jfr.", "kl.", "st.", "tf.", "bl.a."}
)
_SENTENCE_END = regex.compile(
    r"[.!?…]+[\"”’)]*(?=[ \t]*(?:\n[ \t]*)?[\p{Lu}\p{N}\"”(•\-–])|\n[ \t]*\n"
)
_LINE_BULLET = regex.compile(r"\n[ \t]{0,8}(?=[-–•*]\s|\d{1,2}[.)]\s)")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as ``(start, end)`` offsets into ``text``.

    A sentence ends at ".", "!", "?" before an upper-case letter, digit or
    bullet (not after an abbreviation like "t.o.m." or "bl.a."), at a blank
    line, and before a line that starts a list item.
    """
    end = len(text) if end is None else end
    cuts = {start, end}
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.group().startswith("\n"):
            cuts.add(m.end())
            continue
        # Only the word before the stop matters; a bounded look-back keeps this linear.
        floor = max(start, m.start() - 40)
        token_start = (
            max(text.rfind(" ", floor, m.start()), text.rfind("\n", floor, m.start()), floor - 1)
            + 1
        )
        if _is_abbreviation(text[token_start : m.end()]):
            continue
        cuts.add(m.end())
    for m in _LINE_BULLET.finditer(text, start, end):
        cuts.add(m.start())
    ordered = sorted(cuts)
    return [(a, b) for a, b in itertools.pairwise(ordered) if b > a]


def _is_abbreviation(token: str) -> bool:
    """ "t.o.m.", "bl.a.", "ca.": a full stop that does not end a sentence."""
    token = token.casefold().rstrip('"”’)')
    if token in _ABBREVIATIONS:
        return True
    core = token.rstrip(".!?…")
    return token.endswith(".") and "." in core and core[-1:].isalpha()


def _definite_year(atom: _Atom) -> int | None:
    """The one year an atom is about (for lending to its neighbours)."""
    if atom.lo is None or atom.hi is None or atom.year_inferred or atom.turn:
        return None
    if atom.lo.year is not None and atom.lo.year == atom.hi.year:
        return atom.lo.year
    return None


def _containing(
    spans: Sequence[tuple[int, int]], starts: Sequence[int], position: int
) -> tuple[int, int] | None:
    index = bisect.bisect_right(starts, position) - 1
    if index >= 0 and spans[index][0] <= position < spans[index][1]:
        return spans[index]
    return None


@dataclass(frozen=True, slots=True)
class _Lenders:
    """Atoms with one definite year, by position (looked up by bisection, not scanned)."""

    starts: list[int]
    ends: list[int]
    years: list[int]

    def nearest(self, atom: _Atom, bounds: tuple[int, int] | None) -> int | None:
        if bounds is None:
            return None
        after = bisect.bisect_left(self.starts, atom.end)
        best: tuple[int, int] | None = None
        for index in (after - 1, after):
            if not 0 <= index < len(self.starts):
                continue
            start, end = self.starts[index], self.ends[index]
            if not (bounds[0] <= start and end <= bounds[1]):
                continue
            distance = start - atom.end if start >= atom.end else atom.start - end
            if best is None or distance < best[0]:
                best = (distance, self.years[index])
        return best[1] if best else None


def _borrow_years(text: str, atoms: list[_Atom], regions: Sequence[tuple[int, int]]) -> None:
    lent = [(a.start, a.end, year) for a in atoms if (year := _definite_year(a)) is not None]
    lenders = _Lenders([x[0] for x in lent], [x[1] for x in lent], [x[2] for x in lent])
    regions = sorted(regions)
    region_starts = [r[0] for r in regions]
    sentences: dict[tuple[int, int], tuple[list[tuple[int, int]], list[int]]] = {}
    for atom in atoms:
        if not atom.missing_year:
            continue
        assert atom.lo is not None and atom.hi is not None
        region = _containing(regions, region_starts, atom.start)
        sentence = None
        if region is not None:
            if region not in sentences:
                spans = sentence_spans(text, *region)
                sentences[region] = (spans, [span[0] for span in spans])
            sentence = _containing(*sentences[region], atom.start)
        year = lenders.nearest(atom, sentence) or lenders.nearest(atom, region)
        if year is None:
            atom.issues.append(
                ExpressionIssue(
                    WarningCode.MISSING_YEAR,
                    f"no year for {text[atom.start : atom.end]!r} in it, its sentence or paragraph",
                )
            )
            continue
        hi = atom.hi if atom.hi.year is not None else replace(atom.hi, year=year)
        atom.lo, atom.hi = _with_years(atom.lo, hi)
        atom.year_inferred = True


# --- building ------------------------------------------------------------------------------


def _build(text: str, atom: _Atom) -> DateExpression:
    issues = list(atom.issues)
    start: dt.date | None = None
    end: dt.date | None = None
    # A written but unusable year ("hösten -21") is never replaced by a guess.
    if atom.lo is not None and atom.hi is not None and not atom.year_unusable:
        try:
            lo_iv, hi_iv = atom.lo.interval(), atom.hi.interval()
        except ValueError:
            issues.append(
                ExpressionIssue(
                    WarningCode.INVALID_DATE, f"{text[atom.start : atom.end]!r} is not a real date"
                )
            )
        else:
            if lo_iv is not None and hi_iv is not None:
                if hi_iv[1] < lo_iv[0]:
                    issues.append(
                        ExpressionIssue(
                            WarningCode.INVALID_DATE,
                            f"{text[atom.start : atom.end]!r} ends before it starts",
                        )
                    )
                else:
                    start, end = lo_iv[0], hi_iv[1]
    if atom.kind == "from":
        end = None
    elif atom.kind == "until":
        start = None
    return DateExpression(
        text=text[atom.start : atom.end],
        span=Span(start=atom.start, end=atom.end),
        start=start,
        end=end,
        granularity=_atom_granularity(atom) if atom.kind != "relative" else atom.granularity,
        kind="range" if atom.kind == "point" and atom.lo != atom.hi else atom.kind,
        duration=atom.duration,
        anchor=atom.anchor,
        year_inferred=atom.year_inferred,
        issues=tuple(issues),
    )


def scan(text: str, regions: Sequence[tuple[int, int]] | None = None) -> list[DateExpression]:
    """Every date expression in ``text``; ``regions`` are its paragraphs (for lending years).

    Without ``regions`` a paragraph is a run of lines between blank lines.
    """
    lex = temporal_lexicon()
    atoms = _atoms(text, lex)
    atoms = _ranges(text, atoms, lex)
    _bounds(text, atoms, lex)
    _turns(text, atoms, lex)
    _borrow_years(text, atoms, regions if regions is not None else paragraph_spans(text))
    return [_build(text, atom) for atom in atoms]


_BLANK_LINES = regex.compile(r"\n[ \t]*\n")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Runs of text between blank lines, as offsets."""
    spans = []
    start = 0
    for m in _BLANK_LINES.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [s for s in spans if s[1] > s[0]]


def find_date_expressions(text: str) -> list[DateExpression]:
    """Every date expression in ``text`` with its interval, granularity and duration.

    No roles: see :func:`loftesparser.extract.temporal.extract_temporal`. A
    day or month without a year takes the nearest year of its sentence or
    paragraph; otherwise it stays undated with a ``missing_year`` issue.
    Never raises on any input.
    """
    return scan(text)
