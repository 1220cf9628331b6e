"""Writing outputs, always atomically.

Every file is written to a temporary file in the same folder, flushed to disk
and renamed over the target (``os.replace``, atomic on POSIX and Windows), so
a reader — or a run killed half-way — never sees a half-written file. A
killed process may leave its temporary file behind (``.<name>.<random>.loftesparser.tmp``);
:func:`cleanup_temp_files` removes those, and the batch runner calls it at start.

Formats: one JSON per document (:func:`write_json`), JSON Lines
(:func:`write_jsonl`), CSV (UTF-8 without BOM, comma-separated, ``\\n`` line
ends, empty cell for a missing value; :func:`write_csv`) and Parquet
(:func:`write_parquet`, needs ``pyarrow`` from ``loftesparser[data]``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Literal

from loftesparser.errors import OutputError
from loftesparser.models import PromiseDocument
from loftesparser.tables import (
    COLUMNS,
    TABLES,
    ColumnType,
    Row,
    TableName,
    build_tables,
    require,
)

TEMP_SUFFIX = ".loftesparser.tmp"

TableFormat = Literal["csv", "parquet"]


@lru_cache(maxsize=1)
def _file_mode() -> int:
    # mkstemp creates files readable by the owner only; outputs should get the
    # permissions any other new file would, so read the umask once.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_open(
    path: str | Path,
    mode: Literal["w", "wb"] = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
    durable: bool = True,
) -> Iterator[IO[Any]]:
    """Open ``path`` for writing so that it appears complete or not at all.

    Yields a file object on a temporary file next to ``path``. When the block
    ends normally the file is flushed (and with ``durable``, fsynced) and
    renamed to ``path``; when it raises, the temporary file is removed and
    ``path`` is left as it was. Missing parent folders are created.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX
        )
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=target) from exc
    temp = Path(temp_name)
    try:
        with contextlib.suppress(OSError, AttributeError):
            os.fchmod(fd, _file_mode())
        if "b" in mode:
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException as exc:
        # BaseException: a Ctrl-C in the middle must not leave the temp file either.
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=target) from exc
        raise
    if durable:
        _fsync_folder(target.parent)


def write_text(path: str | Path, text: str, *, durable: bool = True) -> Path:
    """Write ``text`` to ``path`` atomically as UTF-8."""
    with atomic_open(path, "w", durable=durable) as handle:
        handle.write(text)
    return Path(path)


def write_bytes(path: str | Path, data: bytes, *, durable: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb", encoding=None, durable=durable) as handle:
        handle.write(data)
    return Path(path)


def write_json(document: PromiseDocument, path: str | Path, *, durable: bool = True) -> Path:
    """One document as pretty JSON: UTF-8, no ASCII escaping, fields in contract order."""
    return write_text(path, document.to_json() + "\n", durable=durable)


def write_jsonl(
    documents: Iterable[PromiseDocument], path: str | Path, *, durable: bool = True
) -> int:
    """Documents as JSON Lines, one compact document per line. Returns the count."""
    count = 0
    with atomic_open(path, "w", durable=durable) as handle:
        for document in documents:
            handle.write(document.to_json(indent=None) + "\n")
            count += 1
    return count


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def write_records_jsonl(
    records: Iterable[Mapping[str, Any]], path: str | Path, *, durable: bool = True
) -> int:
    """Plain records (``errors.jsonl``, ``skipped.jsonl``) as JSON Lines. Returns the count."""
    count = 0
    with atomic_open(path, "w", durable=durable) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, default=_json_default) + "\n")
            count += 1
    return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_to_stream(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], handle: IO[str]
) -> int:
    """Rows as CSV with a header of ``columns`` on an open text stream. Returns the row count."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in columns])
        count += 1
    return count


def write_csv(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    path: str | Path,
    *,
    durable: bool = True,
) -> int:
    """Rows as CSV with a header of ``columns`` (UTF-8, no BOM). Returns the row count."""
    with atomic_open(path, "w", newline="", durable=durable) as handle:
        return csv_to_stream(rows, columns, handle)


def _arrow_type(pa: Any, kind: ColumnType) -> Any:
    return {"string": pa.string(), "int": pa.int64(), "date": pa.date32()}[kind]


def write_parquet(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[tuple[str, ColumnType]],
    path: str | Path,
    *,
    durable: bool = True,
) -> int:
    """Rows as a Parquet file with a fixed schema (also when empty). Returns the row count."""
    pa = require("pyarrow", "Parquet output")
    pq = require("pyarrow.parquet", "Parquet output")
    schema = pa.schema([(name, _arrow_type(pa, kind)) for name, kind in columns])
    arrays = [
        pa.array([row.get(name) for row in rows], type=_arrow_type(pa, kind))
        for name, kind in columns
    ]
    table = pa.Table.from_arrays(arrays, schema=schema)
    with atomic_open(path, "wb", encoding=None, durable=durable) as handle:
        pq.write_table(table, handle)
    return len(rows)


@dataclass(frozen=True, slots=True)
class WrittenTable:
    """A table file written by :func:`write_tables`."""

    path: Path
    rows: int


def write_tables(
    documents: Iterable[PromiseDocument],
    out_dir: str | Path,
    *,
    fmt: TableFormat = "csv",
    tables: Sequence[TableName] = TABLES,
    durable: bool = True,
) -> dict[TableName, WrittenTable]:
    """Write the research tables (``documents.csv``, ``activities.csv``, ...) to ``out_dir``.

    Returns, per table, the file written and its number of rows.
    """
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown table format {fmt!r}; choose csv or parquet")
    if fmt == "parquet":
        # Fail before reading any document when pyarrow is missing.
        require("pyarrow.parquet", "Parquet output")
    built: dict[TableName, list[Row]] = build_tables(documents)
    written: dict[TableName, WrittenTable] = {}
    for name in tables:
        path = Path(out_dir) / f"{name}.{fmt}"
        if fmt == "parquet":
            count = write_parquet(built[name], COLUMNS[name], path, durable=durable)
        else:
            count = write_csv(built[name], [c for c, _ in COLUMNS[name]], path, durable=durable)
        written[name] = WrittenTable(path, count)
    return written


def cleanup_temp_files(root: str | Path) -> list[Path]:
    """Remove temporary files a killed run left under ``root``; returns what was removed."""
    removed = []
    for path in Path(root).rglob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return sorted(removed)


__all__ = [
    "TEMP_SUFFIX",
    "OutputError",
    "TableFormat",
    "WrittenTable",
    "atomic_open",
    "cleanup_temp_files",
    "csv_to_stream",
    "write_bytes",
    "write_csv",
    "write_json",
    "write_jsonl",
    "write_parquet",
    "write_records_jsonl",
    "write_tables",
    "write_text",
]
