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
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

import regex

from loftesparser.extract.temporal_lexicon import (
    CueGroup,
    CueWord,
    TemporalLexicon,
    temporal_lexicon,
)
from loftesparser.extract.temporal_patterns import DateExpression
from loftesparser.lexicon import REGEX_WHITE_SPACE
from loftesparser.models import DateRole

# Each pattern is one group, for tokens() to split a sentence (or a chunk of it) by it.
_TOKEN = regex.compile(r"([\p{L}\p{N}]+(?:[.\-'’][\p{L}\p{N}]+)*\.?)")
# The same in ``re``. Its letters and digits ([^\W_], which are str.isalnum()'s) are the
# regex engine's ([\p{L}\p{N}], a newer Unicode) only on the characters below U+0558 and
# in General Punctuation (tests/test_temporal.py checks each): a sentence with any other
# character goes to the regex engine.
_TOKEN_RE = re.compile(r"([^\W_]+(?:[.\-'’][^\W_]+)*\.?)")
_UNCHECKED = re.compile("[^\x00-\u0557\u2000-\u206f]")
# What may stand around a chunk's one word ("(polisen),", "”2021”."): none of these is a
# letter or digit, so a chunk that is a word once they are stripped holds that word alone.
_CHUNK_EDGES = "\"”“«»'’()[]{}.,;:!?/–—-…"
# The one character below U+0558 or in General Punctuation that case folding turns from
# a non-letter into a letter (U+0345, combining ypogegrammeni, folds to "ι"); with it a
# sentence is tokenized before folding (tests/test_temporal_roles.py checks each).
_FOLDS_INTO_A_LETTER = "\u0345"
# Searched once per cue and mention, and once per sentence: ``re``, whose calls cost a
# fraction of the regex engine's, with the regex engine's white space (lexicon.REGEX_WHITE_SPACE).
_WHITE_SPACE = REGEX_WHITE_SPACE
_CLAUSE_BREAK = re.compile(rf"[,;:()\[\]]|{_WHITE_SPACE}[–—-]{_WHITE_SPACE}")
# The marks and dashes of those breaks: one class, which ``re`` looks for by a bitmap scan,
# not trying both branches at every character.
_BREAK_MARK = re.compile(r"[,;:()\[\]–—-]")
_QUOTE_MARKS = '"”“«»'
_QUOTES = re.compile(f"[{_QUOTE_MARKS}]")


# The classes below are made per sentence, cue or mention. Each writes its own __init__
# (init=False): mypyc compiles that one, while a dataclass's generated __init__ stays a
# Python function that every object pays a call of (2 k instructions, measured). The
# dataclass still gives equality and repr.


@dataclass(slots=True, init=False)
class Tokens:
    """The words of a span of text, as parallel lists."""

    words: list[str]  # case-folded, without a trailing full stop
    starts: list[int]
    ends: list[int]

    def __init__(self, words: list[str], starts: list[int], ends: list[int]) -> None:
        self.words = words
        self.starts = starts
        self.ends = ends


@dataclass(slots=True, init=False)
class CueHit:
    """A cue phrase found in a sentence: its token range, offsets and group."""

    first: int
    last: int
    start: int
    end: int
    group: CueGroup

    def __init__(self, first: int, last: int, start: int, end: int, group: CueGroup) -> None:
        self.first = first
        self.last = last
        self.start = start
        self.end = end
        self.group = group


# MentionContext and RoleDecision are made once per mention and never changed; not
# frozen, because a frozen dataclass pays an ``object.__setattr__`` call for every field.
@dataclass(slots=True, init=False)
class MentionContext:
    """Where a mention stands: its sentence and position in the document."""

    sentence: tuple[int, int]
    heading: str | None
    in_title: bool
    in_signature: bool
    letterhead: bool

    def __init__(
        self,
        sentence: tuple[int, int],
        heading: str | None = None,
        in_title: bool = False,
        in_signature: bool = False,
        letterhead: bool = False,
    ) -> None:
        self.sentence = sentence
        self.heading = heading
        self.in_title = in_title
        self.in_signature = in_signature
        self.letterhead = letterhead


@dataclass(slots=True, init=False)
class RoleDecision:
    role: DateRole
    score: float
    #: Validity evidence level (0 when the role is not validity), all cues counted.
    evidence: int
    #: The same from the mention's own sentence and the title only (not its heading).
    local_evidence: int
    scores: dict[str, float]

    def __init__(
        self,
        role: DateRole,
        score: float,
        evidence: int,
        local_evidence: int,
        scores: dict[str, float],
    ) -> None:
        self.role = role
        self.score = score
        self.evidence = evidence
        self.local_evidence = local_evidence
        self.scores = scores


