"""Sections, promises, focus areas and activities on realistic documents of our own.

Each fixture in ``fixtures/documents`` exercises a layout named in the issue;
the expectations are written field by field.
"""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from loftesparser.extract.content import (
    _content_end,
    _mentions_promise,
    _offset_of,
    _promise_subject,
    _subject_promises,
    _words,
    extract_content,
)
from loftesparser.extract.sections import (
    _LATIN1_WORD,
    _NOT_PLAIN,
    _REGEX_WHITE_SPACE,
    _kind_index,
    _kind_of_words,
    _kind_words,
    clean_heading,
    extract_sections,
    heading_kind,
)
from loftesparser.lexicon import load_toml
from loftesparser.segment import Block
from tests.conftest import DOCUMENTS, structure_of

P, K, B = ["polisen"], ["kommunen"], ["kommunen", "polisen"]


def _content(name: str):  # type: ignore[no-untyped-def]
    structure = structure_of((DOCUMENTS / name).read_text(encoding="utf-8"))
    sections = extract_sections(structure)
    return structure, sections, extract_content(structure, sections)


def _activities(name: str) -> list[tuple[str, list[str], str, str | None]]:
    _, _, content = _content(name)
    return [
        (a.text, sorted(a.actors), a.actor_source, a.section.heading if a.section else None)
        for a in content.activities
    ]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Lägesbild", "situation"),
        ("Situationen idag", "situation"),
        ("Det här ska vi göra", "promise"),
        ("Medborgarlöfte 2016", "promise"),
        ("Vårt löfte till dig", "promise"),
        ("Tidsram", "timeframe"),
        ("Förlängning", "timeframe"),
        ("Uppföljning", "follow_up"),
        ("Syfte med medborgarlöften", "purpose"),
        ("Hur vi kom fram till medborgarlöftena", "method"),
        ("Fokusområden", "focus_areas"),
        ("Problemområde", "focus_areas"),
        ("Målsättningar och aktiviteter", "activities"),
        ("Det här gör vi", "activities"),
        ("Polisen lovar att", "activities"),
        ("Lokalpolisområde Karlstad kommer att", "activities"),
        ("Tryggheten", "other"),
        ("Underskrifter", "signatures"),
    ],
)
def test_heading_kinds(heading: str, kind: str) -> None:
    assert heading_kind(heading) == kind


def test_lovar_headers_own_their_lists() -> None:
    assert _activities("lovar_headers.md") == [
        (
            "genomföra minst två trafikkontroller i månaden i Nossebro tätort",
            P,
            "header",
            "Polisen lovar att",
        ),
        (
            "vara synliga vid skolornas avslutningar och vid större evenemang",
            P,
            "header",
            "Polisen lovar att",
        ),
        (
            "se över belysningen vid busstationen och gång- och cykelvägarna",
            K,
            "header",
            "Essunga kommun lovar att",
        ),
        (
            "anordna trygghetsvandringar tillsammans med invånarna två gånger per år",
            K,
            "header",
            "Essunga kommun lovar att",
        ),
        (
            "att hålla medborgardialoger i varje kommundel under perioden",
            B,
            "header",
            "Tillsammans lovar Polisen och Essunga kommun",
        ),
    ]


def test_markdown_headings_and_bold_headers_are_sections() -> None:
    structure, sections, _ = _content("lovar_headers.md")
    assert structure.title is not None
    assert structure.title.text == "Medborgarlöfte för Essunga kommun 2021–2022"
    assert [s.heading for s in sections] == [
        "Lägesbild",
        "Vårt löfte till dig",
        "Polisen lovar att",
        "Essunga kommun lovar att",
        "Tillsammans lovar Polisen och Essunga kommun",
        "Uppföljning",
    ]


def test_trailing_markers_in_every_spelling() -> None:
    assert _activities("trailing_markers.txt") == [
        ("Fotpatrullering i Skärhamns centrum fredag och lördag kväll", P, "marker", "Aktiviteter"),
        ("Trygghetsvandring i Kållekärr under hösten", K, "marker", "Aktiviteter"),
        (
            "Informationsträffar om bedrägerier riktade till äldre i samarbete med pensionärsföreningarna",
            B,
            "marker",
            "Aktiviteter",
        ),
        ("Ökad belysning på gång- och cykelvägar.", K, "marker", "Aktiviteter"),
        ("Trafikkontroller med fokus på alkohol/droger vid hamnen", P, "marker", "Aktiviteter"),
        ("Minst en trafikkontroll/vecka under sommarmånaderna", P, "marker", "Aktiviteter"),
    ]


