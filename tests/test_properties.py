"""Property tests over ``parse_text``: it never raises, and its output keeps its promises.

- every span lies inside ``doc.text`` and points at the text it claims;
- actors are a sorted subset of the vocabulary;
- periods and dates are ordered;
- the output serializes, round-trips and validates against its own JSON Schema.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loftesparser
from loftesparser.models import ACTORS, PromiseDocument, Span

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- a grammar-ish strategy of medborgarlöfte lines ------------------------------------

KOMMUNER = ["Åmål", "Habo", "Forshaga", "Upplands Väsby", "Tjörn", "Sunne", "Malmö", "Örebro"]
ACTOR_WORDS = [
    "Polisen",
    "polisen",
    "Polis",
    "Kommunen",
    "kommunen",
    "Kommun",
    "Polisen och kommunen",
    "Kommunen och polisen",
    "Polis, kommun",
    "Polisen & kommunen",
    "LPO Karlstad",
    "Forshaga kommun",
    "Räddningstjänsten",
]
ACTIVITIES = [
    "Trygghetsvandring i centrum",
    "Fotpatrullering fredag och lördag kväll",
    "Trafikkontroller med fokus på alkohol/droger",
    "Ökad belysning på gång- och cykelvägar",
    "Samverkan med skola",
    "Information till föräldrar om droger",
    "Minst en trafikkontroll/vecka under sommaren",
    "Föräldravandringar vid skolavslutningen",
    "Insatser mot langning av alkohol",
    "Dialog med näringsidkare på torget",
]
HEADINGS = [
    "Medborgarlöfte",
    "MEDBORGARLÖFTE 2022",
    "Aktiviteter",
    "Åtgärder",
    "Polisen lovar:",
    "Kommunen lovar:",
    "Vi lovar att:",
    "Följande aktiviteter ska genomföras:",
    "Fokusområden",
    "Problemområden är:",
    "Tidsram",
    "Uppföljning",
    "Bakgrund",
    "Syfte",
    "Underskrifter",
    "Ort och datum",
    "# Medborgarlöfte",
    "## Aktiviteter",
    "**Polisen lovar**",
]
DATES = [
    "2022-01-01",
    "1 januari 2023",
    "31 december 2024",
    "2023–2024",
    "2020/2021",
    "hösten 2021",
    "våren 2022",
    "31/12 2022",
    "2022-02-30",
    "99-13-45",
    "december",
    "under 2021",
    "vecka 12",
    "1 jan 2022 – 31 dec 2022",
]
NAMES = [
    "Anna Andersson",
    "Kommunstyrelsens ordförande",
    "Lokalpolisområdeschef",
    "Per Ek (S)",
    "Karin Öberg, kommundirektör",
    "Polismyndigheten",
]
FILLER = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "Zs", "S"), exclude_characters="\n\r"
    ),
    max_size=40,
)

_marker = st.builds(
    lambda sep, who, end: f"{sep}{who}{end}",
    st.sampled_from(["/ ", "/", " / ", " (", " – ", " - ", ". Ansvar: ", " Ansvarig: "]),
    st.sampled_from(ACTOR_WORDS),
    st.sampled_from(["", ".", ")", ")."]),
)
_bullet = st.sampled_from(["- ", "• ", "* ", "1. ", "2) ", "– ", "", "▪ ", "(cid:127) ", "… "])
_activity_line = st.builds(
    lambda bullet, body, marker: f"{bullet}{body}{marker}",
    _bullet,
    st.one_of(st.sampled_from(ACTIVITIES), FILLER),
    st.one_of(_marker, st.just("")),
)
_promise_line = st.builds(
    lambda who, kommun, rest: f"{who} och {kommun} kommun lovar att {rest}",
    st.sampled_from(["Polisen", "Lokalpolisområde Habo", "Vi"]),
    st.sampled_from(KOMMUNER),
    st.sampled_from(["arbeta för ökad trygghet.", "under 2022:", "tillsammans minska brotten."]),
)
_date_line = st.builds(
    lambda pre, date, post: f"{pre}{date}{post}",
    st.sampled_from(["Medborgarlöftet gäller ", "Gäller från ", "", "Undertecknat ", "Åmål "]),
    st.sampled_from(DATES),
    st.sampled_from(["", ".", " till 2024-12-31", " – 2025", " och följs upp kvartalsvis."]),
)
_signature_line = st.builds(
    lambda name, place: f"{name}{place}",
    st.sampled_from(NAMES),
    st.sampled_from(["", ", Habo kommun", ", Polisen", "\n......................"]),
)
LINE = st.one_of(
    st.sampled_from(HEADINGS),
    _activity_line,
    _activity_line,
    _promise_line,
    _date_line,
    _signature_line,
    st.just(""),
    st.just("...................."),
    FILLER,
    st.text(max_size=20),
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = draw(st.lists(LINE, max_size=30))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
    return newline.join(lines)


# --- the invariants ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _validator() -> Any:
    """A JSON Schema validator built once (``jsonschema.validate`` re-checks the schema each call)."""
    schema = PromiseDocument.model_json_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _folded(text: str) -> str:
    return " ".join(text.split())


def _check_span(doc: PromiseDocument, span: Span | None) -> None:
    if span is None:
        return
    assert 0 <= span.start <= span.end <= len(doc.text), (span, len(doc.text))


def check_invariants(doc: PromiseDocument) -> None:
    text = doc.text
    for item in [*doc.activities, *doc.promises, *doc.focus_areas]:
        _check_span(doc, item.span)
        assert _folded(text[item.span.start : item.span.end]) == _folded(item.text), item
    for section in doc.sections:
        _check_span(doc, section.span)
    for mention in doc.dates:
        _check_span(doc, mention.span)
        assert text[mention.span.start : mention.span.end] == mention.text, mention
        if mention.start and mention.end:
            assert mention.start <= mention.end, mention
    for signatory in doc.signatories:
        _check_span(doc, signatory.span)
    for warning in doc.warnings:
        _check_span(doc, warning.span)
    _check_span(doc, doc.signed.span)
    if doc.period is not None:
        _check_span(doc, doc.period.span)
        if doc.period.start and doc.period.end:
            assert doc.period.start <= doc.period.end
    for activity in doc.activities:
        assert set(activity.actors) <= set(ACTORS)
        assert activity.actors == sorted(set(activity.actors))
    assert "\r" not in text

    serialized = doc.to_json()
    assert PromiseDocument.model_validate_json(serialized) == doc
    _validator().validate(json.loads(serialized))


@SETTINGS
@given(st.text())
def test_parse_text_never_raises_on_any_string(text: str) -> None:
    check_invariants(loftesparser.parse_text(text))


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_parse_text_on_utf8_text(text: str) -> None:
    check_invariants(loftesparser.parse_text(text))


@settings(SETTINGS, max_examples=150)
@given(documents())
def test_parse_text_on_medborgarlofte_like_documents(text: str) -> None:
    check_invariants(loftesparser.parse_text(text))


@settings(max_examples=60, deadline=None)
@given(documents(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_parse_bytes_matches_parse_text(text: str, codec: str) -> None:
    """The bytes of a text, in any supported encoding, parse as the text itself does."""
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    pipeline = loftesparser.get_pipeline()
    try:
        doc = pipeline.parse_bytes(data, name="lofte.txt")
    except loftesparser.LoftesparserError:
        return  # empty or binary-looking input: a typed error is the documented outcome
    check_invariants(doc)
    expected = loftesparser.parse_text(text)
    assert doc.text == expected.text
    assert [a.text for a in doc.activities] == [a.text for a in expected.activities]
