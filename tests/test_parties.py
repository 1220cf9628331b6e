"""Parties: party kommuner and the lokalpolisområde (table-driven, realistic snippets)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from loftesparser.extract import parties
from loftesparser.extract.parties import (
    extract_kommuner,
    extract_lokalpolisomrade,
    find_lpo_mentions,
    known_lokalpolisomraden,
)
from loftesparser.lexicon import occurrences
from loftesparser.normalize import normalize
from loftesparser.readers import read_file
from loftesparser.segment import segment
from tests.conftest import CORPUS, GOLD, SEED_STEMS, structure_of

_FILLER = (
    "Arbetet bygger på en gemensam lägesbild som tagits fram genom medborgardialoger, "
    "trygghetsundersökningar och brottsstatistik."
)


def doc(sentence: str) -> str:
    """A small medborgarlöfte around one sentence that carries the evidence."""
    return f"Medborgarlöfte\n\n{sentence}\n\n{_FILLER}\n"


def kommuner_of(text: str) -> list[str]:
    return [k.name for k in extract_kommuner(structure_of(text))]


def lpo_of(text: str) -> str | None:
    found = extract_lokalpolisomrade(structure_of(text))
    return found.name if found else None


# --- seeds -----------------------------------------------------------------------------


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_parties_match_gold(stem: str) -> None:
    gold = json.loads((GOLD / f"{stem}.gold.json").read_text(encoding="utf-8"))
    structure = segment(normalize(read_file(CORPUS / f"{stem}.txt").lines))
    assert [k.name for k in extract_kommuner(structure)] == gold["kommuner"]
    lpo = extract_lokalpolisomrade(structure)
    assert (lpo.name if lpo else None) == gold["lokalpolisomrade"]


def test_seed_kommun_fields() -> None:
    structure = segment(normalize(read_file(CORPUS / f"{SEED_STEMS[4]}.txt").lines))
    [forshaga] = extract_kommuner(structure)
    assert forshaga.model_dump() == {
        "name": "Forshaga",
        "code": "1763",
        "lan": "Värmlands län",
        "lan_code": "17",
        "polisregion": "Bergslagen",
    }


# --- kommuner: the forms and the evidence -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The title names the kommun.
        (f"Medborgarlöften för Hällefors kommun\n\n{_FILLER}\n", ["Hällefors"]),
        (f"Medborgarlöften i Sunne\n\n{_FILLER}\n", ["Sunne"]),
        (f"Medborgarlöfte Habo kommun 2017\n\n{_FILLER}\n", ["Habo"]),
        (f"Medborgarlöfte för Vara\n\n{_FILLER}\n", ["Vara"]),
        (f"MEDBORGARLÖFTE FÖR MARKS KOMMUN\n\n{_FILLER}\n", ["Mark"]),
        # Coordinated with the police.
        (doc("Polisen och Hagfors kommun lovar att arbeta för trygghet."), ["Hagfors"]),
        (
            doc("LPO Karlstad och Forshaga kommun kommer att inrikta sig på narkotika."),
            ["Forshaga"],
        ),
        (doc("Sunne kommun och lokalpolisområde Torsby har tecknat medborgarlöften."), ["Sunne"]),
        (
            "Medborgarlöfte\n\nPolismyndigheten, via Lokalpolisområde Södra Vätterbygden, och "
            "Habo kommun lovar gemensamt att:\n\n- Skapa en drogfri miljö\n",
            ["Habo"],
        ),
        (
            doc("Polismyndigheten har tillsammans med Habos kommun valt att förlänga löftet."),
            ["Habo"],
        ),
        # Long names, "stad", Region Gotland, Falu kommun.
        (
            doc("Region Gotland och Polisen lovar att öka tryggheten i Visby."),
            ["Gotland"],
        ),
        (
            doc("Polisen och Gotlands kommun lovar att öka tryggheten."),
            ["Gotland"],
        ),
        (
            doc("Malmö stad och lokalpolisområde Malmö Norr lovar att arbeta mot otrygghet."),
            ["Malmö"],
        ),
        (
            doc("Polisen och Göteborgs Stad lovar att arbeta för en tryggare stadsdel."),
            ["Göteborg"],
        ),
        (
            doc("Polisen och Falu kommun lovar att arbeta med trafiken."),
            ["Falun"],
        ),
        (
            doc("Polisen och Umeå kommun lovar att arbeta med trafiken."),
            ["Umeå"],
        ),
        (doc("Tillsammans med Hagfors kommun har polisen tagit fram löftet."), ["Hagfors"]),
        (doc("Hagfors kommun samt Polismyndigheten lovar att öka tryggheten."), ["Hagfors"]),
        (doc("Överenskommelse mellan lokalpolisområde Torsby och Hagfors kommun."), ["Hagfors"]),
        # A promise subject.
        (
            f"Medborgarlöfte\n\n{_FILLER}\n\nForshaga kommun kommer att...\n\n"
            "- erbjuda ungdomar mötesplatser.\n",
            ["Forshaga"],
        ),
        (
            f"Medborgarlöfte\n\n{_FILLER}\n\nHabo kommuns ska fortsätta sitt aktiva arbete mot droger.\n",
            ["Habo"],
        ),
        # Ambiguous names count with a kommun word.
        (doc("Marks kommun och polisen lovar att arbeta med trafiken."), ["Mark"]),
        (doc("Polisen och Vara kommun lovar att öka tryggheten."), ["Vara"]),
        (doc("Polisen och Ale kommun lovar att öka tryggheten."), ["Ale"]),
        # The LPO's name holds two kommuner; the party is the one coordinated with it.
        (doc("LPO Alingsås/Lerum och Lerums kommun lovar att arbeta mot inbrott."), ["Lerum"]),
        # Nothing that names a kommun.
        (f"Medborgarlöfte\n\nPolisen och kommunen lovar att öka tryggheten.\n\n{_FILLER}\n", []),
    ],
)
def test_party_kommuner(text: str, expected: list[str]) -> None:
    assert kommuner_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Medborgarlöfte 2021–2022\n\n"
            "Lokalpolisområde Stenungsund och Stenungsunds, Orusts och Tjörns kommuner har "
            "tillsammans tagit fram detta medborgarlöfte.\n\n"
            f"{_FILLER}\n\nPolisen och kommunerna lovar att:\n\n- genomföra trygghetsvandringar\n",
            ["Stenungsund", "Orust", "Tjörn"],
        ),
        (
            f"Medborgarlöften för Stenungsund, Orust och Tjörn\n\n{_FILLER}\n",
            ["Stenungsund", "Orust", "Tjörn"],
        ),
        (
            "Gemensamt medborgarlöfte\n\n"
            "Kungsbacka och Varbergs kommuner har tillsammans med polisen i Halland enats om "
            "följande löften.\n\n"
            f"{_FILLER}\n",
            ["Kungsbacka", "Varberg"],
        ),
        (
            "Medborgarlöfte\n\n"
            "Polisen och kommunerna Stenungsund, Orust och Tjörn lovar att arbeta mot "
            "narkotika.\n\n"
            f"{_FILLER}\n",
            ["Stenungsund", "Orust", "Tjörn"],
        ),
        (
            "Medborgarlöfte\n\n"
            "Marks, Borås och Svenljunga kommuner samt lokalpolisområde Borås lovar att "
            "förbättra trafiksäkerheten.\n\n"
            f"{_FILLER}\n",
            ["Mark", "Borås", "Svenljunga"],
        ),
    ],
)
def test_several_kommuner_share_one_promise(text: str, expected: list[str]) -> None:
    assert kommuner_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A list describing the LPO's area is no promise.
        (
            doc(
                "Polisen och Hagfors kommun lovar att öka tryggheten. Lokalpolisområde Torsby "
                "omfattar Torsby, Sunne, Hagfors och Munkfors kommuner."
            ),
            ["Hagfors"],
        ),
        # A neighbour compared with.
        (
            "Medborgarlöfte\n\nPolisen och Forshaga kommun lovar att arbeta mot narkotika. "
            "Brottsligheten är lägre jämfört med Karlstad.\n\n"
            f"{_FILLER}\n",
            ["Forshaga"],
        ),
        (
            "Medborgarlöfte\n\nPolisen och Forshaga kommun lovar att arbeta mot narkotika.\n\n"
            "Många ungdomar pendlar till grannkommunen Kil och jämfört med Karlstads kommun "
            "och Kils kommun är otryggheten låg.\n",
            ["Forshaga"],
        ),
        (
            "Medborgarlöfte\n\nPolisen och Hagfors kommun lovar att bibehålla tryggheten. "
            "Till skillnad från Torsby kommun har Hagfors få inbrott.\n",
            ["Hagfors"],
        ),
        # A neighbour coordinated with the police once, in a long document about another kommun.
        (
            "Medborgarlöften för Forshaga kommun\n\n"
            "Polisen och Forshaga kommun lovar att arbeta mot narkotika. Forshaga kommun "
            "kommer att anlita väktare. Forshaga kommun ska erbjuda mötesplatser. I Forshaga "
            "kommun finns ett trygghetsråd.\n\n"
            "Ett liknande arbete har tidigare gjorts av polisen och Karlstads kommun.\n",
            ["Forshaga"],
        ),
        # A kommun name that is part of the LPO's name is no kommun mention.
        (
            "Medborgarlöfte\n\nLPO Karlstad gör detta tillsammans med Forshaga kommun. LPO "
            "Karlstad är sammankallande.\n\nLokalpolisområde Karlstad kommer att...\n\n"
            "- fotpatrullera i centrum.\n\nMattias Forssten\nChef LPO Karlstad\n",
            ["Forshaga"],
        ),
        (
            "Medborgarlöften i Sunne\n\nSunne kommun och lokalpolisområde Torsby har "
            "tecknat medborgarlöften. Polisen och Sunne kommun tecknade löften redan 2015 då "
            "lokalpolisområde Torsby ingick i ett projekt.\n",
            ["Sunne"],
        ),
        # Ambiguous names in ordinary sentences are no mentions.
        (
            "Medborgarlöfte\n\nPolisen och Hagfors kommun lovar att öka tryggheten.\n\n"
            "Vara trygg i sitt boende är viktigt. Mark och vatten ska skyddas. Kil och "
            "spett används i skogen.\n",
            ["Hagfors"],
        ),
        # A surname that is also a kommun name.
        (
            "Medborgarlöfte\n\nPolisen och Hagfors kommun lovar att öka tryggheten.\n\n"
            "Kommunpolisen Anna Falkenberg leder arbetet.\n",
            ["Hagfors"],
        ),
        # County and police region names.
        (
            "Medborgarlöfte\n\nPolisen och Habo kommun lovar att öka tryggheten. Jönköpings "
            "län har låg brottslighet och polisregion Öst stöttar arbetet.\n",
            ["Habo"],
        ),
    ],
)
def test_passing_mentions_are_not_parties(text: str, expected: list[str]) -> None:
    assert kommuner_of(text) == expected


def test_logo_residue_is_evidence() -> None:
    text = (
        "Hällefors kommuns logotyp\n\nMedborgarlöften\n\n"
        "Löftena är en beskrivning av vad polisen och kommunen lovar att åstadkomma.\n"
    )
    structure = structure_of(text)
    assert any("logotyp" in r.text for r in structure.normalized.residue)
    assert [k.name for k in extract_kommuner(structure)] == ["Hällefors"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"Medborgarlöfte\n\n{_FILLER}\n\nJens Fischer\nKommunstyrelsens ordförande, "
            "Hagfors kommun\n\nHenrik Gustavsson\nTf Lokalpolisområdeschef\n",
            ["Hagfors"],
        ),
        (
            f"Medborgarlöfte\n\n{_FILLER}\n\nFör Hagfors kommun\n\nJens Fischer\n"
            "Kommunstyrelsens ordförande\n",
            ["Hagfors"],
        ),
        (f"Medborgarlöften\n\n{_FILLER}\n\nSunne kommun\n", ["Sunne"]),
        # The signing place and a signing officer's unit do not outweigh the promise sentence.
        (
            "Medborgarlöfte\n\nPolisen och Forshaga kommun lovar att arbeta mot narkotika.\n\n"
            "Karlstad 2019-11-19\n\nAnna Ek\nLokalpolisområdeschef Karlstad\n",
            ["Forshaga"],
        ),
        # With nothing else, the signing place is the best guess.
        (
            f"Medborgarlöfte\n\n{_FILLER}\n\nKarlstad 2019-11-19\n\nAnna Ek\nKommunchef\n",
            ["Karlstad"],
        ),
    ],
)
def test_signature_block_is_evidence(text: str, expected: list[str]) -> None:
    assert kommuner_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Medborgarlöfte\n\nI Sunne kommun har medborgardialoger genomförts. Sunne kommun "
            "har ett aktivt trygghetsråd. Otryggheten i Sunne kommun är låg.\n",
            ["Sunne"],
        ),
        # The only kommun named at all.
        ("Medborgarlöfte\n\nDialoger har hållits i Torsby.\n", ["Torsby"]),
        # Two kommuner named once each in passing-like prose: undecided.
        ("Medborgarlöfte\n\nDialoger har hållits i Torsby och även i Sunne.\n", []),
    ],
)
def test_frequency_fallback(text: str, expected: list[str]) -> None:
    assert kommuner_of(text) == expected


def test_parties_ordered_by_first_strong_mention() -> None:
    text = (
        "Medborgarlöfte\n\nPolisen och Orusts kommun lovar att arbeta med trafiken.\n\n"
        "Tjörns kommun nämns här först i löptexten. Polisen och Tjörns kommun lovar också "
        "att arbeta med trafiken.\n"
    )
    assert kommuner_of(text) == ["Orust", "Tjörn"]


# --- lokalpolisområde -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Invånarna i Lokalpolisområde Torsby, där Hagfors kommun ingår, känner sig trygga.",
            "Torsby",
        ),
        ("Sunne kommun och lokalpolisområde Torsby har tecknat medborgarlöften.", "Torsby"),
        (
            "LPO Karlstad och Forshaga kommun kommer under 2020 att arbeta mot narkotika.",
            "Karlstad",
        ),
        (
            "Det är lokalpolisområde Karlstad (LPO Karlstad) som lovar att genomföra åtgärder.",
            "Karlstad",
        ),
        ("LPO Karlstad:s medarbetare genomför kontrollerna.", "Karlstad"),
        ("LPO Karlstads medarbetare genomför kontrollerna.", "Karlstad"),
        (
            "Habo kommun och lokalpolisområdet Södra Vätterbygden lovar att samarbeta.",
            "Södra Vätterbygden",
        ),
        (
            "Polismyndigheten, via Lokalpolisområde Södra Vätterbygden, och Habo kommun lovar.",
            "Södra Vätterbygden",
        ),
        (
            "Malmö stad och lokalpolisområde Malmö Norr lovar att arbeta mot otrygghet.",
            "Malmö Norr",
        ),
        ("Polisen i lokalpolisområde (LPO) Karlstad lovar att patrullera.", "Karlstad"),
        ("Lokalpolisområde: Torsby", "Torsby"),
        ("LPO Alingsås/Lerum och Lerums kommun lovar att arbeta mot inbrott.", "Alingsås/Lerum"),
        # Unseen names are found too.
        (
            "Region Gotland och Lokalpolisområde Norra Gotland lovar att arbeta i Slite.",
            "Norra Gotland",
        ),
        ("Lokalpolisområde Storstockholm Syd lovar att patrullera.", "Storstockholm Syd"),
        ("Polisen i Torsby lokalpolisområde lovar att patrullera.", "Torsby"),
        ("MEDBORGARLÖFTE FÖR LOKALPOLISOMRÅDE TORSBY OCH SUNNE KOMMUN", "Torsby"),
        ("Lokalpolisområde Södra Vätterbygden Habo kommun", "Södra Vätterbygden"),
        ("Torsby lokalpolisområde omfattar fyra kommuner.", "Torsby"),
        # No name.
        ("Vårt lokalpolisområde omfattar fyra kommuner.", None),
        ("Hela lokalpolisområde Torsby omfattar fyra kommuner.", "Torsby"),
        ("Jämfört med andra lokalpolisområden i Värmland känner vi oss tryggare.", None),
        ("Lokalpolisområdet lovar att patrullera mer.", None),
        ("Polisområde Värmland stöttar arbetet.", None),
        ("Polisen och kommunen lovar att patrullera.", None),
    ],
)
def test_lokalpolisomrade_forms(text: str, expected: str | None) -> None:
    assert lpo_of(f"Medborgarlöfte\n\n{text}\n") == expected


@pytest.mark.parametrize(
    ("signature", "expected"),
    [
        ("Fredrik Lindfors\nSödra Vätterbygden Chef Lokalpolisområde", "Södra Vätterbygden"),
        ("Mattias Forssten\nChef LPO Karlstad", "Karlstad"),
        ("Henrik Gustavsson\nLokalpolisområdeschef Torsby", "Torsby"),
        ("Henrik Gustavsson\nLokalpolisområdeschef i Torsby", "Torsby"),
        ("Henrik Gustavsson\nTf Chef Lokalpolisområde", None),
        ("Henrik Gustavsson\nTf Lokalpolisområdeschef", None),
    ],
)
def test_lokalpolisomrade_from_signature_roles(signature: str, expected: str | None) -> None:
    text = f"Medborgarlöfte\n\nPolisen och kommunen lovar att öka tryggheten.\n\n{signature}\n"
    assert lpo_of(text) == expected


def test_most_frequent_lokalpolisomrade_wins() -> None:
    text = (
        "Medborgarlöfte\n\nLPO Karlstad och Forshaga kommun lovar att arbeta mot narkotika. "
        "LPO Karlstad leder uppföljningen. Arbetet liknar det i lokalpolisområde Torsby.\n\n"
        "Mattias Forssten\nChef LPO Karlstad\n"
    )
    assert lpo_of(text) == "Karlstad"


def test_lpo_mentions_point_at_the_name() -> None:
    structure = structure_of("Medborgarlöfte\n\nLPO Karlstad och lokalpolisområde Torsby.\n")
    names = [structure.text[m.span[0] : m.span[1]] for m in find_lpo_mentions(structure)]
    assert names == ["Karlstad", "Torsby"]


def test_curated_list_has_a_source_per_row() -> None:
    known = known_lokalpolisomraden()
    assert {"torsby", "karlstad", "södra vätterbygden"} <= set(known)
    assert known["södra vätterbygden"] == ("Södra Vätterbygden", "Öst")


# --- context patterns searched from the end --------------------------------------------
# Patterns anchored at "$" are searched in reverse ("(?r)"); whether they match must not
# depend on the direction, and the last sentence end is the one the forward scan ends on.

_CONTEXT_PIECES = [
    "Polisen",
    "polisen",
    "LPO Karlstad",
    "Lokalpolisområde Torsby",
    "(LPO)",
    ", via Lokalpolisområde Torsby,",
    "och",
    "samt",
    "tillsammans med",
    "i samverkan med",
    "har",
    "kommer",
    "kommunerna",
    "Medborgarlöften",
    "medborgarlöftet för",
    "för",
    "i",
    "inom",
    "mellan",
    "–",
    "-",
    ":",
    ".",
    "!",
    ";",
    "Habo",
    "Tillsammans",
]
_CONTEXT_GLUE = [" ", "  ", "", "\n", ". ", ", "]


@st.composite
def _context_text(draw: Any) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        parts += [draw(st.sampled_from(_CONTEXT_PIECES)), draw(st.sampled_from(_CONTEXT_GLUE))]
    return "".join(parts)


def _forward(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    return regex.compile(pattern.pattern.replace("(?r)", "").replace("(?ri)", "(?i)"))


def _reverse_patterns() -> list[regex.Pattern[str]]:
    context = parties._context_patterns()
    return [context.coordination_before, parties._TITLE_CONTEXT, parties._PROMISE_CONTEXT]


# The regex module's sentence end, as the stage read it before it moved to re.
_REGEX_SENTENCE_END = regex.compile(r"[.!?;:](?:\s+|$)")
_REGEX_LAST_SENTENCE_END = regex.compile(r"(?r)[.!?;:](?:\s+|$)")
_REGEX_LIST_SEPARATOR = regex.compile(r"^\s*(?:,|&|och|samt|,\s*(?:och|samt))\s*$")


def _sentence_before_forward(text: str, position: int) -> str:
    before = text[max(0, position - parties._CONTEXT_WINDOW) : position]
    ends = list(_REGEX_SENTENCE_END.finditer(before))
    return before[ends[-1].end() :] if ends else before


def _sentence_before_reverse(text: str, position: int) -> str:
    before = text[max(0, position - parties._CONTEXT_WINDOW) : position]
    end = _REGEX_LAST_SENTENCE_END.search(before)
    return before[end.end() :] if end else before


def _sentence_after_regex(text: str, position: int) -> str:
    after = text[position : position + parties._CONTEXT_WINDOW]
    end = _REGEX_SENTENCE_END.search(after)
    return after[: end.start()] if end else after


def _is_passing_reference(before: str) -> bool:
    cues = parties._context_patterns().passing
    return " ".join(before.casefold().split()).endswith(cues)


def _in_proper_name_reference(before: str) -> bool:
    words = before.rstrip().split(" ")
    if not before.endswith(" ") or len(words) < 2:
        return False
    previous = words[-1]
    return previous[:1].isupper() and words[-2][-1:] not in ".!?:" and previous.isalpha()


def _assert_context_readers_agree(text: str) -> None:
    """The stage's context readers answer as the regex module's and the full folds do."""
    for pattern in _reverse_patterns():
        found = bool(_forward(pattern).search(text))
        assert bool(pattern.search(text)) == found, pattern
        assert bool(pattern.match(text)) == found, pattern  # a reverse match: at the end
    for pattern in (
        parties._context_patterns().coordination_after,
        parties._context_patterns().promise_after,
    ):
        assert bool(pattern.match(text)) == bool(pattern.search(text)), pattern
    for position in range(len(text) + 1):
        assert parties._sentence_before(text, position) == _sentence_before_forward(text, position)
        assert parties._sentence_before(text, position) == _sentence_before_reverse(text, position)
        assert parties._sentence_after(text, position) == _sentence_after_regex(text, position)
        before = text[:position]
        assert parties._is_passing(before, parties._context_patterns()) == _is_passing_reference(
            before
        )
        assert parties._in_proper_name(before) == _in_proper_name_reference(before)
        between = text[position:]
        assert bool(parties._LIST_SEPARATOR.match(between)) == bool(
            _REGEX_LIST_SEPARATOR.match(between)
        )


@pytest.mark.parametrize(
    "text",
    [
        "Polisen och ",
        "LPO Karlstad gör detta tillsammans med ",
        "Polismyndigheten, via Lokalpolisområde Torsby, och ",
        "Tillsammans med ",
        "Medborgarlöften för ",
        "Medborgarlöfte – ",
        "Polisen och kommunen. Vi och ",
        "",
    ],
)
def test_reverse_context_patterns_match_as_forward_ones(text: str) -> None:
    _assert_context_readers_agree(text)


@given(_context_text())
@settings(max_examples=400, deadline=None)
def test_reverse_context_patterns_match_as_forward_ones_anywhere(text: str) -> None:
    _assert_context_readers_agree(text)


# Any characters, white space of every kind among them (the re patterns spell out the
# regex module's white space).
_ANY_CONTEXT_CHARS = st.text(
    alphabet=st.one_of(
        st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u3000.!?;:,&"),
        st.characters(),
    ),
    max_size=24,
)


@given(_ANY_CONTEXT_CHARS, _context_text())
@settings(max_examples=300, deadline=None)
def test_context_readers_agree_on_any_characters(noise: str, text: str) -> None:
    _assert_context_readers_agree(noise + text + noise)
    _assert_context_readers_agree(text + " och" + noise)


# --- LPO patterns scanned from the first literal word -----------------------------------
# A block's prefixed pattern is scanned from its first prefix, the suffixed one from the
# reach of a name before its first "lokalpolisområde": no match may start earlier.

_LPO_PIECES = [
    "Lokalpolisområde",
    "lokalpolisområdeX",
    "Xlokalpolisområde",
    "aBc",
    "Ö-",
    "med",
    "Torsby.",
    "lokalpolisområde",
    "lokalpolisområdet",
    "LPO",
    "(LPO)",
    "Södra",
    "Vätterbygden",
    "Torsby",
    "Karlstad:s",
    "Alingsås/Lerum",
    "Kungälv–Ale",
    "och",
    "i",
    "Polisen",
    "Chef",
    "chef",
    "för",
    "Lokalpolisområdeschef",
    "LPO-chef",
    "Lpo-Chef",
]


@st.composite
def _lpo_text(draw: Any) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 9))):
        parts += [draw(st.sampled_from(_LPO_PIECES)), draw(st.sampled_from([" ", "  ", ", "]))]
    return "".join(parts)


def _literal_spans(folded: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where one of ``words`` occurs in ``folded``, sorted, list by list
    (the reference for parties._lpo_literal_spans)."""
    return sorted((at, at + len(word)) for word in words for at in occurrences(folded, word))


