"""Promises, focus areas and activities: what each list and paragraph *is*.

A list's role is read from what introduces it (the paragraph ending in ":" or
"..." just above it, or the heading over it) and from the section it stands in:

- "Följande aktiviteter ska göras…:", "Polisen lovar:", "Forshaga kommun
  kommer att..." → activities;
- "…problemområden … är:", a "Fokusområden" section → focus areas;
- "… lovar gemensamt att under 2017:" → promises when the document lists its
  activities elsewhere, else activities (the "Polisen lovar:" layout);
- lists in timeframe, follow-up, purpose, method or situation sections, and
  lists of data sources, are not activities.

When nothing marks any list as activities, lists that nothing marks otherwise
are taken as the activities (short web versions often have one bare numbered
list). Promises also come from sentences whose subject is the parties and
whose verb promises ("Polisen och Hagfors kommun lovar att…").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import regex

from loftesparser.extract.ownership import (
    Marker,
    actor_patterns,
    find_marker,
    framing_actors,
    header_actors,
    may_frame,
    may_open_with_phrase,
    subject_actors,
)
from loftesparser.extract.sections import SectionInfo
from loftesparser.lexicon import load_toml, string_list, word_alternation
from loftesparser.models import Actor, ActorSource, SectionKind
from loftesparser.nlp import sentences
from loftesparser.segment import Block, Structure
from loftesparser.textsim import NearDuplicates, folded_words, word_counts

ListRole = Literal["activities", "promises", "focus_areas", "other", "undecided", "lovar"]

_NON_ACTIVITY_KINDS: frozenset[SectionKind] = frozenset(
    {"timeframe", "follow_up", "purpose", "method", "situation", "signatures", "focus_areas"}
)

# Promises are not made in these sections (a follow-up plan "kommer att redovisa").
_NON_PROMISE_KINDS: frozenset[SectionKind] = frozenset({"timeframe", "follow_up", "signatures"})
# A focus area is a named area, not a sentence.
_MAX_FOCUS_WORDS = 15


@dataclass(frozen=True, slots=True)
class _ContentWords:
    """The patterns built from ``data/content.toml``."""

    activity_intro: regex.Pattern[str]
    focus_intro: regex.Pattern[str]
    other_intro: regex.Pattern[str]
    promise_word: regex.Pattern[str]
    promise_verb: regex.Pattern[str]
    future_word: regex.Pattern[str]
    #: After the subject: a promising verb, or an auxiliary with "att" within five words.
    promise_verb_after_subject: regex.Pattern[str]
    #: Found in every text whose tail after a subject matches promise_verb_after_subject
    #: (a subject ends before a non-word character, so the verb follows a space).
    promise_verb_cue: regex.Pattern[str]
    meta_item: regex.Pattern[str]
    #: The case-folded first letters of the words meta_item opens with.
    meta_initials: frozenset[str]


@lru_cache(maxsize=1)
def _words() -> _ContentWords:
    data = load_toml("content.toml")

    def words(table: str, key: str) -> str:
        return word_alternation(string_list(data[table], key, source="content.toml"))

    def anywhere(alternation: str) -> regex.Pattern[str]:
        return regex.compile(rf"\b{alternation}\b", regex.IGNORECASE)

    verbs = words("promise", "verbs")
    auxiliary_with_att = (
        rf"{words('promise', 'auxiliaries')}\b(?:\s+\S+){{0,5}}?"
        rf"\s+{words('promise', 'infinitive_marker')}\s"
    )
    return _ContentWords(
        activity_intro=anywhere(words("intro", "activities")),
        focus_intro=anywhere(words("intro", "focus_areas")),
        other_intro=anywhere(words("intro", "other")),
        promise_word=anywhere(words("promise", "words")),
        promise_verb=anywhere(verbs),
        future_word=anywhere(words("promise", "future_words")),
        promise_verb_after_subject=regex.compile(
            rf"^\s*{verbs}\b|^\s*{auxiliary_with_att}", regex.IGNORECASE
        ),
        promise_verb_cue=regex.compile(rf"\s{verbs}|\s{auxiliary_with_att}", regex.IGNORECASE),
        meta_item=regex.compile(
            rf"^{words('meta', 'subjects')}\s+{words('meta', 'verbs')}"
            rf"|^{words('meta', 'follow_up')}\s+{words('meta', 'follow_up_verbs')}"
            rf"|^{words('meta', 'openers')}",
            regex.IGNORECASE,
        ),
        meta_initials=frozenset(
            entry[:1].casefold()
            for key in ("subjects", "follow_up", "openers")
            for entry in string_list(data["meta"], key, source="content.toml")
        ),
    )


def _mentions_promise(text: str) -> bool:
    """Does ``text`` hold a promise word ("lovar", "löftet")?"""
    # One search: the engine scans for the words' letters faster than the text folds.
    return bool(_words().promise_word.search(text))


_NON_SPACE_RUN = re.compile(r"\S+")
_AFTER_SENTENCE_STOP = regex.compile(r"(?<=[.!?])\s+")
_WORD_CHARACTER = regex.compile(r"\w")


# The findings are never changed once built, but are not frozen: a frozen dataclass
# sets each field through object.__setattr__, which costs several times the plain
# stores (and the block they hold already makes them unhashable).
@dataclass(slots=True)
class ActivityFinding:
    """An activity before assembly: the item block and its ownership."""

    block: Block
    text: str
    #: Offsets in the normalized text of ``text``.
    start: int
    end: int
    actors: frozenset[Actor]
    actor_source: ActorSource
    marker: Marker | None
    section: SectionInfo | None


@dataclass(slots=True)
class TextFinding:
    text: str
    start: int
    end: int
    block: Block


@dataclass(slots=True)
class ContentResult:
    activities: list[ActivityFinding] = field(default_factory=list)
    promises: list[TextFinding] = field(default_factory=list)
    focus_areas: list[TextFinding] = field(default_factory=list)


@dataclass(slots=True)
class _ListGroup:
    items: list[Block]
    intro: Block | None
    section: SectionInfo | None
    role: ListRole = "undecided"
    owner: frozenset[Actor] | None = None


# --- helpers ---------------------------------------------------------------------------


#: The section of each of a document's headings, by the heading's index (a block's
#: ``heading_index``): finding a block's section is one list lookup.
_SectionsAt = list[SectionInfo | None]


def _section_map(structure: Structure, sections: Sequence[SectionInfo]) -> _SectionsAt:
    by_heading = {id(s.block): s for s in sections}
    return [by_heading.get(id(heading)) for heading in structure.headings]


def _section_of(block: Block, sections_at: _SectionsAt) -> SectionInfo | None:
    index = block.heading_index
    return sections_at[index] if index is not None else None


_INTRO_ENDS = (":", "...", "…")


def _is_intro(block: Block) -> bool:
    if block.kind != "paragraph":
        return False
    text = block.text
    # Only a text ending in white space (rarely) needs the copy rstrip makes.
    if text.endswith(_INTRO_ENDS):
        return True
    return text[-1:].isspace() and text.rstrip().endswith(_INTRO_ENDS)


def _list_groups(structure: Structure, sections_at: _SectionsAt) -> list[_ListGroup]:
    groups: dict[int, _ListGroup] = {}
    blocks = structure.blocks
    for index, block in enumerate(blocks):
        if block.kind != "list_item" or block.list_id is None:
            continue
        group = groups.get(block.list_id)
        if group is None:
            previous = blocks[index - 1] if index > 0 else None
            intro = (
                previous
                if previous is not None and (_is_intro(previous) or previous.kind == "heading")
                else None
            )
            group = _ListGroup([], intro, _section_of(block, sections_at))
            groups[block.list_id] = group
        group.items.append(block)
    return list(groups.values())


def _role_from_intro(
    intro: Block, section: SectionInfo | None
) -> tuple[ListRole, frozenset[Actor] | None]:
    text = intro.text
    # A heading's owner was found with its section.
    owner = section.owner if section is not None and section.block is intro else header_actors(text)
    if intro.kind == "heading":
        kind = section.kind if section else "other"
        if owner:
            return "activities", owner
        return _role_from_kind(kind), None
    if owner:
        return ("lovar" if _mentions_promise(text) else "activities"), owner
    if _words().activity_intro.search(text):
        return "activities", None
    if _words().focus_intro.search(text):
        return "focus_areas", None
    if _words().other_intro.search(text):
        return "other", None
    if _mentions_promise(text):
        return "lovar", None
    return _role_from_kind(section.kind if section else "other"), None


def _role_from_kind(kind: SectionKind) -> ListRole:
    if kind == "activities":
        return "activities"
    if kind == "focus_areas":
        return "focus_areas"
    if kind in _NON_ACTIVITY_KINDS:
        return "other"
    return "undecided"


def _promise_subject(text: str) -> bool:
    """Does ``text`` open with the parties as subject and a promising verb?"""
    head = text.lstrip(".… ")[:240]
    # The cheap tests first: matching an actor phrase costs more.
    return (
        may_open_with_phrase(head)
        and bool(_words().promise_verb_cue.search(head))
        and _phrase_promises(head)
    )


def _subject_promises(head: str) -> bool:
    """Is ``head`` an actor phrase followed by a promising verb?"""
    return may_open_with_phrase(head) and _phrase_promises(head)


def _phrase_promises(head: str) -> bool:
    """:func:`_subject_promises` without its cheap test."""
    match = actor_patterns().phrase_start.match(head)
    if match is None:
        return False
    return bool(_words().promise_verb_after_subject.match(head[match.end() :]))


def _joint(text: str) -> bool:
    patterns = actor_patterns()
    head = text[:240]
    if not may_open_with_phrase(head):
        return False
    match = patterns.phrase_start.match(head)
    if match is None:
        return False
    phrase = match.group(0)
    return bool(
        (patterns.police.search(phrase) and patterns.kommun.search(phrase))
        or patterns.both.match(phrase)
    )


# --- the extractor ---------------------------------------------------------------------


def extract_content(structure: Structure, sections: Sequence[SectionInfo]) -> ContentResult:
    """Find the promises, focus areas and activities of a segmented document."""
    sections_at = _section_map(structure, sections)
    groups = _list_groups(structure, sections_at)
    for group in groups:
        if group.intro is not None:
            group.role, group.owner = _role_from_intro(group.intro, group.section)
        else:
            group.role = _role_from_kind(group.section.kind if group.section else "other")
        # The cheap promise-word test first.
        if group.role in ("undecided", "lovar") and all(
            _mentions_promise(item.text) and _promise_subject(item.text) for item in group.items
        ):
            group.role = "promises"

    has_activity_lists = any(g.role == "activities" for g in groups)
    for group in groups:
        if group.role == "lovar":
            group.role = "promises" if has_activity_lists else "activities"

    result = ContentResult()
    for group in groups:
        if group.role == "promises":
            result.promises.extend(
                _text_finding(structure.text, item) for item in group.items if not _is_meta(item)
            )
        elif group.role == "focus_areas":
            result.focus_areas.extend(
                _text_finding(structure.text, item, strip_period=True)
                for item in group.items
                if not _is_meta(item) and len(item.text.split()) <= _MAX_FOCUS_WORDS
            )

    result.promises.extend(_paragraph_promises(structure, sections_at))
    result.promises, promise_index = _dedupe(result.promises)

    explicit = any(g.role == "activities" for g in groups)
    # Folding the whole text is skipped when no list waits for the answer.
    undecided_taken = any(g.role == "undecided" for g in groups) and _is_medborgarlofte(structure)
    owners = _Owners(structure)
    # Lists nothing names as activities are taken when there are no named ones, or
    # when their items name their own owners ("... / Polisen", "Kommunen ska ...").
    activity_groups = [
        g
        for g in groups
        if g.role == "activities"
        or (g.role == "undecided" and undecided_taken and (not explicit or _self_owned(g, owners)))
    ]
    for group in activity_groups:
        for item in group.items:
            finding = _activity(structure, item, group.owner, sections_at, owners)
            if finding is None or _restates(promise_index, finding.text):
                continue
            result.activities.append(finding)
    result.activities.extend(
        _paragraph_activities(structure, sections_at, owners, has_lists=bool(activity_groups))
    )
    result.activities.sort(key=lambda a: a.start)
    result.focus_areas.extend(_focus_headings(result.activities, sections))
    result.focus_areas.sort(key=lambda f: f.start)
    return result


def _bold_from(item: Block) -> int | None:
    """Where in the item's text a trailing bold run starts (evidence for a marker)."""
    return item.bold_tail - item.start if item.bold_tail is not None else None


