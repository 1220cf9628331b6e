"""Signatories and the signing place (table-driven over signature layouts)."""

from __future__ import annotations

import json

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from loftesparser.extract.signatures import (
    _FOR_LINE,
    _TWO_NAMES,
    _starts_with_for,
    _two_columns,
    extract_signatories,
    is_kommun_role,
    is_police_role,
    signing_place,
    split_party,
)
from loftesparser.gazetteer import lookup_kommun
from loftesparser.normalize import normalize
from loftesparser.readers import read_file
from loftesparser.segment import segment
from tests.conftest import CORPUS, GOLD, SEED_STEMS, structure_of

_BODY = (
    "Medborgarlöfte 2020\n\n"
    "Polisen och Forshaga kommun lovar att arbeta mot narkotika bland unga.\n\n"
    "Uppföljning\n\n"
    "Medborgarlöftets resultat ska följas upp i trygghetsrådet två gånger per år.\n\n"
)

Row = tuple[str, str | None, str | None, str | None]


def signatories_of(signature: str, body: str = _BODY) -> list[Row]:
    structure = structure_of(body + signature)
    return [(s.name, s.role, s.organisation, s.party) for s in extract_signatories(structure)]


# --- seeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_signatories_match_gold(stem: str) -> None:
    gold = json.loads((GOLD / f"{stem}.gold.json").read_text(encoding="utf-8"))
    structure = segment(normalize(read_file(CORPUS / f"{stem}.txt").lines))
    found = [{"name": s.name, "role": s.role} for s in extract_signatories(structure)]
    assert found == gold["signatories"]
    place = signing_place(structure)
    assert (place[0] if place else None) == gold["signed"]["place"]


def test_seed_forshaga_organisations_and_party() -> None:
    structure = segment(normalize(read_file(CORPUS / f"{SEED_STEMS[4]}.txt").lines))
    assert [(s.name, s.organisation, s.party) for s in extract_signatories(structure)] == [
        ("Mattias Forssten", "Polismyndigheten", None),
        ("Per Lawén", "Forshaga kommun", "S"),
        ("Torbjörn Falk", "Forshaga kommun", None),
    ]


def test_seed_habo_organisation_from_role_line() -> None:
    structure = segment(normalize(read_file(CORPUS / f"{SEED_STEMS[2]}.txt").lines))
    assert [s.organisation for s in extract_signatories(structure)] == [
        "Polismyndigheten",
        "Habo kommun",
    ]


# --- layouts -----------------------------------------------------------------------------------

_POLICE = "Polismyndigheten"
_FORSHAGA = "Forshaga kommun"