@given(_lpo_text())
@settings(max_examples=400, deadline=None)
def test_lpo_patterns_match_nowhere_before_their_scan_start(text: str) -> None:
    patterns = parties._lpo_patterns()
    folded = text.casefold()
    prefix_spans = _literal_spans(folded, parties.gazetteer().context.lpo_prefixes)
    word_spans = _literal_spans(folded, ("lokalpolisområde",))
    prefixed = [m.start() for m in patterns.prefixed.finditer(text)]
    suffixed = [m.start() for m in patterns.suffixed.finditer(text)]
    if prefixed:
        assert min(prefixed) >= parties._first_within(prefix_spans, 0, len(text)) >= 0
    if suffixed:
        word_at = parties._first_within(word_spans, 0, len(text))
        assert word_at >= 0
        assert min(suffixed) >= parties._name_reach(text, word_at)
    for pattern in (patterns.role_before, patterns.role_after):
        for match in pattern.finditer(text):
            assert any(word in match.group().casefold() for word in parties._ROLE_WORDS)


@given(_lpo_text(), st.sampled_from(["", "ß ", "x\n"]))
@settings(max_examples=400, deadline=None)
def test_prefixed_matches_tried_at_the_prefixes_equal_the_scan(text: str, lead: str) -> None:
    text = lead + text
    pattern = parties._lpo_patterns().prefixed
    context = parties.gazetteer().context
    prefix_spans, word_spans, role_spans = parties._lpo_literal_spans(text, context)
    if prefix_spans is None:
        assert len(text.replace("\n", " ").casefold()) != len(text)
        return
    folded = text.replace("\n", " ").casefold()
    assert prefix_spans == _literal_spans(folded, context.lpo_prefixes)
    assert word_spans == _literal_spans(folded, ("lokalpolisområde",))
    assert role_spans == _literal_spans(folded, parties._ROLE_WORDS)
    starts = parties._starts_within(prefix_spans, 0, len(text))
    tried = [m.span() for m in parties._matches_at(pattern, text, starts)]
    assert tried == [m.span() for m in pattern.finditer(text)]
    # A text where no suffixed name can end holds no match of the suffixed pattern.
    word_starts = parties._starts_within(word_spans, 0, len(text))
    if not parties._may_end_suffixed_name(text, word_starts):
        assert not list(parties._lpo_patterns().suffixed.finditer(text))
    # Within a block: the starts are the block's own.
    cut = len(text) // 2
    starts = parties._starts_within(prefix_spans, cut, len(text))
    tried = [m.span() for m in parties._matches_at(pattern, text[cut:], starts)]
    first = parties._first_within(prefix_spans, cut, len(text))
    scanned = pattern.finditer(text[cut:], first - cut) if first >= 0 else iter(())
    assert tried == [m.span() for m in scanned]


