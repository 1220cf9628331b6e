"""What a date mention is for: scoring roles from the words around it.

Position alone does not decide a role ("under 2016" is the validity in one
document and a follow-up period in the next), so every role gets a score from
cue words of ``data/temporal.toml`` in the mention's sentence — weighted by how
close they stand, damped when a comma or parenthesis separates them — plus the
heading of its section and its place in the document (title, letterhead,
signature block). The highest score wins; below a floor the role is "other".

For validity the scorer also reports the *evidence* level of the strongest
validity cue (4 explicit "gäller"/"pågår"/Tidsram, 3 the promise's own name or
promise sentence, 2 a weak hint), which the period resolution ranks.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from loftesparser.extract.temporal_lexicon import (
    CueGroup,
    CueWord,
    TemporalLexicon,
    temporal_lexicon,
)
from loftesparser.extract.temporal_patterns import DateExpression
from loftesparser.models import DateRole

_TOKEN = regex.compile(r"[\p{L}\p{N}]+(?:[.\-'’][\p{L}\p{N}]+)*\.?")
_CLAUSE_BREAK = regex.compile(r"[,;:()\[\]]|\s[–—-]\s")
_QUOTES = regex.compile(r"[\"”“«»]")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    word: str  # case-folded, without a trailing full stop


@dataclass(frozen=True, slots=True)
class CueHit:
    """A cue phrase found in a sentence: its token range, offsets and group."""

    first: int
    last: int
    start: int
    end: int
    group: CueGroup


@dataclass(frozen=True, slots=True)
class MentionContext:
    """Where a mention stands: its sentence and position in the document."""

    sentence: tuple[int, int]
    heading: str | None = None
    in_title: bool = False
    in_signature: bool = False
    letterhead: bool = False


@dataclass(frozen=True, slots=True)
class RoleDecision:
    role: DateRole
    score: float
    #: Validity evidence level (0 when the role is not validity), all cues counted.
    evidence: int
    #: The same from the mention's own sentence and the title only (not its heading).
    local_evidence: int
    scores: dict[str, float]


def tokens(text: str, start: int, end: int) -> list[Token]:
    """Words of ``text[start:end]`` with offsets ("t.o.m." stays one word)."""
    result = []
    for m in _TOKEN.finditer(text, start, end):
        word = m.group().casefold()
        result.append(Token(m.start(), m.end(), word[:-1] if word.endswith(".") else word))
    return result


_Phrase = tuple[tuple[CueWord, ...], CueGroup]


@dataclass(frozen=True)
class _CueIndex:
    exact: dict[str, tuple[_Phrase, ...]]
    wildcard: tuple[_Phrase, ...]
    # Words repeat; the phrases a word can start are worked out once per word.
    _cache: dict[str, tuple[_Phrase, ...]] = field(default_factory=dict)

    def starting_with(self, word: str) -> tuple[_Phrase, ...]:
        """The phrases whose first word matches ``word``."""
        found = self._cache.get(word)
        if found is None:
            stripped = word.rstrip(":;,!?")
            found = self.exact.get(stripped, ()) + tuple(
                (phrase, group) for phrase, group in self.wildcard if _word_matches(phrase[0], word)
            )
            if len(self._cache) < 50_000:
                self._cache[word] = found
        return found


def _index(groups: Sequence[CueGroup]) -> _CueIndex:
    exact: dict[str, list[_Phrase]] = {}
    wildcard: list[_Phrase] = []
    for group in groups:
        for phrase in group.phrases:
            head = phrase[0]
            if head.prefix or head.suffix:
                wildcard.append((phrase, group))
            else:
                exact.setdefault(head.text, []).append((phrase, group))
    return _CueIndex({k: tuple(v) for k, v in exact.items()}, tuple(wildcard))


@lru_cache(maxsize=1)
def _sentence_index() -> _CueIndex:
    return _index(temporal_lexicon().cues)


@lru_cache(maxsize=1)
def _heading_index() -> _CueIndex:
    return _index(temporal_lexicon().heading_cues)


def _word_matches(cue: CueWord, word: str) -> bool:
    return cue.matches(word) or cue.matches(word.rstrip(":;,!?"))


def find_cues(words: Sequence[Token], index: _CueIndex) -> list[CueHit]:
    """Cue phrases among ``words`` in word order, minus those hidden by longer phrases."""
    hits: list[CueHit] = []
    for i, token in enumerate(words):
        for phrase, group in index.starting_with(token.word):
            last = i + len(phrase) - 1
            if last >= len(words):
                continue
            if all(_word_matches(cue, words[i + k].word) for k, cue in enumerate(phrase[1:], 1)):
                hits.append(CueHit(i, last, token.start, words[last].end, group))
    # "senast uppdaterad" (document date) hides "senast" (deadline): a longer phrase
    # hides the shorter cues of other roles inside it; a "none" phrase hides every cue
    # inside it, even one of the same length ("förundersökning" is no survey). Phrases are a few
    # words long, so only hits starting a few words earlier can contain a hit.
    longest = max((h.last - h.first for h in hits), default=0)
    by_first: dict[int, list[CueHit]] = {}
    for hit in hits:
        by_first.setdefault(hit.first, []).append(hit)

    def hidden(hit: CueHit) -> bool:
        length = hit.last - hit.first
        for first in range(hit.first - longest, hit.first + 1):
            for other in by_first.get(first, ()):
                if other is hit or other.last < hit.last:
                    continue
                if other.group.role == "none" and hit.group.role != "none":
                    return True
                if other.last - other.first > length and other.group.role != hit.group.role:
                    return True
        return False

    return [hit for hit in hits if not hidden(hit)]


@dataclass(frozen=True, slots=True)
class SentenceCues:
    """A sentence prepared once for all the mentions in it."""

    start: int
    words: list[Token]
    starts: list[int]
    ends: list[int]
    hits: list[CueHit]
    hit_firsts: list[int]
    quotes: list[int]


def sentence_cues(text: str, start: int, end: int) -> SentenceCues:
    """Words, role cues (``data/temporal.toml``) and quotation marks of ``text[start:end]``."""
    words = tokens(text, start, end)
    hits = find_cues(words, _sentence_index())
    return SentenceCues(
        start=start,
        words=words,
        starts=[t.start for t in words],
        ends=[t.end for t in words],
        hits=hits,
        hit_firsts=[h.first for h in hits],
        quotes=[m.start() for m in _QUOTES.finditer(text, start, end)],
    )


# A cue farther than this many words from a mention is ignored, whatever its window:
# it would count little anyway, and the bound keeps scoring linear in long sentences.
_MAX_REACH = 40


def _distance(starts: Sequence[int], ends: Sequence[int], left: int, right: int) -> int:
    """How many words lie wholly between offsets ``left`` and ``right`` (two bisections)."""
    return max(0, bisect.bisect_right(ends, right) - bisect.bisect_left(starts, left))


def score_roles(
    text: str,
    expression: DateExpression,
    context: MentionContext,
    sentence: SentenceCues,
) -> RoleDecision:
    """The role of ``expression`` from its ``sentence`` cues, heading and position."""
    lex = temporal_lexicon()
    weights = lex.structure
    scores: dict[str, float] = {}
    evidence: dict[str, int] = {}

    def add(role: str, value: float, level: int = 0, *, local: bool = True) -> None:
        if value <= 0:
            return
        scores[role] = scores.get(role, 0.0) + value
        if role == "validity":
            evidence["all"] = max(evidence.get("all", 0), level)
            if local:
                evidence["local"] = max(evidence.get("local", 0), level)

    start, end = expression.span.start, expression.span.end
    starts, ends = sentence.starts, sentence.ends
    first_word = bisect.bisect_left(ends, start + 1)
    last_word = bisect.bisect_left(starts, end)
    low = bisect.bisect_left(sentence.hit_firsts, first_word - _MAX_REACH - 8)
    high = bisect.bisect_right(sentence.hit_firsts, last_word + _MAX_REACH)
    for hit in sentence.hits[low:high]:
        group = hit.group
        if group.role == "none":
            continue
        if hit.end <= start:
            side, gap = "before", (hit.end, start)
        elif hit.start >= end:
            side, gap = "after", (end, hit.start)
        else:
            side, gap = "inside", (start, start)
        if group.side != "both" and side not in (group.side, "inside"):
            continue
        distance = _distance(starts, ends, *gap) if side != "inside" else 0
        if distance > _MAX_REACH or (group.window is not None and distance > group.window):
            continue
        factor = weights.proximity_factor(distance)
        if side != "inside" and _CLAUSE_BREAK.search(text, gap[0], gap[1]):
            factor *= weights.clause_factor
        add(group.role, group.weight * factor, group.evidence)

    if context.heading:
        for role, weight, level in _heading_roles(context.heading):
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
    if (bisect.bisect_left(sentence.quotes, start)) % 2 == 1:
        add("reference", weights.quoted_reference)

    _apply_constraints(scores, expression, lex)
    return _decide(scores, evidence, lex)


@lru_cache(maxsize=256)
def _heading_roles(heading: str) -> tuple[tuple[str, float, int], ...]:
    """(role, weight, evidence) a section heading lends its mentions; each cue group once."""
    lex = temporal_lexicon()
    seen: set[int] = set()
    result = []
    for hit in find_cues(tokens(heading, 0, len(heading)), _heading_index()):
        if id(hit.group) in seen or hit.group.role == "none":
            continue
        seen.add(id(hit.group))
        result.append((hit.group.role, lex.heading_weight * hit.group.weight, hit.group.evidence))
    return tuple(result)


def _apply_constraints(
    scores: dict[str, float], expression: DateExpression, lex: TemporalLexicon
) -> None:
    for role, allowed in lex.constraints.items():
        if role in scores and (
            expression.kind == "relative" or expression.granularity not in allowed
        ):
            del scores[role]  # a year is not a signing date; a duration is not a day


def _decide(
    scores: dict[str, float], evidence: dict[str, int], lex: TemporalLexicon
) -> RoleDecision:
    best: DateRole = "other"
    best_score = 0.0
    for role in lex.priority:  # in priority order, so the earlier role wins a tie
        value = scores.get(role, 0.0)
        if value > best_score + 1e-9:
            best, best_score = role, value
    if best_score < lex.structure.min_score:
        best, best_score = "other", 0.0
    validity = best == "validity"
    return RoleDecision(
        role=best,
        score=best_score,
        evidence=evidence.get("all", 0) if validity else 0,
        local_evidence=evidence.get("local", 0) if validity else 0,
        scores=dict(scores),
    )