def test_paragraph_activities_under_an_activities_heading() -> None:
    assert _activities("paragraph_activities.txt") == [
        (
            "Polisen ska genomföra riktade insatser mot narkotikahandel i centrum.",
            P,
            "subject",
            "Det här gör vi",
        ),
        (
            "Kommunen ska erbjuda fler fritidsaktiviteter för unga under helger.",
            K,
            "subject",
            "Det här gör vi",
        ),
        (
            "LPO Lycksele ska delta i skolornas föräldramöten under läsåret.",
            P,
            "subject",
            "Det här gör vi",
        ),
    ]


def test_subjects_and_framing() -> None:
    structure, _, content = _content("subjects.txt")
    assert _activities("subjects.txt") == [
        (
            "Områdespoliserna kommer att besöka samtliga högstadieskolor under läsåret.",
            P,
            "subject",
            "Aktiviteter",
        ),
        (
            "Kommunen ska utbilda fritidsledare i att upptäcka tecken på missbruk.",
            K,
            "subject",
            "Aktiviteter",
        ),
        (
            "I skolan ska polisen hålla lektioner om narkotikans risker.",
            P,
            "subject",
            "Aktiviteter",
        ),
        (
            "Tillsammans ska vi genomföra föräldraträffar i varje kommun.",
            B,
            "subject",
            "Aktiviteter",
        ),
        ("Stenungsunds kommun ska fortsätta stödja nattvandrarna.", K, "subject", "Aktiviteter"),
        ("Kartläggning av mötesplatser där narkotika förekommer.", B, "document", "Aktiviteter"),
    ]
    assert [p.text for p in content.promises] == [
        "Lokalpolisområde Stenungsund och Stenungsunds, Orusts och Tjörns kommuner lovar att "
        "arbeta tillsammans mot narkotika bland unga."
    ]
    assert structure.title is not None
    assert structure.title.text == "Medborgarlöften 2020–2021 för Orust, Stenungsund och Tjörn"


def test_lists_that_are_not_activities() -> None:
    _, _sections, content = _content("not_activities.txt")
    assert _activities("not_activities.txt") == [
        ("Polisen ska informera om grannsamverkan i villaområden.", P, "subject", "Så här gör vi"),
        (
            "Kommunen ska bjuda in till informationsträffar om inbrottsskydd.",
            K,
            "subject",
            "Så här gör vi",
        ),
    ]
    assert [p.text for p in content.promises] == [
        "Polisen och Kungsbacka kommun lovar att arbeta mot bostadsinbrott."
    ]
    assert content.focus_areas == []


def test_web_residue_is_not_content() -> None:
    structure, _sections, _ = _content("web_residue.txt")
    residue = [r.text for r in structure.normalized.residue]
    assert "Sök på polisen.se" in residue
    assert "Ovanåkers kommuns logotyp" in residue
    assert "Trafikkontroll." in residue
    assert "Hade du nytta av innehållet på den här sidan?" in residue
    assert "Till toppen" not in structure.text
    assert _activities("web_residue.txt") == [
        ("Hastighetskontroller i Edsbyn", P, "marker", "Lägesbild"),
        (
            "Samverkan mellan socialtjänsten, skolan och polisen kring unga i riskzon",
            B,
            "marker",
            "Lägesbild",
        ),
    ]


@pytest.mark.parametrize("name", ["news_article.txt", "empty_template.txt"])
def test_not_a_medborgarlofte_has_no_activities(name: str) -> None:
    _, _, content = _content(name)
    assert content.activities == []
    assert content.promises == []


@pytest.mark.parametrize(
    "name",
    [
        "lovar_headers.md",
        "trailing_markers.txt",
        "paragraph_activities.txt",
        "subjects.txt",
        "not_activities.txt",
        "web_residue.txt",
    ],
)
def test_spans_claim_their_text(name: str) -> None:
    structure, _, content = _content(name)
    for finding in [*content.activities, *content.promises, *content.focus_areas]:
        assert " ".join(structure.text[finding.start : finding.end].split()) == " ".join(
            finding.text.split()
        )


