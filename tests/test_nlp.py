"""The rule-based Swedish tokenizer and sentence splitter (loftesparser.nlp).

The rules are spaCy's (``spacy.blank("sv")`` and its sentencizer) without
importing spaCy at run time. The tables pin the behaviour; where spaCy is
installed (the ``dev`` extra) the reference tests check that both agree on the
corpus, the fixtures and generated text.
"""

from __future__ import annotations

import itertools
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loftesparser import nlp
from loftesparser.lexicon import load_toml
from loftesparser.normalize import normalize
from loftesparser.readers import read_text_str
from loftesparser.segment import segment

ROOT = Path(__file__).resolve().parent.parent


def _token_texts(text: str) -> list[str]:
    return [text[start:end] for start, end in nlp.tokens(text)]


def _sentence_texts(text: str) -> list[str]:
    return [text[start:end] for start, end in nlp.sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Polisen och kommunen", ["Polisen", "och", "kommunen"]),
        ("arbete, trygghet.", ["arbete", ",", "trygghet", "."]),
        ("(Habo)", ["(", "Habo", ")"]),
        ("Malung-Sälen", ["Malung-Sälen"]),  # no hyphen infix in Swedish
        ("Habo/Mullsjö", ["Habo", "/", "Mullsjö"]),
        ("Habo’s", ["Habo", "’", "s"]),
        ("Habo:s", ["Habo:s"]),  # colon infix only between capitals
        ("HABO:S", ["HABO", ":", "S"]),
        ("bl.a. t.ex.)", ["bl.a.", "t.ex.", ")"]),  # abbreviations keep their stop
        ("T.ex.", ["T.ex."]),  # and are known capitalised
        ("i.", ["i", "."]),  # "peka i.": the stop ends the sentence
        ("A. AB. s.", ["A.", "AB", ".", "s."]),  # an initial keeps its stop, "AB" does not
        ("2020.", ["2020", "."]),
        ("slutet.Nästa", ["slutet", ".", "Nästa"]),  # lower-case, stop, capital
        ("www.habo.se.", ["www.habo.se", "."]),  # a URL is one token
        ("habo.se/Om.Oss", ["habo.se/Om.Oss"]),
        ("slut..", ["slut", ".."]),
        ("10%.", ["10", "%", "."]),
        ("§3", ["§", "3"]),
        ("-10", ["-10"]),
        ("kl.10", ["kl.10"]),
        ("Slut.  Nästa", ["Slut", ".", " ", "Nästa"]),  # whitespace beyond one space is a token
        (" Start", [" ", "Start"]),
        ("rad\nrad", ["rad", "\n", "rad"]),
        ("", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert _token_texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hej. Nästa mening! Och?", ["Hej.", "Nästa mening!", "Och?"]),
        (
            "Polisen ska bl.a. patrullera. Kommunen ska",
            ["Polisen ska bl.a. patrullera.", "Kommunen ska"],
        ),
        ("Mötet börjar kl. 10 varje dag.", ["Mötet börjar kl. 10 varje dag."]),
        ("Vi följer upp 2020. Nästa år", ["Vi följer upp 2020.", "Nästa år"]),
        ("Initialen A. Berg skrev", ["Initialen A. Berg skrev"]),  # an initial is no stop
        ("Vi pekar i. Sedan", ["Vi pekar i.", "Sedan"]),
        ("Slut.) Nästa", ["Slut.)", "Nästa"]),  # closing punctuation stays with the sentence
        ('slut. "Nästa"', ['slut. "', 'Nästa"']),  # as spaCy: an opening quote too
        ('slut.  "Nästa"', ["slut.", ' "Nästa"']),  # but not after extra whitespace
        ("Slut. – Nästa", ["Slut. –", "Nästa"]),
        ("Slut. -10 grader", ["Slut.", "-10 grader"]),
        ("Slut... Nästa", ["Slut... Nästa"]),  # an ellipsis is no stop
        ("Slut?! Nästa", ["Slut?!", "Nästa"]),
        ("kommunen.Vi ska", ["kommunen.", "Vi ska"]),
        ("Slut.\nNy", ["Slut.", "\nNy"]),
        ("", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert _sentence_texts(text) == expected


_WORDS = [
    "Polisen",
    "kommunen",
    "Habo",
    "i",
    "m",
    "bl.a",
    "t.ex",
    "kl",
    "AB",
    "A",
    "x",
    "Nästa",
    "år",
    "2020",
    "10",
]
_WORDS += [
    "e-post",
    "www.habo.se",
    "habo.se",
    "osv",
    "ca",
    "nr",
    "Dr",
    "S:t",
    "Malung-Sälen",
    "Upplands Väsby",
    "ÅÄÖ",
]
_PUNCT = [
    ".",
    ".",
    ",",
    "!",
    "?",
    ":",
    ";",
    '"',
    "”",
    "»",
    "(",
    ")",
    "–",
    "-",
    "...",
    "…",
    "’",
    "/",
    "%",
    "•",
    "§",
    "",
]
_SEPARATORS = [" ", " ", " ", "", "  ", "\n", " \n"]


@st.composite
def _swedish_like(draw: Any) -> str:
    """Words, abbreviations, numbers and URLs with punctuation around them and odd spacing."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        parts.append(draw(st.sampled_from(_PUNCT)) if draw(st.booleans()) else "")
        parts.append(draw(st.sampled_from(_WORDS)))
        parts.append(draw(st.sampled_from(_PUNCT)))
        parts.append(draw(st.sampled_from(_SEPARATORS)))
    return "".join(parts)


@given(_swedish_like())
@settings(max_examples=300, deadline=None)
def test_tokens_cover_the_text(text: str) -> None:
    spans = nlp.tokens(text)
    # In order, not overlapping, and only single spaces left out between them.
    position = 0
    for start, end in spans:
        assert start < end
        assert text[position:start] in ("", " ")
        position = end
    assert text[position:] in ("", " ")
    sentences = nlp.sentences(text)
    assert sentences == sorted(sentences)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(sentences))


def test_abbreviation_data_has_the_same_forms_as_loaded() -> None:
    table = load_toml("tokenizer.toml")
    for word in table["abbreviations"]:
        assert nlp.split_chunk(word) == (word,)
        assert nlp.split_chunk(word.capitalize() if word[0].isalpha() else word) == (
            word.capitalize() if word[0].isalpha() else word,
        )
    for word in table["sentence_final"]:
        assert nlp.split_chunk(word) == (word[:-1], ".")


def test_spacy_is_not_imported_to_parse() -> None:
    import subprocess

    code = (
        "import sys, loftesparser; loftesparser.get_pipeline().parse_text('Polisen och Habo kommun lovar. "
        "Vi ska t.ex. patrullera.'); print('spacy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- the reference: spaCy itself ---------------------------------------------------


@cache
def _spacy() -> Any:
    spacy = pytest.importorskip("spacy")
    reference = spacy.blank("sv")
    reference.add_pipe("sentencizer")
    return reference


def _spacy_tokens(text: str) -> list[tuple[int, int]]:
    return [(t.idx, t.idx + len(t.text)) for t in _spacy().make_doc(text)]


def _spacy_sentences(text: str) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in _spacy()(text).sents]


@cache
def _corpus_texts() -> list[str]:
    """Every block and line of the corpus and the fixtures, as the extractors see them."""
    files = sorted((ROOT / "corpus").glob("*.txt")) + sorted(
        (ROOT / "tests/fixtures/documents").glob("*")
    )
    texts: list[str] = []
    for path in files:
        structure = segment(normalize(read_text_str(path.read_text(encoding="utf-8")).lines))
        texts += [block.text for block in structure.blocks]
        texts += [line.text for line in structure.normalized.lines]
    return texts


def test_tokens_and_sentences_agree_with_spacy_on_the_corpus() -> None:
    _spacy()
    texts = _corpus_texts()
    assert len(texts) > 300
    for text in texts:
        assert nlp.tokens(text) == _spacy_tokens(text), text
        assert nlp.sentences(text) == _spacy_sentences(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Polisen och kommunen ska bl.a. genomföra trygghetsvandringar. Vi följer upp 2025.",
        "Slut.  Nästa",
        'slut. "Nästa" mening',
        "Slut... Nästa",
        "Vi pekar i. Sedan",
        "kommunen.Vi ska (t.ex. i Habo). Klart!",
        "Läs mer på www.habo.se. Tack",
        " Inledande mellanslag. Och  dubbla.",
        "Rad ett.\nRad två.\n\nStycke.",
    ],
)
def test_agree_with_spacy_on_examples(text: str) -> None:
    _spacy()
    assert nlp.tokens(text) == _spacy_tokens(text)
    assert nlp.sentences(text) == _spacy_sentences(text)


@pytest.mark.parametrize(
    "text",
    [
        "(" * 300 + "Habo" + ")" * 300,
        "a," * 200 + "slut.",
        "ord" + "." * 40 + " Nästa" + "!" * 50,
        "x" * 500 + "." + "y" * 500,
        "“" * 100 + "Citat" + "”" * 100 + ".",
    ],
    ids=["parentheses", "commas", "stop-runs", "long-word", "quotes"],
)
def test_long_runs_agree_with_spacy(text: str) -> None:
    # Affixes are stripped on offsets (linear time); the tokens stay spaCy's.
    _spacy()
    assert nlp.tokens(text) == _spacy_tokens(text)
    assert nlp.sentences(text) == _spacy_sentences(text)


@given(_swedish_like())
@settings(max_examples=500, deadline=None)
def test_sentences_agree_with_spacy(text: str) -> None:
    _spacy()
    assert nlp.sentences(text) == _spacy_sentences(text)


def test_abbreviation_data_matches_spacys_exceptions() -> None:
    exceptions = _spacy().tokenizer.rules
    with_stop = {
        orth for orth in exceptions if "." in orth and all(c.isalpha() or c in ".°" for c in orth)
    }
    table = load_toml("tokenizer.toml")
    ours = set(table["exact"]) | set(table["sentence_final"])
    for word in table["abbreviations"]:
        ours |= {word, word[:1].upper() + word[1:]}
    assert ours == with_stop


# --- the sentence splitter's shortcut ----------------------------------------------


def _assert_sentences_walk_the_tokens(text: str) -> None:
    # Single-spaced texts skip the chunks without a stop character; the tokens decide.
    assert nlp.sentences(text) == nlp._sentences_of_tokens(text, nlp.tokens(text)), text
    single = " ".join(text.split())
    assert nlp.sentences(single) == nlp._sentences_of_tokens(single, nlp.tokens(single)), single


def test_sentences_walk_the_tokens_on_the_corpus() -> None:
    for text in _corpus_texts():
        _assert_sentences_walk_the_tokens(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hej. Nästa mening! Och?",
        'slut. "Nästa" mening',
        'slut. ". ( Nästa',
        "Slut. – Nästa",
        "kommunen.Vi ska (t.ex. i Habo). Klart!",
        "Slut?! Nästa",
        "ett två tre",
        ".",
        ". .",
        "slut. ” ) Nästa. ",
        "a," * 50 + "slut.",
    ],
)
def test_sentences_walk_the_tokens_cases(text: str) -> None:
    _assert_sentences_walk_the_tokens(text)


@given(_swedish_like())
@settings(max_examples=500, deadline=None)
def test_sentences_walk_the_tokens_property(text: str) -> None:
    _assert_sentences_walk_the_tokens(text)


# --- the single-spacing test without the pattern ------------------------------------------


def test_white_space_other_than_a_space_is_unprintable() -> None:
    """Every character the stdlib's \\s matches, but " ", is unprintable: a printable text
    holds none, which is what _single_spaced takes from str.isprintable."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    white = nlp._OTHER_WHITE_SPACE.findall(every)
    assert white == [c for c in every if c.isspace() and c != " "]
    assert not any(c.isprintable() for c in white)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "a",
        "a b",
        " a",
        "a ",
        "a  b",
        "a\nb",
        "a\u00a0b",
        "a\x1cb",
        "a\u00adb",
        "a b\n",
        "ö –",
    ],
)
def test_single_spaced_equals_the_pattern_cases(text: str) -> None:
    assert nlp._single_spaced(text) == (nlp._IRREGULAR_SPACE.search(text) is None)


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(["a", "ö", " ", "\n", "\t", "\u00a0", "\x1c", "\u00ad", ".", "–"]),
        max_size=12,
    )
)
def test_single_spaced_equals_the_pattern(text: str) -> None:
    assert nlp._single_spaced(text) == (nlp._IRREGULAR_SPACE.search(text) is None)
