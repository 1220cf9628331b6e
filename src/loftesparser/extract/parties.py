"""Parties: which kommuner a medborgarlöfte binds, and which lokalpolisområde.

A document names many places. A kommun is a *party* when the text treats it
as one: it is in the title ("Medborgarlöften för Hällefors kommun",
"Medborgarlöften i Sunne"), it is coordinated with the police in a sentence
("Polisen och Habo kommun lovar", "LPO Karlstad och Forshaga kommun kommer",
"Sunne kommun och lokalpolisområde Torsby har tecknat"), it is the subject of
a promise ("Forshaga kommun kommer att..."), it signs (a role or organisation
line in the signature block), or its logo headed the page. A list of kommuner
("Polisen och Stenungsunds, Orusts och Tjörns kommuner") shares the evidence
of the list as a whole. Without any of that,
the kommun named most often with a kommun word wins. A kommun mentioned in
passing ("jämfört med Karlstad", "grannkommunen Kil") is not a party, nor is
a kommun name that is part of a lokalpolisområde's name ("LPO Karlstad").

The lokalpolisområde is read from "Lokalpolisområde Torsby", "lokalpolisområde
Torsby", "LPO Karlstad", "LPO Karlstad:s", "Chef LPO Karlstad", "Södra
Vätterbygden Chef Lokalpolisområde", "Lokalpolisområdeschef Torsby"; the most
frequent name wins. ``data/lokalpolisomraden.csv`` (curated, with a source per
row) only normalises spelling and breaks ties: unseen names are found too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from loftesparser.gazetteer import (
    GazetteerContext,
    KommunMention,
    KommunRow,
    find_kommun_mentions,
    first_word_offsets,
    gazetteer,
    latin1_bytes,
    latin1_words,
    lookup_row,
    lowered_bytes,
)
from loftesparser.lexicon import REGEX_WHITE_SPACE, LexiconError, load_csv, occurrences
from loftesparser.models import Kommun, Lokalpolisomrade
from loftesparser.segment import Block, Structure, is_person_name, is_role_line, place_date

# How much a mention counts towards "named most often".
_WEIGHT_KOMMUN_WORD = 1.0
_WEIGHT_BARE = 0.5
# A kommun with only strong (not decisive) evidence must reach this share of
# the best-scored kommun: a neighbour coordinated with the police once in a
# long document about another kommun is not a party.
_RELATIVE_SHARE = 0.3
# Without any strong evidence, the best kommun needs at least this score.
_FALLBACK_MIN = 1.0

# Party cues sit next to the mention; looking further only costs time (a
# paragraph without full stops would make every mention rescan it).
_CONTEXT_WINDOW = 160
_LPO_CSV = "lokalpolisomraden.csv"
# A word of an LPO name: "Torsby", "Malmö", "Alingsås/Lerum", "Kungälv–Ale", "Karlstad:s".
_NAME_WORD = r"\p{Lu}[\p{L}\-–]*(?:/\p{Lu}[\p{L}\-–]*)*(?::s)?"
# An LPO name is one to this many words ("Södra Vätterbygden").
_NAME_WORDS = 3
# Patterns of plain characters run on the stdlib engine, with the regex module's white
# space: a call costs a fraction of the regex module's, and a pattern that starts with a
# character set (a sentence end) is skipped to directly where the regex module tries
# every position (its reverse search, for the last end, even more slowly). Tests compare
# them with the regex module's.
_WS = REGEX_WHITE_SPACE
_LIST_SEPARATOR = re.compile(rf"^{_WS}*(?:,|&|och|samt|,{_WS}*(?:och|samt)){_WS}*$")
_SENTENCE_END = re.compile(rf"[.!?;:](?:{_WS}+|$)")
# Patterns that end in "$" and are only asked whether they match somewhere are matched
# from the end (regex's REVERSE flag: "(?r)"): the same matches exist, but a forward
# search tries every position of the text while a reverse pattern's match() tries the
# end alone.
_LEADING_FILLER = regex.compile(r"^[\s\-–—•*.…]*$")
_POLICE_LINE = regex.compile(r"(?i)(?<!\p{L})(?:\p{L}*polis\p{L}*|lpo)(?!\p{L})")
_TITLE_CONTEXT = regex.compile(r"(?ri)(?:\b(?:för|i|inom|mellan)|[–\-:])\s*$")
_PROMISE_CONTEXT = regex.compile(r"(?ri)medborgarlöft\p{L}*\s+(?:(?:för|i|inom|mellan)\s+)?$")


# --- lokalpolisområde ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LpoMention:
    """A lokalpolisområde named in the text."""

    #: The bare name, normalised ("Södra Vätterbygden").
    name: str
    #: ``(start, end)`` of the name in ``structure.text``.
    span: tuple[int, int]


_LPO_WORD = "lokalpolisområde"
# Every match of the role patterns holds one of these (casefolded): "LPO-chef",
# "Chef lokalpolisområde", "Lokalpolisområdeschef".
_ROLE_WORDS = ("lpo", _LPO_WORD)
_NON_SPACE_RUN = regex.compile(r"\S+")
_CAPITAL = regex.compile(r"\p{Lu}")


@dataclass(frozen=True, slots=True)
class _LpoPatterns:
    prefixed: regex.Pattern[str]
    role_before: regex.Pattern[str]
    role_after: regex.Pattern[str]
    suffixed: regex.Pattern[str]


@lru_cache(maxsize=1)
def _lpo_patterns() -> _LpoPatterns:
    context = gazetteer().context
    prefixes = "|".join(
        regex.escape(p) for p in sorted(context.lpo_prefixes, key=len, reverse=True)
    )
    name = rf"(?P<name>{_NAME_WORD}(?:[ ]+{_NAME_WORD}){{0,{_NAME_WORDS - 1}}})"
    chef = r"(?i:lokalpolisområdeschef|lpo-chef)"
    return _LpoPatterns(
        # "Lokalpolisområde Torsby", "LPO Karlstad:s", "lokalpolisområdet Södra Vätterbygden"
        prefixed=regex.compile(
            rf"(?<![\p{{L}}\p{{N}}])(?i:{prefixes})(?::s)?(?:[ ]*\((?i:lpo)\))?:?[ ]+{name}"
        ),
        # "Södra Vätterbygden Chef Lokalpolisområde" (a signature role line)
        role_before=regex.compile(
            rf"{name}[ ]+(?:(?i:chef)[ ]+(?:(?i:för)[ ]+)?(?i:lokalpolisområde[t]?|lpo)|{chef})"
            r"(?!\p{L})"
        ),
        # "Lokalpolisområdeschef Torsby", "Lokalpolisområdeschef i Torsby"
        role_after=regex.compile(rf"(?<!\p{{L}}){chef}[ ]+(?:(?i:för|i)[ ]+)?{name}"),
        # "Torsby lokalpolisområde", "Södra Vätterbygdens lokalpolisområde"
        suffixed=regex.compile(rf"{name}[ ]+(?i:{_LPO_WORD})(?!\p{{L}})"),
    )


@lru_cache(maxsize=1)
def known_lokalpolisomraden() -> dict[str, tuple[str, str]]:
    """Curated names from ``data/lokalpolisomraden.csv``: folded name -> (name, polisregion)."""
    regions = {row.polisregion for row in gazetteer().rows}
    known: dict[str, tuple[str, str]] = {}
    for number, row in enumerate(load_csv(_LPO_CSV), start=2):
        name = (row.get("name") or "").strip()
        region = (row.get("polisregion") or "").strip()
        if not name or not (row.get("source") or "").strip():
            raise LexiconError(f"data/{_LPO_CSV} line {number}: name and source are required")
        if region not in regions:
            raise LexiconError(f"data/{_LPO_CSV} line {number}: unknown polisregion {region!r}")
        known[name.casefold()] = (name, region)
    return known


def _unit_text(structure: Structure, start: int, end: int) -> str:
    """A block's stretch of the document read as one line.

    Wrapped lines of prose are read as one line (newlines become spaces, so
    offsets stay valid); a signature block is one line anyway.
    """
    return structure.text[start:end].replace("\n", " ")


def _first_within(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """Where the first of ``spans`` (sorted) that lies within ``start:end`` starts, or -1."""
    at = bisect.bisect_left(spans, (start, start))
    while at < len(spans) and spans[at][0] < end:
        if spans[at][1] <= end:
            return spans[at][0]
        at += 1
    return -1


def _name_reach(text: str, position: int) -> int:
    """Where a name ending before ``position`` can start at the earliest.

    A name is at most ``_NAME_WORDS`` words, each without spaces, separated by
    spaces: it starts within the last ``_NAME_WORDS`` space-separated runs.
    """
    reach = position
    for _ in range(_NAME_WORDS):
        while reach > 0 and text[reach - 1] == " ":
            reach -= 1
        reach = text.rfind(" ", 0, reach) + 1
    return reach


def _trim_name(
    words: list[tuple[str, int]], after: str, context: GazetteerContext
) -> list[tuple[str, int]]:
    """Cut a candidate name at stop words and before a kommun ("... Habo kommun")."""
    kept: list[tuple[str, int]] = []
    for word, offset in words:
        if word.casefold() in context.lpo_stop_words:
            break
        kept.append((word, offset))
    if len(kept) == len(words):
        following = after.split(maxsplit=1)[:1]
        if following and following[0].casefold().strip(".,;:") in context.kommun_words:
            kept = kept[:-1]
    return kept


def _normalise_lpo_name(name: str) -> str:
    """Canonical spelling: curated list first, genitive dropped, capitals tamed."""
    known = known_lokalpolisomraden()
    if name.endswith(":s"):
        name = name[:-2]
    folded = name.casefold()
    if folded in known:
        return known[folded][0]
    stem = name[:-1]
    if name.endswith(("s", "S")) and stem and _is_known_place(stem):
        # "LPO Karlstads arbete": a genitive of a known name.
        return _normalise_lpo_name(stem)
    if name.isupper() and len(name) > 3:
        return "-".join(part.capitalize() for part in name.title().split("-"))
    return name


def _is_known_place(name: str) -> bool:
    """A curated LPO name or a kommun's short name ("Torsby", "Södra Vätterbygden")."""
    if name.casefold() in known_lokalpolisomraden():
        return True
    row = lookup_row(name)
    return row is not None and row.name.casefold() == name.casefold()