class _Owners:
    """Each block's trailing marker and subject, and the document's framing, looked up once.

    Deciding whether a list names its owners and building its activities ask
    the same questions of the same items; the answers are kept by block. The
    framing is only needed when an activity names no owner of its own.
    """

    __slots__ = ("_framing", "_markers", "_structure", "_subjects")

    def __init__(self, structure: Structure) -> None:
        self._structure = structure
        self._markers: dict[int, Marker | None] = {}
        self._subjects: dict[int, frozenset[Actor] | None] = {}
        self._framing: tuple[frozenset[Actor] | None] | None = None

    def framing(self) -> frozenset[Actor] | None:
        """Both parties when the document frames its promises as joint (:func:`framing_actors`)."""
        if self._framing is None:
            self._framing = (framing_actors(_framing_sentences(self._structure)),)
        return self._framing[0]

    def marker(self, block: Block) -> Marker | None:
        """The trailing ownership marker of ``block`` (see :func:`find_marker`)."""
        key = id(block)
        if key not in self._markers:
            self._markers[key] = find_marker(block.text, bold_from=_bold_from(block))
        return self._markers[key]

    def subject(self, block: Block) -> frozenset[Actor] | None:
        """The parties that are the subject of ``block``'s text (see :func:`subject_actors`)."""
        key = id(block)
        if key not in self._subjects:
            self._subjects[key] = subject_actors(block.text)
        return self._subjects[key]


