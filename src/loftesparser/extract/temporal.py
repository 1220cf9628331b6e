"""Temporal extraction: every date mention with a role, the signing date, the validity period.

Researchers compare promises by year and importers need to know when an
agreement is in force. This module

1. finds every time expression in the normalized text
   (:func:`find_date_expressions`, see :mod:`.temporal_patterns`);
2. gives each a role from its context (:mod:`.temporal_roles`): validity,
   signing, document_date, survey, analysis, follow_up, deadline, revision,
   history, reference or other;
3. dates the document: the signing date from the closing signature block (or
   a "tecknat den …" sentence), else the dated letterhead line;
4. resolves the promise's validity ``period`` from the strongest validity
   evidence — an explicit statement ("gäller från 1 januari 2020 - 31
   december 2022", a Tidsram section), else the promise's own name or title
   year ("MEDBORGARLÖFTE 2017", "medborgarlöften för 2016-2017"), else weaker
   hints, else a duration ("två (2) år framåt från det att de tecknas")
   anchored at the signing date. Disagreeing evidence is settled in favour of
   the promise's own year and reported as ``period_conflict``; a validity-like
   year before the period that only weakly claims validity is an earlier
   promise (``history``).

Everything here is a pure function of the :class:`~loftesparser.segment.Structure`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

import regex

from loftesparser.extract.temporal_patterns import (
    DateExpression,
    ExpressionIssue,
    find_date_expressions,
    scan,
    sentence_spans,
)
from loftesparser.extract.temporal_roles import (
    MentionContext,
    RoleDecision,
    SentenceCues,
    score_roles,
    sentence_cues,
)
from loftesparser.models import (
    BBox,
    DateMention,
    DateRole,
    ParseWarning,
    Period,
    Span,
    WarningCode,
    validated,
)
from loftesparser.segment import Block, Structure, is_date_only, place_date

__all__ = [
    "DateExpression",
    "ExpressionIssue",
    "TemporalResult",
    "add_duration",
    "extract_temporal",
    "find_date_expressions",
]


@dataclass(frozen=True)
class TemporalResult:
    """What the temporal module found in one document."""

    dates: list[DateMention]
    period: Period | None
    #: Signing date (signature block or a signing sentence), else the document date.
    signed_date: dt.date | None
    signed_span: Span | None
    document_date: dt.date | None
    warnings: list[ParseWarning] = field(default_factory=list)


# --- durations --------------------------------------------------------------------------

_DURATION = regex.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def add_duration(start: dt.date, duration: str) -> dt.date | None:
    """The last day of a period of ``duration`` (ISO 8601) that begins on ``start``.

    ``add_duration(2020-01-01, "P2Y")`` is 2021-12-31. ``None`` when the
    duration is malformed or the result is out of range.
    """
    m = _DURATION.match(duration)
    if m is None:
        return None
    years, months, weeks, days = (int(g) if g else 0 for g in m.groups())
    total_months = start.month - 1 + months + 12 * years
    year, month = start.year + total_months // 12, total_months % 12 + 1
    try:
        # 29 February plus a year lands on 28 February.
        day = min(start.day, _days_in_month(year, month))
        shifted = dt.date(year, month, day) + dt.timedelta(weeks=weeks, days=days)
        return shifted - dt.timedelta(days=1)
    except (ValueError, OverflowError):
        return None


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return (following - dt.timedelta(days=1)).day


# --- context ------------------------------------------------------------------------------

# A letterhead line is short: a date, maybe a place, "Datum:", a registration number.
_LETTERHEAD_MAX_WORDS = 8
# Content starts at the first paragraph or list item of at least this many words.
_CONTENT_MIN_WORDS = 6
# A date line among the last blocks of a document is a signing line even when the
# segmenter did not put it into a signature block.
_TRAILING_BLOCKS = 3


# _Mention and _BlockFacts write their own __init__ (init=False): mypyc compiles that
# one, while a dataclass's generated __init__ is a Python call per object.
@dataclass(slots=True, init=False)
class _Mention:
    expression: DateExpression
    block: Block | None
    context: MentionContext
    decision: RoleDecision
    role: DateRole
    start: dt.date | None
    end: dt.date | None

    def __init__(
        self,
        expression: DateExpression,
        block: Block | None,
        context: MentionContext,
        decision: RoleDecision,
    ) -> None:
        self.expression = expression
        self.block = block
        self.context = context
        self.decision = decision
        # The role and interval start as scored and found; the period resolution may
        # change them.
        self.role = decision.role
        self.start = expression.start
        self.end = expression.end


_block_start = attrgetter("start")
_block_end = attrgetter("end")


def _block_at(blocks: Sequence[Block], starts: Sequence[int], position: int) -> int:
    """The index in ``blocks`` (sorted by start) of the block holding ``position``, or -1."""
    index = bisect.bisect_right(starts, position) - 1
    if index >= 0 and blocks[index].start <= position < max(
        blocks[index].end, blocks[index].start + 1
    ):
        return index
    return -1


def _first_content_index(blocks: Sequence[Block]) -> int:
    for index, block in enumerate(blocks):
        if (
            block.kind in ("paragraph", "list_item")
            and len(block.text.split(None, _CONTENT_MIN_WORDS)) >= _CONTENT_MIN_WORDS
        ):
            return index
    return len(blocks)


def _is_dated_line(text: str) -> bool:
    return is_date_only(text) or place_date(text) is not None


@dataclass(slots=True, init=False)
class _BlockFacts:
    """What every mention in one block shares (computed once per block, never changed)."""

    sentences: list[tuple[int, int]]
    sentence_starts: list[int]
    heading: str | None
    in_title: bool
    in_signature: bool
    letterhead: bool

    def __init__(
        self,
        sentences: list[tuple[int, int]],
        heading: str | None,
        in_title: bool,
        in_signature: bool,
        letterhead: bool,
    ) -> None:
        self.sentences = sentences
        self.sentence_starts = [s[0] for s in sentences]
        self.heading = heading
        self.in_title = in_title
        self.in_signature = in_signature
        self.letterhead = letterhead


# A sentence ends after one of these only when something follows it in the block.
_SENTENCE_MARKS = ".!?…"


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` (:func:`sentence_spans`), at least one.

    A sentence also ends at a line break (a blank line, a list item's line): a block
    without one, and without a sentence mark before its last character, is one
    sentence, told by ``str.find`` without the pattern scan (half of the dated blocks).
    """
    if text.find("\n", start, end) < 0:
        for mark in _SENTENCE_MARKS:
            if text.find(mark, start, end - 1) >= 0:
                break
        else:
            return [(start, end)]
    return sentence_spans(text, start, end) or [(start, end)]


