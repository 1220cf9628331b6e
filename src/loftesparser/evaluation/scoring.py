"""Scoring of parser output against gold, exactly per ``corpus/gold/README.md``.

All functions here are pure: they take a gold annotation and a prediction and
return result models; nothing reads files or parses documents.

Rules, in short:

* text similarity is the Dice coefficient of NFKC-lower-cased ``\\w+`` token
  multisets; items are matched one-to-one, greedily, highest similarity first
  (ties: earlier gold item, then earlier prediction), when similarity >= 0.8;
* activities, promises, focus areas and signatory names: P/R/F1 of matches;
  sections: P/R/F1 where a match means equal normalized headings;
* over matched activities: actors (only where the gold sets them) as sets,
  section (only where the gold has one) as normalized headings; over matched
  signatories: role similarity >= 0.8 (two absent roles agree);
* per document: period, signed date, kommuner (as a set of bare names) and
  lokalpolisområde (without a leading "Lokalpolisområde"/"LPO") right or wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from loftesparser.evaluation.gold import GoldDocument, GoldPeriod
from loftesparser.evaluation.results import (
    PRF,
    Accuracy,
    AttributeScore,
    Disagreement,
    DocumentScore,
    FieldAccuracies,
    FieldScore,
    ListScore,
    Match,
    MicroMetrics,
    Miss,
)
from loftesparser.evaluation.textnorm import (
    dice,
    dice_counts,
    normalize_heading,
    normalize_kommun,
    normalize_lpo,
    token_counts,
    tokens,
)
from loftesparser.models import Period, PromiseDocument

#: A predicted item matches a gold item at this Dice similarity or above.
MATCH_THRESHOLD = 0.8

T = TypeVar("T")
PeriodValue = tuple[dt.date | None, dt.date | None, str | None]


# --------------------------------------------------------------------------- the compared view


@dataclass(frozen=True, slots=True)
class _Activity:
    text: str
    actors: frozenset[str] | None
    section: str | None


@dataclass(frozen=True, slots=True)
class _View:
    """What scoring looks at, taken from either a gold file or a parsed document."""

    kommuner: tuple[str, ...] = ()
    lokalpolisomrade: str | None = None
    period: PeriodValue | None = None
    signed_date: dt.date | None = None
    signatories: tuple[tuple[str, str | None], ...] = ()
    sections: tuple[str, ...] = ()
    focus_areas: tuple[str, ...] = ()
    promises: tuple[str, ...] = ()
    activities: tuple[_Activity, ...] = ()


def _period_value(period: GoldPeriod | Period | None) -> PeriodValue | None:
    # A period with neither dates nor duration says nothing; treat it as absent.
    if period is None or (period.start, period.end, period.duration) == (None, None, None):
        return None
    return (period.start, period.end, period.duration)


def _view(doc: GoldDocument | PromiseDocument) -> _View:
    if isinstance(doc, GoldDocument):
        return _View(
            kommuner=tuple(doc.kommuner),
            lokalpolisomrade=doc.lokalpolisomrade,
            period=_period_value(doc.period),
            signed_date=doc.signed.date,
            signatories=tuple((s.name, s.role) for s in doc.signatories),
            sections=tuple(doc.sections),
            focus_areas=tuple(doc.focus_areas),
            promises=tuple(doc.promises),
            activities=tuple(
                _Activity(a.text, None if a.actors is None else frozenset(a.actors), a.section)
                for a in doc.activities
            ),
        )
    return _View(
        kommuner=tuple(k.name for k in doc.kommuner),
        lokalpolisomrade=doc.lokalpolisomrade.name if doc.lokalpolisomrade else None,
        period=_period_value(doc.period),
        signed_date=doc.signed.date,
        signatories=tuple((s.name, s.role) for s in doc.signatories),
        sections=tuple(s.heading for s in doc.sections),
        focus_areas=tuple(f.text for f in doc.focus_areas),
        promises=tuple(p.text for p in doc.promises),
        # The parser writes [] for "unknown"; it then simply disagrees with a gold set.
        activities=tuple(_Activity(a.text, frozenset(a.actors), a.section) for a in doc.activities),
    )


# --------------------------------------------------------------------------- matching


def greedy_match(
    gold: Sequence[T],
    predicted: Sequence[T],
    similarity: Callable[[T, T], float],
    *,
    threshold: float = MATCH_THRESHOLD,
) -> list[tuple[int, int, float]]:
    """One-to-one matching, highest similarity first, of pairs with similarity >= ``threshold``.

    Returns ``(gold_index, predicted_index, similarity)`` sorted by gold index.
    Ties are broken by document order (earlier gold item, then earlier
    prediction) so the result is deterministic.
    """
    candidates = [
        (sim, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if (sim := similarity(g, p)) >= threshold
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for sim, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi, sim))
    return sorted(pairs)


def match_texts(
    gold: Sequence[str], predicted: Sequence[str], *, threshold: float = MATCH_THRESHOLD
) -> list[tuple[int, int, float]]:
    """:func:`greedy_match` of texts by Dice similarity of their tokens."""
    # Tokenize once per item rather than once per pair.
    return greedy_match(
        [token_counts(t) for t in gold],
        [token_counts(t) for t in predicted],
        dice_counts,
        threshold=threshold,
    )


def _heading_similarity(a: str, b: str) -> float:
    # Sections are matched by normalized equality, not by token overlap.
    return 1.0 if a == b else 0.0


def _closest(text: str, others: Iterable[str]) -> tuple[str | None, float]:
    best: tuple[str | None, float] = (None, 0.0)
    counts = token_counts(text)
    for other in others:
        sim = dice_counts(counts, token_counts(other))
        if sim > best[1]:
            best = (other, sim)
    return best


def _list_score(
    gold: Sequence[str], predicted: Sequence[str], pairs: list[tuple[int, int, float]]
) -> ListScore:
    matched_gold = {gi for gi, _, _ in pairs}
    matched_pred = {pi for _, pi, _ in pairs}
    free_gold = [g for i, g in enumerate(gold) if i not in matched_gold]
    free_pred = [p for i, p in enumerate(predicted) if i not in matched_pred]

    def misses(items: list[str], other_side: list[str]) -> list[Miss]:
        out = []
        for item in items:
            closest, sim = _closest(item, other_side)
            out.append(Miss(text=item, closest=closest, similarity=round(sim, 4)))
        return out

    return ListScore(
        counts=PRF(tp=len(pairs), fp=len(free_pred), fn=len(free_gold)),
        matched=[
            Match(gold=gold[gi], predicted=predicted[pi], similarity=round(sim, 4))
            for gi, pi, sim in pairs
        ],
        missed=misses(free_gold, free_pred),
        spurious=misses(free_pred, free_gold),
    )


def score_texts(
    gold: Sequence[str], predicted: Sequence[str]
) -> tuple[ListScore, list[tuple[int, int, float]]]:
    """Score a list of texts (activities, promises, ...): counts, matches, misses, and the pairs."""
    pairs = match_texts(gold, predicted)
    return _list_score(gold, predicted, pairs), pairs


def score_headings(gold: Sequence[str], predicted: Sequence[str]) -> ListScore:
    """Score section headings: a match is equality after :func:`normalize_heading`."""
    pairs = greedy_match(
        [normalize_heading(h) for h in gold],
        [normalize_heading(h) for h in predicted],
        _heading_similarity,
    )
    return _list_score(gold, predicted, pairs)


# --------------------------------------------------------------------------- single fields


def period_correct(gold: PeriodValue | None, predicted: PeriodValue | None) -> bool:
    """Exact (start, end); when the gold has neither date, its duration; null only matches null."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    gold_start, gold_end, gold_duration = gold
    if gold_start is None and gold_end is None:
        return predicted[2] == gold_duration
    return predicted[:2] == (gold_start, gold_end)