def find_lpo_mentions(structure: Structure) -> list[LpoMention]:
    """Every lokalpolisområde named in the document, in text order."""
    patterns = _lpo_patterns()
    context = gazetteer().context
    # Every pattern needs one of its literal words: the words, found once in the whole
    # text, rule out most blocks far cheaper than the patterns' scan of every position.
    prefix_spans, word_spans, role_spans = _lpo_literal_spans(structure.text, context)
    # Any of the words: one look rules out a block that holds none (unless the spans
    # are None: casefolding changed the text's length, and each block is folded below).
    any_spans = sorted((prefix_spans or []) + (word_spans or []) + (role_spans or []))
    found: list[LpoMention] = []
    for block in structure.blocks:
        lines = block.lines
        if not lines:
            continue
        start = lines[0].start
        if role_spans is not None:
            # Most blocks: no word starts within them (one bisection says so).
            at = bisect.bisect_left(any_spans, (start, start))
            if at == len(any_spans) or any_spans[at][0] >= lines[-1].end:
                continue
        end = lines[-1].end
        if role_spans is not None and _first_within(any_spans, start, end) < 0:
            continue
        text = ""
        # Where the block's first prefix and first "lokalpolisområde" stand (-1: none),
        # and whether a role pattern could match.
        prefix_starts: list[int] | None = None
        word_starts: list[int] | None = None
        if prefix_spans is None or word_spans is None or role_spans is None:
            text = _unit_text(structure, start, end)
            folded = text.casefold()
            prefix_at = min(
                (at for prefix in context.lpo_prefixes if (at := folded.find(prefix)) >= 0),
                default=-1,
            )
            word_at = folded.find(_LPO_WORD)
            role_word = any(word in folded for word in _ROLE_WORDS)
        else:
            prefix_starts = _starts_within(prefix_spans, start, end)
            prefix_at = prefix_starts[0] if prefix_starts else -1
            word_starts = _starts_within(word_spans, start, end)
            word_at = word_starts[0] if word_starts else -1
            role_word = block.kind == "signature" and _first_within(role_spans, start, end) >= 0
        role_word = role_word and block.kind == "signature"
        if prefix_at < 0 and word_at < 0 and not role_word:
            continue
        text = text or _unit_text(structure, start, end)
        # Each pattern with its matches: a prefixed name starts at a prefix (tried there
        # alone when the prefixes' offsets are known, else scanned for from the first), a
        # suffixed one a few words before the word.
        scans: list[tuple[regex.Pattern[str], Iterable[regex.Match[str]]]] = []
        if prefix_starts:
            scans.append((patterns.prefixed, _matches_at(patterns.prefixed, text, prefix_starts)))
        elif prefix_at >= 0:
            scans.append((patterns.prefixed, patterns.prefixed.finditer(text, prefix_at)))
        if word_at >= 0 and (word_starts is None or _may_end_suffixed_name(text, word_starts)):
            reach = _name_reach(text, word_at)
            scans.append((patterns.suffixed, patterns.suffixed.finditer(text, reach)))
        if role_word and is_role_line(text):
            scans += [(p, p.finditer(text)) for p in (patterns.role_before, patterns.role_after)]
        if scans:
            found.extend(_block_lpo_mentions(block, start, text, scans, patterns, context))
    return found


