"""Parse options shared by the library, the batch runner and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

PdfBackend = Literal["pypdfium2", "pdfplumber"]
#: The PDF backends' names, the default first.
PDF_BACKENDS: tuple[str, ...] = get_args(PdfBackend)

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """How to read and parse one document.

    ``max_bytes`` guards memory and time: inputs above it raise
    :class:`~loftesparser.errors.DocumentTooLargeError`. ``pdf_backend`` is
    the library that reads PDF text: ``"pypdfium2"`` (PDFium, the default
    and the faster) or ``"pdfplumber"`` (pdfminer.six, pure Python); both
    give the same lines. Another name is a :class:`ValueError`.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    pdf_password: str | None = None
    pdf_backend: PdfBackend = "pypdfium2"

    def __post_init__(self) -> None:
        if self.pdf_backend not in PDF_BACKENDS:
            raise ValueError(
                f"unknown pdf_backend {self.pdf_backend!r}: "
                f"choose one of {', '.join(map(repr, PDF_BACKENDS))}"
            )