@pytest.mark.parametrize(
    ("signature", "expected"),
    [
        # Name over role, blank lines between.
        (
            "Mattias Forssten\nChef LPO Karlstad\n\n\n\nPer Lawén\nKommunstyrelsens ordförande\n",
            [
                ("Mattias Forssten", "Chef LPO Karlstad", _POLICE, None),
                ("Per Lawén", "Kommunstyrelsens ordförande", _FORSHAGA, None),
            ],
        ),
        # Dotted lines and "Ort och datum" placeholders.
        (
            ".....\nOrt och datum\n\n.....\nOrt och datum\n\n.....\nJens Fischer\n"
            "Kommunstyrelsens ordförande\n\n.....\nHenrik Gustavsson\nTf Lokalpolisområdeschef\n",
            [
                ("Jens Fischer", "Kommunstyrelsens ordförande", _FORSHAGA, None),
                ("Henrik Gustavsson", "Tf Lokalpolisområdeschef", _POLICE, None),
            ],
        ),
        (
            "______________________\nOrt och datum\n\n______________________\nUnderskrift\n"
            "Anna Svensson\nKommundirektör\n",
            [("Anna Svensson", "Kommundirektör", _FORSHAGA, None)],
        ),
        # Party tags.
        (
            "Per Lawén (S),\nKommunstyrelsens ordförande\n\nAnna-Karin af Ekström (M)\n"
            "Oppositionsråd\n\nLars Berg (KD)\nKommunalråd\n",
            [
                ("Per Lawén", "Kommunstyrelsens ordförande", _FORSHAGA, "S"),
                ("Anna-Karin af Ekström", "Oppositionsråd", _FORSHAGA, "M"),
                ("Lars Berg", "Kommunalråd", _FORSHAGA, "KD"),
            ],
        ),
        # Three signatories, no blank lines between.
        (
            "Mattias Forssten\nChef LPO Karlstad\nPer Lawén\nKommunstyrelsens ordförande\n"
            "Torbjörn Falk\nKommunchef\n",
            [
                ("Mattias Forssten", "Chef LPO Karlstad", _POLICE, None),
                ("Per Lawén", "Kommunstyrelsens ordförande", _FORSHAGA, None),
                ("Torbjörn Falk", "Kommunchef", _FORSHAGA, None),
            ],
        ),
        # Name and role on one line.
        (
            "Jens Fischer, kommunstyrelsens ordförande\n\nHenrik Gustavsson, "
            "lokalpolisområdeschef\n",
            [
                ("Jens Fischer", "kommunstyrelsens ordförande", _FORSHAGA, None),
                ("Henrik Gustavsson", "lokalpolisområdeschef", _POLICE, None),
            ],
        ),
        (
            "Per Lawén (S), kommunstyrelsens ordförande\n\nMaria Holm – kommunpolis\n",
            [
                ("Per Lawén", "kommunstyrelsens ordförande", _FORSHAGA, "S"),
                ("Maria Holm", "kommunpolis", _POLICE, None),
            ],
        ),
        # A role over two lines: a wrapped line joins with a space, a second role with ", ".
        (
            "Gunnar Pettersson\nOrdförande i kommunstyrelsen\noch kommunalråd\n",
            [
                (
                    "Gunnar Pettersson",
                    "Ordförande i kommunstyrelsen och kommunalråd",
                    _FORSHAGA,
                    None,
                )
            ],
        ),
        (
            "Gunnar Pettersson\nKommunstyrelsens ordförande\nKommunalråd\n",
            [("Gunnar Pettersson", "Kommunstyrelsens ordförande, Kommunalråd", _FORSHAGA, None)],
        ),
        (
            "Henrik Gustavsson\nLokalpolisområdeschef\nLokalpolisområde Torsby\n",
            [
                (
                    "Henrik Gustavsson",
                    "Lokalpolisområdeschef, Lokalpolisområde Torsby",
                    _POLICE,
                    None,
                )
            ],
        ),
        # Organisation lines above and below.
        (
            "För Forshaga kommun\n\nPer Lawén\nKommunstyrelsens ordförande\n\n"
            "För Polismyndigheten\n\nMattias Forssten\nLokalpolisområdeschef\n",
            [
                ("Per Lawén", "Kommunstyrelsens ordförande", _FORSHAGA, None),
                ("Mattias Forssten", "Lokalpolisområdeschef", _POLICE, None),
            ],
        ),
        (
            "Jens Fischer\nKommunstyrelsens ordförande\nHagfors kommun\n\nHenrik Gustavsson\n"
            "Lokalpolisområdeschef\nPolisen\n",
            [
                ("Jens Fischer", "Kommunstyrelsens ordförande", "Hagfors kommun", None),
                ("Henrik Gustavsson", "Lokalpolisområdeschef", _POLICE, None),
            ],
        ),
        # The kommun named on the role line.
        (
            "Gunnar Pettersson\nOrdf. kommunstyrelsen Habo kommun\n",
            [("Gunnar Pettersson", "Ordf. kommunstyrelsen Habo kommun", "Habo kommun", None)],
        ),
        (
            "Anna Ek\nKommunstyrelsens ordförande, Malmö stad\n",
            [("Anna Ek", "Kommunstyrelsens ordförande, Malmö stad", "Malmö stad", None)],
        ),
        (
            "Lena Larsson, stadsområdesdirektör\nPer Svensson, lokalpolisområdeschef\n",
            [
                ("Lena Larsson", "stadsområdesdirektör", _FORSHAGA, None),
                ("Per Svensson", "lokalpolisområdeschef", _POLICE, None),
            ],
        ),
        # Role above the name.
        (
            "Kommunstyrelsens ordförande\nPer Lawén\n\nLokalpolisområdeschef\nMattias Forssten\n",
            [
                ("Per Lawén", "Kommunstyrelsens ordförande", _FORSHAGA, None),
                ("Mattias Forssten", "Lokalpolisområdeschef", _POLICE, None),
            ],
        ),
        # Kommun staff.
        ("Eva Lind\nTrygghetssamordnare\n", [("Eva Lind", "Trygghetssamordnare", _FORSHAGA, None)]),
        # A role with no organisation to infer.
        ("Eva Lind\nOrdförande BRÅ\n", [("Eva Lind", "Ordförande BRÅ", None, None)]),
        # Two signatures side by side (spaces folded by normalize), split by their roles.
        (
            "Jens Fischer          Henrik Gustavsson\n"
            "Kommunstyrelsens ordförande          Lokalpolisområdeschef\n",
            [
                ("Jens Fischer", "Kommunstyrelsens ordförande", _FORSHAGA, None),
                ("Henrik Gustavsson", "Lokalpolisområdeschef", _POLICE, None),
            ],
        ),
        (
            "Anna Ek\tPer Olsson\nKommunchef\tChef LPO Karlstad\n",
            [
                ("Anna Ek", "Kommunchef", _FORSHAGA, None),
                ("Per Olsson", "Chef LPO Karlstad", _POLICE, None),
            ],
        ),
        (
            "För Kungälvs kommun                För Ale kommun\n"
            "Miro Kovac (S)                     Dan Ryberg (M)\n"
            "Kommunstyrelsens ordförande         Kommunstyrelsens ordförande\n",
            [
                ("Miro Kovac", "Kommunstyrelsens ordförande", "Kungälvs kommun", "S"),
                ("Dan Ryberg", "Kommunstyrelsens ordförande", "Ale kommun", "M"),
            ],
        ),
        # A four-word name over one role is one person.
        (
            "Anna Maria Ek Olsson\nTf Lokalpolisområdeschef\n",
            [("Anna Maria Ek Olsson", "Tf Lokalpolisområdeschef", _POLICE, None)],
        ),
        # Only an organisation line or placeholders: no signatories.
        ("Sunne kommun\n", []),
        (".....\nOrt och datum\n\n.....\nOrt och datum\n", []),
        ("", []),
    ],
)
def test_signature_layouts(signature: str, expected: list[Row]) -> None:
    assert signatories_of(signature) == expected