def _may_end_suffixed_name(text: str, word_starts: list[int]) -> bool:
    """Whether a suffixed name ("Torsby lokalpolisområde") can end at one of ``word_starts``.

    Such a match ends in spaces and the word, after a name word that starts with a
    capital: the run of characters before the spaces holds a capital. Most blocks
    write "i lokalpolisområde Torsby", and the pattern's scan of the block is skipped.
    """
    for at in word_starts:
        run_start = at
        while run_start > 0 and text[run_start - 1] == " ":
            run_start -= 1
        if run_start == at or run_start == 0:
            continue
        if _CAPITAL.search(text, text.rfind(" ", 0, run_start) + 1, run_start):
            return True
    return False


def _starts_within(spans: list[tuple[int, int]], start: int, end: int) -> list[int]:
    """Where each of ``spans`` (sorted) that lies within ``start:end`` starts, from ``start``."""
    at = bisect.bisect_left(spans, (start, start))
    starts = []
    while at < len(spans) and spans[at][0] < end:
        if spans[at][1] <= end:
            starts.append(spans[at][0] - start)
        at += 1
    return starts


def _matches_at(
    pattern: regex.Pattern[str], text: str, starts: list[int]
) -> Iterator[regex.Match[str]]:
    """What ``pattern.finditer(text)`` finds when no match starts but at one of ``starts``.

    ``starts`` sorted: each is tried with match() unless an earlier match covers it, so
    only those positions are looked at instead of every position after the first.
    """
    covered = -1
    for at in starts:
        if at <= covered:
            continue
        match = pattern.match(text, at)
        if match is not None:
            yield match
            covered = match.end() - 1
        else:
            covered = at  # a second span starting here (a longer prefix) is tried already


