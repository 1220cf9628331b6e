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
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class _CueIndex:
    exact: dict[str, tuple[tuple[tuple[CueWord, ...], CueGroup], ...]]
    wildcard: tuple[tuple[tuple[CueWord, ...], CueGroup], ...]


def _index(groups: Sequence[CueGroup]) -> _CueIndex:
    exact: dict[str, list[tuple[tuple[CueWord, ...], CueGroup]]] = {}
    wildcard: list[tuple[tuple[CueWord, ...], CueGroup]] = []
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
    """Cue phrases among ``words``; a phrase inside a longer found phrase is dropped."""
    hits: list[CueHit] = []
    for i, token in enumerate(words):
        candidates = index.exact.get(token.word.rstrip(":;,!?"), ()) + index.wildcard
        for phrase, group in candidates:
            last = i + len(phrase) - 1
            if last >= len(words):
                continue
            if all(_word_matches(cue, words[i + k].word) for k, cue in enumerate(phrase)):
                hits.append(CueHit(i, last, token.start, words[last].end, group))
    # "senast uppdaterad" hides "senast"; a "none" phrase hides every cue inside it,
    # even one of the same length ("förundersökning" is no survey).
    hits.sort(key=lambda h: (h.last - h.first, h.group.role == "none"), reverse=True)
    kept: list[CueHit] = []
    for hit in hits:
        length = hit.last - hit.first
        if any(
            (k.last - k.first > length or k.group.role == "none")
            and k.first <= hit.first
            and hit.last <= k.last
            for k in kept
        ):
            continue
        kept.append(hit)
    return kept


def sentence_cues(words: Sequence[Token]) -> list[CueHit]:
    """The role cues of ``data/temporal.toml`` among a sentence's words."""
    return find_cues(words, _sentence_index())


def _distance(starts: Sequence[int], ends: Sequence[int], left: int, right: int) -> int:
    """How many words lie wholly between offsets ``left`` and ``right`` (two bisections)."""
    return max(0, bisect.bisect_right(ends, right) - bisect.bisect_left(starts, left))


def score_roles(
    text: str,
    expression: DateExpression,
    context: MentionContext,
    words: Sequence[Token],
    hits: Sequence[CueHit],
) -> RoleDecision:
    """The role of ``expression`` in its sentence (``words`` and its cue ``hits``)."""
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
    starts = [t.start for t in words]
    ends = [t.end for t in words]
    for hit in hits:
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
        if group.window is not None and distance > group.window:
            continue
        factor = weights.proximity_factor(distance)
        if side != "inside" and _CLAUSE_BREAK.search(text, gap[0], gap[1]):
            factor *= weights.clause_factor
        add(group.role, group.weight * factor, group.evidence)

    if context.heading:
        heading_words = tokens(context.heading, 0, len(context.heading))
        roles_seen: set[str] = set()
        for hit in find_cues(heading_words, _heading_index()):
            key = f"{hit.group.role}:{id(hit.group)}"
            if key in roles_seen:
                continue  # one heading counts once per group
            roles_seen.add(key)
            weight = lex.heading_weight * hit.group.weight
            add(hit.group.role, weight, hit.group.evidence, local=False)
    if context.in_title:
        add("validity", weights.title_validity, weights.title_evidence)
    if context.in_signature:
        add("signing", weights.signature_signing)
    if context.letterhead:
        add("document_date", weights.letterhead_document_date)
    if _inside_quotes(text, context.sentence[0], start):
        add("reference", weights.quoted_reference)

    _apply_constraints(scores, expression, lex)
    return _decide(scores, evidence, lex)


def _inside_quotes(text: str, sentence_start: int, position: int) -> bool:
    """An odd number of quotation marks before the mention in its sentence."""
    return len(_QUOTES.findall(text, sentence_start, position)) % 2 == 1


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
