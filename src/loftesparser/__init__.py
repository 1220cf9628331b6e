"""loftesparser: Swedish medborgarlöften in, structured and validated data out.

>>> import loftesparser
>>> doc = loftesparser.parse_text(
...     "Medborgarlöfte 2021\\n\\nPolisen lovar:\\n- Fotpatrullering i centrum\\n"
... )
>>> [(a.text, a.actors) for a in doc.activities]
[('Fotpatrullering i centrum', ['polisen'])]
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from loftesparser.errors import (
    CorruptPdfError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncodingError,
    EncryptedPdfError,
    InvalidParsedDocumentError,
    LoftesparserError,
    MissingDependencyError,
    NoTextLayerError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from loftesparser.models import SCHEMA_VERSION, Activity, PromiseDocument
from loftesparser.options import ParseOptions

if TYPE_CHECKING:
    from loftesparser.pipeline import Pipeline

_PATH_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".pdf")


@lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    from loftesparser.pipeline import Pipeline

    return Pipeline()


def get_pipeline(options: ParseOptions | None = None) -> Pipeline:
    """The process-wide pipeline for default options, or a new one for ``options``."""
    if options is None or options == ParseOptions():
        return _default_pipeline()
    from loftesparser.pipeline import Pipeline

    return Pipeline(options)


def parse_text(text: str, *, name: str | None = None) -> PromiseDocument:
    """Parse the text of a medborgarlöfte."""
    return _default_pipeline().parse_text(text, name=name)


def parse_file(path: str | Path, *, options: ParseOptions | None = None) -> PromiseDocument:
    """Parse a text or PDF file (the format is detected from the content)."""
    return get_pipeline(options).parse_file(path)


def parse(source: str | Path, *, options: ParseOptions | None = None) -> PromiseDocument:
    """Parse a path (``Path``, or a one-line ``str`` naming a file) or raw text.

    A ``str`` is read as a path when it is a single line that names an existing
    file or ends in a supported suffix (.txt, .md, .pdf); otherwise it is text.
    """
    if isinstance(source, Path):
        return parse_file(source, options=options)
    if "\n" not in source and len(source) < 4096:
        candidate = Path(source)
        if source.lower().endswith(_PATH_SUFFIXES) or candidate.is_file():
            return parse_file(candidate, options=options)
    return parse_text(source)


def compiled() -> bool:
    """Whether this installation runs the mypyc-compiled parser.

    ``LOFTESPARSER_COMPILE=1 pip install .`` builds it (README, "A compiled
    build"): the same results as the pure-Python package, in less time.
    """
    from importlib.machinery import EXTENSION_SUFFIXES
    from importlib.util import find_spec

    # The tokenizer is compiled in every compiled build (setup.py lists the modules).
    spec = find_spec("loftesparser.nlp")
    origin = spec.origin if spec is not None else None
    return origin is not None and origin.endswith(tuple(EXTENSION_SUFFIXES))


def to_dataframe(documents: Any, table: str = "activities") -> Any:
    """A pandas DataFrame of one research table (needs ``loftesparser[data]``)."""
    from loftesparser.tables import to_dataframe as _to_dataframe

    return _to_dataframe(documents, table=table)


__all__ = [
    "SCHEMA_VERSION",
    "Activity",
    "CorruptPdfError",
    "DocumentTooLargeError",
    "EmptyDocumentError",
    "EncodingError",
    "EncryptedPdfError",
    "InvalidParsedDocumentError",
    "LoftesparserError",
    "MissingDependencyError",
    "NoTextLayerError",
    "ParseOptions",
    "PromiseDocument",
    "UnreadableFileError",
    "UnsupportedFormatError",
    "__version__",
    "compiled",
    "get_pipeline",
    "parse",
    "parse_file",
    "parse_text",
    "to_dataframe",
]