def tokens(text: str, start: int, end: int) -> Tokens:
    """Words of ``text[start:end]`` with offsets ("t.o.m." stays one word)."""
    sentence = text[start:end]
    if _UNCHECKED.search(sentence) is None:
        return _chunk_tokens(sentence, start)
    # Split by the one-group pattern, the pieces alternate between the gaps and the words
    # (gap, word, gap, ..., word, gap): their lengths summed give every offset.
    pieces = _TOKEN.split(sentence)
    offsets = list(itertools.accumulate(map(len, pieces), initial=start))
    return Tokens(
        words=[word.casefold().removesuffix(".") for word in pieces[1::2]],
        starts=offsets[1:-1:2],
        ends=offsets[2::2],
    )


def _chunk_tokens(sentence: str, offset: int) -> Tokens:
    """:func:`tokens` of a ``sentence`` (at ``offset``) without characters on which ``re``
    and the regex engine disagree, split at spaces first.

    No word holds white space, so the words are those of each chunk between spaces in
    turn (a chunk that holds other white space is split by the pattern); nine chunks in
    ten are a word, maybe with punctuation around it, told by ``str`` methods instead of a
    pattern match per word. The sentence is case-folded once when that keeps every
    offset (all but a few characters fold to one) and changes no character's kind (all
    but ``_FOLDS_INTO_A_LETTER``).
    """
    folded = sentence.casefold()
    aligned = len(folded) == len(sentence) and _FOLDS_INTO_A_LETTER not in sentence
    source = folded if aligned else sentence
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = offset
    for chunk in source.split(" "):
        size = len(chunk)
        if chunk.isalnum():
            words.append(chunk if aligned else chunk.casefold())
            starts.append(position)
            ends.append(position + size)
        elif size:
            _edged_words(chunk, position, aligned, words, starts, ends)
        position += size + 1  # the space after it
    return Tokens(words, starts, ends)


def _edged_words(
    chunk: str, at: int, folded: bool, words: list[str], starts: list[int], ends: list[int]
) -> None:
    """Add the words of a ``chunk`` (at ``at``) that is not one word alone."""
    opened = chunk.lstrip(_CHUNK_EDGES)
    core = opened.rstrip(_CHUNK_EDGES)
    if not opened:
        return  # punctuation only
    if core.isalnum():
        # The pattern takes a full stop after the word, and nothing else of the edges.
        first = at + len(chunk) - len(opened)
        words.append(core if folded else core.casefold())
        starts.append(first)
        ends.append(first + len(core) + (1 if opened.startswith(".", len(core)) else 0))
        return
    pieces = _TOKEN_RE.split(chunk)
    offsets = list(itertools.accumulate(map(len, pieces), initial=at))
    for word in pieces[1::2]:
        words.append((word if folded else word.casefold()).removesuffix("."))
    starts.extend(offsets[1:-1:2])
    ends.extend(offsets[2::2])


# A cue phrase, its group, and the texts of its words after the first when none of them
# is a wildcard (compared as a list; ``None`` when one is). Words of tokens() never end
# in ":;,!?", so an exact cue word matches such a word exactly when it equals it.
_Phrase = tuple[tuple[CueWord, ...], CueGroup, list[str] | None]


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
                entry for entry in self.wildcard if _word_matches(entry[0][0], word)
            )
            if len(self._cache) < 50_000:
                self._cache[word] = found
        return found


def _rest(phrase: tuple[CueWord, ...]) -> list[str] | None:
    """The texts of the words after the first, unless one of them is a wildcard."""
    if any(word.prefix or word.suffix for word in phrase[1:]):
        return None
    return [word.text for word in phrase[1:]]


def _index(groups: Sequence[CueGroup]) -> _CueIndex:
    exact: dict[str, list[_Phrase]] = {}
    wildcard: list[_Phrase] = []
    for group in groups:
        for phrase in group.phrases:
            head = phrase[0]
            entry = (phrase, group, _rest(phrase))
            if head.prefix or head.suffix:
                wildcard.append(entry)
            else:
                exact.setdefault(head.text, []).append(entry)
    return _CueIndex({k: tuple(v) for k, v in exact.items()}, tuple(wildcard))


@lru_cache(maxsize=1)
def _sentence_index() -> _CueIndex:
    return _index(temporal_lexicon().cues)


@lru_cache(maxsize=1)
def _heading_index() -> _CueIndex:
    return _index(temporal_lexicon().heading_cues)