def _block_facts(structure: Structure, block: Block, index: int, content_from: int) -> _BlockFacts:
    sentences = _sentences(structure.text, block.start, block.end)
    heading_block = structure.heading_of(block)
    # Split no further than it takes to tell.
    short = len(block.text.split(None, _LETTERHEAD_MAX_WORDS)) <= _LETTERHEAD_MAX_WORDS
    trailing = (
        index >= len(structure.blocks) - _TRAILING_BLOCKS and short and _is_dated_line(block.text)
    )
    letterhead = (
        index < content_from and block.kind not in ("title", "heading", "signature") and short
    )
    return _BlockFacts(
        sentences=sentences,
        heading=heading_block.text
        if heading_block is not None and block.kind != "heading"
        else None,
        in_title=block.kind == "title",
        in_signature=(block.kind == "signature" or trailing) and not letterhead,
        letterhead=letterhead,
    )


def _context(facts: _BlockFacts | None, expression: DateExpression) -> MentionContext:
    span = expression.span
    if facts is None:
        return MentionContext(sentence=(span.start, span.end))
    index = max(0, bisect.bisect_right(facts.sentence_starts, span.start) - 1)
    first, last = facts.sentences[index]
    return MentionContext(
        sentence=(min(first, span.start), max(last, span.end)),
        heading=facts.heading,
        in_title=facts.in_title,
        in_signature=facts.in_signature,
        letterhead=facts.letterhead,
    )


# --- the stage -----------------------------------------------------------------------------


