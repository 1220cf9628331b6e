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
import re
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal, NamedTuple

import regex

from loftesparser.extract.temporal_lexicon import TemporalLexicon, YearPart, temporal_lexicon
from loftesparser.lexicon import occurrences, trie_alternation
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


# Not frozen (nothing changes one; ``replace`` makes a new one): a dozen are built per
# document, and a frozen dataclass pays an ``object.__setattr__`` call for every field.
@dataclass(slots=True)
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
_DASHES = "-–—‐‑"
DASH = f"[{_DASHES}]"
YEAR = r"(?:19[5-9]\d|20\d\d)"
ANY_YEAR = r"[12]\d{3}"
_NUMBER_GUARD = r"(?<![\p{N}\p{L}])(?<![\p{N}][-/.,:])"
_NUMBER_END = r"(?![\p{N}\p{L}])(?![-/.,:]\p{N})"


# Words written into the patterns below (also where the anchored scan looks for them).
_YEAR_WORDS = ("året", "år")  # "år 2023"
_WEEK_WORDS = ("veckorna", "vecka", "v.")  # "vecka 12", "v. 12"
_HALF_YEAR = ("ett halvt år", "ett halvår")  # a relative span without a number
_DAY_ARTICLE = "den"  # "den 1 mars", "den 1/3"
_AND_A_HALF = "och ett halvt"  # "två och ett halvt år"


def _alternation(words: Iterable[str]) -> str:
    """Any of ``words`` (lower case), spaces matching any word gap; of the words that fit
    at a place the longest is tried first, so "hösttermin" beats "höst".

    Written as a trie ("dag(?:ar(?:na|s)?)?" for "dag", "dagar", "dagarna", "dagars"): it
    matches what the words spelled out longest first match (two words that both fit at a
    place start one another, and the trie tries the longer first), and the patterns are
    shorter and compile about a tenth faster (a cost every new process pays).
    """
    return trie_alternation(words, gap=SP)


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


def _compound_numbers(lex: TemporalLexicon) -> list[str]:
    """Number words that can start a compound ("tvåårig"; not "en", as in "enårig")."""
    return [w for w in lex.numbers if w != "en"]


def _prefix_pattern(words: Sequence[str]) -> regex.Pattern[str]:
    # Anchored at the end of a short window before an expression.
    return regex.compile(
        rf"(?<![\p{{L}}.])(?P<p>{_alternation(words)})(?:{SP}{_DAY_ARTICLE})?{SP}\Z", regex.I
    )


