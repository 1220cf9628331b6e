"""Temporal roles: the fast paths of the cue finder and role scoring against reference versions."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loftesparser.extract import temporal_roles as tr
from loftesparser.extract.temporal_lexicon import temporal_lexicon
from loftesparser.extract.temporal_patterns import DateExpression, find_date_expressions


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


def test_latin_1_letters_are_the_letters_of_re_on_latin_1_and_general_punctuation() -> None:
    # tokens() uses the Latin-1 pattern on sentences without other characters; there its
    # letters and digits must be re's ([^\W_]; those are the regex engine's there:
    # tests/test_temporal.py).
    checked = "".join(chr(c) for c in range(0x110000) if not tr._NOT_LATIN_1.match(chr(c)))
    assert len(checked) == 0x100 + 0x70
    letters = re.compile(f"[{tr._LATIN_1_LETTERS}]")
    assert letters.findall(checked) == re.findall(r"[^\W_]", checked)


@pytest.mark.parametrize(
    "text",
    [*CASES, "t.o.m. 2023-12-31", "Polisens’ «löfte» – 1½ år, 2² m²; a_b ß ÿ", "x.y.-z 'a' ’b’"],
)
def test_latin_1_words_are_the_general_words(text: str) -> None:
    found = [(m.group(), m.span()) for m in tr._TOKEN_LATIN_1.finditer(text)]
    assert found == [(m.group(), m.span()) for m in tr._TOKEN_RE.finditer(text)]


_LATIN_1_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0xFF) | st.sampled_from("’–—“”…\u2028"),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(_LATIN_1_TEXT)
def test_latin_1_words_of_any_latin_1_text_are_the_general_words(text: str) -> None:
    assert tr._NOT_LATIN_1.search(text) is None
    for start, end in ((0, len(text)), (1, len(text) - 1)):
        found = list(tr._TOKEN_RE.finditer(text, start, end))
        reference = tr._tokens(
            [m.group() for m in found], [m.start() for m in found], [m.end() for m in found]
        )
        assert tr.tokens(text, start, end) == reference


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