def test_kommun_organisation_needs_a_single_party_kommun() -> None:
    body = (
        "Medborgarlöfte\n\nPolisen och Stenungsunds, Orusts och Tjörns kommuner lovar att "
        "arbeta mot narkotika.\n\nUppföljning\n\nResultatet följs upp varje år.\n\n"
    )
    signature = (
        "Anna Ek\nKommunstyrelsens ordförande\n\nLars Berg\nKommunstyrelsens ordförande, Orust\n"
    )
    assert signatories_of(signature, body) == [
        ("Anna Ek", "Kommunstyrelsens ordförande", None, None),
        ("Lars Berg", "Kommunstyrelsens ordförande, Orust", "Orusts kommun", None),
    ]


def test_given_kommuner_are_used() -> None:
    structure = structure_of(_BODY + "Per Lawén\nKommunchef\n")
    hagfors = lookup_kommun("Hagfors")
    assert hagfors is not None
    [signatory] = extract_signatories(structure, [hagfors])
    assert signatory.organisation == "Hagfors kommun"


def test_signatory_span_covers_name_and_role() -> None:
    structure = structure_of(_BODY + "Per Lawén (S),\nKommunstyrelsens ordförande\n")
    [signatory] = extract_signatories(structure)
    assert signatory.span is not None
    covered = structure.text[signatory.span.start : signatory.span.end]
    assert covered == "Per Lawén (S),\nKommunstyrelsens ordförande"


# --- helpers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Per Lawén (S),", ("Per Lawén", "S")),
        ("Anna Ek (M)", ("Anna Ek", "M")),
        ("Lars Berg ( KD )", ("Lars Berg", "KD")),
        ("Maria Holm (MP), kommunalråd", ("Maria Holm , kommunalråd", "MP")),
        ("Jens Fischer", ("Jens Fischer", None)),
    ],
)
def test_split_party(text: str, expected: tuple[str, str | None]) -> None:
    assert split_party(text) == expected


