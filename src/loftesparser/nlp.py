"""The shared spaCy pipeline: ``spacy.blank("sv")`` with a sentencizer, built once per process.

No Swedish trained model is needed (or installable here): loftesparser uses
spaCy's Swedish tokenizer, the rule-based sentencizer, and Matcher /
PhraseMatcher components that extractors build on :func:`get_nlp`'s vocab.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The process-wide blank Swedish pipeline with a sentencizer."""
    import spacy

    nlp = spacy.blank("sv")
    nlp.add_pipe("sentencizer")
    # Documents are processed one block at a time; the limit only guards memory.
    nlp.max_length = 20_000_000
    return nlp


def make_doc(text: str) -> Doc:
    """Tokenize ``text`` only (no pipeline components): the cheap path for matchers."""
    return get_nlp().make_doc(text)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries in ``text`` as ``(start, end)`` character offsets."""
    doc = get_nlp()(text)
    return [(sent.start_char, sent.end_char) for sent in doc.sents]
