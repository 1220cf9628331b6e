"""Temporal roles: the fast paths of the tokenizer, cue finder, role scoring and sentence
splitting against reference versions."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loftesparser.extract import temporal
from loftesparser.extract import temporal_roles as tr
from loftesparser.extract.temporal_lexicon import temporal_lexicon
from loftesparser.extract.temporal_patterns import (
    DateExpression,
    find_date_expressions,
    sentence_spans,
)


def _reference_cues(tokens: tr.Tokens, index: tr._CueIndex) -> list[tr.CueHit]:
    """The cue finder as it was written first: every word, every phrase word compared with
    ``_word_matches``, every hit checked against every hit that may hold it."""
    hits: list[tr.CueHit] = []
    words, starts, ends = tokens.words, tokens.starts, tokens.ends
    for i, word in enumerate(words):
        for phrase, group, _ in index.starting_with(word):
            last = i + len(phrase) - 1
            if last >= len(words):
                continue
            if all(tr._word_matches(phrase[k], words[i + k]) for k in range(1, len(phrase))):
                hits.append(tr.CueHit(i, last, starts[i], ends[last], group))

    def hidden(hit: tr.CueHit) -> bool:
        for other in hits:
            if other is hit or other.first > hit.first or other.last < hit.last:
                continue
            if other.group.role == "none" and hit.group.role != "none":
                return True
            if (
                other.last - other.first > hit.last - hit.first
                and other.group.role != hit.group.role
            ):
                return True
        return False

    return [hit for hit in hits if not hidden(hit)]


@lru_cache(maxsize=1)
def _cue_words() -> list[str]:
    """Every word of every cue phrase, wildcards filled in, in several cases."""
    lex = temporal_lexicon()
    words: set[str] = set()
    for group in (*lex.cues, *lex.heading_cues):
        for phrase in group.phrases:
            for word in phrase:
                text = word.text
                text = f"medborgar{text}" if word.suffix else text
                text = f"{text}en" if word.prefix else text
                words.update((text, text.upper(), text.capitalize()))
    return sorted(words)


_FILLERS = ["och", "2021", "2020-01-01", ",", ";", "(", ")", " - ", ":", "t.o.m.", "Polisen"]

_SENTENCES = st.one_of(
    st.lists(st.sampled_from(_cue_words() + _FILLERS), max_size=30).map(" ".join),
    st.text(max_size=60),
)

CASES = [
    "Medborgarlöften för 2023-2024 gäller från 1 januari 2023.",
    "När det gäller förundersökning kommer kontakt att tas inom en vecka.",
    "Senast uppdaterad 2021-03-04, senast den 1 maj ska en enkät göras.",
    "Medborgarlöftet under 2022 har tecknats och träder i kraft den 1 mars.",
    "Lokal lägesbild och medborgarundersökning, medborgardialog under hösten 2019.",
    "",
    "gäller gäller gäller för perioden 2020",
]


@pytest.mark.parametrize("text", CASES)
@pytest.mark.parametrize("index", [tr._sentence_index, tr._heading_index])
def test_cues_are_the_reference_cues(text: str, index: object) -> None:
    assert callable(index)
    words = tr.tokens(text, 0, len(text))
    assert tr.find_cues(words, index()) == _reference_cues(words, index())


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_SENTENCES)
def test_cues_of_any_sentence_are_the_reference_cues(text: str) -> None:
    words = tr.tokens(text, 0, len(text))
    for index in (tr._sentence_index(), tr._heading_index()):
        assert tr.find_cues(words, index) == _reference_cues(words, index)


# The characters a sentence may hold to be split into chunks (tokens() takes the others
# to the regex engine).
_CHUNKED = [
    chr(c) for c in range(0x110000) if not tr._UNCHECKED.match(chr(c)) and not 0xD800 <= c < 0xE000
]
_JOINERS = ".-'’"


def test_chunk_words_rest_on_str_methods_that_are_the_patterns_classes() -> None:
    # str.isalnum() is re's [^\W_] (the regex engine's there: tests/test_temporal.py);
    # white space is neither a letter nor a joiner, so no word crosses a space.
    text = "".join(_CHUNKED)
    assert re.findall(r"[^\W_]", text) == [c for c in _CHUNKED if c.isalnum()]
    assert not [
        c for c in map(chr, range(0x110000)) if c.isspace() and (c.isalnum() or c in _JOINERS)
    ]
    # The edges stripped around a chunk's word are neither letters nor digits.
    assert not [c for c in tr._CHUNK_EDGES if c.isalnum()]


def test_folding_keeps_the_kind_of_every_chunked_character_but_one() -> None:
    # A folded sentence is tokenized in place of the sentence when each character folds to
    # one of the same kind: letter or digit, white space, joiner, other.
    def kind(c: str) -> tuple[bool, bool, bool]:
        return c.isalnum(), c.isspace(), c in _JOINERS

    changed = [c for c in _CHUNKED if len(c.casefold()) == 1 and kind(c) != kind(c.casefold())]
    assert "".join(changed) == tr._FOLDS_INTO_A_LETTER
    # A word's folding never ends in the full stop the pattern may take after it.
    assert not [c for c in _CHUNKED if c.isalnum() and c.casefold().endswith(".")]


def _reference_tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The words the regex engine finds, folded, with their offsets."""
    return [
        (m.group().casefold().removesuffix("."), m.start(), m.end())
        for m in tr._TOKEN.finditer(text, start, end)
    ]


