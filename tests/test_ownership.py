"""Ownership: markers, subjects, headers, framing (table-driven)."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from loftesparser.extract.ownership import (
    _DASHES,
    _FLAGS,
    _MARKER_SIGN_CHARACTERS,
    _NAME,
    _NAME_BEFORE_SPACE,
    _OTHER_ORGANISATION,
    _TERM_CALL,
    _actor_sources,
    _alternation,
    _marker_kinds,
    _may_hold_any_marker,
    _may_hold_marker,
    _search_marker,
    _search_signed_marker,
    actor_patterns,
    actors_of_phrase,
    find_marker,
    framing_actors,
    header_actors,
    marker_only_line,
    may_open_with_phrase,
    other_organisations,
    subject_actors,
)
from loftesparser.lexicon import load_toml

P = frozenset({"polisen"})
K = frozenset({"kommunen"})
B = frozenset({"polisen", "kommunen"})


@pytest.mark.parametrize(
    ("item", "actors", "body"),
    [
        (
            "Trygghetsskapande patrullering på publika platser/ Polisen",
            P,
            "Trygghetsskapande patrullering på publika platser",
        ),
        (
            "Trygghetsfrågor ska beaktas i Trygghetsrådet/ Polisen och kommunen",
            B,
            "Trygghetsfrågor ska beaktas i Trygghetsrådet",
        ),
        (
            "Översyn av trafikmiljöerna ska ske. / Kommunen.",
            K,
            "Översyn av trafikmiljöerna ska ske.",
        ),
        ("Samverkan i trafikfrågor/ Kommunen och polisen.", B, "Samverkan i trafikfrågor"),
        ("Fotpatrullering i centrum av Sunne/Polisen", P, "Fotpatrullering i centrum av Sunne"),
        ("Trygghetsvandringar genomförs/Polis och Kommun", B, "Trygghetsvandringar genomförs"),
        ("Samverkan med skola/ Polis och Kommun", B, "Samverkan med skola"),
        ("Fotpatrullering fredag kväll (Polisen)", P, "Fotpatrullering fredag kväll"),
        ("Fotpatrullering fredag kväll (polisen).", P, "Fotpatrullering fredag kväll"),
        ("Trygghetsvandring under hösten – Kommunen", K, "Trygghetsvandring under hösten"),
        (
            "Trygghetsvandring under hösten - Kommunen och polisen",
            B,
            "Trygghetsvandring under hösten",
        ),
        ("Ökad belysning. Ansvar: Kommunen", K, "Ökad belysning."),
        ("Ökad belysning. Ansvarig: Polisen och kommunen.", B, "Ökad belysning."),
        ("Information till föräldrar (Ansvar: Polisen)", P, "Information till föräldrar"),
        ("Insatser mot langning/ LPO Karlstad", P, "Insatser mot langning"),
        ("Insatser mot langning / Forshaga kommun", K, "Insatser mot langning"),
        ("Insatser mot langning / Polisen och Räddningstjänsten", P, "Insatser mot langning"),
        ("Trafikkontroller/ Polis, kommun", B, "Trafikkontroller"),
        ("Trafikkontroller/ Polisen & kommunen", B, "Trafikkontroller"),
    ],
)
def test_trailing_markers(item: str, actors: frozenset[str], body: str) -> None:
    marker = find_marker(item)
    assert marker is not None
    assert marker.actors == actors
    assert item[: marker.start].rstrip() == body


@pytest.mark.parametrize(
    "item",
    [
        "Trafikkontroller med fokus på alkohol/droger",
        "Genomföra minst en trafikkontroll/vecka",
        "Revidera vid årsskiftet 2020/ 2021",
        "Samverkan skola/polis",
        "EST – effektiv samordning för trygghet",
        "Samverkan mellan polisen och kommunen",
        "Polisen",
        "Insatser / Räddningstjänsten",
        "Samverkan – polisen",
    ],
)
def test_slash_or_dash_inside_item_is_not_a_marker(item: str) -> None:
    assert find_marker(item) is None


def test_bold_lowercase_marker_counts() -> None:
    item = "Samverkan skola/polis"
    assert find_marker(item, bold_from=item.index("polis")) is not None


@pytest.mark.parametrize(
    ("line", "actors"),
    [
        ("/ Polisen", P),
        ("/Kommunen.", K),
        ("(Polisen och kommunen)", B),
        ("Ansvar: Kommunen", K),
        ("– Polisen", P),
    ],
)
def test_marker_only_lines(line: str, actors: frozenset[str]) -> None:
    marker = marker_only_line(line)
    assert marker is not None and marker.actors == actors


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Polisen kommer utföra hund-sök i skolor", P),
        ("Områdespoliserna ska fortsätta sina täta kontakter", P),
        ("Habo kommuns ska fortsätta sitt aktiva arbete", K),
        ("Kommunen ska erbjuda fler fritidsaktiviteter", K),
        ("LPO Lycksele ska delta i föräldramöten", P),
        ("Lokalpolisområde Karlstad genomför riktade insatser", P),
        ("Tillsammans kommer vi ha strategiträffar", B),
        ("Vi ska genomföra trygghetsvandringar", B),
        ("Kommunen och polisen ska arbeta enligt EST", B),
        ("Polisen och Hällefors kommun ska i samverkan", B),
        ("Polis och kommun lovar att tillsammans arbeta", B),
        ("I skolan ska polisen hålla lektioner", P),
        ("Under hösten kommer kommunen att se över belysningen", K),
        ("Socialtjänsten ska utveckla föräldrastödet", K),
        ("Region Gotland ska se över belysningen", K),
        ("Malmö stad ska anställa fler fältassistenter", K),
        ("Kommunpolisen besöker skolorna varje vecka", P),
        ("Polisen erbjuder samtliga skolor besök", P),
    ],
)
def test_subjects(text: str, actors: frozenset[str]) -> None:
    assert subject_actors(text) == actors


@pytest.mark.parametrize(
    "text",
    [
        "Försöka utveckla sociala insatsgrupper i kommunen.",
        "Polisens närvaro vid skolorna ska öka",
        "Trygghetsvandringar och dialoger i samverkan med medborgare",
        "Förbättra dialogen mellan polis och människor",
        "Samverkan mellan polisen och skolan",
        "Kommunens trygghetsarbete",
    ],
)
def test_no_subject(text: str) -> None:
    assert subject_actors(text) is None


@pytest.mark.parametrize(
    ("header", "actors"),
    [
        ("Polisen lovar:", P),
        ("Polisen lovar att:", P),
        ("Essunga kommun lovar att:", K),
        ("Tillsammans lovar Polisen och Essunga kommun:", B),
        ("Lokalpolisområde Karlstad kommer att...", P),
        ("Forshaga kommun kommer att...", K),
        ("Polisen och kommunen kommer tillsammans att...", B),
        ("Tillsammans kommer vi bland annat jobba med följande aktiviteter 2017:", B),
        ("Gemensamt ska vi:", B),
        ("Det här ska vi göra:", None),
        ("Tryggheten:", None),
        ("Följande aktiviteter ska göras för att uppnå detta:", None),
    ],
)
def test_headers(header: str, actors: frozenset[str] | None) -> None:
    assert header_actors(header) == actors


@pytest.mark.parametrize(
    ("sentences", "actors"),
    [
        (
            [
                "Löftena är en beskrivning av vad polisen och kommunen lovar att åstadkomma tillsammans."
            ],
            B,
        ),
        (["Det handlar om aktiviteter som kommun och polis tillsammans kommit överens om."], B),
        (["Polisen har analyserat brottsstatistiken."], None),
        (["Kommunen och polisen träffas."], None),
    ],
)
def test_framing(sentences: list[str], actors: frozenset[str] | None) -> None:
    assert framing_actors(sentences) == actors


def test_marker_search_is_linear_on_adversarial_input() -> None:
    # Must finish (no catastrophic backtracking); correctness: no marker.
    assert find_marker("a/" * 50_000) is None
    assert find_marker("Polisen/" * 20_000 + "x") is None
    assert subject_actors("Polisen och " * 20_000) in (None, P)


# --- the fast forms agree with the reference forms ----------------------------------

# Texts around the vocabulary: parties, names, separators, signs and punctuation.
_PIECES = [
    "Polisen",
    "polis",
    "Kommunen",
    "kommun",
    "kommuner",
    "Habo",
    "Malmö",
    "stad",
    "LPO",
    "Lokalpolisområde",
    "Karlstad",
    "Region",
    "Gotland",
    "vi",
    "Tillsammans",
    "parterna",
    "skolan",
    "Räddningstjänsten",
    "Socialtjänsten",
    "Skolan",
    "och",
    "samt",
    "resp.",
    ",",
    "&",
    "/",
    "(",
    ")",
    "–",
    "-",
    ":",
    ".",
    "Ansvar",
    "ansvarig",
    "ska",
    "kommer",
    "lovar",
    "genomföra",
    "Trygghetsvandringar",
    "i",
    "centrum",
    "STADEN",
    "ﬆaden",
    "Straße",
    "2021",
    "Stenungsunds",
    "Orusts",
    "Tjörns",
    "kommunerna",
    "Habo-Bro",
    "Karlstad-",
    "Norra",
    "Idrottsföreningarna",
    "Föreningarna",
    "Xskolan",
    "SKOLAN",
    "Kyrkan2",
]
_texts = st.lists(st.sampled_from(_PIECES), max_size=12).flatmap(
    lambda words: st.lists(
        st.sampled_from([" ", "", "  ", "\n"]), min_size=len(words), max_size=len(words)
    ).map(lambda gaps: "".join(g + w for g, w in zip(gaps, words, strict=True)))
)
_CASES = [
    "Samverkan skola/polis",
    "Insatser mot langning / Polisen och Räddningstjänsten",
    "Stenungsunds, Orusts och Tjörns kommuner ska",
    "Polisen och kommunen.",
    "I skolan ska polisen hålla lektioner",
    "Information till föräldrar (Ansvar: Polisen)",
    "LPO Karlstad-2 ska",
    "Trygghetsvandring under hösten - Kommunen och polisen",
    "Habo-Bro kommun-2 ska",
    "Stenungsunds , Orusts samt Tjörns kommunerna.",
    "Insatser / Lokalpolisområde Norra Karlstad-",
]


def _expanded(pattern: str) -> str:
    """The reference form of a pattern: the actor term written out where it is called,
    and names without possessive runs."""
    term = f"(?:{_actor_sources().term})"
    expanded = pattern.replace("(?P<term>", "(?:").replace(_TERM_CALL, term)
    fast_other, slow_other = _other_organisation_forms()
    return expanded.replace(_NAME_BEFORE_SPACE, _NAME).replace(fast_other, slow_other)


def _other_organisation_forms() -> tuple[str, str]:
    """The organisation pattern as compiled, and as a capital, letters and an ending."""
    alternation = _alternation(_ENDINGS)
    return (
        _OTHER_ORGANISATION.format(ending=alternation),
        rf"(?-i:\p{{Lu}})\p{{L}}*{alternation}(?!\w)",
    )


_ENDINGS = load_toml("actors.toml")["other"]["endings"]


def test_no_organisation_ending_is_another_ones_suffix() -> None:
    # What lets the compiled form look back from the word's end (see ownership).
    folded = [ending.casefold() for ending in _ENDINGS]
    assert not [(a, b) for a in folded for b in folded if a != b and a.endswith(b)]


def _span(match: regex.Match[str] | None, *groups: str) -> object:
    if match is None:
        return None
    return (match.span(), *((match.group(g), match.span(g)) for g in groups))


def _assert_patterns_agree(text: str) -> None:
    patterns = actor_patterns()
    reference = {
        name: regex.compile(_expanded(getattr(patterns, name).pattern), _FLAGS)
        for name in (
            "subject",
            "phrase_start",
            "slash_marker",
            "paren_marker",
            "dash_marker",
            "label_marker",
        )
    }
    assert _span(patterns.subject.match(text), "phrase", "verb") == _span(
        reference["subject"].match(text), "phrase", "verb"
    )
    for name in ("slash_marker", "paren_marker", "dash_marker", "label_marker"):
        fast = getattr(patterns, name).search(text)
        assert _span(fast, "sep", "phrase") == _span(reference[name].search(text), "sep", "phrase")
    # The inverted subject used "(?P<phrase>...)(?!\w)": every term already ends there.
    inverted = regex.compile(rf"(?P<phrase>{_expanded(patterns.phrase)})(?!\w)", _FLAGS)
    for position in range(len(text) + 1):
        fast = patterns.phrase_start.match(text, position)
        assert _span(fast) == _span(reference["phrase_start"].match(text, position))
        slow = inverted.match(text, position)
        assert (fast and fast.group()) == (slow and slow.group("phrase"))


@pytest.mark.parametrize("text", _CASES)
def test_patterns_calling_the_term_match_as_written_out(text: str) -> None:
    _assert_patterns_agree(text)


@settings(max_examples=150, deadline=None)
@given(_texts)
def test_patterns_calling_the_term_match_as_written_out_property(text: str) -> None:
    _assert_patterns_agree(text)


def _all_code_points() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def test_sign_characters_match_only_themselves_ignoring_case() -> None:
    """A marker's sign character ("(", "/", ":") is matched by no other character under
    the actor patterns' flags (full case folding), so ``in`` finds every one the pattern does."""
    every = _all_code_points()
    for kind, character in _MARKER_SIGN_CHARACTERS.items():
        assert regex.findall(regex.escape(character), every, _FLAGS) == [character], kind
        # Nor does any character fold to a string holding it (full case folding).
        assert [c for c in every if character in c.casefold()] == [character], kind


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Information till föräldrar. Ansvar: Polisen", True),
        ("Information. Ansvarig : Kommunen.", True),
        ("Information. HUVUDANSVAR:Polisen och kommunen", True),
        ("Information, ansvar för genomförande: Polisen", True),
        ("Information. Ansvar Polisen", False),
        ("Information. Ansvar; Polisen", False),
    ],
)
def test_label_markers_hold_their_colon(text: str, found: bool) -> None:
    assert (actor_patterns().label_marker.search(text) is not None) == found
    assert (find_marker(text) is not None) == found