def extract_temporal(structure: Structure) -> TemporalResult:
    """Date mentions with roles, signing and document dates, and the validity period."""
    text = structure.text
    blocks = structure.blocks
    starts = list(map(_block_start, blocks))
    # The segmenter makes the blocks in text order: sort only when they are not (a stable
    # sort, so the order of blocks that start together stays the segmenter's).
    order: list[int] | None = None
    if starts != sorted(starts):
        order = sorted(range(len(blocks)), key=starts.__getitem__)
        blocks = [blocks[i] for i in order]
        starts = [starts[i] for i in order]
    content_from = _first_content_index(structure.blocks)
    regions = list(zip(starts, map(_block_end, blocks), strict=True))
    expressions = scan(text, regions)

    sentence_cache: dict[tuple[int, int], SentenceCues] = {}
    block_facts: dict[int, _BlockFacts] = {}  # by position in ``blocks``
    mentions: list[_Mention] = []
    for expression in expressions:
        position = _block_at(blocks, starts, expression.span.start)
        block = blocks[position] if position >= 0 else None
        facts = None
        if block is not None:
            facts = block_facts.get(position)
            if facts is None:
                # The block's index among the structure's blocks (the trailing-block test).
                index = order[position] if order is not None else position
                facts = block_facts[position] = _block_facts(structure, block, index, content_from)
        context = _context(facts, expression)
        sentence = sentence_cache.get(context.sentence)
        if sentence is None:
            first, last = context.sentence
            sentence = sentence_cache[context.sentence] = sentence_cues(text, first, last)
        decision = score_roles(text, expression, context, sentence)
        mentions.append(_Mention(expression, block, context, decision))

    warnings: list[ParseWarning] = [
        ParseWarning(code=issue.code, message=issue.message, span=m.expression.span)
        for m in mentions
        for issue in m.expression.issues
    ]
    signed_date, signed_span, document_date = _dates_of_document(mentions)
    period = _resolve_period(mentions, signed_date, warnings)
    _settle_conflicts(mentions, period, warnings)
    located: dict[int, tuple[int | None, BBox | None]] = {}  # per block: its page and box
    return TemporalResult(
        dates=[_date_mention(m, located) for m in mentions],
        period=period,
        signed_date=signed_date,
        signed_span=signed_span,
        document_date=document_date,
        warnings=warnings,
    )


def _date_mention(m: _Mention, located: dict[int, tuple[int | None, BBox | None]]) -> DateMention:
    block = m.block
    page, bbox = None, None
    if block is not None:
        where = located.get(id(block))
        if where is None:
            page = block.page
            # No page, no box: the box unites the boxes of the lines on the block's page,
            # and a line on no page (text input) has no provenance.
            where = located[id(block)] = (page, block.bbox if page is not None else None)
        page, bbox = where
    # DateMention(...) without its Python layer, paid per mention.
    return validated(
        DateMention,
        {
            "text": m.expression.text,
            "span": m.expression.span,
            "page": page,
            "bbox": bbox,
            "start": m.start,
            "end": m.end,
            "granularity": m.expression.granularity,
            "role": m.role,
            "duration": m.expression.duration,
        },
    )


def _day(m: _Mention) -> dt.date | None:
    expression = m.expression
    if (
        expression.granularity == "day"
        and expression.start is not None
        and expression.start == expression.end
    ):
        return expression.start
    return None


def _dates_of_document(
    mentions: Sequence[_Mention],
) -> tuple[dt.date | None, Span | None, dt.date | None]:
    """(signed date, its span, document date).

    Signing comes from the signature block (the latest date when the parties
    signed on different days), else from a signing sentence in the text; with
    neither, the dated letterhead stands for the signing date.
    """
    document = next((m for m in mentions if m.role == "document_date" and _day(m)), None)
    document_date = _day(document) if document is not None else None
    in_block = [m for m in mentions if m.role == "signing" and m.context.in_signature and _day(m)]
    in_text = [
        m for m in mentions if m.role == "signing" and not m.context.in_signature and _day(m)
    ]
    for group in (in_block, in_text):
        if group:
            latest = max(group, key=lambda m: _day(m) or dt.date.min)
            return _day(latest), latest.expression.span, document_date
    if document is not None:
        return document_date, document.expression.span, document_date
    return None, None, None


# --- the period --------------------------------------------------------------------------------


def _interval(m: _Mention) -> tuple[dt.date | None, dt.date | None]:
    return m.start, m.end


# At most this many distinct candidate periods are weighed against each other; a
# real document has a handful, and the bound keeps adversarial input linear.
_MAX_CANDIDATES = 64


def _support(
    leaders: Sequence[_Mention], others: Sequence[_Mention]
) -> dict[tuple[dt.date | None, dt.date | None], float]:
    """How much the validity mentions agree with each leader's interval.

    A mention with the same interval counts its full evidence, one inside it half.
    """
    weights: dict[tuple[dt.date | None, dt.date | None], float] = {}
    for other in others:
        key = _interval(other)
        weights[key] = weights.get(key, 0.0) + float(other.decision.evidence)
    candidates = sorted({_interval(m) for m in leaders}, key=lambda k: -weights.get(k, 0.0))
    support = {k: 0.0 for k in candidates}
    for candidate in candidates[:_MAX_CANDIDATES]:
        total = weights.get(candidate, 0.0)
        low, high = candidate
        if low is not None and high is not None:
            for (start, end), weight in weights.items():
                if (start, end) != candidate and start and end and low <= start and end <= high:
                    total += weight / 2
        support[candidate] = total
    return support


