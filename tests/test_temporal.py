"""Temporal module: date expressions, roles, signing date and validity period."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loftesparser.extract import temporal_patterns as tp
from loftesparser.extract import temporal_roles as tr
from loftesparser.extract.temporal import (
    TemporalResult,
    add_duration,
    extract_temporal,
    find_date_expressions,
)
from loftesparser.extract.temporal_lexicon import temporal_lexicon
from loftesparser.extract.temporal_patterns import DateExpression, sentence_spans
from loftesparser.models import DateRole, WarningCode
from loftesparser.normalize import normalize
from loftesparser.readers import read_file
from loftesparser.segment import segment
from tests.conftest import CORPUS, DOCUMENTS, structure_of

D = dt.date


def only(text: str) -> DateExpression:
    """The one expression in ``text``."""
    found = find_date_expressions(text)
    assert len(found) == 1, [e.text for e in found]
    return found[0]


# --- expressions: text -> (expression, start, end, granularity[, duration]) -----------------

# fmt: off
EXPRESSIONS: list[tuple[str, str, D | None, D | None, str | None, str | None]] = [
    # ISO and numeric dates
    ("2019-11-19", "2019-11-19", D(2019, 11, 19), D(2019, 11, 19), "day", None),
    ("Habo 2016-12-06", "2016-12-06", D(2016, 12, 6), D(2016, 12, 6), "day", None),
    ("31/1 2017", "31/1 2017", D(2017, 1, 31), D(2017, 1, 31), "day", None),
    ("senast 31/1 2017", "31/1 2017", D(2017, 1, 31), D(2017, 1, 31), "day", None),
    ("senast 31/1-2017", "31/1-2017", D(2017, 1, 31), D(2017, 1, 31), "day", None),
    ("den 1/3 2021", "den 1/3 2021", D(2021, 3, 1), D(2021, 3, 1), "day", None),
    ("1.3.2021", "1.3.2021", D(2021, 3, 1), D(2021, 3, 1), "day", None),
    ("2019-11", "2019-11", D(2019, 11, 1), D(2019, 11, 30), "month", None),
    # written dates
    ("den 1 mars 2021", "den 1 mars 2021", D(2021, 3, 1), D(2021, 3, 1), "day", None),
    ("1 januari 2020", "1 januari 2020", D(2020, 1, 1), D(2020, 1, 1), "day", None),
    ("1:a april 2022", "1:a april 2022", D(2022, 4, 1), D(2022, 4, 1), "day", None),
    ("15 sept. 2019", "15 sept. 2019", D(2019, 9, 15), D(2019, 9, 15), "day", None),
    ("3 febr 2020", "3 febr 2020", D(2020, 2, 3), D(2020, 2, 3), "day", None),
    ("24 jul 2020", "24 jul 2020", D(2020, 7, 24), D(2020, 7, 24), "day", None),
    ("29 februari 2020", "29 februari 2020", D(2020, 2, 29), D(2020, 2, 29), "day", None),
    ("1-15 mars 2021", "1-15 mars 2021", D(2021, 3, 1), D(2021, 3, 15), "day", None),
    ("mars 2021", "mars 2021", D(2021, 3, 1), D(2021, 3, 31), "month", None),
    ("under oktober 2015", "oktober 2015", D(2015, 10, 1), D(2015, 10, 31), "month", None),
    ("jan 2020", "jan 2020", D(2020, 1, 1), D(2020, 1, 31), "month", None),
    ("oktober-november 2016", "oktober-november 2016", D(2016, 10, 1), D(2016, 11, 30), "month", None),
    ("oktober–december 2016", "oktober–december 2016", D(2016, 10, 1), D(2016, 12, 31), "month", None),
    ("november–februari 2021", "november–februari 2021", D(2020, 11, 1), D(2021, 2, 28), "month", None),
    ("mars till maj 2022", "mars till maj 2022", D(2022, 3, 1), D(2022, 5, 31), "month", None),
    # day ranges
    (
        "1 januari 2020 - 31 december 2022",
        "1 januari 2020 - 31 december 2022",
        D(2020, 1, 1), D(2022, 12, 31), "day", None,
    ),
    (
        "1 januari 2020 – 31 december 2022",
        "1 januari 2020 – 31 december 2022",
        D(2020, 1, 1), D(2022, 12, 31), "day", None,
    ),
    (
        "1 januari 2020 till 31 december 2022",
        "1 januari 2020 till 31 december 2022",
        D(2020, 1, 1), D(2022, 12, 31), "day", None,
    ),
    (
        "1 januari 2020 t.o.m. 31 december 2022",
        "1 januari 2020 t.o.m. 31 december 2022",
        D(2020, 1, 1), D(2022, 12, 31), "day", None,
    ),
    (
        "gäller från 1 januari 2020 - 31 december 2022",
        "från 1 januari 2020 - 31 december 2022",
        D(2020, 1, 1), D(2022, 12, 31), "day", None,
    ),
    (
        "under tiden 2015-12-19 till 2016-03-16",
        "2015-12-19 till 2016-03-16",
        D(2015, 12, 19), D(2016, 3, 16), "day", None,
    ),
    ("1 mars - 15 april 2021", "1 mars - 15 april 2021", D(2021, 3, 1), D(2021, 4, 15), "day", None),
    ("31/1 - 28/2 2017", "31/1 - 28/2 2017", D(2017, 1, 31), D(2017, 2, 28), "day", None),
    # years and year ranges
    ("under 2017", "2017", D(2017, 1, 1), D(2017, 12, 31), "year", None),
    ("år 2023", "år 2023", D(2023, 1, 1), D(2023, 12, 31), "year", None),
    ("MEDBORGARLÖFTE 2017", "2017", D(2017, 1, 1), D(2017, 12, 31), "year", None),
    ("2015 ombildades Polisen", "2015", D(2015, 1, 1), D(2015, 12, 31), "year", None),
    ("2016 års medborgarlöften", "2016", D(2016, 1, 1), D(2016, 12, 31), "year", None),
    ("2016-2017", "2016-2017", D(2016, 1, 1), D(2017, 12, 31), "multi_year", None),
    ("2020–2022", "2020–2022", D(2020, 1, 1), D(2022, 12, 31), "multi_year", None),
    ("2016/2017", "2016/2017", D(2016, 1, 1), D(2017, 12, 31), "multi_year", None),
    ("2016 - 2017", "2016 - 2017", D(2016, 1, 1), D(2017, 12, 31), "multi_year", None),
    ("för 2016-2017", "2016-2017", D(2016, 1, 1), D(2017, 12, 31), "multi_year", None),
    ("Medborgarlöfte 2023-2024", "2023-2024", D(2023, 1, 1), D(2024, 12, 31), "multi_year", None),
    ("pilotprojektet 2014/2015", "2014/2015", D(2014, 1, 1), D(2015, 12, 31), "multi_year", None),
    ("mellan 2020 och 2022", "mellan 2020 och 2022", D(2020, 1, 1), D(2022, 12, 31), "multi_year", None),
    ("under 2016 och 2017", "2016 och 2017", D(2016, 1, 1), D(2017, 12, 31), "multi_year", None),
    ("2020 till 2022", "2020 till 2022", D(2020, 1, 1), D(2022, 12, 31), "multi_year", None),
    (
        "under året 2016 och in på året 2017",
        "året 2016 och in på året 2017",
        D(2016, 1, 1), D(2017, 12, 31), "multi_year", None,
    ),
    (
        "Handlingsprogram för trygghet och säkerhet 2015-2018",
        "2015-2018",
        D(2015, 1, 1), D(2018, 12, 31), "multi_year", None,
    ),
    ("på 2010-talet", "2010-talet", D(2010, 1, 1), D(2019, 12, 31), "multi_year", None),
    ("2020-21", "2020-21", D(2020, 1, 1), D(2021, 12, 31), "multi_year", None),
    ("2016/17", "2016/17", D(2016, 1, 1), D(2017, 12, 31), "multi_year", None),
    # turns of year
    ("vid årsskiftet 2020/ 2021", "årsskiftet 2020/ 2021", D(2020, 12, 31), D(2021, 1, 1), "day", None),
    ("årsskiftet 2021/2022", "årsskiftet 2021/2022", D(2021, 12, 31), D(2022, 1, 1), "day", None),
    # seasons and parts of a year
    ("hösten 2020", "hösten 2020", D(2020, 9, 1), D(2020, 11, 30), "season", None),
    ("våren 2015", "våren 2015", D(2015, 3, 1), D(2015, 5, 31), "season", None),
    ("sommaren 2019", "sommaren 2019", D(2019, 6, 1), D(2019, 8, 31), "season", None),
    ("vintern 2020/2021", "vintern 2020/2021", D(2020, 12, 1), D(2021, 2, 28), "season", None),
    ("höstterminen 2022", "höstterminen 2022", D(2022, 8, 1), D(2022, 12, 31), "season", None),
    ("VT 2023", "VT 2023", D(2023, 1, 1), D(2023, 6, 30), "season", None),
    ("hösten 2020 - våren 2021", "hösten 2020 - våren 2021", D(2020, 9, 1), D(2021, 5, 31), "season", None),
    ("första halvåret 2021", "första halvåret 2021", D(2021, 1, 1), D(2021, 6, 30), "month", None),
    ("under tredje kvartalet 2022", "tredje kvartalet 2022", D(2022, 7, 1), D(2022, 9, 30), "month", None),
    ("vecka 12 2021", "vecka 12 2021", D(2021, 3, 22), D(2021, 3, 28), "day", None),
    # open bounds
    ("från och med 1 juli 2021", "från och med 1 juli 2021", D(2021, 7, 1), None, "day", None),
    ("fr.o.m. 1 juli 2021", "fr.o.m. 1 juli 2021", D(2021, 7, 1), None, "day", None),
    ("fr.o.m. 2022", "fr.o.m. 2022", D(2022, 1, 1), None, "year", None),
    ("t.o.m. 2023", "t.o.m. 2023", None, D(2023, 12, 31), "year", None),
    ("till och med 31 december 2023", "till och med 31 december 2023", None, D(2023, 12, 31), "day", None),
    ("gäller till den 30 juni 2022", "till den 30 juni 2022", None, D(2022, 6, 30), "day", None),
    # relative spans
    (
        "pågår under två (2) år framåt från det att de tecknas",
        "två (2) år framåt från det att de tecknas",
        None, None, "multi_year", "P2Y",
    ),
    ("de kommande två åren", "de kommande två åren", None, None, "multi_year", "P2Y"),
    ("ett år i taget", "ett år i taget", None, None, "year", "P1Y"),
    ("tre år", "tre år", None, None, "multi_year", "P3Y"),
    ("under 18 månader", "18 månader", None, None, "month", "P18M"),
    ("ett och ett halvt år", "ett och ett halvt år", None, None, "year", "P1Y6M"),
    ("ett tvåårigt medborgarlöfte", "tvåårigt", None, None, "multi_year", "P2Y"),
    ("inom en vecka", "en vecka", None, None, "day", "P1W"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expression", "start", "end", "granularity", "duration"),
    EXPRESSIONS,
    ids=[row[0] for row in EXPRESSIONS],
)
def test_expression_table(
    text: str,
    expression: str,
    start: D | None,
    end: D | None,
    granularity: str | None,
    duration: str | None,
) -> None:
    found = only(text)
    assert found.text == expression
    assert text[found.span.start : found.span.end] == expression
    assert (found.start, found.end) == (start, end)
    assert found.granularity == granularity
    assert found.duration == duration


def test_expression_table_is_large() -> None:
    assert len(EXPRESSIONS) >= 60


def test_relative_spans_know_their_anchor() -> None:
    assert only("två (2) år framåt från det att de tecknas").anchor == "signing"
    assert only("två år räknat från undertecknandet").anchor == "signing"
    assert only("de kommande två åren").anchor == "now"
    assert only("de senaste tre åren").anchor == "past"
    assert only("tre år").anchor is None


def test_turn_of_year_carries_over_a_coordination() -> None:
    found = find_date_expressions(
        "möjlighet att revidera vid årsskiftet 2020/ 2021 samt 2021/ 2022."
    )
    assert [(e.text, e.start, e.end) for e in found] == [
        ("årsskiftet 2020/ 2021", D(2020, 12, 31), D(2021, 1, 1)),
        ("2021/ 2022", D(2021, 12, 31), D(2022, 1, 1)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2000 invånare",
        "ca 2020 svar",
        "ungdomar under 18 år",
        "en gång i veckan",
        "var tredje månad",
        "24/7",
        "1/2 dag",
        "Maj Andersson",
        "vår kommun",
        "jul 2020 firades",  # "jul" alone is Christmas; the year still counts
        "Dnr 2019/123",
        "Brå-rapport 2020:1",
        "telefon 0564-150 00",
        "höstens aktiviteter",
    ],
)
def test_not_dates(text: str) -> None:
    found = find_date_expressions(text)
    if text.startswith("jul"):
        assert [e.text for e in found] == ["2020"]
    else:
        assert found == [], [e.text for e in found]


# --- invalid, two-digit and missing years --------------------------------------------------


def _codes(expression: DateExpression) -> list[WarningCode]:
    return [issue.code for issue in expression.issues]


@pytest.mark.parametrize(
    "text",
    ["31 februari 2020", "2020-13-01", "30/2 2021", "2021-02-29", "vecka 54 2021", "2017-2016"],
)
def test_invalid_dates_are_not_normalized(text: str) -> None:
    found = only(text)
    assert (found.start, found.end) == (None, None)
    assert _codes(found) == [WarningCode.INVALID_DATE]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2020-21", D(2020, 1, 1), D(2021, 12, 31)),
        ("2016/17", D(2016, 1, 1), D(2017, 12, 31)),
        ("årsskiftet 2020/21", D(2020, 12, 31), D(2021, 1, 1)),
    ],
)
def test_two_digit_year_attached_to_a_four_digit_year_is_read_and_warned(
    text: str, start: D, end: D
) -> None:
    found = only(text)
    assert (found.start, found.end) == (start, end)
    assert WarningCode.TWO_DIGIT_YEAR in _codes(found)


@pytest.mark.parametrize("text", ["hösten -21", "mars -21", "1 mars -21", "31/1-17", "vt21"])
def test_lone_two_digit_year_is_not_guessed(text: str) -> None:
    # Not even from a four-digit year elsewhere in the sentence.
    found = [
        e
        for e in find_date_expressions(f"Under 2020 och {text} sker uppföljning.")
        if e.text == text
    ]
    assert len(found) == 1
    assert (found[0].start, found[0].end) == (None, None)
    assert _codes(found[0]) == [WarningCode.TWO_DIGIT_YEAR]


@pytest.mark.parametrize("text", ["1 mars", "den 1 mars", "maj", "under hösten", "senast 31/1"])
def test_missing_year_is_warned_not_guessed(text: str) -> None:
    found = only(f"Träffen hålls {text} i stadshuset.")
    assert (found.start, found.end) == (None, None)
    assert _codes(found) == [WarningCode.MISSING_YEAR]


def test_missing_year_comes_from_the_sentence() -> None:
    found = find_date_expressions(
        "Under 2016 redovisas arbetet vid två tillfällen (maj och september)."
    )
    assert [(e.text, e.start, e.end, e.year_inferred) for e in found] == [
        ("2016", D(2016, 1, 1), D(2016, 12, 31), False),
        ("maj", D(2016, 5, 1), D(2016, 5, 31), True),
        ("september", D(2016, 9, 1), D(2016, 9, 30), True),
    ]


def test_missing_year_comes_from_the_paragraph_but_not_from_another() -> None:
    text = "Dialogen hålls 1 mars. Det sker under 2022.\n\nUppföljning sker 1 juni."
    found = find_date_expressions(text)
    assert [(e.text, e.start) for e in found] == [
        ("1 mars", D(2022, 3, 1)),
        ("2022", D(2022, 1, 1)),
        ("1 juni", None),
    ]
    assert _codes(found[2]) == [WarningCode.MISSING_YEAR]


def test_single_year_winter_is_flagged_ambiguous() -> None:
    found = only("vintern 2021")
    assert (found.start, found.end) == (D(2021, 12, 1), D(2022, 2, 28))
    assert _codes(found) == [WarningCode.AMBIGUOUS_DATE]


def test_add_duration() -> None:
    assert add_duration(D(2020, 1, 1), "P2Y") == D(2021, 12, 31)
    assert add_duration(D(2019, 11, 19), "P1Y") == D(2020, 11, 18)
    assert add_duration(D(2020, 2, 29), "P1Y") == D(2021, 2, 27)
    assert add_duration(D(2021, 1, 31), "P1M") == D(2021, 2, 27)
    assert add_duration(D(2021, 3, 1), "P18M") == D(2022, 8, 31)
    assert add_duration(D(2021, 3, 1), "P2W") == D(2021, 3, 14)
    assert add_duration(D(2021, 3, 1), "nonsense") is None


def test_sentences_do_not_end_at_abbreviations() -> None:
    text = "Löftet gäller t.o.m. 2023 och bl.a. i centrum. Nästa mening."
    assert [text[a:b].strip() for a, b in sentence_spans(text)] == [
        "Löftet gäller t.o.m. 2023 och bl.a. i centrum.",
        "Nästa mening.",
    ]


# --- roles ------------------------------------------------------------------------------


def run(text: str) -> TemporalResult:
    return extract_temporal(structure_of(text))


def role_in(text: str, mention: str) -> DateRole:
    result = run(text)
    matches = [d for d in result.dates if d.text == mention]
    assert len(matches) == 1, [(d.text, d.role) for d in result.dates]
    return matches[0].role


def body(sentence: str) -> str:
    """A small document: a title, the sentence as a paragraph, a closing paragraph."""
    return f"Medborgarlöften\n\n{sentence}\n\nPolisen och kommunen arbetar tillsammans för ökad trygghet.\n"


# fmt: off
ROLES: list[tuple[str, str, DateRole]] = [
    # validity
    ("Medborgarlöftet gäller under perioden 2021-2023.", "2021-2023", "validity"),
    (
        "Löftet gäller från och med 1 juli 2021 till och med 30 juni 2023.",
        "från och med 1 juli 2021 till och med 30 juni 2023",
        "validity",
    ),
    ("Polisen och Ludvika kommun lovar att under 2022 arbeta för ökad trygghet i centrum.", "2022", "validity"),
    ("Aktiviteterna pågår till och med december 2024.", "till och med december 2024", "validity"),
    ("Överenskommelsen om medborgarlöften förlängs att gälla även under 2019.", "2019", "validity"),
    ("Medborgarlöftet löper ett år i taget och förnyas efter uppföljning.", "ett år i taget", "validity"),
    ("Vi har tecknat medborgarlöften för 2024-2025 med fokus på trafiken.", "2024-2025", "validity"),
    # signing (in the text; signature blocks are tested below)
    (
        "Medborgarlöftet undertecknades den 3 mars 2021 av kommunstyrelsens ordförande.",
        "den 3 mars 2021",
        "signing",
    ),
    ("Detta medborgarlöfte har tecknats den 12 februari 2020 i Vetlanda.", "den 12 februari 2020", "signing"),
    ("Beslutad av kommunstyrelsen 2021-04-12 och av lokalpolisområdet samma dag.", "2021-04-12", "signing"),
    # document date (in the text; letterheads are tested below)
    ("Dokumentet är upprättat 2 december 2020 av trygghetssamordnaren.", "2 december 2020", "document_date"),
    ("Denna version är daterad 14 januari 2022 och ersätter tidigare versioner.", "14 januari 2022", "document_date"),
    # survey
    (
        "Under hösten 2021 genomfördes en medborgarundersökning där 800 invånare svarade på enkäten.",
        "hösten 2021",
        "survey",
    ),
    ("Polisens trygghetsmätning 2020 visar att otryggheten har ökat i centrala Ludvika.", "2020", "survey"),
    ("Medborgardialoger hölls i maj 2022 på biblioteket och i köpcentret.", "maj 2022", "survey"),
    (
        "I enkäten som skickades ut i januari 2023 svarade många att de känner sig otrygga.",
        "januari 2023",
        "survey",
    ),
    # analysis
    ("Lägesbilden från 2022 visar att bostadsinbrotten har minskat.", "2022", "analysis"),
    (
        "Under våren 2023 har polisen och kommunen analyserat brottsstatistiken tillsammans.",
        "våren 2023",
        "analysis",
    ),
    ("Brottsstatistik för 2021 visar en ökning av skadegörelse i centrum.", "2021", "analysis"),
    # follow-up
    ("Resultatet följs upp i Brottsförebyggande rådet i december 2022.", "december 2022", "follow_up"),
    ("Arbetet ska redovisas för kommunstyrelsen under hösten 2024.", "hösten 2024", "follow_up"),
    ("En gemensam utvärdering av medborgarlöftet görs i januari 2025.", "januari 2025", "follow_up"),
    ("Polisen återkopplar till medborgarna under första kvartalet 2023.", "första kvartalet 2023", "follow_up"),
    # deadline
    ("En handlingsplan ska vara klar senast den 31 mars 2022.", "den 31 mars 2022", "deadline"),
    ("Rapporten lämnas till kommunstyrelsen senast 15/6 2021.", "15/6 2021", "deadline"),
    ("Ansökan om bidrag ska vara inne före den 1 oktober 2023.", "den 1 oktober 2023", "deadline"),
    # revision
    ("Medborgarlöftet revideras inför 2024 utifrån en ny lägesbild.", "2024", "revision"),
    ("Löftena ses över och justeras vid årsskiftet 2022/2023.", "årsskiftet 2022/2023", "revision"),
    ("En revidering av aktiviteterna görs i december 2021.", "december 2021", "revision"),
    # history
    ("Sedan 2017 har kommunen och polisen ett gemensamt trygghetsråd.", "2017", "history"),
    ("Tidigare medborgarlöften från 2018 handlade om trafiksäkerhet.", "2018", "history"),
    ("Polisen ombildades 2015 till en nationell myndighet.", "2015", "history"),
    ("Kommunen har arbetat med trygghetsvandringar sedan 2016.", "2016", "history"),
    # reference
    ("Arbetet utgår från kommunens trygghetsprogram 2020–2023.", "2020–2023", "reference"),
    ("Enligt den regionala handlingsplanen för 2021-2025 ska samverkan stärkas.", "2021-2025", "reference"),
    ("Samverkansöverenskommelsen från 2016 ligger till grund för arbetet.", "2016", "reference"),
    (
        "Insatserna ingår i ”Strategi för ett tryggare Sunne 2019-2022” som kommunfullmäktige antog.",
        "2019-2022",
        "reference",
    ),
    # other
    ("Kommunen bjöd in till ett öppet möte den 14 februari 2022 i Folkets hus.", "den 14 februari 2022", "other"),
    ("Fotbollsturneringen i Sunne lockade många besökare sommaren 2019.", "sommaren 2019", "other"),
]
# fmt: on


@pytest.mark.parametrize(
    ("sentence", "mention", "role"), ROLES, ids=[r[1] + "→" + r[2] for r in ROLES]
)
def test_role_table(sentence: str, mention: str, role: DateRole) -> None:
    assert role_in(body(sentence), mention) == role


def test_role_table_covers_every_role_several_times() -> None:
    counts: dict[str, int] = {}
    for _, _, role in ROLES:
        counts[role] = counts.get(role, 0) + 1
    assert all(counts.get(role, 0) >= 2 for role in temporal_lexicon().priority), counts


def test_section_heading_decides_between_weak_cues() -> None:
    text = (
        "Medborgarlöfte 2022\n\nPolisen lovar att patrullera i centrum.\n\n"
        "Uppföljning\n\nUnder 2022 sker detta vid två tillfällen i Trygghetsrådet.\n"
    )
    result = run(text)
    assert [(d.text, d.role) for d in result.dates] == [("2022", "validity"), ("2022", "follow_up")]


def test_signature_block_date_is_the_signing_date() -> None:
    text = (
        "Medborgarlöfte 2021\n\nPolisen och Ludvika kommun lovar att arbeta mot narkotika bland unga.\n\n"
        "Ludvika 2021-03-15\n\nAnna Svensson\nKommunstyrelsens ordförande\n\n"
        "Per Olsson\nLokalpolisområdeschef\n"
    )
    result = run(text)
    assert result.signed_date == D(2021, 3, 15)
    assert result.signed_span is not None
    assert (
        structure_of(text).text[result.signed_span.start : result.signed_span.end] == "2021-03-15"
    )
    assert [(d.text, d.role) for d in result.dates] == [
        ("2021", "validity"),
        ("2021-03-15", "signing"),
    ]
    assert result.period is not None
    assert (result.period.start, result.period.end) == (D(2021, 1, 1), D(2021, 12, 31))


def test_letterhead_date_is_the_document_date_and_stands_in_for_signing() -> None:
    text = (
        "2022-01-10\n\nMedborgarlöfte\n\n"
        "Medborgarlöftet gäller under 2022 och följs upp i Brottsförebyggande rådet.\n\n"
        "Anna Svensson\nKommunstyrelsens ordförande\n"
    )
    result = run(text)
    assert result.document_date == D(2022, 1, 10)
    assert result.signed_date == D(2022, 1, 10)
    assert [(d.text, d.role) for d in result.dates] == [
        ("2022-01-10", "document_date"),
        ("2022", "validity"),
    ]


def test_relative_period_is_anchored_at_the_signing_date() -> None:
    text = (
        "Medborgarlöfte\n\nMedborgarlöftet gäller i två år från det att det undertecknas.\n\n"
        "Polisen lovar att patrullera i centrum.\n\nSunne 2021-04-01\n\nAnna Svensson\nKommunchef\n"
    )
    result = run(text)
    assert result.period is not None
    assert (result.period.start, result.period.end, result.period.duration) == (
        D(2021, 4, 1),
        D(2023, 3, 31),
        "P2Y",
    )
    relative = next(d for d in result.dates if d.duration)
    assert (relative.role, relative.start, relative.end) == (
        "validity",
        D(2021, 4, 1),
        D(2023, 3, 31),
    )


def test_explicit_validity_beats_the_title_year() -> None:
    text = (
        "Medborgarlöfte 2021\n\nMedborgarlöftet gäller från 1 mars 2021 till 28 februari 2022.\n\n"
        "Polisen lovar att patrullera i centrum.\n"
    )
    result = run(text)
    assert result.period is not None
    assert (result.period.start, result.period.end) == (D(2021, 3, 1), D(2022, 2, 28))
    assert not [w for w in result.warnings if w.code == WarningCode.PERIOD_CONFLICT]


def test_open_start_is_closed_by_a_duration() -> None:
    text = "Medborgarlöften\n\nMedborgarlöftet gäller från och med 1 juli 2021 och två år framåt.\n"
    result = run(text)
    assert result.period is not None
    assert (result.period.start, result.period.end, result.period.duration) == (
        D(2021, 7, 1),
        D(2023, 6, 30),
        "P2Y",
    )


# fmt: off
PERIODS: list[tuple[str, str, D | None, D | None, str | None]] = [
    # a start day plus a duration
    ("start day + duration",
     "Medborgarlöfte\n\nMedborgarlöftet börjar gälla 1 mars 2022 och gäller i ett år.\n",
     D(2022, 3, 1), D(2023, 2, 28), "P1Y"),
    # a start day plus an open end
    ("in force + until",
     "Medborgarlöfte\n\nLöftet träder i kraft den 1 januari 2021 och gäller till och med "
     "den 31 december 2022.\n",
     D(2021, 1, 1), D(2022, 12, 31), None),
    # a range right under the title is a statement, not a letterhead date
    ("subtitle range",
     "Medborgarlöfte Trosa\n\nGäller 2021-01-01 – 2021-12-31\n\nPolisen och Trosa kommun lovar "
     "att arbeta mot inbrott i villaområden.\n",
     D(2021, 1, 1), D(2021, 12, 31), None),
    # an open start is closed by the title's range
    ("from + title",
     "Medborgarlöfte 2021–2023\n\nLöftet gäller fr.o.m. 1 juli 2021.\n",
     D(2021, 7, 1), D(2023, 12, 31), None),
    # an open end starts at the signing
    ("until + signing",
     "Medborgarlöfte\n\nMedborgarlöftet gäller t.o.m. 2023 och följs upp årligen.\n\n"
     "Borås 2021-05-04\n\nAnna Andersson\nKommunchef\n",
     D(2021, 5, 4), D(2023, 12, 31), None),
    # a heading naming the promise, below a letterhead with a registration number
    ("heading name",
     "Dnr KS 2019/345\n2019-11-19\n\nMedborgarlöfte för Kil 2020\n\nPolisen och Kils kommun "
     "lovar att arbeta mot narkotika.\n",
     D(2020, 1, 1), D(2020, 12, 31), None),
    ("consecutive years",
     "Medborgarlöfte\n\nMedborgarlöftet gäller för 2021 och 2022.\n",
     D(2021, 1, 1), D(2022, 12, 31), None),
    ("slash years in the title",
     "Medborgarlöfte 2020/2021\n\nPolisen lovar att patrullera i centrum.\n",
     D(2020, 1, 1), D(2021, 12, 31), None),
    ("spans over",
     "Medborgarlöfte\n\nLöftet sträcker sig över 2020-2021 och omfattar hela kommunen.\n",
     D(2020, 1, 1), D(2021, 12, 31), None),
    ("one year at a time from signing",
     "Medborgarlöfte\n\nMedborgarlöftet gäller ett år i taget från undertecknandet.\n\n"
     "Åmål 2021-02-03\n\nAnna Andersson\nKommunchef\n",
     D(2021, 2, 3), D(2022, 2, 2), "P1Y"),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "text", "start", "end", "duration"), PERIODS, ids=[p[0] for p in PERIODS]
)
def test_period_table(
    name: str, text: str, start: D | None, end: D | None, duration: str | None
) -> None:
    result = run(text)
    assert result.period is not None
    assert (result.period.start, result.period.end, result.period.duration) == (
        start,
        end,
        duration,
    )


def test_letterhead_with_registration_number_and_signature_place_date() -> None:
    text = (
        "Dnr KS 2019/345\n2019-11-18\n\nMedborgarlöfte för Kil 2020\n\nPolisen och Kils kommun "
        "lovar att under 2020 arbeta mot narkotika.\n\nKil den 19 november 2019\n\n"
        "Anna Andersson\nKommunstyrelsens ordförande\n"
    )
    result = run(text)
    assert result.document_date == D(2019, 11, 18)
    assert result.signed_date == D(2019, 11, 19)  # the signature block wins over the letterhead
    assert [(d.text, d.role) for d in result.dates] == [
        ("2019-11-18", "document_date"),
        ("2020", "validity"),
        ("2020", "validity"),
        ("den 19 november 2019", "signing"),
    ]


def test_years_are_lent_within_the_paragraph() -> None:
    text = (
        "Medborgarlöfte 2022\n\nSå har vi tagit fram löftet\n\nI maj 2021 genomfördes "
        "medborgardialoger i tre kommundelar. Svaren analyserades under hösten.\n"
    )
    result = run(text)
    assert [(d.text, d.role, d.start) for d in result.dates] == [
        ("2022", "validity", D(2022, 1, 1)),
        ("maj 2021", "survey", D(2021, 5, 1)),
        ("hösten", "analysis", D(2021, 9, 1)),
    ]


def test_conflicting_explicit_validity_is_warned() -> None:
    text = (
        "MEDBORGARLÖFTE 2021\n\nPolisen och kommunen lovar att under 2021 arbeta mot inbrott.\n\n"
        "Tidsram\n\nMedborgarlöftet gäller 2019.\n"
    )
    result = run(text)
    codes = [w.code for w in result.warnings]
    assert WarningCode.PERIOD_CONFLICT in codes


def test_no_dates_no_period() -> None:
    result = run(
        "Medborgarlöften\n\nPolisen och kommunen lovar att arbeta tillsammans mot narkotika.\n"
    )
    assert result.dates == [] and result.period is None and result.signed_date is None
    assert [w.code for w in result.warnings] == [WarningCode.NO_PERIOD]


def test_warnings_carry_the_span_of_their_mention() -> None:
    text = "Medborgarlöften\n\nTräffen hålls 31 februari 2020 i stadshuset.\n"
    result = run(text)
    warning = next(w for w in result.warnings if w.code == WarningCode.INVALID_DATE)
    assert warning.span is not None
    assert structure_of(text).text[warning.span.start : warning.span.end] == "31 februari 2020"


# --- the seeds ------------------------------------------------------------------------------


def seed(stem: str) -> tuple[str, TemporalResult]:
    structure = segment(normalize(read_file(CORPUS / f"{stem}.txt").lines))
    return structure.text, extract_temporal(structure)


def roles_of(result: TemporalResult) -> list[tuple[str, DateRole]]:
    return [(d.text, d.role) for d in result.dates]


def codes_of(result: TemporalResult) -> list[WarningCode]:
    return [w.code for w in result.warnings]


@pytest.mark.parametrize("stem", sorted(p.stem for p in Path(CORPUS).glob("*.txt")))
def test_seed_spans_point_into_the_text(stem: str) -> None:
    text, result = seed(stem)
    for mention in result.dates:
        assert text[mention.span.start : mention.span.end] == mention.text
    if result.period is not None and result.period.span is not None:
        assert text[result.period.span.start : result.period.span.end] == result.period.text


def test_seed_000_hagfors() -> None:
    _, result = seed("000_ea2dca23a3b4519a")
    assert result.period is not None
    assert (result.period.start, result.period.end, result.period.duration) == (None, None, "P2Y")
    assert result.period.text == "två (2) år framåt från det att de tecknas"
    assert result.signed_date is None and result.document_date is None
    assert roles_of(result) == [
        ("2015-12-19 till 2016-03-16", "survey"),
        ("2018", "survey"),
        ("två (2) år framåt från det att de tecknas", "validity"),
    ]
    assert codes_of(result) == [WarningCode.RELATIVE_PERIOD_UNANCHORED]


def test_seed_001_hallefors() -> None:
    _, result = seed("001_a5db74df6b23a018")
    assert result.period is None
    assert result.signed_date is None
    assert roles_of(result) == [("en vecka", "other"), ("hösten 2020", "analysis")]
    assert codes_of(result) == [WarningCode.NO_PERIOD]


def test_seed_002_habo() -> None:
    _, result = seed("002_4447e5d62e1f88f4")
    assert result.period is not None
    assert (result.period.start, result.period.end) == (D(2017, 1, 1), D(2017, 12, 31))
    assert result.signed_date == D(2016, 12, 6)
    assert roles_of(result) == [
        ("2017", "validity"),  # MEDBORGARLÖFTE 2017
        ("2017", "validity"),  # lovar gemensamt att under 2017
        ("2016", "history"),  # förlänga 2016 års medborgarlöften
        ("2017", "validity"),  # även under 2017
        ("2016", "history"),  # arbetet som genomförts 2016
        ("2017", "validity"),  # fortsätta utveckla det under 2017
        ("2017", "validity"),  # följande aktiviteter 2017
        ("2015", "history"),  # 2015 ombildades Polisen
        ("2016", "reference"),  # samverkansöverenskommelse inför 2016
        ("2015-2018", "reference"),  # Handlingsprogram för trygghet och säkerhet 2015-2018
        ("2015-2018", "reference"),
        ("2016", "follow_up"),  # redovisa ... under 2016
        ("maj", "follow_up"),
        ("september", "follow_up"),
        ("31/1 2017", "deadline"),  # senast 31/1 2017
        ("2016-12-06", "signing"),  # Habo 2016-12-06
    ]
    conflicts = [w for w in result.warnings if w.code == WarningCode.PERIOD_CONFLICT]
    assert len(conflicts) == 1
    follow_up = next(d for d in result.dates if d.role == "follow_up")
    assert conflicts[0].span == follow_up.span
    assert codes_of(result) == [WarningCode.PERIOD_CONFLICT]


def test_seed_003_sunne() -> None:
    _, result = seed("003_24d8a04a0eaec6d6")
    assert result.period is not None
    assert (result.period.start, result.period.end) == (D(2016, 1, 1), D(2017, 12, 31))
    assert result.signed_date is None
    roles = roles_of(result)
    assert roles[0] == ("2016-2017", "validity")  # teckant medborgarlöften för 2016-2017
    assert ("våren 2015", "history") in roles
    pilot = dict(roles)["2014/2015"]
    assert pilot in ("survey", "history")
    assert ("2016", "validity") in roles  # Medborgarlöfte 2016 (heading)
    assert ("2015", "history") in roles  # som tecknades under 2015
    assert ("året 2016 och in på året 2017", "validity") in roles  # Tidsram
    assert roles.count(("2016-2017", "validity")) == 2  # Under 2016-2017 ska ...
    assert not [c for c in codes_of(result) if c != WarningCode.PERIOD_CONFLICT]
    assert WarningCode.PERIOD_CONFLICT not in codes_of(result)


def test_seed_004_forshaga() -> None:
    _, result = seed("004_c0cd2310b472aceb")
    assert result.period is not None
    assert (result.period.start, result.period.end) == (D(2020, 1, 1), D(2022, 12, 31))
    assert result.document_date == D(2019, 11, 19)
    assert result.signed_date == D(2019, 11, 19)
    assert roles_of(result) == [
        ("2019-11-19", "document_date"),
        ("2020-2022", "validity"),
        ("från 1 januari 2020 - 31 december 2022", "validity"),
        ("årsskiftet 2020/ 2021", "revision"),
        ("2021/ 2022", "revision"),
    ]
    assert codes_of(result) == []


# --- robustness ---------------------------------------------------------------------------

# fmt: off
_FRAGMENTS = [
    "2016", "-", "–", "/", " ", "\n", "\n\n", "2017", "31", "1", "12", "mars", "maj", "hösten",
    "årsskiftet", "till", "t.o.m.", "fr.o.m.", "den", "under", "två (2) år", "(", ")", "senast",
    "-21", "2020-13-01", "februari", "och", "in på året", "vecka", "vintern", "., ", "ett år i taget",
]
# fmt: on


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.one_of(
        st.text(max_size=200), st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join)
    )
)
def test_find_date_expressions_never_fails(text: str) -> None:
    for expression in find_date_expressions(text):
        assert 0 <= expression.span.start <= expression.span.end <= len(text)
        assert text[expression.span.start : expression.span.end] == expression.text
        if expression.start is not None and expression.end is not None:
            assert expression.start <= expression.end


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(
        st.sampled_from([*_FRAGMENTS, "Medborgarlöfte", "gäller", "Tidsram"]), max_size=40
    ).map("".join)
)
def test_extract_temporal_never_fails(text: str) -> None:
    structure = structure_of(text)
    result = extract_temporal(structure)
    for mention in result.dates:
        assert structure.text[mention.span.start : mention.span.end] == mention.text


@pytest.mark.parametrize(
    "text",
    [
        "/" * 50_000,
        "1" * 50_000,
        "2016-" * 10_000,
        "31/" * 17_000,
        " " * 50_000 + "2016",
        "under " * 8_000 + "2017",
        "1 " * 25_000,
        "hösten " * 7_000,
    ],
    ids=["slashes", "digits", "year-dashes", "day-slashes", "spaces", "unders", "ones", "seasons"],
)
def test_pathological_input_finishes(text: str) -> None:
    # No timing asserted: the test finishing at all shows the patterns do not backtrack.
    for expression in find_date_expressions(text):
        assert text[expression.span.start : expression.span.end] == expression.text
    extract_temporal(structure_of(text))


# --- anchored scanning equals finditer ------------------------------------------------------
# The word patterns are tried only where one of their first words or a number starts
# (temporal_patterns._Starts); that must find exactly what plain finditer finds.

_ALL_PATTERNS = [name for name in tp._Patterns.__dataclass_fields__ if name != "word"]


def _scans(text: str) -> tuple[list[object], list[object]]:
    patterns, starts = tp._patterns(), tp._Starts(text)
    anchored, plain = [], []
    for name in _ALL_PATTERNS:
        anchored += [(name, m.span(), m.groups()) for m in tp._finditer(name, starts)]
        plain += [(name, m.span(), m.groups()) for m in getattr(patterns, name).finditer(text)]
    return anchored, plain


_DOCUMENT_TEXTS = [
    path.read_text(encoding="utf-8")
    for path in sorted([*DOCUMENTS.iterdir(), *CORPUS.glob("*.txt")])
    if path.is_file()
]


def test_anchored_patterns_are_the_word_patterns() -> None:
    # Every pattern scanned over a whole text is checked below, anchored or not.
    assert set(tp._anchors()) < set(_ALL_PATTERNS)
    assert {"month", "part", "relative", "day_month", "year"} <= set(tp._anchors())


@pytest.mark.parametrize("index", range(len(_DOCUMENT_TEXTS)))
def test_anchored_scan_equals_finditer_on_documents(index: int) -> None:
    text = _DOCUMENT_TEXTS[index]
    anchored, plain = _scans(text)
    assert anchored == plain
    # Written in other cases, with other gaps and line breaks, still the same.
    for variant in (text.upper(), text.title(), text.replace(" ", "  "), text.replace(" ", "\n")):
        anchored, plain = _scans(variant)
        assert anchored == plain


# Each way a pattern can start, at the edges of what it allows.
_EDGE_TEXTS = [
    "12.03.2021",
    "31/12 2020",
    "1999-12-31",
    "2019-11",
    "den 15–16 mars",
    "15:e mars 2020",
    "v. 12",
    "vecka 5-7 2021",
    "veckorna 3–4",
    "2020-talet",
    "2020–talet",
    "1980‐talet",
    "1970talet",
    "1990-tal",
    "2000-talets",
    "årsskiftet 2019/20",
    "årsskiftena 2020-2021",
    "två (2) år",
    "tre(3) månader",
    "två och ett halvt år",
    "ett halvår",
    "ett halvt år",
    "de kommande 3 åren",
    "den närmaste tiden",
    "de senaste tolv månaderna",
    "10-årig",
    "3–årig",
    "tvååriga",
    "treårsperioden",
    "1:a april",
    "15 sept. 2019",
    "år 2023",
    "året 2020",
    "Q1 2020",
    "kvartal 3 2021",
    "första halvåret av 2020",
    "årets andra halvår",
    "hösten -21",
    "vt21",
    "HT 2020",
    "2016/17",
    "2020 – 2021",
    "1990 / 91",
    "mars–april 2020",
    "1950 och 1960",
    "24 jul 2020",
    "jul",
    "tolv (12) veckor",
    "36 månader",
    "i 5 dagar",
    # where a run of digits is refused before its pattern is tried
    "2020-2021-2022",
    "x2020 2020x",
    "1.2.2020 1.2 1. 2",
    "2020,5 3,2020 12:2020 2020:12",
    "den 5 den5 den\n12/3 den x",
    "5 mars 5. mars 5:e mars 5:A mars 5-7 mars 5 –\n7 mars 5 maj. 5 st",
    "1990t 1990-tal 1995-talet 2020 tal",
    "٣/٤ ١٢ mars \U0001e4f1 mars 2020-\U00016130",
]
# The expressions, role sentences and period texts of the tables above, in several disguises.
_TABLE_TEXTS = sorted(
    {row[0] for row in EXPRESSIONS}
    | {row[0] for row in ROLES}
    | {row[1] for row in PERIODS}
    | set(_EDGE_TEXTS)
)


def _disguises(text: str) -> list[str]:
    return [
        text,
        text.upper(),
        text.title(),
        f"_{text}_",
        f"x{text}x",
        f"2{text}2",
        f"({text})",
        f"²{text}²",
        text.replace(" ", "_"),
        text.replace(" ", "\n"),
        text.replace(" ", "   \n   "),
        text.replace(" ", "\t"),
        f"{text} {text}",
    ]


@pytest.mark.parametrize("text", _TABLE_TEXTS)
def test_anchored_scan_equals_finditer_on_the_tables(text: str) -> None:
    for variant in _disguises(text):
        anchored, plain = _scans(variant)
        assert anchored == plain, variant


# fmt: off
_SCAN_FRAGMENTS = [
    # month names and abbreviations, in all cases
    "januari", "Januari", "JAN", "mars", "Mars", "mar.", "maj", "MAJ", "juli", "jul", "sept",
    "sept.", "Okt", "december", "dec.", "febr",
    # parts of a year
    "hösten", "Våren", "vår", "VT", "ht", "vårterminen", "första", "andra", "halvåret", "halvår",
    "årets", "kvartalet", "kvartal", "q1", "Q4", "vintern", "sommaren", "tredje",
    # numbers, durations and what stands around them
    "en", "ett", "Ett", "två", "tre", "tio", "tolv", "trettiosex", "tvåårig", "treåriga",
    "de", "den", "Den", "kommande", "närmaste", "senaste", "och", "halvt", "år", "åren", "året",
    "års", "årsperioden", "månad", "månader", "vecka", "veckor", "veckorna", "dag", "dagar",
    "v.", "tal", "talet", "årsskiftet", "framåt", "från", "det", "att", "tecknas", "fr.o.m.",
    "t.o.m.", "till", "mellan", "invånare", "ca",
    # numbers
    "0", "1", "12", "31", "123", "1999", "2016", "2020", "20", "21", "2051", "19", "1:a", "3:e",
    # gaps and punctuation
    " ", " ", "  ", "    ", "\n", "\n\n", "\t", " \n ", "-", "–", "—", "/", ".", ",", ":", "(",
    ")", "'", "’", "%", "_",
    # characters that test the case folding and the word boundaries
    "ſ", "İ", "K", "Å", "²", "½", "Ⅳ", "\u0301", "\xa0", "ǅ", "ß", "\U0001e4d0", "\U0001e4f1",
]
# fmt: on

# Fragments joined at random, text over their characters, and any text at all.
# Probe words after letters, digits and other characters from beyond the BMP (the
# finder's non-word class lets every one of those through; the finder must drop them).
# fmt: off
_PROBE_FRAGMENTS = [
    "maj", "den", "två", "år", "q1", "hösten", " ", "(", "x", "_", "2", "–",
    "\U0001d400", "\U0001e4f1", "\U00010400", "\U0001f600", "\U00020000",
]
# fmt: on
_SCAN_TEXTS = st.one_of(
    st.lists(st.sampled_from(_SCAN_FRAGMENTS), max_size=60).map("".join),
    st.text(alphabet=st.sampled_from("".join(_SCAN_FRAGMENTS)), max_size=80),
    st.text(max_size=80),
)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_SCAN_TEXTS)
def test_anchored_scan_equals_finditer(text: str) -> None:
    anchored, plain = _scans(text)
    assert anchored == plain


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.one_of(_SCAN_TEXTS, st.lists(st.sampled_from(_PROBE_FRAGMENTS), max_size=30).map("".join))
)
def test_probe_finder_finds_the_words_at_a_word_boundary(text: str) -> None:
    # The finder matches the character before a word (a faster search than starting at
    # a word boundary); it must find the same words "\b" finds.
    plan = tp._plan()
    words = plan.first_word.pattern[1:-1]
    folded = tp._fold(text).replace("_", " ")
    reference = [(m.start(), m.group()) for m in re.finditer(r"\b" + words, folded)]
    found = [(m.start(1), m.group(1)) for m in tp._probe_words(plan, folded)]
    assert found == reference


def test_role_patterns_in_re_are_the_regex_patterns() -> None:
    # temporal_roles searches clause breaks and quotation marks with ``re``; they were
    # written for the regex engine (its white space: tests/test_lexicon.py).
    clause_break = regex.compile(r"[,;:()\[\]]|\s[–—-]\s")
    quotes = regex.compile(r"[\"”“«»]")
    for text in [*_TABLE_TEXTS, " - ", "a\x1c-\x1cb", "x\u3000–\u2029y", "«a», (b); c: d"]:
        for variant in _disguises(text):
            for start, end in ((0, len(variant)), (1, len(variant) - 1)):
                found = tr._CLAUSE_BREAK.search(variant, start, end)
                reference = clause_break.search(variant, start, end)
                assert (found and found.span()) == (reference and reference.span())
                assert [m.span() for m in tr._QUOTES.finditer(variant, start, end)] == [
                    m.span() for m in quotes.finditer(variant, start, end)
                ]


def test_words_in_re_are_the_words_of_the_regex_engine_where_re_is_used() -> None:
    # Every character a sentence may hold to be tokenized with ``re`` is a letter or digit
    # there exactly when it is one for the regex engine.
    checked = "".join(chr(c) for c in range(0x110000) if not tr._UNCHECKED.match(chr(c)))
    assert len(checked) == 0x558 + 0x70
    assert re.findall(r"[^\W_]", checked) == regex.findall(r"[\p{L}\p{N}]", checked)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.one_of(
        _SCAN_TEXTS,
        st.text(
            alphabet=st.sampled_from("Aå1².-'’ “–\u0301\u0345\u0557\u0558ǅß\U0001e4d0"), max_size=40
        ),
    )
)
def test_tokens_are_the_words_the_regex_engine_finds(text: str) -> None:
    for start, end in ((0, len(text)), (1, len(text) - 1)):
        words = tr.tokens(text, start, end)
        reference = [
            (m.group().casefold().removesuffix("."), m.start(), m.end())
            for m in tr._TOKEN.finditer(text, start, end)
        ]
        assert list(zip(words.words, words.starts, words.ends, strict=True)) == reference


def test_case_folding_of_the_anchored_scan_covers_every_character() -> None:
    # What the anchored scan relies on (see "Why no start is lost" in temporal_patterns),
    # checked for every code point.
    every = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    folded = tp._fold(every)
    assert len(folded) == len(every)  # every offset stays the same
    # Every character IGNORECASE takes for a letter of an anchor word folds to that letter.
    plan = tp._plan()
    words = {*plan.by_prefix, *tp._prefix_ends()}
    for entries in plan.by_run.values():
        for first, group in entries:
            words.add(first)
            for entry in group:
                words.update(entry.rest)
                words.update(entry.then)
    for anchor in tp._anchors().values():
        words.update(anchor.digits_next)
        words.update(anchor.digits_then)
        words.update(anchor.digits_day_of)
        words.update(anchor.articles)
    words.update((":a", ":e"))  # the ordinal after a day (temporal_patterns._after_day)
    for literal in tp._literal_starts().values():
        words.update(literal)
    letters = {c for word in words for c in word}
    assert {"å", "ä", "ö", "q", "."} <= letters
    for letter in sorted(letters):
        for m in regex.finditer(regex.escape(letter), every, regex.IGNORECASE):
            assert folded[m.start()] == letter, (letter, hex(ord(m.group())))
    # A character that is no letter, digit or other number of the regex engine (nor "_")
    # is no word character of ``re`` once folded: a match starts at a word boundary.
    others = regex.sub(r"[\p{L}\p{N}_]", "", every)
    assert re.search(r"\w", tp._fold(others)) is None
    # Python's letters are letters of the regex engine (which may know a newer Unicode).
    assert not any(c.isalpha() for c in regex.sub(r"\p{L}", "", every))


# --- word alternations as tries match what the words spelled out match ----------------------
# temporal_patterns._alternation writes a list of words as a trie; every pattern built with
# it must match exactly what it matched with the words spelled out, longest first.


def _spelled_out(words: Iterable[str]) -> str:
    unique = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(tp.SP.join(regex.escape(p) for p in w.split()) for w in unique) + ")"


@lru_cache(maxsize=1)
def _spelled_out_patterns() -> tp._Patterns:
    trie = tp._alternation
    tp._alternation = _spelled_out  # type: ignore[assignment]
    tp._patterns.cache_clear()
    try:
        return tp._patterns()
    finally:
        tp._alternation = trie  # type: ignore[assignment]
        tp._patterns.cache_clear()


def _all_matches(patterns: tp._Patterns, text: str) -> list[object]:
    return [
        (name, m.span(), m.groups())
        for name in tp._Patterns.__dataclass_fields__
        for m in getattr(patterns, name).finditer(text)
    ]


def _trie_and_spelled_out_agree(text: str) -> None:
    reference = _spelled_out_patterns()
    assert _all_matches(tp._patterns(), text) == _all_matches(reference, text), text


def test_alternation_is_a_trie_that_tries_longer_words_first() -> None:
    assert tp._alternation(["dag", "dagar", "dagarna", "dagars"]) == "(?:dag(?:ar(?:na|s)?)?)"
    # Backtracking into a shorter word when the longer one does not let the rest match.
    pattern = regex.compile(rf"{tp._alternation(['år', 'åren', 'års'])}(?:en|s)x")
    assert pattern.match("årenx")[0] == "årenx"
    assert pattern.match("årsx")[0] == "årsx"


@pytest.mark.parametrize("index", range(len(_DOCUMENT_TEXTS)))
def test_trie_patterns_match_the_spelled_out_ones_on_documents(index: int) -> None:
    text = _DOCUMENT_TEXTS[index]
    for variant in (text, text.upper(), text.replace(" ", "\n")):
        _trie_and_spelled_out_agree(variant)


def test_trie_patterns_match_the_spelled_out_ones_on_the_tables() -> None:
    for text in _TABLE_TEXTS:
        for variant in _disguises(text):
            _trie_and_spelled_out_agree(variant)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_SCAN_TEXTS)
def test_trie_patterns_match_the_spelled_out_ones(text: str) -> None:
    _trie_and_spelled_out_agree(text)