@pytest.mark.parametrize(
    "text",
    [
        *CASES,
        "t.o.m. 2023-12-31",
        "Polisens’ «löfte» – 1½ år, 2² m²; a_b ß ÿ",
        "x.y.-z 'a' ’b’",
        "(polisen), ”2021”. slut. -abc abc- abc.- abc'. ...ord ?! …",
        "STRASSE Straße İstanbul ŉ ǰ ΐ ΰ µ \u0345 a\u0345b",
        "\x1cord\x1fett\xa0två\u2028tre\u3000fyra",
        "  två  mellanslag\tflik\nrad. \n Ny rad ",
    ],
)
def test_words_are_the_regex_engines_words(text: str) -> None:
    for start, end in ((0, len(text)), (1, len(text) - 1)):
        words = tr.tokens(text, start, end)
        found = list(zip(words.words, words.starts, words.ends, strict=True))
        assert found == _reference_tokens(text, start, end)


_CHUNK_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x557)
    | st.sampled_from(f" {tr._CHUNK_EDGES}\u2028\u0345\xdf\u0130"),
    max_size=60,
)


@settings(max_examples=500, deadline=None)
@given(_CHUNK_TEXT)
def test_words_of_any_chunked_text_are_the_regex_engines_words(text: str) -> None:
    assert tr._UNCHECKED.search(text) is None
    for start, end in ((0, len(text)), (1, len(text) - 1)):
        words = tr.tokens(text, start, end)
        found = list(zip(words.words, words.starts, words.ends, strict=True))
        assert found == _reference_tokens(text, start, end)


def _reference_score_roles(
    text: str,
    expression: DateExpression,
    context: tr.MentionContext,
    sentence: tr.SentenceCues,
) -> tr.RoleDecision:
    """score_roles as it was written first (a closure adds every bonus)."""
    lex = temporal_lexicon()
    weights = lex.structure
    scores: dict[str, float] = {}
    # The highest validity evidence level added, from everything and from the sentence
    # and position only (levels are never negative).
    evidence_all = evidence_local = 0

    def add(role: str, value: float, level: int = 0, *, local: bool = True) -> None:
        nonlocal evidence_all, evidence_local
        if value <= 0:
            return
        scores[role] = scores.get(role, 0.0) + value
        if role == "validity":
            evidence_all = max(evidence_all, level)
            if local:
                evidence_local = max(evidence_local, level)

    start, end = expression.span.start, expression.span.end
    starts, ends = sentence.starts, sentence.ends
    first_word = bisect.bisect_left(ends, start + 1)
    last_word = bisect.bisect_left(starts, end)
    # The cues with a role whose first word is within reach ("none" phrases only hide).
    low = bisect.bisect_left(sentence.cue_firsts, first_word - tr._MAX_REACH - 8)
    high = bisect.bisect_right(sentence.cue_firsts, last_word + tr._MAX_REACH)
    proximity = tr._proximity()
    for _, hit_start, hit_end, group in sentence.cues[low:high]:
        if hit_end <= start:
            side, left, right = "before", hit_end, start
        elif hit_start >= end:
            side, left, right = "after", end, hit_start
        else:
            side = "inside"
        if side == "inside":
            distance = 0
        elif group.side != "both" and side != group.side:
            continue
        else:
            # How many words lie wholly between the cue and the mention.
            distance = max(0, bisect.bisect_right(ends, right) - bisect.bisect_left(starts, left))
            if distance > tr._MAX_REACH:
                continue
        if group.window is not None and distance > group.window:
            continue
        factor = proximity[distance]
        if side != "inside" and tr._CLAUSE_BREAK.search(text, left, right):
            factor *= weights.clause_factor
        value = group.weight * factor
        if value > 0:  # add(group.role, value, group.evidence), inlined
            cue_role = group.role
            scores[cue_role] = scores.get(cue_role, 0.0) + value
            if cue_role == "validity":
                evidence_all = max(evidence_all, group.evidence)
                evidence_local = max(evidence_local, group.evidence)

    if context.heading:
        for role, weight, level in tr._heading_roles(context.heading):
            add(role, weight, level, local=False)
    if context.in_title:
        add("validity", weights.title_validity, weights.title_evidence)
    # A date line in the signature block or letterhead is one date, not a range
    # ("Gäller 2021-01-01 – 2021-12-31" under the title is a validity statement).
    if context.in_signature and expression.kind == "point":
        add("signing", weights.signature_signing)
    if context.letterhead and expression.kind == "point":
        add("document_date", weights.letterhead_document_date)
    # An odd number of quotation marks before it: the date is part of a quoted name.
    if sentence.quotes and bisect.bisect_left(sentence.quotes, start) % 2 == 1:
        add("reference", weights.quoted_reference)

    tr._apply_constraints(scores, expression, lex)
    return tr._decide(scores, evidence_all, evidence_local, lex)