_Spans = list[tuple[int, int]]


def _lpo_literal_spans(
    text: str, context: GazetteerContext
) -> tuple[_Spans | None, _Spans | None, _Spans | None]:
    """Where the LPO prefixes, "lokalpolisområde" and the role words stand in ``text``, casefolded.

    None when casefolding changed the text's length ("ß"): offsets cannot tell
    which block a word is in, so each block is folded on its own.
    """
    offsets = _lpo_word_offsets(text, context)
    if offsets is None:
        return None, None, None

    def spans(words: Iterable[str]) -> _Spans:
        return sorted((at, at + len(word)) for word in words for at in offsets[word])

    return spans(context.lpo_prefixes), spans((_LPO_WORD,)), spans(_ROLE_WORDS)


def _lpo_word_offsets(text: str, context: GazetteerContext) -> dict[str, list[int]] | None:
    """Where each LPO word stands in ``text`` casefolded (newlines as spaces), or None.

    Each word is found once, though it is in more than one list ("lpo"). The text's
    latin-1 bytes stand for the casefolded text when they can (most texts): that
    spares folding every character. None when casefolding changed the text's length.
    """
    words = _lpo_search_words()
    padded = latin1_bytes(text) if words is not None else None
    if words is None or padded is None:
        folded = text.replace("\n", " ").casefold()
        if len(folded) != len(text):
            return None
        return {
            word: list(occurrences(folded, word))
            for word in {*context.lpo_prefixes, _LPO_WORD, *_ROLE_WORDS}
        }
    lowered = lowered_bytes(padded)[1:-1]
    if b"\xdf" in lowered:
        return None  # "ß" casefolds to "ss"
    return {word: list(occurrences(lowered, key)) for word, key in words}