def test_name_reach_goes_back_three_words() -> None:
    text = "Polisen i Södra  Vätterbygden Norra lokalpolisområde"
    assert parties._name_reach(text, text.index("lokal")) == text.index("Södra")
    assert parties._name_reach("Torsby lokalpolisområde", 7) == 0


# --- strength left unread for a kommun strong already ---------------------------------------
# A list of kommuner all strong since before it is read for weights only (_settled_kind);
# the strength it would have added changes nothing.


def _paragraph_mentions(text: str) -> list[tuple[Any, str, Any]]:
    """Each kommun mention outside title and signature, with its block and unit text."""
    structure = structure_of(text)
    found = []
    for block in structure.blocks:
        if not block.lines or block.kind in parties._DECISIVE_BLOCKS:
            continue
        start, end = block.lines[0].start, block.lines[-1].end
        unit = parties._unit_text(structure, start, end)
        found += [(block, unit, mention) for mention in parties.find_kommun_mentions(unit)]
    return found


_SETTLED_SNIPPETS = [
    "Polisen och Habo kommun lovar att arbeta. Habo kommun kommer att delta.",
    "Jämfört med Karlstad har Anna Falkenberg och Vara kommun mer att göra.",
    "Medborgarlöften för Sunne. I Sunne och Torsby finns Norra Mora och Kil.",
    "Tillsammans med Hagfors kommun har polisen i Hagfors, Sunne och Torsby kommuner lovat.",
]
_SETTLED_TEXTS = [doc(s) for s in _SETTLED_SNIPPETS] + [
    (CORPUS / f"{stem}.txt").read_text(encoding="utf-8") for stem in SEED_STEMS
]