_CONTEXTS = st.builds(
    tr.MentionContext,
    sentence=st.just((0, 0)),
    heading=st.sampled_from([None, "Tidsram", "Medborgarlöfte 2021", "Uppföljning", "Bakgrund"]),
    in_title=st.booleans(),
    in_signature=st.booleans(),
    letterhead=st.booleans(),
)
_MENTION_SENTENCES = st.lists(
    st.sampled_from(
        [*_cue_words(), *_FILLERS, "2019", "hösten 2020", "1 mars 2021", "2020-2022", "”", '"']
    ),
    max_size=60,
).map(" ".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_MENTION_SENTENCES, _CONTEXTS)
def test_scores_are_the_reference_scores(text: str, context: tr.MentionContext) -> None:
    sentence = tr.sentence_cues(text, 0, len(text))
    for expression in find_date_expressions(text):
        found = tr.score_roles(text, expression, context, sentence)
        assert found == _reference_score_roles(text, expression, context, sentence)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\"”“«»'’„"), max_size=30))
def test_quote_positions_are_the_pattern_positions(text: str) -> None:
    for start, end in ((0, len(text)), (1, len(text) - 1)):
        found = tr._quote_positions(text, start, end)
        assert found == [m.start() for m in tr._QUOTES.finditer(text, start, end)]


# Texts for the sentence ends: marks, dashes between white space of several kinds,
# quotation marks, line breaks and list items.
_BREAK_TEXT = st.lists(
    st.sampled_from(
        [
            *["ord", "Ord", "2021", " ", "  ", "\t", "\n", "\n\n", "\x1c", "\u3000", ",", ";"],
            *[":", "(", ")", "[", "]", "-", "–", "—", ".", "!", "?", "…", '"', "”", "’", "•", "1."],
        ]
    ),
    max_size=20,
).map("".join)


@pytest.mark.parametrize(
    "text",
    [
        "Gäller 2021-01-01 – 2021-12-31",
        "Medborgarlöfte 2021.",
        'Lokalt "löfte."',
        "t.o.m. 2023",
        "Ett. Två",
        "rad\nrad",
        "",
    ],
)
def test_one_sentence_blocks_are_the_sentence_spans(text: str) -> None:
    assert temporal._sentences(text, 0, len(text)) == (
        sentence_spans(text, 0, len(text)) or [(0, len(text))]
    )


@settings(max_examples=400, deadline=None)
@given(_BREAK_TEXT)
def test_sentences_of_any_block_are_the_sentence_spans(text: str) -> None:
    for start, end in ((0, len(text)), (1, len(text) - 1), (2, len(text))):
        if end < start:
            continue  # no block
        reference = sentence_spans(text, start, end) or [(start, end)]
        assert temporal._sentences(text, start, end) == reference


@settings(max_examples=300, deadline=None)
@given(_BREAK_TEXT)
def test_no_clause_break_ends_by_the_first_break_bound(text: str) -> None:
    # score_roles searches between a cue and a mention only past first_break.
    for start, end in ((0, len(text)), (1, len(text) - 1)):
        if end < start:
            continue
        bound = tr.sentence_cues(text, start, end).first_break
        for left in range(start, end + 1):
            for right in range(left, min(bound, end) + 1):
                assert tr._CLAUSE_BREAK.search(text, left, right) is None, (left, right)