def _self_owned(group: _ListGroup, owners: _Owners) -> bool:
    """Do most of a list's items name their owner (a marker or an actor as subject)?"""
    owned = 0
    for item in group.items:
        if owners.marker(item) or owners.subject(item):
            owned += 1
    return owned * 2 >= len(group.items) > 0


# Where "löfte" is in a case-folded text, its "ö" is the folding of "ö" or "Ö" and its
# "f" starts the folding of one of these (tested on every code point).
_O_BEFORE_F = re.compile("[öÖ][fFﬀﬁﬂﬃﬄ]")


def _is_medborgarlofte(structure: Structure) -> bool:
    """Only a document about promises may have a bare list taken as its activities."""
    return _holds_folded_lofte(structure.text)


def _holds_folded_lofte(text: str) -> bool:
    """``"löfte" in text.casefold()``, without folding all of ``text``.

    Only the few places an "ö" meets an "f" are folded, from the character
    before to the third after (each folds to at least one character).
    """
    for match in _O_BEFORE_F.finditer(text):
        start = match.start()
        if "löfte" in text[max(start - 1, 0) : start + 4].casefold():
            return True
    return False


def _is_meta(item: Block) -> bool:
    text = item.text.lstrip(".… ")
    # Most items open with another letter: no match to try (every character the
    # pattern takes for an initial ignoring case folds to it, tested on every code point).
    if text[:1].casefold() not in _words().meta_initials:
        return False
    return bool(_words().meta_item.match(text))


