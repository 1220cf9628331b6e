"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from loftesparser.normalize import normalize
from loftesparser.readers import read_text_str
from loftesparser.segment import Structure, segment

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOCUMENTS = FIXTURES / "documents"
SEED_STEMS = sorted(p.stem for p in CORPUS.glob("*.txt"))


def structure_of(text: str) -> Structure:
    """Read, normalize and segment a text (the stages before extraction)."""
    return segment(normalize(read_text_str(text).lines))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