def lpo_correct(gold: str | None, predicted: str | None) -> bool:
    """Equal after dropping a leading "Lokalpolisområde"/"LPO" (case and spacing ignored)."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return normalize_lpo(gold) == normalize_lpo(predicted)


def kommuner_correct(gold: Iterable[str], predicted: Iterable[str]) -> bool:
    """Equal as sets of bare names (case ignored; a trailing " kommun" is dropped)."""
    return {normalize_kommun(k) for k in gold} == {normalize_kommun(k) for k in predicted}


def role_correct(gold: str | None, predicted: str | None) -> bool:
    """Roles agree when both are absent, or both present with similarity >= 0.8."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return dice(gold, predicted) >= MATCH_THRESHOLD


def _fmt_period(period: PeriodValue | None) -> str | None:
    if period is None:
        return None
    start, end, duration = period
    text = f"{start or '?'}..{end or '?'}" if start or end else ""
    if duration:
        text = f"{text} ({duration})" if text else duration
    return text


def _fmt_actors(actors: frozenset[str] | None) -> str | None:
    # Sorted "kommunen, polisen" so equal sets always print the same.
    return ", ".join(sorted(actors)) if actors else None


def _fmt_names(names: Sequence[str]) -> str | None:
    return ", ".join(names) if names else None


# --------------------------------------------------------------------------- documents