def test_lists_that_name_their_own_owners_are_activities_beside_named_activity_lists() -> None:
    """A named activity list ("… kommer att:") does not hide other lists whose items
    carry their owner: themed sub-lists with markers, a numbered list with subjects.
    A list of residents' observations names no owner and stays out."""
    activities = _activities("mixed_lists.txt")
    assert [(text, actors, source) for text, actors, source, _ in activities] == [
        (
            "Polisen ska genomföra riktade trafikkontroller vid skolorna under terminsstarten.",
            P,
            "subject",
        ),
        ("Kommunen ska förbättra belysningen i gång- och cykeltunnlarna.", K, "subject"),
        ("Nattvandringar med föreningslivet under helger.", B, "document"),
        ("Hastighetskontroller på Storgatan", P, "marker"),
        ("Översyn av skyltning vid skolorna", K, "marker"),
        ("Trygghetsvandring i centrum varje höst", B, "marker"),
        ("fotpatrullera i centrum fredagskvällar", P, "header"),
        ("besöka högstadieskolorna en gång per termin", P, "header"),
    ]


# --- the fast forms agree with the reference forms ----------------------------------


def _reference_content_end(text: str, start: int, end: int, body: str) -> int:
    """Count the body's non-space characters off the text's runs, one run at a time."""
    wanted = len("".join(body.split()))
    if wanted == 0:
        return end
    seen = 0
    for run in re.compile(r"\S+").finditer(text, start, end):
        length = run.end() - run.start()
        if seen + length >= wanted:
            return run.start() + wanted - seen
        seen += length
    return end


_spaced_text = st.text(alphabet=" \n\t\u00a0\x1cab/.", max_size=30)


@pytest.mark.parametrize(
    ("text", "start", "end", "body"),
    [
        ("- Fotpatrullering i centrum/Polisen\n", 2, 35, "Fotpatrullering i centrum"),
        ("Rad ett\n  rad två / Polisen", 0, 27, "Rad ett rad två"),
        ("Hela blocket\növer två rader  ", 0, 29, "Hela blocket över två rader"),
        ("  ", 0, 2, ""),
        ("kort", 0, 4, "kortare än texten"),
    ],
)
def test_content_end_cases(text: str, start: int, end: int, body: str) -> None:
    assert _content_end(text, start, end, body) == _reference_content_end(text, start, end, body)


@settings(max_examples=400, deadline=None)
@given(_spaced_text, st.data())
def test_content_end_equals_counting_runs(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    # A whitespace-folded prefix of the span, or any text at all.
    words = text[start:end].split()
    prefix = " ".join(words[: data.draw(st.integers(0, len(words)))])
    for body in (prefix, data.draw(_spaced_text)):
        assert _content_end(text, start, end, body) == _reference_content_end(
            text, start, end, body
        )


def _reference_offset_of(text: str, block: Block, content_offset: int) -> int:
    """The former character walk of _offset_of."""
    position = block.start
    seen = 0
    target = len("".join(block.text[:content_offset].split()))
    while position < block.end and seen < target:
        if not text[position].isspace():
            seen += 1
        position += 1
    while position < block.end and text[position].isspace():
        position += 1
    return position


@settings(max_examples=400, deadline=None)
@given(_spaced_text, st.data())
def test_offset_of_equals_walking_the_characters(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    block = Block(
        kind="paragraph", lines=[], text=" ".join(text[start:end].split()), start=start, end=end
    )
    offset = data.draw(st.integers(0, len(block.text)))
    assert _offset_of(text, block, offset) == _reference_offset_of(text, block, offset)


def _kind_by_each_word(heading: str) -> str | None:
    """The first kind one of whose words starts a word of ``heading``, one search per word."""
    data = load_toml("headings.toml")
    for kind in data["order"]:
        for word in data["kinds"][kind]:
            if regex.search(rf"(?<!\w){regex.escape(word)}", heading, regex.IGNORECASE):
                return str(kind)
    return None


def _kind_by_alternation(heading: str) -> str | None:
    return next((kind for kind, pattern in _kind_words() if pattern.search(heading)), None)


_heading_words = [w for words in load_toml("headings.toml")["kinds"].values() for w in words] + [
    "Tryggheten",
    "och",
    "x",
    "ÅTGÄRDER",
    "2024",
    ":",
    "-",
    "över",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_heading_words), max_size=5), st.sampled_from([" ", "", "-"]))
def test_heading_kind_words_alternation_equals_one_search_per_word(
    words: list[str], gap: str
) -> None:
    heading = gap.join(words)
    assert _kind_by_alternation(heading) == _kind_by_each_word(heading)


