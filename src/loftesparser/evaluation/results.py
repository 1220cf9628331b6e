"""Result models of an evaluation: counts, per-document findings and the whole report.

Figures are derived (``computed_field``) from counts, so they can never
disagree with them, and they appear in ``model_dump_json()``. Result models
ignore unknown keys instead of rejecting them so that a dumped report,
computed figures included, can be read back with ``model_validate_json``.

Empty denominators: a metric over zero items is 1.0 (nothing was asked and
nothing was wrongly given), reported with ``n = 0`` so it is not mistaken for
a real score. P/R/F1 with zero gold and zero predicted items is therefore
1.0/1.0/1.0; with gold items but no predictions P = 1.0, R = 0.0, F1 = 0.0.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

DocumentStatus = Literal["scored", "missing_document", "parse_error"]


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


class _Result(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PRF(_Result):
    """True positives, false positives and false negatives, with P/R/F1 derived from them."""

    tp: int = Field(default=0, ge=0)
    fp: int = Field(default=0, ge=0)
    fn: int = Field(default=0, ge=0)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted."""
        return _ratio(self.tp, self.tp + self.fp)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when the gold has no items."""
        return _ratio(self.tp, self.tp + self.fn)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float:
        """2·tp / (2·tp + fp + fn), the harmonic mean of P and R; 1.0 when both sides are empty."""
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def n(self) -> int:
        """Number of gold items (tp + fn)."""
        return self.tp + self.fn

    def __add__(self, other: PRF) -> PRF:
        return PRF(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)


class Accuracy(_Result):
    """Correct out of total, with the ratio derived."""

    correct: int = Field(default=0, ge=0)
    total: int = Field(default=0, ge=0)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def value(self) -> float:
        """correct / total; 1.0 when total is 0."""
        return _ratio(self.correct, self.total)

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(correct=self.correct + other.correct, total=self.total + other.total)


class Match(_Result):
    """A gold item and the predicted item it was matched with."""

    gold: str
    predicted: str
    similarity: float


class Miss(_Result):
    """An item without a partner: a gold item not found, or a predicted item not in the gold.

    ``closest`` is the most similar unmatched item on the other side (below the
    threshold), which usually shows why it missed: split, merged or truncated.
    """

    text: str
    closest: str | None = None
    similarity: float = 0.0


class ListScore(_Result):
    """Matching of one list field (activities, promises, ...) in one document."""

    counts: PRF = Field(default_factory=PRF)
    matched: list[Match] = Field(default_factory=list)
    missed: list[Miss] = Field(default_factory=list, description="Gold items not found (fn).")
    spurious: list[Miss] = Field(
        default_factory=list, description="Predicted items not in the gold (fp)."
    )


class Disagreement(_Result):
    """A matched item whose attribute (actors, section, role) differs from the gold."""

    item: str = Field(description="The gold item's text (or signatory name).")
    gold: str | None
    predicted: str | None


class AttributeScore(_Result):
    """Accuracy of an attribute over matched items, with the items that got it wrong."""

    accuracy: Accuracy = Field(default_factory=Accuracy)
    wrong: list[Disagreement] = Field(default_factory=list)


class FieldScore(_Result):
    """A document-level field: whether it was right, and both values as text."""

    correct: bool
    gold: str | None
    predicted: str | None


class DocumentScore(_Result):
    """Everything scored for one gold document, including what was wrong."""

    document: str = Field(description="The gold's `document` field.")
    gold_path: str | None = None
    document_path: str | None = None
    status: DocumentStatus = "scored"
    error: str | None = Field(default=None, description="Why the document could not be scored.")
    error_code: str | None = None
    activities: ListScore
    promises: ListScore
    focus_areas: ListScore
    sections: ListScore
    signatories: ListScore
    actors: AttributeScore
    section_attribution: AttributeScore
    roles: AttributeScore
    period: FieldScore
    signed_date: FieldScore
    kommuner: FieldScore
    lokalpolisomrade: FieldScore


class MicroMetrics(_Result):
    """P/R/F1 of the list fields, micro-averaged (counts summed over all documents)."""

    activities: PRF = Field(default_factory=PRF)
    promises: PRF = Field(default_factory=PRF)
    focus_areas: PRF = Field(default_factory=PRF)
    sections: PRF = Field(default_factory=PRF)
    signatories: PRF = Field(default_factory=PRF)


class FieldAccuracies(_Result):
    """Accuracies summed over all documents.

    ``actors``, ``section_attribution`` and ``roles`` count matched items;
    the others count documents.
    """

    actors: Accuracy = Field(default_factory=Accuracy)
    section_attribution: Accuracy = Field(default_factory=Accuracy)
    roles: Accuracy = Field(default_factory=Accuracy)
    period: Accuracy = Field(default_factory=Accuracy)
    signed_date: Accuracy = Field(default_factory=Accuracy)
    kommuner: Accuracy = Field(default_factory=Accuracy)
    lokalpolisomrade: Accuracy = Field(default_factory=Accuracy)


class EvalReport(_Result):
    """The outcome of :func:`loftesparser.evaluation.evaluate`."""

    gold_dir: str
    docs_dir: str
    gold_hash: str = Field(description="gold_corpus_hash() of the gold folder.")
    parser_version: str
    micro: MicroMetrics
    accuracy: FieldAccuracies
    documents: list[DocumentScore]
    unscored_documents: list[str] = Field(
        default_factory=list, description="Documents in docs_dir that have no gold."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def missing_documents(self) -> list[str]:
        """Gold documents with no matching file in docs_dir (all their items count as misses)."""
        return [d.document for d in self.documents if d.status == "missing_document"]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def parse_errors(self) -> list[str]:
        """Gold documents whose file failed to parse (all their items count as misses)."""
        return [d.document for d in self.documents if d.status == "parse_error"]


__all__ = [
    "PRF",
    "Accuracy",
    "AttributeScore",
    "Disagreement",
    "DocumentScore",
    "DocumentStatus",
    "EvalReport",
    "FieldAccuracies",
    "FieldScore",
    "ListScore",
    "Match",
    "MicroMetrics",
    "Miss",
]