@lru_cache(maxsize=1)
def _lpo_search_words() -> tuple[tuple[str, bytes], ...] | None:
    """The LPO words (casefolded) with their latin-1 bytes, or None if one has none.

    A casefolded word holds no "ß" or "µ", the two latin-1 characters that
    casefold unlike they lower-case, so it stands in :func:`lowered_bytes` where
    it stands in the casefolded text; unless it holds a "?", which stands for any
    character beyond latin-1 there.
    """
    context = gazetteer().context
    words = sorted({*context.lpo_prefixes, _LPO_WORD, *_ROLE_WORDS})
    if any(word != word.casefold() for word in words):
        return None
    encoded = latin1_words(words)
    return None if encoded is None else tuple(zip(words, encoded, strict=True))


def _block_lpo_mentions(
    block: Block,
    start: int,
    text: str,
    scans: list[tuple[regex.Pattern[str], Iterable[regex.Match[str]]]],
    patterns: _LpoPatterns,
    context: GazetteerContext,
) -> list[LpoMention]:
    """The mentions of ``scans`` (each pattern with its matches) in one block, in order."""
    candidates: list[tuple[int, LpoMention]] = []
    for priority, (pattern, matches) in enumerate(scans):
        for match in matches:
            if pattern is patterns.suffixed and not _suffixed_name_ok(match, text):
                continue
            mention = _lpo_mention(match, text, start, context, block)
            if mention is not None:
                candidates.append((priority, mention))
    # Several patterns may read the same name; the earlier pattern wins.
    kept: list[LpoMention] = []
    spans: list[tuple[int, int]] = []  # sorted and disjoint: check the neighbours only
    for _priority, mention in sorted(candidates, key=lambda c: c[0]):
        at = bisect.bisect_left(spans, mention.span)
        if any(_overlaps(mention.span, other) for other in spans[max(0, at - 1) : at + 1]):
            continue
        spans.insert(at, mention.span)
        kept.append(mention)
    return sorted(kept, key=lambda m: m.span)


def _suffixed_name_ok(match: regex.Match[str], text: str) -> bool:
    """ "i Torsby lokalpolisområde" yes; "Vårt lokalpolisområde" at a sentence start no.

    A capitalised word opening a sentence is only a name when it is a known one.
    """
    before = text[max(0, match.start() - 3) : match.start()].rstrip()
    opens_sentence = not before or before[-1] in ".!?:•-–"
    return not opens_sentence or _is_known_place(_normalise_lpo_name(match.group("name")))


def _lpo_mention(
    match: regex.Match[str], text: str, start: int, context: GazetteerContext, block: Block
) -> LpoMention | None:
    words = [(m.group(), m.start()) for m in _NON_SPACE_RUN.finditer(match.group("name"))]
    offset = match.start("name")
    # Role words ("Tf", "Biträdande") may stand before the name on a role line.
    while words and block.kind == "signature" and is_role_line(words[0][0]):
        words = words[1:]
    words = _trim_name(words, text[match.end("name") :], context)
    if not words:
        return None
    first, last = words[0], words[-1]
    name_start = start + offset + first[1]
    name_end = start + offset + last[1] + len(last[0])
    raw = text[offset + first[1] : offset + last[1] + len(last[0])]
    name = _normalise_lpo_name(raw)
    # A single letter is an enumeration ("LPO A och LPO B"), not a name.
    if len(name) < 2:
        return None
    return LpoMention(name=name, span=(name_start, name_end))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def extract_lokalpolisomrade(
    structure: Structure, mentions: Sequence[LpoMention] | None = None
) -> Lokalpolisomrade | None:
    """The lokalpolisområde the promise is made through, or None when none is named.

    The most often named one wins; ties go to a name in the curated list, then
    to the earliest. ``mentions`` are :func:`find_lpo_mentions`' result when
    the caller has it already.
    """
    if mentions is None:
        mentions = find_lpo_mentions(structure)
    if not mentions:
        return None
    known = known_lokalpolisomraden()
    scores: dict[str, int] = {}
    first: dict[str, int] = {}
    for mention in mentions:
        key = mention.name.casefold()
        scores[key] = scores.get(key, 0) + 1
        first.setdefault(key, mention.span[0])
    names = {m.name.casefold(): m.name for m in mentions}
    best = max(scores, key=lambda k: (scores[k], k in known, -first[k]))
    return Lokalpolisomrade(name=names[best])


# --- kommuner -----------------------------------------------------------------------