# Characters on which str.lower() and the regex module's case folding or \w might part.
_odd_heading_characters = [*"µßİıſ\u212aKÅ\u212b–‿_2ª²\u0301ÉŸÿ· \xa0’", "SS"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_heading_words + _odd_heading_characters), max_size=6),
    st.sampled_from([" ", "", "-", "–", "\u2019"]),
    st.sampled_from([str, str.upper, str.title]),
)
def test_heading_kind_without_the_regex_engine_equals_one_search_per_word(
    words: list[str], gap: str, case: object
) -> None:
    heading = case(gap.join(words))  # type: ignore[operator]
    assert _kind_of_words(heading) == _kind_by_each_word(heading)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("ÅTGÄRDER", "activities"),
        ("Tidsplan – uppföljning", "follow_up"),  # follow_up precedes timeframe in order
        ("Mål och aktiviteter", "activities"),
        ("Omål", None),  # "mål" inside a word
        ("Om-mål", "promise"),  # after a hyphen a word starts
        ("x_mål", None),  # "_" is a word character
        ("Bakgrund\u2019", "situation"),
        ("Bakgrund \u0100", "situation"),  # a character beyond the plain ones: the regex path
        ("Det här ska vi göra", "promise"),
        ("Det här gör vi – mål", "activities"),  # activities precedes promise in order
        ("", None),
    ],
)
def test_heading_kind_words_table(heading: str, kind: str | None) -> None:
    assert _kind_of_words(heading) == kind
    assert _kind_by_each_word(heading) == kind


def test_plain_characters_fold_like_the_regex_module() -> None:
    """On every character the fast path accepts, lower() meets each heading-word character
    exactly where the regex module's case-insensitive match does, and \\w is the Latin-1 set."""
    plain = [chr(c) for c in range(0x10000) if not _NOT_PLAIN.search(chr(c))]
    assert len(plain) > 256
    word_characters = {
        c for words in _kind_index().by_initial.values() for _, w in words for c in w
    }
    for character in plain:
        is_word = regex.match(r"\w", character) is not None
        assert is_word == (character in _LATIN1_WORD), repr(character)
        for letter in word_characters:
            insensitive = regex.match(regex.escape(letter), character, regex.IGNORECASE) is not None
            assert insensitive == (character.lower() == letter), (character, letter)


_promise_pieces = [
    "Polisen",
    "och",
    "Hagfors",
    "kommun",
    "kommunen",
    "vi",
    "lovar",
    "att",
    "ska",
    "kommer",
    "under",
    "året",
    "åtar",
    "sig",
    "förbinder",
    "LOVAR",
    "Att",
    "genomföra",
    ".",
    ",",
    "…",
    "\n",
    "Tillsammans",
    "lovarna",
    "skall",
]
_promise_texts = st.lists(st.sampled_from(_promise_pieces), max_size=14).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_promise_texts, st.data())
def test_the_promise_cue_is_in_every_text_holding_a_promising_subject(
    text: str, data: st.DataObject
) -> None:
    head = text.lstrip(".… ")[:240]
    assert _promise_subject(text) == _subject_promises(head)
    # Any sentence cut from a block: the block holds the cue when the sentence promises.
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    sentence = text[start:end].strip()
    if _subject_promises(sentence.lstrip(".… ")[:240]):
        assert _words().promise_verb_cue.search(text)


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("Polisen LOVAR", True),
        ("Löftena", True),
        ("LÖFTE", True),
        ("lovarna", False),
        ("förlovar", False),
        ("ingen", False),
    ],
)
def test_mentions_promise_cases(text: str, mentions: bool) -> None:
    assert _mentions_promise(text) is mentions


# --- clean_heading strips what the former pattern removed ---------------------------


def _reference_clean_heading(text: str) -> str:
    return regex.sub(r"[\s:;.…]+$", "", text.strip())


def test_clean_heading_white_space_is_the_regex_modules() -> None:
    engine = regex.compile(r"\s")
    assert set(_REGEX_WHITE_SPACE) == {
        chr(code) for code in range(0x110000) if engine.match(chr(code))
    }


@pytest.mark.parametrize(
    "text",
    [
        "Aktiviteter:",
        "Polisen lovar...",
        "Tidsram …",
        "Rubrik .\x1c.",
        "Rubrik: \x1c",
        "Rubrik;\u00a0:\u2003.",
        "  ",
        "",
        "...",
        "Slut\n",
    ],
)
def test_clean_heading_cases(text: str) -> None:
    assert clean_heading(text) == _reference_clean_heading(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab :;.…\n\t\u00a0\x1c\x1f\u2003\u200b\x85", max_size=20))
def test_clean_heading_equals_the_pattern(text: str) -> None:
    assert clean_heading(text) == _reference_clean_heading(text)


def test_letters_are_word_characters_of_the_regex_engine() -> None:
    # _activity takes a body opening with a letter as holding a word character.
    engine = regex.compile(r"\w")
    for code in range(0x110000):
        character = chr(code)
        if character.isalpha():
            assert engine.match(character), hex(code)