def _resolve_period(
    mentions: list[_Mention], anchor: dt.date | None, warnings: list[ParseWarning]
) -> Period | None:
    validity = [m for m in mentions if m.role == "validity"]
    absolute = [m for m in validity if m.expression.kind != "relative" and (m.start or m.end)]
    relative = [m for m in validity if m.expression.kind == "relative" and m.expression.duration]
    if absolute:
        top = max(m.decision.evidence for m in absolute)
        leaders = [m for m in absolute if m.decision.evidence == top]
        support = _support(leaders, absolute)
        # Of equal leaders the first in the text (max keeps the first of equal keys).
        chosen = max(leaders, key=lambda m: (support[_interval(m)], m.expression.kind == "range"))
        start, end = _interval(chosen)
        if chosen.expression.kind == "point" and chosen.expression.granularity == "day":
            # "börjar gälla 1 mars 2022", "träder i kraft den 1 januari 2021": a day
            # stated as validity is where it starts, not the whole period.
            end = None
        duration = None
        others = [m for m in absolute if m is not chosen]
        if start is None:
            # An open end ("t.o.m. 2023") takes its start from an explicit "fr.o.m.", else
            # from the strongest other validity mention that starts before it.
            earlier = [m for m in others if m.start is not None and (end is None or m.start <= end)]
            if earlier:
                start = max(
                    earlier, key=lambda m: (m.expression.kind == "from", m.decision.evidence)
                ).start
            elif anchor is not None and (end is None or anchor <= end):
                start = anchor  # "gäller t.o.m. 2023": in force from the signing
        if end is None:
            later = [m for m in others if m.end is not None and (start is None or m.end >= start)]
            bounds = [m for m in later if m.expression.kind == "until"]
            if bounds:
                end = max(bounds, key=lambda m: m.decision.evidence).end
            elif relative and start is not None:
                duration = relative[0].expression.duration
                assert duration is not None
                end = add_duration(start, duration)
            elif later:
                end = max(later, key=lambda m: m.decision.evidence).end
        return Period(
            start=start,
            end=end,
            duration=duration,
            text=chosen.expression.text,
            span=chosen.expression.span,
        )
    if relative:
        chosen = max(relative, key=lambda m: (m.decision.evidence, m.decision.score))
        duration = chosen.expression.duration
        assert duration is not None
        if anchor is not None:
            end = add_duration(anchor, duration)
            chosen.start, chosen.end = anchor, end
            return Period(
                start=anchor,
                end=end,
                duration=duration,
                text=chosen.expression.text,
                span=chosen.expression.span,
            )
        warnings.append(
            ParseWarning(
                code=WarningCode.RELATIVE_PERIOD_UNANCHORED,
                message=(
                    f"validity {chosen.expression.text!r} ({duration}) counts from the signing, "
                    "but the document gives no signing or document date"
                ),
                span=chosen.expression.span,
            )
        )
        return Period(duration=duration, text=chosen.expression.text, span=chosen.expression.span)
    warnings.append(
        ParseWarning(
            code=WarningCode.NO_PERIOD,
            message="no validity period: no date or duration is stated as the promise's period",
        )
    )
    return None


# Evidence in the mention's own sentence at or above this (the promise's name, title,
# promise sentence, explicit statement) makes a disagreeing validity mention a
# conflict rather than history; a section heading alone does not.
_CONFLICT_EVIDENCE = 3


def _settle_conflicts(
    mentions: list[_Mention], period: Period | None, warnings: list[ParseWarning]
) -> None:
    """Mentions that disagree with the chosen period: relabel weak ones, report strong ones."""
    if period is None or period.start is None or period.end is None:
        return
    for m in mentions:
        start, end = _interval(m)
        if m.expression.kind == "relative" or (start is None and end is None):
            continue
        before = end is not None and end < period.start
        after = start is not None and start > period.end
        if not (before or after):
            continue
        if m.role == "validity":
            if m.decision.local_evidence >= _CONFLICT_EVIDENCE:
                warnings.append(_conflict(m, period, "also stated as the validity"))
            else:
                # "förlänga 2016 års medborgarlöften även under 2017": last year's promise.
                m.role = "history" if before else "other"
        elif (
            m.role == "follow_up"
            and before
            and not m.expression.year_inferred
            and m.expression.granularity in ("year", "multi_year", "season", "month")
        ):
            # Following up a promise before it is in force: a copy from another year.
            warnings.append(_conflict(m, period, "follow-up period before the promise is in force"))


def _conflict(m: _Mention, period: Period, why: str) -> ParseWarning:
    return ParseWarning(
        code=WarningCode.PERIOD_CONFLICT,
        message=(
            f"{m.expression.text!r} ({m.start}–{m.end}) disagrees with the validity period "
            f"{period.start}–{period.end}: {why}; the promise's own period wins"
        ),
        span=m.expression.span,
    )