def _word_matches(cue: CueWord, word: str) -> bool:
    if cue.matches(word):
        return True
    # A word of tokens() has no such ending: only then is it worth a second try.
    stripped = word.rstrip(":;,!?")
    return stripped != word and cue.matches(stripped)


def find_cues(tokens: Tokens, index: _CueIndex) -> list[CueHit]:
    """Cue phrases among ``tokens`` (as :func:`tokens` finds them) in word order, minus
    those hidden by longer phrases."""
    hits: list[CueHit] = []
    words, starts, ends = tokens.words, tokens.starts, tokens.ends
    count = len(words)
    # Most words start no phrase: one look-up in the cache each (work out only the words
    # not seen before), and on to the next word.
    cache = index._cache
    for i, word in enumerate(words):
        phrases = cache.get(word)
        if phrases is None:
            phrases = index.starting_with(word)
        for phrase, group, rest in phrases:
            size = len(phrase)
            if size == 1:  # most phrases are one word: a hit already
                hits.append(CueHit(i, i, starts[i], ends[i], group))
                continue
            last = i + size - 1
            if last >= count:
                continue
            if rest is not None:
                if words[i + 1 : last + 1] != rest:
                    continue
            elif not all(map(_word_matches, phrase[1:], words[i + 1 : last + 1])):
                continue
            hits.append(CueHit(i, last, starts[i], ends[last], group))
    if not _may_hide(hits):
        return hits
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


def _may_hide(hits: Sequence[CueHit]) -> bool:
    """Whether one of ``hits`` (in word order) may hide another.

    A hit hides only a hit of another role whose words it holds, so only within a run of
    overlapping hits (one "medborgarlöften" is a hit of several groups) that mixes roles.
    """
    run_last = -1
    run_role = ""
    for hit in hits:
        if hit.first > run_last:  # a new run
            run_role = hit.group.role
        elif hit.group.role != run_role:
            return True
        run_last = max(run_last, hit.last)
    return False


@dataclass(slots=True, init=False)
class SentenceCues:
    """A sentence prepared once for all the mentions in it."""

    start: int
    words: list[str]
    starts: list[int]
    ends: list[int]
    hits: list[CueHit]
    quotes: list[int]
    #: The hits that carry a role, as (first word, start, end, group), in word order.
    cues: list[tuple[int, int, int, CueGroup]]
    cue_firsts: list[int]
    #: No clause break starts before this (one before the first mark or dash, else the end).
    first_break: int

    def __init__(
        self,
        start: int,
        words: list[str],
        starts: list[int],
        ends: list[int],
        hits: list[CueHit],
        quotes: list[int],
        cues: list[tuple[int, int, int, CueGroup]],
        cue_firsts: list[int],
        first_break: int,
    ) -> None:
        self.start = start
        self.words = words
        self.starts = starts
        self.ends = ends
        self.hits = hits
        self.quotes = quotes
        self.cues = cues
        self.cue_firsts = cue_firsts
        self.first_break = first_break


def sentence_cues(text: str, start: int, end: int) -> SentenceCues:
    """Words, role cues (``data/temporal.toml``) and quotation marks of ``text[start:end]``."""
    words = tokens(text, start, end)
    hits = find_cues(words, _sentence_index())
    cues = [(h.first, h.start, h.end, h.group) for h in hits if h.group.role != "none"]
    # Most sentences hold no clause break, or hold it late: one scan for its marks spares
    # the search between every cue and mention before the first one (a break starts at
    # its mark, or one before its dash).
    first_mark = _BREAK_MARK.search(text, start, end)
    return SentenceCues(
        start=start,
        words=words.words,
        starts=words.starts,
        ends=words.ends,
        hits=hits,
        quotes=_quote_positions(text, start, end),
        cues=cues,
        cue_firsts=[c[0] for c in cues],
        first_break=end if first_mark is None else first_mark.start() - 1,
    )


def _quote_positions(text: str, start: int, end: int) -> list[int]:
    """Where quotation marks stand in ``text[start:end]``."""
    # Most sentences hold none: str.find tells that far faster than a pattern search.
    for mark in _QUOTE_MARKS:
        if text.find(mark, start, end) >= 0:
            return [m.start() for m in _QUOTES.finditer(text, start, end)]
    return []


# A cue farther than this many words from a mention is ignored, whatever its window:
# it would count little anyway, and the bound keeps scoring linear in long sentences.
_MAX_REACH = 40