@pytest.mark.parametrize("text", _SETTLED_TEXTS, ids=range(len(_SETTLED_TEXTS)))
def test_settled_kind_is_the_mention_kind_less_its_strength(text: str) -> None:
    patterns = parties._context_patterns()
    mentions = _paragraph_mentions(text)
    assert mentions
    for block, unit, mention in mentions:
        local_start, local_end = mention.span
        before = parties._sentence_before(unit, local_start)
        after = parties._sentence_after(unit, local_end)
        kind = parties._mention_kind(block, unit, mention, before, after, patterns)
        expected = None if kind is None else (kind[0], False, False)
        assert parties._settled_kind(unit, mention, local_start, before) == expected
        assert parties._settled_kind(unit, mention, local_start, None) == expected


@given(
    st.integers(0, 100),
    st.integers(0, 100),
    st.floats(0, 2),
    st.booleans(),
)
def test_strength_adds_nothing_to_a_kommun_strong_already(
    first_strong: int, later: int, weight: float, decisive: bool
) -> None:
    from loftesparser.gazetteer import gazetteer

    def evidence() -> parties._Evidence:
        e = parties._Evidence(gazetteer().rows[0])
        e.note(first_strong, 1.0, strong=True, decisive=decisive)
        return e

    position = first_strong + later
    with_strength, without = evidence(), evidence()
    assert parties._strong_by(with_strength, position)
    with_strength.note(position, weight, strong=True)
    without.note(position, weight)
    assert with_strength == without
    shared = evidence()
    shared.note(position, 0.0, strong=True)
    assert shared == evidence()