@lru_cache(maxsize=1)
def _prefix_ends() -> tuple[str, ...]:
    """The words the prefix patterns end with before their final gap (folded)."""
    lex = temporal_lexicon()
    forms = (
        *lex.from_prefixes,
        *lex.from_day_prefixes,
        *lex.until_prefixes,
        *lex.until_day_prefixes,
    )
    return tuple(sorted({_fold(form.split()[-1]) for form in forms} | {_DAY_ARTICLE}))


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lex = temporal_lexicon()
    months = _alternation([*lex.month_names, *lex.month_abbreviations])
    parts = _alternation(form for part in lex.year_parts for form in part.forms)
    numbers = _alternation(lex.numbers)
    compound_numbers = _alternation(_compound_numbers(lex))
    units = _alternation(form for unit in lex.durations.values() for form in unit.forms)
    # "mars -21"; not "1 mars - 15 april" or "31/1 - 28/2" (there it is the next date's day).
    two_digit = (
        rf"{OSP}[-–'’]{OSP}(?P<yy>\d{{2}})(?![\p{{N}}])(?![/.]\d|{SP}(?:{months})(?![\p{{L}}]))"
    )
    # In the order of the data file (each is followed by a gap, so at most one fits).
    anchor_words = "|".join(regex.escape(w) for w in lex.duration_anchor_words)
    flags = regex.IGNORECASE
    return _Patterns(
        iso=regex.compile(
            rf"(?<![\p{{N}}\p{{L}}])(?P<y>{ANY_YEAR})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?![\p{{N}}])"
        ),
        dotted=regex.compile(
            rf"(?<![\p{{N}}.,])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>{ANY_YEAR})(?![\p{{N}}]|\.\p{{N}})"
        ),
        slash=regex.compile(
            rf"(?<![\p{{L}}\p{{N}}/.,])(?:(?P<den>{_DAY_ARTICLE}){SP})?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})"
            rf"(?:(?:{SP}|{OSP}{DASH}{OSP})(?P<y>{ANY_YEAR})(?![\p{{N}}/])|{two_digit})?"
            rf"(?![\p{{N}}/])",
            flags,
        ),
        slash_range_follows=regex.compile(rf"{OSP}{DASH}{OSP}(?:den{SP})?\d{{1,2}}/\d{{1,2}}"),
        day_month=regex.compile(
            rf"(?<![\p{{L}}\p{{N}}/.,])(?:(?P<den>{_DAY_ARTICLE}){SP})?(?:(?P<d1>\d{{1,2}})(?::[ae])?\.?{OSP}{DASH}{OSP})?"
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
            rf"{_NUMBER_GUARD}(?:(?P<pre>{_alternation(_YEAR_WORDS)}){SP})?(?P<y>{YEAR}){_NUMBER_END}",
            flags,
        ),
        week=regex.compile(
            rf"(?<![\p{{L}}]){_alternation(_WEEK_WORDS)}{OSP}(?:(?P<w1>\d{{1,2}}){OSP}{DASH}{OSP})?(?P<w>\d{{1,2}})"
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
            rf"(?P<half>{SP}{_alternation([_AND_A_HALF])})?{SP}(?P<unit>{units})"
            rf"|(?P<halfyear>{_alternation(_HALF_YEAR)}))(?![\p{{L}}])"
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


# --- anchored scanning ----------------------------------------------------------------------
#
# The word patterns are literal alternations under IGNORECASE, for which the regex engine
# has no fast prefix: ``finditer`` tries every alternative at every position of the text.
# But each of their matches starts at one of a few words (a month name for ``month``, the
# first word of a year part for ``part``, …) or at a run of digits. So a pattern is tried
# only there, with ``pattern.match(text, position)`` at those candidates in order, skipping
# the ones inside the previous match. That yields exactly what ``finditer`` yields as long as
# every match starts at a candidate (a lookbehind still sees the text before the position);
# tests/test_temporal.py checks it against ``finditer``.
#
# Why no start is lost:
# - the words are found in a lower-cased copy of the text (same offsets), in which every
#   character that IGNORECASE takes for a letter of an anchor word is that letter;
# - a pattern that starts with a word refuses a letter, a digit or any other \p{N} before
#   it (lookbehind), so its match starts at a word boundary (``\b``) of the copy (where
#   "_", a word character for ``re`` but not for the patterns, is made a space);
# - it follows the words of its first phrase with gaps ([ \t\n]) and the last with a gap
#   or (?!\p{L}), so an anchor phrase is never followed by a letter (each of Python's
#   letters is one of the regex engine's, which may know a newer Unicode);
# - a pattern that starts with digits refuses a \p{N} before them and after the one, two
#   or four it takes, so they are a whole run of digits;
# - what an anchor says must come next (a unit after a number, a separator after the first
#   year of a range, ...) is what its pattern requires there.
# "week" and "turn" allow a digit before their word, so their words need not start at a
# word boundary: they are tried at every place the copy holds one of their words
# (:func:`_literal_starts`), found with ``str.find``.

# Characters that the regex engine's IGNORECASE takes for a letter of the anchor words but
# that str.lower() does not turn into it ("ſ" is a long "s"; "İ" lowers to two characters).
# tests/test_temporal.py checks every code point.
_FOLD_FIXES = (("\u0130", "i"), ("\u017f", "s"))
_NUMBER_RUN = regex.compile(r"\d+")
# A run of letters in ``re`` (the probe finder); it also takes in a few characters that are
# not letters (like "²"), so a run is cut at the first of those.
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_GAP = " \t\n"  # what SP and OSP consist of
_GAP_CHARS = frozenset(_GAP)
# The runs of digits a match can start with: a day, month, week or count ("1", "31"), and a
# year (YEAR, ANY_YEAR).
_SHORT_NUMBER = (1, 2)
_FOUR_DIGITS = (4, 4)
_YEAR_STARTS = ("19", "20")  # YEAR
_ANY_YEAR_STARTS = ("1", "2")  # ANY_YEAR


def _fold(text: str) -> str:
    """``text`` in lower case, character for character (every offset stays the same)."""
    for char, letter in _FOLD_FIXES:
        if char in text:
            text = text.replace(char, letter)
    return text.lower()


def _forms(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` folded, with single spaces between their words, each once."""
    return tuple(sorted({" ".join(_fold(w).split()) for w in words if w.strip()}))


@dataclass(frozen=True, slots=True)
class _Anchor:
    """Where the matches of one pattern can start.

    - at one of ``words`` (its words separated by gaps; no letter after it);
    - at one of ``counts``, if then (after white space, if any) comes one of ``then``;
    - at one of ``articles``, if then (after white space, if any) comes a run of digits;
    - at a word that starts with one of ``prefixes``;
    - at a run of digits as long as ``digits`` allows, starting with one of
      ``digit_starts`` (any if empty), followed by one of ``digits_next`` (anything if
      empty; compared folded), by a further run of digits right after that if
      ``digits_next_number``, and, if ``digits_then`` is set, like ``counts`` by one of
      ``digits_then``; if ``digits_day_of`` is set, as a day by (after an ordinal
      ":a"/":e" or a dot, if any, and white space) one of ``digits_day_of`` or a dash; if
      ``guarded``, not after a letter, nor after a run of digits and one of "-/.,:"
      (the pattern's _NUMBER_GUARD); if ``ended``, not before a letter, nor before one
      of "-/.,:" and a run of digits (its _NUMBER_END).

    Unless one of the words ``requires`` occurs in the text, nothing matches.
    """

    words: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()
    then: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    digits: tuple[int, int] | None = None
    digit_starts: tuple[str, ...] = ()
    digits_next: tuple[str, ...] = ()
    digits_next_number: bool = False
    digits_then: tuple[str, ...] = ()
    digits_day_of: tuple[str, ...] = ()
    guarded: bool = False
    ended: bool = False
    requires: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _anchors() -> dict[str, _Anchor]:
    """The anchor of every pattern tried only at candidates, from the lexicon.

    Each entry restates what its pattern (in :func:`_patterns`) starts with.
    """
    lex = temporal_lexicon()
    months = _forms([*lex.month_names, *lex.month_abbreviations])
    units = _forms(form for unit in lex.durations.values() for form in unit.forms)
    # "ett halvt år", "ett halvår": their last word stands where a unit would.
    half_year_ends = _forms(form.split()[-1] for form in _HALF_YEAR)
    day = _forms([_DAY_ARTICLE])
    after_number = ("(", _AND_A_HALF.split()[0], *units)
    return {
        # "2021-03-01": a dash and the month's digits after the year.
        "iso": _Anchor(
            digits=_FOUR_DIGITS,
            digit_starts=_ANY_YEAR_STARTS,
            digits_next=("-",),
            digits_next_number=True,
        ),
        "dotted": _Anchor(digits=_SHORT_NUMBER, digits_next=(".",), digits_next_number=True),
        # "den 31/1": the article is followed by the day.
        "slash": _Anchor(articles=day, digits=_SHORT_NUMBER, digits_next=("/",)),
        # The month of "1 mars" follows a gap: it is a word of its own.
        "day_month": _Anchor(
            articles=day, digits=_SHORT_NUMBER, digits_day_of=months, requires=months
        ),
        "month": _Anchor(words=months),
        "part": _Anchor(words=_forms(f for part in lex.year_parts for f in part.forms)),
        # "2016-2017", "2020 / 21": a separator after the year.
        "year_range": _Anchor(
            digits=_FOUR_DIGITS,
            digit_starts=_YEAR_STARTS,
            digits_then=tuple("-–—/"),
            guarded=True,
        ),
        # "2020-talet", "1990tal".
        "decade": _Anchor(
            digits=_FOUR_DIGITS,
            digit_starts=_YEAR_STARTS,
            digits_next=_dashed("tal"),
            guarded=True,
        ),
        # "år 2023": a year after the word.
        "year": _Anchor(
            counts=_forms(_YEAR_WORDS),
            then=_YEAR_STARTS,
            digits=_FOUR_DIGITS,
            digit_starts=_YEAR_STARTS,
            guarded=True,
            ended=True,
        ),
        # "de kommande två åren", "ett halvår"; a number ("två", "2") is followed by
        # "(2)", "och ett halvt" or the unit.
        "relative": _Anchor(
            words=_forms([*lex.duration_lead, *_HALF_YEAR]),
            counts=_forms(lex.numbers),
            then=after_number,
            digits=_SHORT_NUMBER,
            digits_then=after_number,
            requires=tuple(sorted({*units, *half_year_ends})),
        ),
        # "tvåårig", "2-årig": the number runs into "år" (a word that merely starts with a
        # number, like "ett" or "tredje", is no candidate).
        "compound": _Anchor(
            prefixes=_forms(f"{number}år" for number in _compound_numbers(lex)),
            digits=_SHORT_NUMBER,
            digits_next=_dashed("år"),
        ),
    }


def _dashed(word: str) -> tuple[str, ...]:
    """``word``, right after a number or after a dash ("2020-talet", "3–årig")."""
    return (word, *(dash + word for dash in _DASHES))


class _DigitRule(NamedTuple):
    """A digit anchor as checked on a run of digits (see :class:`_Anchor`). A tuple: the
    scan unpacks it once per run and rule."""

    name: str  # the pattern
    leading: tuple[str, ...]  # what the run starts with (any if empty)
    next_: tuple[str, ...]  # what may follow it (anything if empty)
    next_number: bool  # a run of digits comes right after that
    then: tuple[str, ...]  # what must come after white space
    day_of: tuple[str, ...]  # what a day is of, and the dashes
    guarded: bool  # not after a letter, nor after digits and a separator
    ended: bool  # not before a letter, nor before a separator and digits


@lru_cache(maxsize=1)
def _digit_anchored() -> frozenset[str]:
    """The patterns that can start at a run of digits."""
    return frozenset(name for name, anchor in _anchors().items() if anchor.digits is not None)


def _may_follow(rule: _DigitRule, following: str | None) -> bool:
    """Whether ``rule`` can hold for a run of digits followed by ``following`` (folded;
    "" at the end of the text, ``None`` for a character no rule names)."""
    next_, then, day_of = rule.next_, rule.then, rule.day_of
    if following is None or following == "":  # only rules that need nothing after the run
        return not (next_ or then or day_of)
    if next_ and not any(word.startswith(following) for word in next_):
        return False
    gap = following in _GAP
    if then and not (gap or any(word.startswith(following) for word in then)):
        return False
    # After a day: an ordinal (":a"), a dot, white space, a month or a dash.
    return (
        not day_of
        or following in (":", ".")
        or gap
        or any(word.startswith(following) for word in day_of)
    )


@lru_cache(maxsize=1)
def _digit_rules() -> tuple[
    dict[tuple[int, str], tuple[_DigitRule, ...]], dict[int, tuple[_DigitRule, ...]]
]:
    """The digit anchors that can hold for a run of digits, by its length and the
    character after it (folded; "" at the end of the text), and by its length alone for a
    character that no anchor names (one that starts none of their words, nor white space).

    Most runs are followed by a character that rules most anchors out, so a run is
    checked against a few only.
    """
    rules: dict[int, list[_DigitRule]] = {}
    for name, anchor in _anchors().items():
        if anchor.digits is None:
            continue
        low, high = anchor.digits
        rule = _DigitRule(
            name=name,
            leading=anchor.digit_starts,
            next_=anchor.digits_next,
            next_number=anchor.digits_next_number,
            then=anchor.digits_then,
            day_of=(*anchor.digits_day_of, *_DASHES) if anchor.digits_day_of else (),
            guarded=anchor.guarded,
            ended=anchor.ended,
        )
        for length in range(low, high + 1):
            rules.setdefault(length, []).append(rule)
    named = {""} | set(_GAP) | {":", "."}
    for group in rules.values():
        for rule in group:
            named.update(word[0] for word in (*rule.next_, *rule.then, *rule.day_of))
    by_next = {
        (length, following): tuple(r for r in group if _may_follow(r, following))
        for length, group in rules.items()
        for following in named
    }
    others = {
        length: tuple(r for r in group if _may_follow(r, None)) for length, group in rules.items()
    }
    return by_next, others


@lru_cache(maxsize=1)
def _literal_starts() -> dict[str, tuple[str, ...]]:
    """The patterns tried wherever one of their words stands, even inside a word.

    Each starts (after a lookbehind) with the first word of one of its forms: "vecka 12",
    "v. 12", "årsskiftet 2020/2021". A word that starts with another of the list
    ("årsskiftet" with "årsskifte") stands only where that one does: it is left out, so
    the text is searched once for the three words of a turn of year.
    """
    return {
        "week": _shortest(_forms(form.split()[0] for form in _WEEK_WORDS)),
        "turn": _shortest(_forms(form.split()[0] for form in temporal_lexicon().turn_of_year)),
    }


def _shortest(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` without those that start with another of them."""
    return tuple(w for w in words if not any(w != o and w.startswith(o) for o in words))


@dataclass(frozen=True, slots=True)
class _Entry:
    """An anchor word and who anchors on it.

    ``rest``: its words after the first (each after a gap); ``whole``: no letter may
    follow it; ``then``: one of these must follow; ``number_after``: a run of digits
    must follow (see :class:`_Anchor`).
    """

    rest: tuple[str, ...]
    whole: bool
    then: tuple[str, ...]
    number_after: bool
    patterns: tuple[str, ...]  # the patterns that can start here
    required_by: tuple[str, ...]  # the patterns that need it somewhere in the text


# Anchor words by their first word: (first word, the anchor words it begins), ...
_Entries = tuple[tuple[str, tuple[_Entry, ...]], ...]
# An anchor word: (its words, whole, what must follow, whether digits must follow).
_Key = tuple[str, bool, tuple[str, ...], bool]


@dataclass(frozen=True, slots=True)
class _Plan:
    """The anchors as one search.

    ``finder`` finds, in one pass, every word (run of letters) at a word boundary that
    starts with a probe: the anchor words' first words, leaving out those another one
    starts ("de" finds "den" and "december" too). It takes the non-word character before
    the word along and the word as group 1, and ``first_word`` a word at the very start
    of the text: a pattern that starts at a word boundary is tried at every position of
    the text, one that starts with a character class only where the text holds one of
    its characters (a third fewer instructions). ``by_run`` lists the anchor words by the
    run of letters their first word starts with ("q" for "q1"); ``prefixes`` the anchor
    words that only start a word ("två" of "tvåårig"), ``prefix_lengths`` their lengths
    (ascending), by which a word's prefixes are looked up in ``by_prefix``.
    """

    finder: re.Pattern[str]
    first_word: re.Pattern[str]
    by_run: dict[str, _Entries]
    prefixes: tuple[str, ...]
    prefix_lengths: tuple[int, ...]
    by_prefix: dict[str, tuple[_Entry, ...]]
    gated: frozenset[str]  # patterns with required words


def _trie(words: Iterable[str]) -> str:
    """An alternation of ``words`` (none a prefix of another) that branches letter by letter."""
    branches: dict[str, list[str]] = {}
    for word in words:
        branches.setdefault(word[0], []).append(word[1:])
    alternatives = [
        re.escape(first) + ("" if rests == [""] else _trie(rests))
        for first, rests in sorted(branches.items())
    ]
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


@lru_cache(maxsize=1)
def _plan() -> _Plan:
    anchored: dict[_Key, list[str]] = {}
    required: dict[_Key, list[str]] = {}
    for name, anchor in _anchors().items():
        for form in anchor.words:
            anchored.setdefault((form, True, (), False), []).append(name)
        for form in anchor.counts:
            anchored.setdefault((form, True, anchor.then, False), []).append(name)
        for form in anchor.articles:
            anchored.setdefault((form, True, (), True), []).append(name)
        for form in anchor.prefixes:
            anchored.setdefault((form, False, (), False), []).append(name)
        for form in anchor.requires:
            required.setdefault((form, True, (), False), []).append(name)
    keys = sorted({*anchored, *required})
    firsts = {form.split()[0] for form, _, _, _ in keys}
    probes = sorted(w for w in firsts if not any(w != o and w.startswith(o) for o in firsts))
    if not all(p[0].isalpha() for p in probes):
        raise ValueError(f"anchor words must start with a letter: {probes}")
    by_run: dict[str, dict[str, list[_Entry]]] = {}
    by_prefix: dict[str, list[_Entry]] = {}
    for key in keys:
        form, whole, then, number_after = key
        first, *rest = form.split()
        entry = _Entry(
            tuple(rest),
            whole,
            then,
            number_after,
            tuple(anchored.get(key, ())),
            tuple(required.get(key, ())),
        )
        if whole:
            run = _LETTER_RUN.match(first)
            assert run is not None  # a probe starts with a letter
            by_run.setdefault(run.group(), {}).setdefault(first, []).append(entry)
        else:
            by_prefix.setdefault(first, []).append(entry)
    # \b before a probe (which starts with a letter) is a non-word character before it.
    words = _trie(probes) + _LETTER_RUN.pattern[:-1] + "*"
    return _Plan(
        finder=re.compile(_non_word_class() + "(" + words + ")"),
        first_word=re.compile("(" + words + ")"),
        by_run={
            run: tuple((first, tuple(group)) for first, group in by_first.items())
            for run, by_first in by_run.items()
        },
        prefixes=tuple(by_prefix),
        prefix_lengths=tuple(sorted({len(prefix) for prefix in by_prefix})),
        by_prefix={first: tuple(group) for first, group in by_prefix.items()},
        gated=frozenset(name for names in required.values() for name in names),
    )


@lru_cache(maxsize=1)
def _non_word_class() -> str:
    """``\\W`` of ``re`` spelled out as a character class, except that it takes in every
    character beyond the BMP (the finder's caller drops a word character there).

    ``re`` searches for a pattern that starts with a class by testing each character of
    the text: ``\\W`` asks the Unicode database each time, a class of BMP characters
    is one table lookup (the finder costs a quarter less). Characters beyond the BMP
    stay one range, as a list of their non-word ranges would be tried one by one for
    every letter of the text.
    """
    bmp = "".join(map(chr, range(0x10000)))
    runs = (m.span() for m in re.finditer(r"\W+", bmp))
    spelled = "".join(
        re.escape(bmp[start]) + ("" if end == start + 1 else "-" + re.escape(bmp[end - 1]))
        for start, end in runs
    )
    return f"[{spelled}\U00010000-\U0010ffff]"


def _after_gap(folded: str, at: int) -> int:
    """Where the white space (if any) that starts at ``at`` ends."""
    while folded[at : at + 1] in _GAP_CHARS:
        at += 1
    return at


def _stands_at(text: str, folded: str, at: int, entry: _Entry) -> bool:
    """Whether ``entry``'s words after the first, and what must follow, stand at ``at``
    (where its first word ends)."""
    for word in entry.rest:
        gap = at
        at = _after_gap(folded, at)
        if at == gap or not folded.startswith(word, at):
            return False
        at += len(word)
        if entry.whole and text[at : at + 1].isalpha():
            return False
    return not entry.then or folded.startswith(entry.then, _after_gap(folded, at))


def _probe_words(plan: _Plan, folded: str) -> Iterator[re.Match[str]]:
    """Every word of ``folded`` at a word boundary that starts with a probe (as group 1)."""
    at_start = plan.first_word.match(folded)
    if at_start is not None:
        yield at_start
    for m in plan.finder.finditer(folded):
        before = folded[m.start()]
        # The finder's class takes in every character beyond the BMP (see
        # _non_word_class). A match it should not have made is all word characters
        # but its first, so dropping it loses no later match.
        if before > "\uffff" and before.isalnum():
            continue
        yield m


_NUMBER_SEPARATORS = frozenset("-/.,:")  # _NUMBER_GUARD, _NUMBER_END


def _digit_starts(
    text: str, folded: str, runs: Sequence[tuple[int, int]], run_starts: AbstractSet[int]
) -> dict[str, list[int]]:
    """Offsets of the runs of digits each digit-anchored pattern can start with.

    One pass over the runs (``(start, end)``, in order; ``run_starts`` their starts),
    each checked against the rules for its length only.
    """
    by_next, others = _digit_rules()
    numbers: dict[str, list[int]] = {name: [] for name in _digit_anchored()}
    previous_end = -1
    for start, end in runs:
        length = end - start
        rules = by_next.get((length, folded[end : end + 1]))
        if rules is None:
            rules = others.get(length, ())
        if not rules:
            previous_end = end
            continue
        before = text[start - 1 : start] if start else ""
        # Refused by _NUMBER_GUARD: a letter, or digits and a separator, before the run.
        fenced_before = before.isalpha() or (
            before in _NUMBER_SEPARATORS and previous_end == start - 1
        )
        following = text[end : end + 1]
        # Refused by _NUMBER_END: a letter, or a separator and digits, after the run.
        fenced_after = following.isalpha() or (
            following in _NUMBER_SEPARATORS and end + 1 in run_starts
        )
        previous_end = end
        then_at = -1
        for name, leading, next_, next_number, then, day_of, guarded, ended in rules:
            if (guarded and fenced_before) or (ended and fenced_after):
                continue
            if leading and not text.startswith(leading, start):
                continue
            if next_:
                if not folded.startswith(next_, end):
                    continue
                if next_number and end + 1 not in run_starts:
                    continue
            if then:
                if then_at < 0:
                    then_at = _after_gap(folded, end)
                if not folded.startswith(then, then_at):
                    continue
            if day_of and not folded.startswith(day_of, _after_day(folded, end)):
                continue
            numbers[name].append(start)
    return numbers


def _after_day(folded: str, at: int) -> int:
    """Where a month or a dash would stand after the day that ends at ``at``
    (after an ordinal ":a"/":e", a dot and white space, each if any)."""
    if folded.startswith((":a", ":e"), at):
        at += 2
    if folded.startswith(".", at):
        at += 1
    return _after_gap(folded, at)


class _Starts:
    """Where each anchored pattern can start in one text (words found in one pass)."""

    __slots__ = ("_numbers", "_present", "_starts", "folded", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        folded = _fold(text)
        if "_" in folded:
            folded = folded.replace("_", " ")
        self.folded = folded
        plan = _plan()
        by_run, by_prefix, prefixes = plan.by_run, plan.by_prefix, plan.prefixes
        # (offset, the anchor words found there); most words found are no anchor word.
        found: list[tuple[int, int, tuple[_Entry, ...]]] = []
        for m in _probe_words(plan, folded):
            at, run = m.start(1), m.group(1)
            if not run.isalpha():  # a digit-like character (not a letter) in the run
                run = run[: next(i for i, c in enumerate(run) if not c.isalpha())]
            for first, entries in by_run.get(run, ()):
                # Mostly the first word is the run itself ("q1" is not, "v." neither).
                if first == run or folded.startswith(first, at):
                    found.append((at, at + len(first), entries))
            if run.startswith(prefixes):
                for length in plan.prefix_lengths:
                    if length > len(run):
                        break
                    prefixed = by_prefix.get(run[:length])
                    if prefixed is not None:
                        found.append((at, at + length, prefixed))
        runs = [m.span() for m in _NUMBER_RUN.finditer(text)]
        run_starts = {start for start, _ in runs}
        starts: dict[str, list[int]] = {}
        present: set[str] = set()
        for at, after, entries in found:
            letter_after = text[after : after + 1].isalpha()
            next_word = -1  # where the text goes on after white space, once needed
            for entry in entries:
                if entry.rest:
                    if letter_after or not _stands_at(text, folded, after, entry):
                        continue
                elif entry.then:  # _stands_at without further words, inlined
                    if letter_after:
                        continue
                    if next_word < 0:
                        next_word = _after_gap(folded, after)
                    if not folded.startswith(entry.then, next_word):
                        continue
                elif entry.number_after:  # "den 1 mars": only before a number
                    if letter_after:
                        continue
                    if next_word < 0:
                        next_word = _after_gap(folded, after)
                    if next_word not in run_starts:
                        continue
                elif entry.whole and letter_after:
                    continue
                for name in entry.patterns:
                    at_name = starts.setdefault(name, [])
                    if not at_name or at_name[-1] != at:
                        at_name.append(at)
                present.update(entry.required_by)
        self._starts = starts
        self._present = present
        self._numbers: dict[str, list[int]] = _digit_starts(text, folded, runs, run_starts)

    def occurrences(self, words: Sequence[str]) -> list[int]:
        """Every offset where one of ``words`` (folded, no spaces) stands, in order."""
        folded = self.folded
        return sorted({at for word in words for at in occurrences(folded, word)})

    def candidates(self, name: str) -> list[int]:
        """Every offset a match of pattern ``name`` can start at, in order."""
        if name in _plan().gated and name not in self._present:
            return []
        words = self._starts.get(name, [])
        if name not in _digit_anchored():
            return words
        numbers = self._numbers[name]
        if not words or not numbers:
            return words or numbers
        return sorted(words + numbers)  # words start with a letter, numbers with a digit


def _matches_at(
    pattern: regex.Pattern[str], text: str, positions: Iterable[int]
) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text)`` when every match starts at one of ``positions`` (in
    order): the pattern is tried there only, skipping those inside the last match.

    None of the patterns it is used with can match the empty string.
    """
    match = pattern.match
    last = 0
    for position in positions:
        if position >= last:
            m = match(text, position)
            if m is not None:
                last = m.end()
                yield m


def _finditer(name: str, starts: _Starts) -> Iterator[regex.Match[str]]:
    """``_patterns().<name>.finditer(text)``, trying the pattern only where it can start."""
    pattern: regex.Pattern[str] = getattr(_patterns(), name)
    if name in _anchors():
        return _matches_at(pattern, starts.text, starts.candidates(name))
    literal = _literal_starts().get(name)
    if literal is not None:
        return _matches_at(pattern, starts.text, starts.occurrences(literal))
    return pattern.finditer(starts.text)


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


# ASCII characters that are no letter or number in any Unicode version: none starts a
# word (_Patterns.word); those of them that a word may hold after its first are
# _WORD_INNER, the others end it.
_ASCII_NON_ALNUM = "".join(c for c in map(chr, range(128)) if not c.isalnum())
_WORD_INNER = ".%-"
_ASCII_WORD_END = "".join(c for c in _ASCII_NON_ALNUM if c not in _WORD_INNER)


# How many letters of a word next to a count _is_count compares with the count words.
_COUNT_AFFIX = 3


@lru_cache(maxsize=1)
def _count_word_affixes() -> tuple[frozenset[str], frozenset[str]]:
    """The starts of the words after a count and the ends of the words before one, up to
    _COUNT_AFFIX letters long (as :func:`_is_count` compares them: folded, without a
    final full stop)."""
    lex = temporal_lexicon()
    after = {w.rstrip(".") for w in lex.count_words_after}
    before = {w.rstrip(".") for w in lex.count_words_before}
    lengths = range(1, _COUNT_AFFIX + 1)
    return (
        frozenset(w[:n] for w in after for n in lengths),
        frozenset(w[-n:] for w in before for n in lengths),
    )


def _ascii_alnum(chars: str) -> bool:
    return chars.isascii() and chars.isalnum()


def _is_count(text: str, start: int, end: int, lex: TemporalLexicon) -> bool:
    """ "2000 invånare", "ca 2020 svar": a number, not a year.

    Looks at the word after, then the word before, as :func:`_neighbour_words` finds them.
    Most words there start (or end) with ASCII letters no count word starts (ends) with:
    those are read from the text, and the word pattern is searched only when the word may
    be a count word. Both windows are shorter than a word may be long, so the word takes
    in every letter and digit next to the ones read.
    """
    if text.startswith(("%", " %"), end):
        return True
    starts, ends = _count_word_affixes()
    word = _patterns().word
    stop = min(len(text), end + 40)
    # The first word after starts at the first character not in _ASCII_NON_ALNUM.
    head = text[end:stop].lstrip(_ASCII_NON_ALNUM)[:_COUNT_AFFIX]
    while head and not _ascii_alnum(head):
        head = head[:-1]  # what of it is ASCII letters and digits
    if not head or head.lower() in starts:
        after = word.search(text, end, stop)
        if after is not None and after.group().rstrip(".").casefold() in lex.count_words_after:
            return True
    # The last word before ends with the last letter or digit of the window (and any
    # full stops after it).
    window = text[max(0, start - 40) : start].rstrip(_ASCII_WORD_END)
    if not window:
        return False
    tail = window.rstrip(".")[-_COUNT_AFFIX:]
    while tail and not _ascii_alnum(tail):
        tail = tail[1:]
    if tail and tail.lower() not in ends:
        return False
    before = word.findall(text, max(0, start - 40), start)
    return bool(before) and before[-1].rstrip(".").casefold() in lex.count_words_before


def _day_atoms(starts: _Starts, lex: TemporalLexicon) -> Iterable[_Atom]:
    text = starts.text
    pats = _patterns()
    for m in _finditer("iso", starts):
        spec = _Spec("day", int(m["y"]), int(m["m"]), int(m["d"]))
        yield _Atom(m.start(), m.end(), spec, spec)
    for m in _finditer("dotted", starts):
        day, month = int(m["d"]), int(m["m"])
        if 1 <= day <= 31 and 1 <= month <= 12:  # else a section number, not a date
            spec = _Spec("day", int(m["y"]), month, day)
            yield _Atom(m.start(), m.end(), spec, spec)
    for m in _finditer("slash", starts):
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
    for m in _finditer("day_month", starts):
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


def _month_atoms(starts: _Starts, lex: TemporalLexicon) -> Iterable[_Atom]:
    for m in _finditer("month", starts):
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


def _part_atoms(starts: _Starts, lex: TemporalLexicon) -> Iterable[_Atom]:
    text = starts.text
    for m in _finditer("part", starts):
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


def _year_atoms(starts: _Starts, lex: TemporalLexicon) -> Iterable[_Atom]:
    text = starts.text
    for m in _finditer("year_range", starts):
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
    for m in _finditer("decade", starts):
        first = int(m["y"])
        span = 100 if first % 100 == 0 else 10  # "2000-talet" is the century
        atom = _Atom(m.start(), m.end(), _Spec("year", first), _Spec("year", first + span - 1))
        atom.granularity = "multi_year"
        yield atom
    for m in _finditer("year", starts):
        if _is_count(text, m.start("y"), m.end(), lex):
            continue
        spec = _Spec("year", int(m["y"]))
        yield _Atom(m.start(), m.end(), spec, spec)
    for m in _finditer("week", starts):
        year = _int(m["y"])
        first = int(m["w1"]) if m["w1"] else int(m["w"])
        yield _Atom(
            m.start(),
            m.end(),
            _Spec("week", year, week=first),
            _Spec("week", year, week=int(m["w"])),
        )
    for m in _finditer("turn", starts):
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


def _relative_atoms(starts: _Starts, lex: TemporalLexicon) -> Iterable[_Atom]:
    text = starts.text
    for m in _finditer("relative", starts):
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
    for m in _finditer("compound", starts):
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
    starts = _Starts(text)
    found = [
        *_day_atoms(starts, lex),
        *_month_atoms(starts, lex),
        *_part_atoms(starts, lex),
        *_year_atoms(starts, lex),
        *_relative_atoms(starts, lex),
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
        # Each prefix pattern ends with one of a few words and a gap.
        if not _fold(window.rstrip(_GAP)).endswith(_prefix_ends()):
            continue
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
    # A bullet follows a line break, which most blocks do not hold.
    if text.find("\n", start, end) >= 0:
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
            lo_iv = atom.lo.interval()
            hi_iv = lo_iv if atom.hi is atom.lo else atom.hi.interval()
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
        kind="range"
        if atom.kind == "point" and atom.lo is not atom.hi and atom.lo != atom.hi
        else atom.kind,
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
