"""The evaluation gate: the parser against the corpus gold.

Floors are pinned (they can only go down on purpose, by editing this file),
and so is the hash of the gold corpus, so a gold edit is a visible decision.
Gold answers ("what is right") live here; snapshots ("what changed") live in
test_corpus_snapshots.py.
"""

from __future__ import annotations

import pytest

from loftesparser.evaluation import EvalReport, evaluate, gold_corpus_hash
from tests.conftest import CORPUS, GOLD

GOLD_HASH = "4bb6a350e2b4e3c342a01644ae2dcd7c9e062d43c3461bfda53fb31281062a43"

F1_FLOORS = {
    "activities": 1.0,
    "promises": 1.0,
    "focus_areas": 1.0,
    "sections": 1.0,
    "signatories": 1.0,
}
ACCURACY_FLOORS = {
    "actors": 1.0,
    "section_attribution": 1.0,
    "roles": 1.0,
    "period": 1.0,
    "signed_date": 1.0,
    "kommuner": 1.0,
    "lokalpolisomrade": 1.0,
}


@pytest.fixture(scope="module")
def text_report() -> EvalReport:
    return evaluate(GOLD, CORPUS)


def test_gold_corpus_is_the_pinned_one() -> None:
    assert gold_corpus_hash(GOLD) == GOLD_HASH


def test_every_gold_document_was_parsed(text_report: EvalReport) -> None:
    assert text_report.missing_documents == []
    assert text_report.parse_errors == []
    assert len(text_report.documents) == 5


@pytest.mark.parametrize(("field", "floor"), sorted(F1_FLOORS.items()))
def test_f1_floor(text_report: EvalReport, field: str, floor: float) -> None:
    prf = getattr(text_report.micro, field)
    assert prf.f1 >= floor, (field, prf)


@pytest.mark.parametrize(("field", "floor"), sorted(ACCURACY_FLOORS.items()))
def test_accuracy_floor(text_report: EvalReport, field: str, floor: float) -> None:
    accuracy = getattr(text_report.accuracy, field)
    assert accuracy.value >= floor, (field, accuracy)