def _text_finding(text: str, block: Block, *, strip_period: bool = False) -> TextFinding:
    """A finding over ``block``; ``text`` is the normalized document text."""
    content = block.text.strip()
    end = block.end
    if strip_period and content.endswith(".") and not content.endswith(".."):
        content = content[:-1].rstrip()
        end = _content_end(text, block.start, block.end, content)
    return TextFinding(text=content, start=block.start, end=end, block=block)


# Dice similarity of word multisets at which two texts say the same thing.
_RESTATES = 0.8


def _rarity(word: str) -> int:
    # Long words are rare words: they make near-duplicate candidates few (see textsim),
    # without counting the document's words first.
    return -len(word)


def _dedupe(findings: list[TextFinding]) -> tuple[list[TextFinding], NearDuplicates]:
    """Findings without those restating an earlier one (first kept, in order), and the
    index of the kept ones' words."""
    index = NearDuplicates(_RESTATES, _rarity)
    kept: list[TextFinding] = []
    for finding in findings:
        counts = word_counts(finding.text)
        if index.has_similar(counts):
            continue
        index.add(counts)
        kept.append(finding)
    kept.sort(key=lambda f: f.start)
    return kept, index


def _restates(index: NearDuplicates, text: str) -> bool:
    """Does ``text`` restate a text of ``index``? Its words are counted only when it may."""
    if not len(index):
        return False  # no promises: nothing to fold
    folded = text.casefold()
    if not index.may_match_folded(folded):
        return False
    text_words = folded_words(folded)
    return index.may_match_size(len(text_words)) and index.has_similar(Counter(text_words))