@pytest.mark.parametrize(
    ("role", "police", "kommun"),
    [
        ("Chef LPO Karlstad", True, False),
        ("Tf Lokalpolisområdeschef", True, False),
        ("Södra Vätterbygden Chef Lokalpolisområde", True, False),
        ("Kommunpolis", True, False),
        ("Polisområdeschef", True, False),
        ("Kommunstyrelsens ordförande", False, True),
        ("Ordf. kommunstyrelsen Habo kommun", False, True),
        ("Kommunchef", False, True),
        ("Stadsdirektör", False, True),
        ("Trygghetssamordnare", False, True),
        ("Stadsområdesdirektör", False, True),
        ("Ordförande BRÅ", False, False),
    ],
)
def test_role_sides(role: str, police: bool, kommun: bool) -> None:
    assert (is_police_role(role), is_kommun_role(role)) == (police, kommun)


# --- signing place ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signature", "place"),
    [
        ("Habo 2016-12-06\n\nFredrik Lindfors\nChef LPO Södra Vätterbygden\n", "Habo"),
        ("Karlstad den 6 december 2016\n\nAnna Ek\nKommunchef\n", "Karlstad"),
        ("Hagfors, 2019-05-01\n\nJens Fischer\nKommunstyrelsens ordförande\n", "Hagfors"),
        ("Upplands Väsby 2020-01-15\n\nAnna Ek\nKommunchef\n", "Upplands Väsby"),
        ("Ort och datum: Sunne 2017-01-10\n\nAnna Ek\nKommunchef\n", "Sunne"),
        ("Anna Ek\nKommunchef\n\nDeje 2019-11-19\n", "Deje"),
        (".....\nOrt och datum\n\nAnna Ek\nKommunchef\n", None),
        ("2019-11-19\n\nAnna Ek\nKommunchef\n", None),
        ("Reviderad 2019-05-01\n\nAnna Ek\nKommunchef\n", None),
        ("Anna Ek\nKommunchef\n", None),
    ],
)
def test_signing_place(signature: str, place: str | None) -> None:
    structure = structure_of(_BODY + signature)
    found = signing_place(structure)
    assert (found[0] if found else None) == place
    if found is not None:
        span = found[1]
        assert structure.text[span.start : span.end] == place


def test_signing_place_just_above_the_signature_block() -> None:
    body = _BODY + "Medborgarlöftet undertecknades i Forshaga.\n\nForshaga 2019-11-19\n\n"
    structure = structure_of(body + "Per Lawén\nKommunstyrelsens ordförande\n")
    found = signing_place(structure)
    assert found is not None and found[0] == "Forshaga"


def test_no_signature_block_no_place() -> None:
    assert signing_place(structure_of(_BODY)) is None


# --- the str tests in front of the line patterns -------------------------------------------

_BMP = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]


@pytest.mark.parametrize("letter", ["f", "ö", "r"])
def test_the_for_gate_folds_like_the_pattern(letter: str) -> None:
    # (?i:för) matches a character where its case-fold is the letter: the gate's test.
    pattern = regex.compile(f"(?i:{letter})")
    assert all(char.casefold() == letter for char in _BMP if pattern.fullmatch(char))


@pytest.mark.parametrize(
    "text",
    [
        "För Kungälvs kommun För Ale kommun",
        "FÖR Polisen",
        "för Hagfors kommun:",
        "Anna Ek Per Olsson",
        "Miro Kovac (S) Dan Ryberg (M)",
        "Anna-Karin Ek Per Olsson",
        "Fredrik",
        "Per Olsson",
    ],
)
def test_gates_pass_the_lines_their_patterns_match(text: str) -> None:
    if _FOR_LINE.match(text):
        assert _starts_with_for(text)
    if _TWO_NAMES.match(text):
        assert _two_columns(text, "Kommunchef Lokalpolisområdeschef") is not None


_PIECES = [
    "Anna",
    "Ek",
    "Per",
    "Ole",
    "(S)",
    "(MP)",
    " ",
    " ",
    "För",
    "för",
    "FÖR",
    "kommun",
    ",",
    "-",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_gates_never_rule_out_a_match(text: str) -> None:
    if _FOR_LINE.match(text):
        assert _starts_with_for(text)
    if _TWO_NAMES.match(text.strip()):
        assert text.strip().count(" ") >= 3
