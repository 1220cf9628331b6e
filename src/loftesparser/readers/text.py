"""Text files: detect the encoding, split into lines.

Legacy exports come as UTF-8 (with or without BOM), UTF-16 with BOM, or
Windows-1252/Latin-1. Detection is deterministic: BOM first, then strict
UTF-8, then UTF-16 without BOM (by its NUL pattern), then Windows-1252 (which
maps every byte Latin-1 text uses), Latin-1 as the last resort.
"""

from __future__ import annotations

import codecs
import hashlib

from loftesparser.errors import EmptyDocumentError, EncodingError
from loftesparser.models import SourceFormat
from loftesparser.readers.base import ReadResult, SourceLine

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# Bytes that Windows-1252 leaves undefined: their presence means Latin-1 (C1 controls).
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_BLANK_LINE = SourceLine("")
# Control bytes other than whitespace are rare in text and common in binaries.
_BINARY_CONTROLS = bytes(byte for byte in range(32) if byte not in b"\t\n\r\f\v")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding_name)``.

    Raises :class:`EncodingError` only when no supported encoding fits.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec.replace("-sig", "")), name
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"starts with a {name} byte-order mark but is not valid {name}: {exc.reason}"
                ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _guess_utf16_without_bom(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if not any(byte in _CP1252_UNDEFINED for byte in data):
        return data.decode("cp1252"), "windows-1252"
    return data.decode("latin-1"), "latin-1"


def _guess_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly Latin script has a NUL in every other byte."""
    sample = data[:4096]
    # Without a NUL neither half can be NULs (most text files): no slicing and counting.
    if len(sample) < 4 or 0 not in sample:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.6 * half and even_nuls < 0.1 * half:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls < 0.1 * half:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """True for data that is clearly not text in any supported encoding."""
    sample = data[:8192]
    if not sample:
        return False
    if any(sample.startswith(bom) for bom, _, _ in _BOMS):
        return False
    if _guess_utf16_without_bom(sample) is not None:
        return False
    return count_binary_controls(sample) > 0.05 * len(sample)


def count_binary_controls(data: bytes) -> int:
    """How many bytes of ``data`` are control bytes other than whitespace."""
    # Deleting them in C and comparing lengths counts them without a Python loop.
    return len(data) - len(data.translate(None, _BINARY_CONTROLS))


def split_lines(text: str) -> list[str]:
    """Split on \\r\\n, \\r and \\n (mixed line endings), and the Unicode line separators."""
    if "\r" in text:  # one scan instead of two where every line ends in \n (most files)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2028", "\n").replace("\u2029", "\n").split("\n")


def read_text_bytes(
    data: bytes,
    *,
    path: str | None = None,
    name: str | None = None,
    format: SourceFormat = "text",
) -> ReadResult:
    """Read text bytes into a :class:`ReadResult`."""
    text, encoding = decode_bytes(data)
    if not text.strip():
        # Only a byte-order mark, or whitespace in UTF-16 or as Unicode spaces.
        raise EmptyDocumentError(
            "the file holds no text (only whitespace or a byte-order mark)", path=path or name
        )
    return read_text_str(
        text,
        path=path,
        name=name,
        format=format,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
    )


def read_text_str(
    text: str,
    *,
    path: str | None = None,
    name: str | None = None,
    format: SourceFormat = "text",
    encoding: str | None = None,
    sha256: str | None = None,
    size_bytes: int | None = None,
) -> ReadResult:
    """Wrap an already-decoded string as a :class:`ReadResult`."""
    if sha256 is None or size_bytes is None:
        raw = text.encode("utf-8", errors="surrogatepass")
        sha256 = hashlib.sha256(raw).hexdigest()
        size_bytes = len(raw)
    # Nothing changes a SourceLine once read, so one blank line can stand for every blank line
    # (about a third of a document) instead of one object each.
    lines = [SourceLine(line) if line else _BLANK_LINE for line in split_lines(text)]
    return ReadResult(
        lines=lines,
        format=format,
        sha256=sha256,
        size_bytes=size_bytes,
        encoding=encoding,
        path=path,
        name=name,
    )
