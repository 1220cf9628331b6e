"""Parse options shared by the library, the batch runner and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PdfBackend = Literal["pdfplumber", "pypdfium2"]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """How to read and parse one document.

    ``max_bytes`` guards memory and time: inputs above it raise
    :class:`~loftesparser.errors.DocumentTooLargeError`.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    pdf_password: str | None = None
    pdf_backend: PdfBackend = "pdfplumber"