@lru_cache(maxsize=1)
def _proximity() -> tuple[float, ...]:
    """The proximity factor of every distance up to ``_MAX_REACH`` words."""
    weights = temporal_lexicon().structure
    return tuple(weights.proximity_factor(d) for d in range(_MAX_REACH + 1))


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
    # The highest validity evidence level added, from everything and from the sentence
    # and position only (levels are never negative). Only cues, headings and the title
    # add validity; the other additions below need no evidence.
    evidence_all = evidence_local = 0

    start, end = expression.span.start, expression.span.end
    starts, ends = sentence.starts, sentence.ends
    cues = sentence.cues
    if len(starts) > _MAX_REACH + 1:
        # The cues with a role whose first word is within reach ("none" phrases only
        # hide); in a shorter sentence every cue is.
        first_word = bisect.bisect_left(ends, start + 1)
        last_word = bisect.bisect_left(starts, end)
        low = bisect.bisect_left(sentence.cue_firsts, first_word - _MAX_REACH - 8)
        high = bisect.bisect_right(sentence.cue_firsts, last_word + _MAX_REACH)
        cues = cues[low:high]
    proximity = _proximity()
    for _, hit_start, hit_end, group in cues:
        # A cue's side is "before", "after" or "both" (checked when the lexicon loads).
        if hit_end <= start:
            if group.side == "after":
                continue
            inside, left, right = False, hit_end, start
        elif hit_start >= end:
            if group.side == "before":
                continue
            inside, left, right = False, end, hit_start
        else:
            inside, left, right = True, start, start
        distance = 0
        if not inside:
            # How many words lie wholly between the cue and the mention.
            distance = bisect.bisect_right(ends, right) - bisect.bisect_left(starts, left)
            if distance < 0:
                distance = 0
            elif distance > _MAX_REACH:
                continue
        if group.window is not None and distance > group.window:
            continue
        factor = proximity[distance]
        # A break between them starts at first_break or later, and ends after it.
        if not inside and right > sentence.first_break and _CLAUSE_BREAK.search(text, left, right):
            factor *= weights.clause_factor
        value = group.weight * factor
        if value > 0:
            cue_role = group.role
            scores[cue_role] = scores.get(cue_role, 0.0) + value
            if cue_role == "validity" and group.evidence > evidence_local:
                # The two are equal until the heading (below) adds to the first alone.
                evidence_all = evidence_local = group.evidence

    if context.heading:
        # A heading's cues are not the mention's own (not local evidence).
        for role, value, level in _heading_roles(context.heading):
            if value > 0:
                scores[role] = scores.get(role, 0.0) + value
                if role == "validity" and level > evidence_all:
                    evidence_all = level
    if context.in_title and weights.title_validity > 0:
        scores["validity"] = scores.get("validity", 0.0) + weights.title_validity
        evidence_all = max(evidence_all, weights.title_evidence)
        evidence_local = max(evidence_local, weights.title_evidence)
    # A date line in the signature block or letterhead is one date, not a range
    # ("Gäller 2021-01-01 – 2021-12-31" under the title is a validity statement).
    if context.in_signature and expression.kind == "point":
        _add(scores, "signing", weights.signature_signing)
    if context.letterhead and expression.kind == "point":
        _add(scores, "document_date", weights.letterhead_document_date)
    # An odd number of quotation marks before it: the date is part of a quoted name.
    if sentence.quotes and bisect.bisect_left(sentence.quotes, start) % 2 == 1:
        _add(scores, "reference", weights.quoted_reference)

    _apply_constraints(scores, expression, lex)
    return _decide(scores, evidence_all, evidence_local, lex)


def _add(scores: dict[str, float], role: str, value: float) -> None:
    """Add ``value`` (if positive) to the score of ``role``."""
    if value > 0:
        scores[role] = scores.get(role, 0.0) + value


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


@lru_cache(maxsize=1)
def _priority() -> dict[str, int]:
    return {role: index for index, role in enumerate(temporal_lexicon().priority)}


def _decide(
    scores: dict[str, float], evidence_all: int, evidence_local: int, lex: TemporalLexicon
) -> RoleDecision:
    best: DateRole = "other"
    best_score = 0.0
    # In priority order, so the earlier role wins a tie (a role without a score never wins).
    for role in sorted(scores, key=_priority().__getitem__):
        value = scores[role]
        if value > best_score + 1e-9:
            best, best_score = cast(DateRole, role), value
    if best_score < lex.structure.min_score:
        best, best_score = "other", 0.0
    validity = best == "validity"
    return RoleDecision(
        role=best,
        score=best_score,
        evidence=evidence_all if validity else 0,
        local_evidence=evidence_local if validity else 0,
        scores=scores,  # the caller's own dict, made for this decision
    )
