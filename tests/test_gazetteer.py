"""The kommun gazetteer: data loading and validation, lookup, mentions (table-driven)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import loftesparser.gazetteer as gaz_module
from loftesparser.gazetteer import (
    KommunMention,
    all_kommuner,
    find_kommun_mentions,
    gazetteer,
    genitive,
    lookup_kommun,
    official_name,
)
from loftesparser.lexicon import LexiconError, load_toml
from loftesparser.normalize import normalize
from loftesparser.readers import read_text_str
from loftesparser.segment import segment

# --- data ----------------------------------------------------------------------------


def test_all_290_kommuner_with_valid_codes() -> None:
    kommuner = all_kommuner()
    assert len(kommuner) == 290
    codes = [k.code for k in kommuner]
    assert len(set(codes)) == 290
    assert all(len(c) == 4 and c.isdigit() for c in codes)
    assert all(k.code.startswith(k.lan_code) for k in kommuner)
    assert {k.polisregion for k in kommuner} == {
        "Stockholm",
        "Öst",
        "Syd",
        "Väst",
        "Bergslagen",
        "Mitt",
        "Nord",
    }


def test_all_kommuner_returns_fresh_models() -> None:
    first = all_kommuner()
    first[0].name = "Ändrad"
    assert all_kommuner()[0].name == "Upplands Väsby"


def test_loaded_once_and_phrase_index_built_once() -> None:
    assert gazetteer() is gazetteer()
    assert gazetteer().phrases is gazetteer().phrases


@pytest.fixture
def patched_aliases(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """A deep copy of the aliases data that a test may break; caches reset around it."""
    import copy

    data = copy.deepcopy(load_toml("kommun_aliases.toml"))
    monkeypatch.setattr(gaz_module, "load_toml", lambda name: data)
    gaz_module.gazetteer.cache_clear()
    yield data
    monkeypatch.undo()
    gaz_module.gazetteer.cache_clear()


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda d: d["stad"].append("Atlantis"), "Atlantis"),
        (lambda d: d["ambiguous"].update({"Atlantis": "no such place"}), "Atlantis"),
        (lambda d: d["irregular"].update({"Atlantis": {"forms": ["Atlantis kommun"]}}), "Atlantis"),
        (lambda d: d["irregular"]["Falun"].update({"forms": ["Habo kommun"]}), "names both"),
        (lambda d: d["irregular"]["Falun"].update({"forms": [3]}), "forms"),
        (lambda d: d.pop("kommun_words"), "kommun_words"),
        (lambda d: d["context"].pop("passing_cues"), "passing_cues"),
    ],
)
def test_alias_data_validated_on_load(
    patched_aliases: dict[str, Any], breakage: Any, message: str
) -> None:
    breakage(patched_aliases)
    with pytest.raises(LexiconError, match=message):
        gazetteer()


# --- names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Habo", "Habos"),
        ("Karlstad", "Karlstads"),
        ("Hagfors", "Hagfors"),
        ("Hällefors", "Hällefors"),
        ("Kalix", "Kalix"),
        ("Upplands Väsby", "Upplands Väsbys"),
        ("Malung-Sälen", "Malung-Sälens"),
    ],
)
def test_genitive(name: str, expected: str) -> None:
    assert genitive(name) == expected


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ("Habo", "0643"),
        ("habo", "0643"),
        ("Habos", "0643"),
        ("Habo kommun", "0643"),
        ("Habos kommun", "0643"),
        ("Habo kommuns", "0643"),
        ("HABO KOMMUN", "0643"),
        ("Håbo", "0305"),
        ("Håbo kommun", "0305"),
        ("Hagfors kommun", "1783"),
        ("Hagfors kommuns", "1783"),
        ("Hällefors kommuns", "1863"),
        ("Karlstads kommun", "1780"),
        ("Karlstad kommun", "1780"),
        ("Umeå kommun", "2480"),
        ("Umeå:s", "2480"),
        ("Kalix kommun", "2514"),
        ("Malmö stad", "1280"),
        ("Malmö stads", "1280"),
        ("Göteborgs Stad", "1480"),
        ("göteborgs stad", "1480"),
        ("Gothenburg", "1480"),
        ("Stockholms stad", "0180"),
        ("Västerås stad", "1980"),
        ("Borås Stad", "1490"),
        ("Mölndals stad", "1481"),
        ("Trollhättans stad", "1488"),
        ("Region Gotland", "0980"),
        ("Region Gotlands", "0980"),
        ("Gotlands kommun", "0980"),
        ("Gotland", "0980"),
        ("Falu kommun", "2080"),
        ("Falu kommuns", "2080"),
        ("Falun", "2080"),
        ("Upplands Väsby", "0114"),
        ("Upplands-Väsby", "0114"),
        ("Upplands Väsby kommun", "0114"),
        ("Upplands-Bro kommun", "0139"),
        ("Upplands Bro", "0139"),
        ("Malung-Sälens kommun", "2023"),
        ("Malung Sälen", "2023"),
        ("Dals-Eds kommun", "1438"),
        ("Lilla Edets kommun", "1462"),
        ("Östra Göinge kommun", "1256"),
        ("Tjörns kommuner", "1419"),
        ("  Habo   kommun. ", "0643"),
        ("0643", "0643"),
        ("Marks kommun", "1463"),
        ("Vara kommun", "1470"),
        ("Ale kommun", "1440"),
    ],
)
def test_lookup_kommun_accepts_every_form(form: str, code: str) -> None:
    kommun = lookup_kommun(form)
    assert kommun is not None
    assert kommun.code == code


def test_lookup_kommun_fills_the_model() -> None:
    kommun = lookup_kommun("Hagfors kommun")
    assert kommun is not None
    assert (kommun.name, kommun.lan, kommun.lan_code, kommun.polisregion) == (
        "Hagfors",
        "Värmlands län",
        "17",
        "Bergslagen",
    )


@pytest.mark.parametrize(
    "form", ["Atlantis", "", "Södra Vätterbygden", "Polisen", "Habo kommunen", "9999", "Värmland"]
)
def test_lookup_kommun_unknown(form: str) -> None:
    assert lookup_kommun(form) is None


@pytest.mark.parametrize(
    ("form", "official"),
    [
        ("Habo", "Habo kommun"),
        ("Hagfors", "Hagfors kommun"),
        ("Forshaga", "Forshaga kommun"),
        ("Karlstad", "Karlstads kommun"),
        ("Stenungsund", "Stenungsunds kommun"),
        ("Kalix", "Kalix kommun"),
        ("Falun", "Falu kommun"),
        ("Gotland", "Region Gotland"),
        ("Malmö", "Malmö stad"),
        ("Göteborg", "Göteborgs Stad"),
        ("Borås", "Borås Stad"),
        ("Västerås", "Västerås stad"),
        ("Mölndal", "Mölndals stad"),
        ("Umeå", "Umeå kommun"),
        ("Upplands Väsby", "Upplands Väsby kommun"),
        ("Malung-Sälen", "Malung-Sälens kommun"),
    ],
)
def test_official_name(form: str, official: str) -> None:
    kommun = lookup_kommun(form)
    assert kommun is not None
    assert official_name(kommun) == official


# --- mentions ------------------------------------------------------------------------------


def _summary(mentions: list[KommunMention]) -> list[tuple[str, str, bool]]:
    return [(m.kommun_row.name, m.form, m.has_kommun_word) for m in mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Polisen och Habo kommun lovar att arbeta med Habos kommun och Habo kommuns skolor.",
            [
                ("Habo", "Habo kommun", True),
                ("Habo", "Habos kommun", True),
                ("Habo", "Habo kommuns", True),
            ],
        ),
        ("Hällefors kommuns logotyp", [("Hällefors", "Hällefors kommuns", True)]),
        ("Trafikmiljöerna i Hagfors ska ses över.", [("Hagfors", "Hagfors", False)]),
        (
            "Malmö stad och Göteborgs Stad",
            [("Malmö", "Malmö stad", True), ("Göteborg", "Göteborgs Stad", True)],
        ),
        ("Region Gotland och polisen", [("Gotland", "Region Gotland", True)]),
        ("Gotlands kommun", [("Gotland", "Gotlands kommun", True)]),
        ("Falu kommun tecknar", [("Falun", "Falu kommun", True)]),
        ("MEDBORGARLÖFTE FÖR HABO KOMMUN", [("Habo", "HABO KOMMUN", True)]),
        ("i Upplands Väsby kommun", [("Upplands Väsby", "Upplands Väsby kommun", True)]),
        ("Malung-Sälens kommun", [("Malung-Sälen", "Malung-Sälens kommun", True)]),
        ("Umeå:s centrum", [("Umeå", "Umeå:s", False)]),
        # Not kommun mentions: county and region names, lower-case words.
        ("Jönköpings län och Kalmar läns landsting", []),
        ("polisregion Stockholm och Region Stockholm", []),
        ("Det ska vara tryggt att vistas på allmän mark.", []),
        ("Stockholmsvägen och Karlstadsbanan", []),
    ],
)
def test_find_kommun_mentions(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _summary(find_kommun_mentions(text)) == expected


def test_mention_spans_point_into_the_text() -> None:
    text = "Polisen och Forshaga kommun kommer att samverka i Forshaga."
    for mention in find_kommun_mentions(text):
        start, end = mention.span
        assert text[start:end] == mention.form


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Stenungsunds, Orusts och Tjörns kommuner", ["Stenungsund", "Orust", "Tjörn"]),
        ("Kungsbacka och Varbergs kommuner", ["Kungsbacka", "Varberg"]),
        ("kommunerna Stenungsund, Orust och Tjörn", ["Stenungsund", "Orust", "Tjörn"]),
        ("Marks, Borås och Svenljunga kommuner", ["Mark", "Borås", "Svenljunga"]),
        ("Ale, Kungälv samt Stenungsund kommuner", ["Ale", "Kungälv", "Stenungsund"]),
    ],
)
def test_list_of_kommuner_carries_the_kommun_word(text: str, names: list[str]) -> None:
    mentions = find_kommun_mentions(text)
    assert [m.kommun_row.name for m in mentions] == names
    assert all(m.has_kommun_word and m.in_list and not m.ambiguous for m in mentions)


@pytest.mark.parametrize(
    ("text", "ambiguous"),
    [
        ("Vara är en plats där alla ska känna sig trygga.", [True]),
        ("Vara kommun och polisen", [False]),
        ("Mark och vatten ska skyddas.", [True]),
        ("Marks kommun", [False]),
        ("Ale är en kommun i Göta älvdalen.", [True]),
        ("Ale kommun", [False]),
        ("Mark, Borås och Svenljunga", [False, False, False]),  # settled by the list
        ("Lunds universitet", [True]),
        ("Kil", [True]),
        ("Hagfors", [False]),
    ],
)
def test_ambiguous_names(text: str, ambiguous: list[bool]) -> None:
    assert [m.ambiguous for m in find_kommun_mentions(text)] == ambiguous


def test_habo_and_habo_differ() -> None:
    [habo, hbo] = find_kommun_mentions("Habo kommun och Håbo kommun")
    assert (habo.kommun_row.name, hbo.kommun_row.name) == ("Habo", "Håbo")


def test_repeated_kommun_is_no_list() -> None:
    mentions = find_kommun_mentions("Habo kommun, Habos kommun")
    assert not any(m.in_list for m in mentions)


def test_empty_text() -> None:
    assert find_kommun_mentions("") == []
    assert find_kommun_mentions("   \n") == []


# --- the reference: spaCy's PhraseMatcher -----------------------------------------------
# Mentions were first found with a spaCy PhraseMatcher over spacy.blank("sv") tokens.
# The token-by-token phrase index over loftesparser.nlp's tokens, scanning only the
# windows around a form's first word, must find exactly the same.


@cache
def _reference() -> tuple[Any, Any]:
    spacy = pytest.importorskip("spacy")
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("sv")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("KOMMUN", [nlp.make_doc(alias.form) for alias in gazetteer().forms.values()])
    return nlp, matcher


def _reference_mentions(text: str) -> list[KommunMention]:
    from spacy.util import filter_spans

    nlp, matcher = _reference()
    gaz = gazetteer()
    doc = nlp.make_doc(text)
    mentions = []
    for span in filter_spans([doc[start:end] for _id, start, end in matcher(doc)]):
        alias = gaz.forms[gaz_module._fold(span.text)]
        if any(
            t.lower_ not in gaz.context.kommun_words
            and t.text[:1].isalpha()
            and not t.text[:1].isupper()
            for t in span
        ):
            continue
        following = doc[span.end].lower_ if span.end < len(doc) else ""
        preceding = doc[span.start - 1].lower_ if span.start > 0 else ""
        if following in gaz.context.county_words:
            continue
        if preceding in gaz.context.region_words and not alias.form.casefold().startswith("region"):
            continue
        mentions.append(
            KommunMention(
                kommun_row=alias.row,
                span=(span.start_char, span.end_char),
                form=span.text,
                has_kommun_word=alias.has_kommun_word,
                ambiguous=alias.row.ambiguous and not alias.has_kommun_word,
            )
        )
    return gaz_module._resolve_lists(text, mentions, gaz) if mentions else mentions


def test_mentions_agree_with_the_phrase_matcher_on_the_corpus() -> None:
    _reference()
    root = Path(__file__).resolve().parent.parent
    texts = []
    for path in sorted((root / "corpus").glob("*.txt")) + sorted(
        (root / "tests/fixtures/documents").glob("*")
    ):
        structure = segment(normalize(read_text_str(path.read_text(encoding="utf-8")).lines))
        texts += [block.text for block in structure.blocks]
        texts += [line.text for line in structure.normalized.lines + structure.normalized.residue]
    assert sum(bool(find_kommun_mentions(t)) for t in texts) > 50
    for text in texts:
        assert find_kommun_mentions(text) == _reference_mentions(text), text


_CONTEXT_WORDS = [
    "Polisen",
    "och",
    "samt",
    "kommun",
    "kommuner",
    "län",
    "polisregion",
    "Region",
    "i",
    "vara",
    "LPO",
]
_GLUE = [" ", " ", ", ", " och ", "  ", "\n", "-", "/", ":", ".", "(", ")", "’", "_", "", " – "]


@st.composite
def _text_naming_kommuner(draw: Any) -> str:
    forms = sorted(alias.form for alias in gazetteer().forms.values())
    parts = []
    for _ in range(draw(st.integers(1, 7))):
        if draw(st.booleans()):
            word = draw(st.sampled_from(forms))
            word = draw(st.sampled_from([word, word.upper(), word.lower(), word]))
        else:
            word = draw(st.sampled_from(_CONTEXT_WORDS))
        parts += [word, draw(st.sampled_from(_GLUE))]
    return "".join(parts)


@given(_text_naming_kommuner())
@settings(max_examples=400, deadline=None)
def test_mentions_agree_with_the_phrase_matcher(text: str) -> None:
    _reference()
    assert find_kommun_mentions(text) == _reference_mentions(text)


# --- the first-word scan leaves out lower-case first words --------------------------
# first_word_offsets passes over a first word written in lower case unless it may hide
# another match; mentions must be those found from every first word.


@cache
def _first_word_pattern() -> re.Pattern[str]:
    words = {
        words[0]
        for alias in gazetteer().forms.values()
        if (words := re.findall(r"[^\W_]+", alias.form.lower()))
    }
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(sorted(words, key=len, reverse=True))})(?![^\W_])")


def _every_first_word(text: str) -> list[int]:
    """Every first word in any case: what first_word_offsets finds, lower case included."""
    return [m.start() for m in _first_word_pattern().finditer(text.lower())]


@pytest.mark.parametrize(
    "text",
    [
        "upplands Väsby kommun",
        "upplands väsby Väsby",
        "Upplands Väsby och upplands-bro",
        "region Gotland och Region Gotland",
        "vara Vara kommun, vara",
        "mark och Marks kommun",
        "lilla Edets kommun och Lilla Edet",
        "habo HABO kommun (habo)",
        "_habo, 'Habo', Habo:s",
        "vara\nVara\tkommun  vara",
    ],
)
def test_lower_case_first_words_left_out_change_no_mention(text: str) -> None:
    assert find_kommun_mentions(text) == find_kommun_mentions(
        text, first_words=_every_first_word(text)
    )


@given(_text_naming_kommuner())
@settings(max_examples=300, deadline=None)
def test_lower_case_first_words_left_out_change_no_mention_anywhere(text: str) -> None:
    assert find_kommun_mentions(text) == find_kommun_mentions(
        text, first_words=_every_first_word(text)
    )


def test_first_words_that_may_hide_a_match_are_kept_in_lower_case() -> None:
    kept = gazetteer().lowercase_first_words
    assert {"upplands", "väsby", "region"} <= set(kept)
    assert "vara" not in kept


@pytest.mark.parametrize("text", ["Habo", "HABO", "hABO", "\u212arokom", "\u212bre", "x Habo-X"])
def test_first_word_offsets_are_those_of_capitalised_first_words(text: str) -> None:
    expected = [at for at in _every_first_word(text) if not text[at].islower()]
    assert gaz_module.first_word_offsets(text) == expected


def test_unicode_lower_cases_as_the_first_word_scan_assumes() -> None:
    letters = {word[0] for word in gazetteer().lowercase_first_words} | {
        alias.form[0].lower() for alias in gazetteer().forms.values()
    }
    longer = [chr(code) for code in range(0x110000) if len(chr(code).lower()) != 1]
    assert longer == [gaz_module._LOWERS_TO_TWO]
    signs = [
        chr(code)
        for code in range(0x110000)
        if (lower := chr(code).lower()) in letters
        and chr(code) not in (lower, lower.upper(), lower.title())
    ]
    assert sorted(signs) == sorted(gaz_module._SIGNS_LOWERING_TO_LETTERS)


@given(st.lists(st.sampled_from(["kommunerna", "kommuner", "Kommunerna", "i", " ", "\n", "x"])))
@settings(max_examples=300, deadline=None)
def test_plural_before_searched_from_the_end_matches_as_forward(parts: list[str]) -> None:
    text = "".join(parts)
    reverse = gaz_module._PLURAL_BEFORE
    forward = regex.compile(reverse.pattern.replace("(?r)", ""))
    assert bool(reverse.search(text)) == bool(forward.search(text))
    assert bool(reverse.match(text)) == bool(forward.search(text))  # a reverse match: at the end


@given(st.text(alphabet=st.sampled_from(" \t\n\x1c\x85\xa0\u2028,&ochsamtx"), max_size=12))
@settings(max_examples=400, deadline=None)
def test_list_separator_on_re_matches_as_the_regex_modules(between: str) -> None:
    regex_module = regex.compile(r"^\s*(?:,|&|och|samt|,\s*(?:och|samt))\s*$")
    assert bool(gaz_module._LIST_SEPARATOR.match(between)) == bool(regex_module.match(between))


# --- phrase matching by length --------------------------------------------------------------


def _phrase_matches_one_by_one(lowers: list[str]) -> list[tuple[int, int]]:
    """Every form compared on its own (what the by-length sets replace)."""
    phrases = gazetteer().phrases
    return [
        (first, first + len(phrase))
        for first, word in enumerate(lowers)
        for phrase in phrases.get(word, ())
        if tuple(lowers[first : first + len(phrase)]) == phrase
    ]


def _longest_first_by_sorting(matches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    taken: set[int] = set()
    kept = []
    for first, end in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if taken.isdisjoint(range(first, end)):
            kept.append((first, end))
            taken.update(range(first, end))
    return sorted(kept)


def _phrase_pieces() -> list[tuple[str, ...]]:
    """Some phrases whole, cut and as single tokens: runs of them overlap in many ways."""
    phrases = sorted(p for group in gazetteer().phrases.values() for p in group)
    some = phrases[:: max(1, len(phrases) // 120)]
    names = [p for p in phrases if p[0] in ("upplands", "väsby", "gotland", "region", "habo")]
    pieces = [*some, *names]
    return [*pieces, *(p[1:] for p in pieces if len(p) > 1), ("kommun",), ("och",), (",",)]


@given(st.lists(st.sampled_from(_phrase_pieces()), max_size=6))
@settings(max_examples=400, deadline=None)
def test_phrase_matches_by_length_equal_form_by_form(pieces: list[tuple[str, ...]]) -> None:
    lowers = [token for piece in pieces for token in piece]
    matches = gaz_module._phrase_matches(lowers, gazetteer())
    assert matches == _phrase_matches_one_by_one(lowers)
    assert gaz_module._longest_first(matches) == _longest_first_by_sorting(matches)


@pytest.mark.parametrize(
    "window",
    [
        "i Upplands Väsby kommun",
        "och Vaxholm kommun ska i",
        "Stenungsunds, Orusts och Tjörns kommuner",
        "Region Gotland och Gotlands kommun",
        "Habo Habo kommuns Habo:s",
    ],
)
def test_phrase_matches_by_length_equal_form_by_form_in_windows(window: str) -> None:
    _spans, lowers = gaz_module._lowered_tokens(window)
    matches = gaz_module._phrase_matches(lowers, gazetteer())
    assert matches
    assert matches == _phrase_matches_one_by_one(lowers)
    assert gaz_module._longest_first(matches) == _longest_first_by_sorting(matches)


# --- the first words found in the text's latin-1 bytes ---------------------------------------

_ODD_CHARACTERS = ["–", "•", "”", "?", "ß", "µ", "ſ", "\u212a", "\u212b", "\u0130", "ł", "Ⓗ", "\n"]


@given(
    st.lists(
        st.one_of(
            _text_naming_kommuner(),
            st.sampled_from(_ODD_CHARACTERS),
            st.sampled_from(_GLUE),
            st.text(max_size=3),
        ),
        max_size=8,
    )
)
@settings(max_examples=500, deadline=None)
def test_first_word_offsets_in_bytes_equal_the_scans(parts: list[str]) -> None:
    text = "".join(parts)
    assert gaz_module.first_word_offsets(text) == gaz_module._scanned_first_word_offsets(text)


@pytest.mark.parametrize(
    "text",
    [
        "Habo",
        "Habo–Mullsjö",
        "Habo•",
        "Habo” och väsby",
        "Habołód Habo",
        "łHabo",
        "upplands Väsby?region ",
        "REGION gotlands",
        "Habo\u212a",
        "Ⓗabo",
        "",
    ],
)
def test_first_word_offsets_in_bytes_equal_the_scan(text: str) -> None:
    assert gaz_module.first_word_offsets(text) == gaz_module._scanned_first_word_offsets(text)


def test_first_word_offsets_in_bytes_equal_the_scan_in_the_corpus() -> None:
    for path in sorted((Path(__file__).parent.parent / "corpus").glob("*.txt")):
        text = segment(normalize(read_text_str(path.read_text(encoding="utf-8")).lines)).text
        assert gaz_module.latin1_bytes(text) is not None
        assert gaz_module.first_word_offsets(text) == gaz_module._scanned_first_word_offsets(text)


def test_latin1_characters_lower_and_fold_as_the_bytes_assume() -> None:
    for code in range(256):
        char = chr(code)
        lower = char.lower()
        assert len(lower) == 1 and ord(lower) < 256
        assert lower.isalnum() == char.isalnum()
        assert char.casefold() == lower or char in "ßµ"
    assert gazetteer().first_word_bytes is not None
    assert gazetteer().lowercase_first_word_bytes is not None
