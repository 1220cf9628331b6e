"""Readers: a file in, a :class:`ReadResult` (lines with provenance) out.

The format is decided by content, not by name: a file starting with ``%PDF-``
is a PDF whatever it is called, and a ``.pdf`` that is really text is read as
text.
"""

from __future__ import annotations

import stat
from pathlib import Path

from loftesparser.errors import (
    DocumentTooLargeError,
    EmptyDocumentError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from loftesparser.models import SourceFormat
from loftesparser.options import ParseOptions
from loftesparser.readers.base import Provenance, ReadResult, SourceLine
from loftesparser.readers.text import looks_binary, read_text_bytes, read_text_str

#: File endings the batch runner picks up in folders.
SUPPORTED_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".pdf"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
PDF_MAGIC = b"%PDF-"


def read_file(path: str | Path, options: ParseOptions | None = None) -> ReadResult:
    """Read a file from disk, choosing the reader from its content."""
    options = options or ParseOptions()
    file_path = Path(path)
    try:
        status = file_path.stat()
    except FileNotFoundError as exc:
        raise UnreadableFileError("no such file", path=file_path) from exc
    except OSError as exc:
        raise UnreadableFileError(f"cannot read: {exc.strerror or exc}", path=file_path) from exc
    if stat.S_ISDIR(status.st_mode):
        raise UnreadableFileError("is a folder, not a file", path=file_path)
    size = status.st_size
    if size > options.max_bytes:
        raise DocumentTooLargeError(
            f"{size:,} bytes is above the limit of {options.max_bytes:,} bytes "
            "(raise it with ParseOptions(max_bytes=...) or --max-bytes)",
            path=file_path,
        )
    try:
        data = file_path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(f"cannot read: {exc.strerror or exc}", path=file_path) from exc
    return read_bytes(data, name=file_path.name, path=str(file_path), options=options)


def read_bytes(
    data: bytes,
    *,
    name: str | None = None,
    path: str | None = None,
    options: ParseOptions | None = None,
) -> ReadResult:
    """Read in-memory bytes (a file's content), choosing the reader from the content."""
    options = options or ParseOptions()
    where = path or name
    if len(data) > options.max_bytes:
        raise DocumentTooLargeError(
            f"{len(data):,} bytes is above the limit of {options.max_bytes:,} bytes",
            path=where,
        )
    if not data.strip():
        raise EmptyDocumentError("the file is empty", path=where)
    suffix = Path(name).suffix.lower() if name else ""
    if data.lstrip()[:5] == PDF_MAGIC:
        from loftesparser.readers.pdf import read_pdf_bytes

        return read_pdf_bytes(data, path=path, name=name, options=options)
    if looks_binary(data):
        kind = "a PDF that lacks its %PDF header" if suffix == ".pdf" else "binary data"
        raise UnsupportedFormatError(
            f"looks like {kind}, not text; supported are text (.txt, .md) and PDF files",
            path=where,
        )
    fmt: SourceFormat = "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    return read_text_bytes(data, path=path, name=name, format=fmt)


__all__ = [
    "MARKDOWN_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "Provenance",
    "ReadResult",
    "SourceLine",
    "read_bytes",
    "read_file",
    "read_text_bytes",
    "read_text_str",
]
