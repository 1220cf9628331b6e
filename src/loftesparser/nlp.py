"""The shared spaCy pipeline: ``spacy.blank("sv")`` with a sentencizer, built once per process.

No Swedish trained model is needed (or installable here): loftesparser uses
spaCy's Swedish tokenizer, the rule-based sentencizer, and Matcher /
PhraseMatcher components that extractors build on :func:`get_nlp`'s vocab.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import regex

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


# spaCy's tokenizer strips prefix/suffix punctuation off a token one character
# at a time and is quadratic in a run of it: 3,200 "(" take seconds, 60,000
# take hours. Such runs are never words, so the tokenizer sees them cut into
# pieces of _MAX_PUNCT_RUN by spaces put in place of a character (same length:
# every offset stays valid).
_MAX_PUNCT_RUN = 32
_LONG_PUNCT_RUN = regex.compile(rf"[^\s\p{{L}}\p{{N}}]{{{_MAX_PUNCT_RUN + 1},}}")


def _cut_run(match: regex.Match[str]) -> str:
    run = match.group()
    step = _MAX_PUNCT_RUN
    return "".join(run[i : i + step - 1] + " " for i in range(0, len(run), step))[: len(run)]


def defuse(text: str) -> str:
    """``text`` with long punctuation runs cut by spaces, for the tokenizer (same length)."""
    return _LONG_PUNCT_RUN.sub(_cut_run, text)


def make_doc(text: str) -> Doc:
    """Tokenize ``text`` only (no pipeline components): the cheap path for matchers."""
    return get_nlp().make_doc(defuse(text))


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries in ``text`` as ``(start, end)`` character offsets."""
    doc = get_nlp()(defuse(text))
    return [(sent.start_char, sent.end_char) for sent in doc.sents]