def _framing_sentences(structure: Structure) -> Iterator[str]:
    # Lazily: the framing is usually found in the first paragraphs. A block without a
    # cue is not split into sentences none of which could frame.
    for block in structure.blocks:
        if block.kind in ("title", "paragraph") and may_frame(block.text):
            yield from _AFTER_SENTENCE_STOP.split(block.text)


def _activity(
    structure: Structure,
    item: Block,
    header_owner: frozenset[Actor] | None,
    sections_at: _SectionsAt,
    owners: _Owners,
) -> ActivityFinding | None:
    text = item.text
    if _is_meta(item):
        return None
    marker = owners.marker(item)
    body = text[: marker.start].rstrip() if marker else text
    # A letter first is the common case (every str.isalpha character is a \w of the
    # regex engine: tested on every code point).
    if not (body[:1].isalpha() or _WORD_CHARACTER.search(body)):
        return None
    actors: frozenset[Actor] | None
    source: ActorSource
    if marker:
        actors, source = marker.actors, "marker"
    # Without a marker the body is the whole text.
    elif (subject := owners.subject(item)) is not None:
        actors, source = subject, "subject"
    elif header_owner:
        actors, source = header_owner, "header"
    elif framing := owners.framing():
        actors, source = framing, "document"
    else:
        actors, source = frozenset(), "none"
    end = _content_end(structure.text, item.start, item.end, body)
    return ActivityFinding(
        block=item,
        text=body,
        start=item.start,
        end=end,
        actors=actors,
        actor_source=source,
        marker=marker,
        section=_section_of(item, sections_at),
    )


def _content_end(text: str, start: int, end: int, body: str) -> int:
    """End offset in ``text`` of ``body``, a whitespace-folded prefix of ``text[start:end]``."""
    if not body or body.isspace():
        return end  # nothing to find (str.split splits on what isspace says)
    span = text[start:end]
    # The common cases without counting: the body is written as in the text (one
    # line), or it is the whole block and ends where the block's last run ends.
    if span.startswith(body):
        return start + len(body.rstrip())
    wanted = len("".join(body.split()))
    available = len("".join(span.split()))
    if wanted >= available:
        return start + len(span.rstrip()) if wanted == available else end
    return _after_non_space(text, start, end, wanted)