@dataclass(slots=True)
class _Evidence:
    row: KommunRow
    score: float = 0.0
    decisive: bool = False
    strong: bool = False
    first_strong: int | None = None
    first: int = 1 << 30
    mentions: list[int] = field(default_factory=list)

    def note(
        self, position: int, weight: float, *, strong: bool = False, decisive: bool = False
    ) -> None:
        self.score += weight
        self.first = min(self.first, position)
        if strong or decisive:
            self.strong = True
            self.decisive = self.decisive or decisive
            if self.first_strong is None or position < self.first_strong:
                self.first_strong = position


@dataclass(frozen=True, slots=True)
class _ContextPatterns:
    coordination_before: regex.Pattern[str]
    coordination_after: regex.Pattern[str]
    promise_after: regex.Pattern[str]
    passing: tuple[str, ...]
    #: The most words a passing cue has (a cue's spaces and one).
    passing_words: int


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(
        regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


@lru_cache(maxsize=1)
def _context_patterns() -> _ContextPatterns:
    context = gazetteer().context
    police = rf"(?<!\p{{L}})(?i:{_alternatives(context.police_words)})(?!\p{{L}})"
    prefixes = _alternatives(context.lpo_prefixes)
    lpo = rf"(?<!\p{{L}})(?i:{prefixes})(?:[ ]+{_NAME_WORD}){{1,3}}"
    actor = rf"(?:{police}|{lpo})"
    link = r"(?i:,|och|samt|&|tillsammans\s+med|i\s+samverkan\s+med)"
    verbs = r"(?:\s+(?i:har|kommer|ska|lovar|har\s+gemensamt|gör\s+detta|gör))?"
    return _ContextPatterns(
        # "Polisen och |", "Polismyndigheten, via Lokalpolisområde X, och |",
        # "LPO Karlstad gör detta tillsammans med |", "polisen och kommunerna |"
        coordination_before=regex.compile(
            rf"(?r){actor}(?:\s*\([^)]{{1,40}}\))?(?:\s*,\s*(?i:via|genom)\s+[^,]{{1,60}},)?{verbs}"
            rf"\s*{link}\s+(?:(?i:kommunerna|kommunen)\s+)?$"
            # "Tillsammans med Hagfors kommun har polisen ...": the sentence opens with it.
            r"|^[\s\-–•.…]*(?i:tillsammans|i\s+samverkan)\s+(?i:med)\s+$"
        ),
        # "| och lokalpolisområde Torsby har tecknat", "| har tillsammans med polisen"
        coordination_after=regex.compile(
            rf"^{verbs}\s*{link}\s+(?:{police}|(?<!\p{{L}})(?i:{prefixes})(?!\p{{L}}))"
        ),
        # "Forshaga kommun | kommer att...", "Habo kommun | lovar"
        promise_after=regex.compile(rf"^\s+(?i:{_alternatives(context.promise_verbs)})(?!\p{{L}})"),
        passing=context.passing_cues,
        passing_words=max(cue.count(" ") for cue in context.passing_cues) + 1,
    )


def _sentence_before(text: str, position: int) -> str:
    """The sentence up to ``position``, at most ``_CONTEXT_WINDOW`` characters of it."""
    before = text[max(0, position - _CONTEXT_WINDOW) : position]
    # The last sentence end: each is a stop and the white space after it, so none hides
    # another, and the last one found going forward is the one that ends last.
    end = 0
    for match in _SENTENCE_END.finditer(before):
        end = match.end()
    return before[end:]


def _sentence_after(text: str, position: int) -> str:
    """The sentence from ``position``, at most ``_CONTEXT_WINDOW`` characters of it."""
    after = text[position : position + _CONTEXT_WINDOW]
    end = _SENTENCE_END.search(after)
    return after[: end.start()] if end else after


def _is_passing(before: str, patterns: _ContextPatterns) -> bool:
    """``before`` ends in a comparison cue ("jämfört med"), its white space folded."""
    # A cue of n words lies within the last n words: only those are folded and joined.
    last_words = before.casefold().rsplit(maxsplit=patterns.passing_words)
    return " ".join(last_words[-patterns.passing_words :]).endswith(patterns.passing)


def _in_proper_name(before: str) -> bool:
    """A bare name right after a capitalised word mid-sentence: "Anna Falkenberg", "Norra Mora"."""
    words = before.rstrip().rsplit(" ", 2)  # the last two words (and the rest)
    if not before.endswith(" ") or len(words) < 2:
        return False
    previous = words[-1]
    return previous[:1].isupper() and words[-2][-1:] not in ".!?:" and previous.isalpha()


def _block_mentions(
    text: str, start: int, masks: list[tuple[int, int]], first_words: Sequence[int] | None
) -> list[tuple[KommunMention, int, int]]:
    """Mentions in one unit with their local start and end; LPO names masked out."""
    mentions = find_kommun_mentions(text, first_words=first_words)
    # Only a mask overlapping the unit can overlap a mention in it (most units: none).
    end = start + len(text)
    masks = [(a, b) for a, b in masks if a < end and start < b]
    if not masks:
        return [(mention, *mention.span) for mention in mentions]
    result = []
    for mention in mentions:
        local_start, local_end = mention.span
        mention_start, mention_end = start + local_start, start + local_end
        if any(a < mention_end and mention_start < b for a, b in masks):
            continue
        result.append((mention, local_start, local_end))
    return result


def _chains(
    text: str, mentions: list[tuple[KommunMention, int, int]]
) -> list[list[tuple[KommunMention, int, int]]]:
    """Group a unit's mentions into runs joined by ",", "och", "samt" ("A, B och C")."""
    chains: list[list[tuple[KommunMention, int, int]]] = []
    for item in mentions:
        if chains and _LIST_SEPARATOR.match(text[chains[-1][-1][2] : item[1]]):
            chains[-1].append(item)
        else:
            chains.append([item])
    return chains


def _collect_evidence(
    structure: Structure, lpo_mentions: Sequence[LpoMention]
) -> dict[str, _Evidence]:
    patterns = _context_patterns()
    masks = [m.span for m in lpo_mentions]
    evidence: dict[str, _Evidence] = {}

    def record(row: KommunRow) -> _Evidence:
        return evidence.setdefault(row.code, _Evidence(row))

    # The first words of kommun forms, found once in the whole text: most units name
    # no kommun and are passed over without a look of their own. (Units are slices of
    # the text with newlines as spaces, which leaves word boundaries where they were.)
    offsets = first_word_offsets(structure.text)
    for block in structure.blocks:
        lines = block.lines
        if not lines:
            continue
        start = lines[0].start
        if offsets is None:
            end = lines[-1].end
            text = _unit_text(structure, start, end)
            first_words = first_word_offsets(text)
        else:
            first = bisect.bisect_left(offsets, start)
            if first == len(offsets):
                continue  # no first word from here on: the block's end is not needed
            end = lines[-1].end
            if offsets[first] >= end:
                continue
            last = bisect.bisect_left(offsets, end, first)
            text = _unit_text(structure, start, end)
            first_words = [offset - start for offset in offsets[first:last]]
        mentions = _block_mentions(text, start, masks, first_words)
        for chain in _chains(text, mentions):
            # A list is read as one: a comparison cue before its first member
            # ("jämfört med Karlstad och Kil") makes the whole list passing.
            chain_before = _sentence_before(text, chain[0][1])
            if _is_passing(chain_before, patterns):
                continue
            # Strength only decides a kommun's first strong position: for a list of kommuner
            # all strong since before it, only whether each mention counts is read.
            settled = block.kind not in _DECISIVE_BLOCKS and all(
                _strong_by(evidence.get(mention.kommun_row.code), start + local_start)
                for mention, local_start, _end in chain
            )
            kinds = []
            for index, (mention, local_start, local_end) in enumerate(chain):
                if settled:
                    known_before = chain_before if index == 0 else None
                    kind = _settled_kind(text, mention, local_start, known_before)
                else:
                    before = chain_before if index == 0 else _sentence_before(text, local_start)
                    after = _sentence_after(text, local_end)
                    kind = _mention_kind(block, text, mention, before, after, patterns)
                if kind is not None:
                    weight, strong, decisive = kind
                    record(mention.kommun_row).note(
                        start + local_start, weight, strong=strong, decisive=decisive
                    )
                kinds.append(kind)
            # A list shares its strength: "Polisen och Stenungsunds, Orusts och Tjörns kommuner".
            if any(k is not None and k[1] for k in kinds):
                for (mention, local_start, _end), kind in zip(chain, kinds, strict=True):
                    if kind is not None and mention.in_list:
                        record(mention.kommun_row).note(start + local_start, 0.0, strong=True)

    _residue_evidence(structure, record)
    return evidence


# Blocks whose mentions are decisive evidence.
_DECISIVE_BLOCKS = ("title", "signature")


def _strong_by(evidence: _Evidence | None, position: int) -> bool:
    """The kommun has strong evidence at ``position`` or before it."""
    return (
        evidence is not None
        and evidence.first_strong is not None
        and evidence.first_strong <= position
    )


def _settled_kind(
    text: str, mention: KommunMention, position: int, before: str | None
) -> tuple[float, bool, bool] | None:
    """:func:`_mention_kind` outside the title and signature, strength left unread (False).

    For a kommun strong already (:func:`_strong_by`): whether the mention counts and
    its weight are all that can change. ``before`` is the sentence before ``position``
    when known; it is read only for a bare name.
    """
    if mention.ambiguous:
        return None
    if mention.has_kommun_word:
        return _WEIGHT_KOMMUN_WORD, False, False
    if _in_proper_name(before if before is not None else _sentence_before(text, position)):
        return None
    return _WEIGHT_BARE, False, False


def _mention_kind(
    block: Block,
    text: str,
    mention: KommunMention,
    before: str,
    after: str,
    patterns: _ContextPatterns,
) -> tuple[float, bool, bool] | None:
    """``(weight, strong, decisive)`` of one mention in its block, None to ignore it."""
    weight = _WEIGHT_KOMMUN_WORD if mention.has_kommun_word else _WEIGHT_BARE
    if block.kind == "title":
        if mention.ambiguous and not _TITLE_CONTEXT.match(before):
            return None
        return weight, True, True
    if mention.ambiguous:
        return None
    if block.kind == "signature":
        if is_person_name(text) or _POLICE_LINE.search(text):
            return None  # "Anna Falkenberg"; "Kommunpolis Karlstad" is the police side
        if place_date(text):
            return _WEIGHT_BARE, False, False  # the signing place: usually, not always, the kommun
        return weight, True, True
    if not mention.has_kommun_word and _in_proper_name(before):
        return None
    if patterns.coordination_before.match(before) or patterns.coordination_after.match(after):
        return weight, True, False
    if _PROMISE_CONTEXT.match(before):
        return weight, True, False
    if (
        mention.has_kommun_word
        and _LEADING_FILLER.match(before)
        and patterns.promise_after.match(after)
    ):
        return weight, True, False
    # A list of kommuner alone ("Lokalpolisområde Torsby omfattar Torsby, Sunne, Hagfors
    # och Munkfors kommuner") describes an area; it becomes strong only through the
    # title or a coordination with the police, shared by all its members.
    return weight, False, False


def _residue_evidence(structure: Structure, record: Callable[[KommunRow], _Evidence]) -> None:
    """Logo lines ("Hällefors kommuns logotyp") are decisive; other residue counts a little."""
    for line in structure.normalized.residue:
        for mention in find_kommun_mentions(line.text):
            if mention.ambiguous:
                continue
            if line.kind == "logo":
                record(mention.kommun_row).note(-1, _WEIGHT_KOMMUN_WORD, decisive=True)
            else:
                record(mention.kommun_row).note(1 << 29, _WEIGHT_BARE / 2)


def extract_kommuner(
    structure: Structure, lpo_mentions: Sequence[LpoMention] | None = None
) -> list[Kommun]:
    """The kommuner party to the promise, ordered by their first strong mention.

    Names of lokalpolisområden are not kommun mentions ("LPO Torsby");
    ``lpo_mentions`` are :func:`find_lpo_mentions`' result when the caller has it.
    """
    if lpo_mentions is None:
        lpo_mentions = find_lpo_mentions(structure)
    evidence = _collect_evidence(structure, lpo_mentions)
    if not evidence:
        return []
    best = max(e.score for e in evidence.values())
    parties = [
        e
        for e in evidence.values()
        if e.decisive or (e.strong and e.score >= _RELATIVE_SHARE * best)
    ]
    if not parties:
        # No strong evidence: the kommun named most often, or the only one named at all.
        named = [e for e in evidence.values() if e.score > 0]
        minimum = 0.0 if len(named) == 1 else _FALLBACK_MIN
        parties = [e for e in named if e.score >= minimum and e.score == best]
    parties.sort(
        key=lambda e: (e.first_strong if e.first_strong is not None else e.first, e.row.code)
    )
    return [e.row.to_model() for e in parties]