# --- the LPO words found in the text's latin-1 bytes ----------------------------------------

# Characters the bytes stand for ("–", "•"), and others that send a text to casefolding:
# letters beyond latin-1, signs folding to latin letters, "ß" (two letters folded), "µ".
_ODD_CHARACTERS = ["–", "•", "”", "?", "ß", "µ", "ſ", "\u212a", "\u0130", "ł", "Ⓛ", "ﬆ", "\n"]


@given(
    st.lists(
        st.one_of(
            st.sampled_from(_LPO_PIECES),
            st.sampled_from(_ODD_CHARACTERS),
            st.sampled_from(["LPO", "lPo", "Lokalpolisområdet", "LOKALPOLISOMRÅDE", " "]),
            st.text(max_size=3),
        ),
        max_size=12,
    )
)
@settings(max_examples=500, deadline=None)
def test_lpo_word_offsets_in_bytes_equal_the_casefolded_texts(parts: list[str]) -> None:
    text = "".join(parts)
    context = parties.gazetteer().context
    folded = text.replace("\n", " ").casefold()
    expected = None
    if len(folded) == len(text):
        expected = {
            word: list(occurrences(folded, word))
            for word in {*context.lpo_prefixes, "lokalpolisområde", *parties._ROLE_WORDS}
        }
    assert parties._lpo_word_offsets(text, context) == expected


def test_lpo_words_are_searched_in_the_bytes() -> None:
    assert parties._lpo_search_words() is not None


def test_lpo_word_offsets_in_bytes_equal_the_casefolded_texts_in_the_corpus() -> None:
    context = parties.gazetteer().context
    for path in sorted(CORPUS.glob("*.txt")):
        text = structure_of(path.read_text(encoding="utf-8")).text
        folded = text.replace("\n", " ").casefold()
        assert len(folded) == len(text)
        assert parties._lpo_word_offsets(text, context) == {
            word: list(occurrences(folded, word))
            for word in {*context.lpo_prefixes, "lokalpolisområde", *parties._ROLE_WORDS}
        }