def test_every_sign_character_is_looked_for_before_the_kinds() -> None:
    for character in [*_MARKER_SIGN_CHARACTERS.values(), *_DASHES]:
        assert _may_hold_any_marker(f"a {character} b"), character
    assert not _may_hold_any_marker("Fotpatrullering i centrum, Polisen.")


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_a_window_without_any_sign_holds_no_marker(text: str) -> None:
    if not _may_hold_any_marker(text):
        assert not any(_may_hold_marker(kind, text) for kind in ("label", "paren", "slash", "dash"))
        assert find_marker(text) is None


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_items_without_a_sign_hold_no_marker_of_that_kind(text: str) -> None:
    patterns = actor_patterns()
    for kind in ("label", "paren", "slash", "dash"):
        if not _may_hold_marker(kind, text):
            assert getattr(patterns, f"{kind}_marker").search(text) is None


# --- the cheap tests before a pattern never rule out a match ------------------------


def _reference_parties(phrase: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Parties and other organisations of a phrase, one scan of the terms each (as before)."""
    term = actor_patterns().term
    actors: set[str] = set()
    for match in term.finditer(phrase):
        if match.group("police"):
            actors.add("polisen")
        elif match.group("kommun"):
            actors.add("kommunen")
        elif match.group("both"):
            actors.update(("polisen", "kommunen"))
    others = tuple(m.group("other").casefold() for m in term.finditer(phrase) if m.group("other"))
    return frozenset(actors), others


def _inverting_verb_after_first_word(head: str) -> bool:
    """The walk of _inverted_subject: is a word after the first an inverting verb?"""
    position = 0
    for index in range(7):
        word = regex.compile(r"[\p{L}\p{N}\-]+\s+").match(head, position)
        if word is None:
            return False
        position = word.end()
        if index > 0 and word.group().rstrip().casefold() in actor_patterns().inverted_verbs:
            return True
    return False


def _assert_cheap_tests_hold(text: str) -> None:
    patterns = actor_patterns()
    for position in range(len(text) + 1):
        if patterns.phrase_start.match(text, position) is not None:
            assert may_open_with_phrase(text[position:])
    if patterns.subject.match(text) is not None:
        assert may_open_with_phrase(text)
    if _inverting_verb_after_first_word(text):
        assert patterns.inverted_verb_cue.search(text.casefold()) is not None
    assert (actors_of_phrase(text), other_organisations(text)) == _reference_parties(text)


@pytest.mark.parametrize(
    "text",
    [
        *_CASES,
        "I skolan ska polisen hålla lektioner",
        "Under året KOMMER kommunen att",
        "genomföra trygghetsvandringar",
        "skolan ska",
        "ﬆaden ska",
        "Räddningstjänsten och polisen",
    ],
)
def test_cheap_tests_before_the_actor_patterns_cases(text: str) -> None:
    _assert_cheap_tests_hold(text)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_cheap_tests_before_the_actor_patterns_never_rule_out_a_match(text: str) -> None:
    _assert_cheap_tests_hold(text)


def test_may_open_with_phrase_cases() -> None:
    assert may_open_with_phrase("Polisen ska")
    assert may_open_with_phrase("lokalpolisområdet ska")
    assert may_open_with_phrase("Habo kommun ska")  # a name, then the kommun word
    assert may_open_with_phrase("Upplands Väsby kommun")
    assert may_open_with_phrase("Stenungsunds, Orusts och Tjörns kommuner ska")
    assert may_open_with_phrase("Räddningstjänsten ska")  # an organisation's name
    assert not may_open_with_phrase("Genomföra trygghetsvandringar")
    assert not may_open_with_phrase("Fotpatrullering i centrum/Polisen")
    assert not may_open_with_phrase("genomföra trygghetsvandringar")
    assert not may_open_with_phrase("erbjuda stöd till polisen")


# --- signed markers are matched tail by tail ------------------------------------------

_odd_gaps_texts = st.lists(st.sampled_from(_PIECES), max_size=12).flatmap(
    lambda words: st.lists(
        st.sampled_from([" ", "", "  ", "\n", "\t", "\u00a0", "\x1c", " \x1c", "\x1c "]),
        min_size=len(words),
        max_size=len(words),
    ).map(lambda gaps: "".join(g + w for g, w in zip(gaps, words, strict=True)))
)


def _assert_signed_markers_as_searched(text: str) -> None:
    for kind, pattern, _character, _sign, signed in _marker_kinds():
        if signed is None:
            continue
        searched = _search_marker(pattern, text)
        # Twice: the tail is matched, then remembered.
        assert _search_signed_marker(signed, text) == searched, (kind, text)
        assert _search_signed_marker(signed, text) == searched, (kind, text)


@pytest.mark.parametrize(
    "text",
    [
        *_CASES,
        "Fotpatrullering i centrum/Polisen",
        "alkohol/droger bland unga / Polisen.",
        "a - - Polisen",
        "a -Polisen - Kommunen",
        "Insats ( Ansvarig: Polisen ) .",
        "Insats (Polisen) (Kommunen)",
        "Insats \x1c/ Polisen",
        "Insats /\x1cPolisen",
        "Insats\u00a0–\u00a0Kommunen",
        "/Polisen",
        "Samverkan skola/polis",
    ],
)
def test_signed_markers_as_searched_cases(text: str) -> None:
    _assert_signed_markers_as_searched(text)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_texts, _odd_gaps_texts))
def test_signed_markers_as_searched(text: str) -> None:
    _assert_signed_markers_as_searched(text)


def test_no_lower_case_letter_opens_a_name() -> None:
    """may_open_with_phrase rules out a text opening with a lower-case letter before the
    name pattern: none is a capital to the regex module (whose Unicode may be newer)."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    capitals = regex.findall(r"(?-i:\p{Lu})", every, _FLAGS)
    assert capitals
    assert not [c for c in capitals if c.islower()]