def _paragraph_promises(structure: Structure, sections_at: _SectionsAt) -> list[TextFinding]:
    findings: list[TextFinding] = []
    blocks = structure.blocks
    for index, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        section = _section_of(block, sections_at)
        if section is not None and section.kind in _NON_PROMISE_KINDS:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if _is_intro(block) and following is not None and following.kind == "list_item":
            continue
        # The future word's search is the cheaper one (a literal the engine scans for).
        if not (_words().future_word.search(block.text) or _mentions_promise(block.text)):
            continue
        for start, end in sentences(block.text):
            sentence = block.text[start:end].strip()
            if not _promise_subject(sentence):
                continue
            promising = bool(_words().promise_verb.search(sentence))
            if not promising and not _joint(sentence):
                continue
            begin = _offset_of(
                structure.text,
                block,
                start + (len(block.text[start:end]) - len(block.text[start:end].lstrip())),
            )
            stop = _content_end(structure.text, begin, block.end, sentence)
            findings.append(TextFinding(text=sentence, start=begin, end=stop, block=block))
    return findings


def _offset_of(text: str, block: Block, content_offset: int) -> int:
    """Map an offset in ``block.text`` (lines joined by spaces) to the normalized text."""
    position = _after_non_space(
        text, block.start, block.end, len("".join(block.text[:content_offset].split()))
    )
    while position < block.end and text[position].isspace():
        position += 1
    return position


def _after_non_space(text: str, start: int, end: int, count: int) -> int:
    """The offset in ``text[start:end]`` just after its ``count``-th non-space character
    (``end`` when it has fewer; ``start`` when ``count`` is 0)."""
    seen = 0
    if count <= 0:
        return start
    # Whole runs of non-space at a time (stdlib \S is str.isspace's complement).
    for run in _NON_SPACE_RUN.finditer(text, start, end):
        length = run.end() - run.start()
        if seen + length >= count:
            return run.start() + count - seen
        seen += length
    return end


def _paragraph_activities(
    structure: Structure,
    sections_at: _SectionsAt,
    owners: _Owners,
    *,
    has_lists: bool,
) -> list[ActivityFinding]:
    """Activities written as paragraphs: with an owner marker, or under an activities heading."""
    findings: list[ActivityFinding] = []
    # Looked for only when a paragraph under an activities heading asks (most never do).
    sections_with_lists: set[int] | None = None
    for block in structure.blocks:
        if block.kind != "paragraph" or _is_intro(block):
            continue
        section = _section_of(block, sections_at)
        if section is not None and section.kind in _NON_ACTIVITY_KINDS:
            continue
        marker = owners.marker(block)
        under_activities = False
        if section is not None and section.kind == "activities" and not has_lists:
            if sections_with_lists is None:
                sections_with_lists = {
                    id(_section_of(b, sections_at))
                    for b in structure.blocks
                    if b.kind == "list_item"
                }
            under_activities = id(section) not in sections_with_lists
        if marker is None and not under_activities:
            continue
        owner = section.owner if section is not None else None
        finding = _activity(structure, block, owner, sections_at, owners)
        if finding is not None:
            findings.append(finding)
    return findings


def _focus_headings(
    activities: Sequence[ActivityFinding], sections: Sequence[SectionInfo]
) -> list[TextFinding]:
    """Sub-headings that group activities by theme ("Tryggheten:", "Trafikmiljön:")."""
    with_activities = {id(a.section) for a in activities if a.section is not None}
    grouping = [
        section
        for section in sections
        if section.kind == "other" and id(section) in with_activities
    ]
    if len(grouping) < 2:
        return []
    return [
        TextFinding(
            text=s.heading, start=s.block.start, end=s.block.start + len(s.heading), block=s.block
        )
        for s in grouping
    ]
