"""Typed errors. The library raises only these for bad input.

Every error carries the offending ``path`` (when there is one) and a message
that says what to do about it. ``exit_code`` is what the CLI exits with when
this error ends a single-file run.
"""

from __future__ import annotations

from pathlib import Path


class LoftesparserError(Exception):
    """Base class of every error loftesparser raises for bad input."""

    exit_code: int = 1
    #: Short stable identifier, used in errors.jsonl and by the CLI.
    code: str = "error"

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class UnreadableFileError(LoftesparserError):
    """The file cannot be opened or read (missing, a folder, no permission, I/O error)."""

    code = "unreadable_file"


class UnsupportedFormatError(LoftesparserError):
    """The file is not a format loftesparser reads (supported: .txt, .md, .pdf)."""

    code = "unsupported_format"


class CorruptPdfError(UnreadableFileError):
    """The file claims to be a PDF but is truncated or damaged."""

    code = "corrupt_pdf"


class EncryptedPdfError(LoftesparserError):
    """The PDF is encrypted and no (or a wrong) password was given."""

    code = "encrypted_pdf"


class NoTextLayerError(LoftesparserError):
    """The PDF has no extractable text (scanned pages); it needs OCR first."""

    code = "no_text_layer"


class EmptyDocumentError(LoftesparserError):
    """The input holds no text at all (zero bytes, only whitespace, or zero pages)."""

    code = "empty_document"


class DocumentTooLargeError(LoftesparserError):
    """The input is above the configured size limit."""

    code = "too_large"


class EncodingError(UnreadableFileError):
    """The bytes could not be decoded as text in any supported encoding."""

    code = "encoding_error"


class GoldFormatError(LoftesparserError):
    """A gold annotation file is not valid JSON or does not follow ``corpus/gold/README.md``.

    ``problems`` lists every offending field as ``(field, message)``, the field
    written as a path such as ``activities[3].actors``, so a researcher can fix
    all of them in one go.
    """

    code = "gold_format"

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        problems: list[tuple[str, str]] | None = None,
    ) -> None:
        self.problems: list[tuple[str, str]] = list(problems or [])
        super().__init__(message, path=path)


class MissingDependencyError(LoftesparserError):
    """An optional dependency (pandas, pyarrow) is needed and not installed."""

    code = "missing_dependency"


class InvalidParsedDocumentError(LoftesparserError):
    """A file given as parsed output is not a loftesparser document."""

    code = "invalid_parsed_document"


class OutputError(LoftesparserError):
    """An output file or folder cannot be written."""

    code = "output_error"


class OutDirLockedError(LoftesparserError):
    """Another ``loftesparser parse`` is writing to the same output folder."""

    code = "out_dir_locked"


__all__ = [
    "CorruptPdfError",
    "DocumentTooLargeError",
    "EmptyDocumentError",
    "EncodingError",
    "EncryptedPdfError",
    "GoldFormatError",
    "InvalidParsedDocumentError",
    "LoftesparserError",
    "MissingDependencyError",
    "NoTextLayerError",
    "OutDirLockedError",
    "OutputError",
    "UnreadableFileError",
    "UnsupportedFormatError",
]