def _attributes(
    gold: _View, pred: _View, activity_pairs: list[tuple[int, int, float]]
) -> tuple[AttributeScore, AttributeScore]:
    actors = AttributeScore()
    sections = AttributeScore()
    for gi, pi, _ in activity_pairs:
        g, p = gold.activities[gi], pred.activities[pi]
        if g.actors is not None:
            ok = p.actors == g.actors
            actors.accuracy += Accuracy(correct=int(ok), total=1)
            if not ok:
                actors.wrong.append(
                    Disagreement(
                        item=g.text, gold=_fmt_actors(g.actors), predicted=_fmt_actors(p.actors)
                    )
                )
        if g.section is not None:
            ok = p.section is not None and normalize_heading(p.section) == normalize_heading(
                g.section
            )
            sections.accuracy += Accuracy(correct=int(ok), total=1)
            if not ok:
                sections.wrong.append(
                    Disagreement(item=g.text, gold=g.section, predicted=p.section)
                )
    return actors, sections


def _roles(gold: _View, pred: _View, pairs: list[tuple[int, int, float]]) -> AttributeScore:
    roles = AttributeScore()
    for gi, pi, _ in pairs:
        (name, gold_role), (_, pred_role) = gold.signatories[gi], pred.signatories[pi]
        ok = role_correct(gold_role, pred_role)
        roles.accuracy += Accuracy(correct=int(ok), total=1)
        if not ok:
            roles.wrong.append(Disagreement(item=name, gold=gold_role, predicted=pred_role))
    return roles


def score(gold: GoldDocument, predicted: PromiseDocument | GoldDocument | None) -> DocumentScore:
    """Score one prediction against its gold annotation.

    ``predicted`` is the parser's output (a gold annotation works too, e.g. to
    compare two annotators). ``None`` means no prediction: every gold item
    counts as missed and every document-level field as wrong, whatever its
    gold value, so a failed parse never earns credit.
    """
    g = _view(gold)
    p = _view(predicted) if predicted is not None else _View()
    given = predicted is not None

    activities, activity_pairs = score_texts(
        [a.text for a in g.activities], [a.text for a in p.activities]
    )
    signatories, signatory_pairs = score_texts(
        [n for n, _ in g.signatories], [n for n, _ in p.signatories]
    )
    actors, section_attribution = _attributes(g, p, activity_pairs)
    return DocumentScore(
        document=gold.document,
        activities=activities,
        promises=score_texts(g.promises, p.promises)[0],
        focus_areas=score_texts(g.focus_areas, p.focus_areas)[0],
        sections=score_headings(g.sections, p.sections),
        signatories=signatories,
        actors=actors,
        section_attribution=section_attribution,
        roles=_roles(g, p, signatory_pairs),
        period=FieldScore(
            correct=given and period_correct(g.period, p.period),
            gold=_fmt_period(g.period),
            predicted=_fmt_period(p.period),
        ),
        signed_date=FieldScore(
            correct=given and g.signed_date == p.signed_date,
            gold=g.signed_date.isoformat() if g.signed_date else None,
            predicted=p.signed_date.isoformat() if p.signed_date else None,
        ),
        kommuner=FieldScore(
            correct=given and kommuner_correct(g.kommuner, p.kommuner),
            gold=_fmt_names(g.kommuner),
            predicted=_fmt_names(p.kommuner),
        ),
        lokalpolisomrade=FieldScore(
            correct=given and lpo_correct(g.lokalpolisomrade, p.lokalpolisomrade),
            gold=g.lokalpolisomrade,
            predicted=p.lokalpolisomrade,
        ),
    )


def _field(value: FieldScore) -> Accuracy:
    return Accuracy(correct=int(value.correct), total=1)


def aggregate(scores: Iterable[DocumentScore]) -> tuple[MicroMetrics, FieldAccuracies]:
    """Sum per-document counts into micro P/R/F1 and field accuracies."""
    micro = MicroMetrics()
    acc = FieldAccuracies()
    for s in scores:
        micro.activities += s.activities.counts
        micro.promises += s.promises.counts
        micro.focus_areas += s.focus_areas.counts
        micro.sections += s.sections.counts
        micro.signatories += s.signatories.counts
        acc.actors += s.actors.accuracy
        acc.section_attribution += s.section_attribution.accuracy
        acc.roles += s.roles.accuracy
        acc.period += _field(s.period)
        acc.signed_date += _field(s.signed_date)
        acc.kommuner += _field(s.kommuner)
        acc.lokalpolisomrade += _field(s.lokalpolisomrade)
    return micro, acc


__all__ = [
    "MATCH_THRESHOLD",
    "aggregate",
    "dice",
    "greedy_match",
    "kommuner_correct",
    "lpo_correct",
    "match_texts",
    "normalize_heading",
    "normalize_kommun",
    "normalize_lpo",
    "period_correct",
    "role_correct",
    "score",
    "score_headings",
    "score_texts",
    "tokens",
]
