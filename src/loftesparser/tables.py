"""Flat research tables from parsed documents.

Four tables, one row each per document, activity, signatory and date mention,
with stable column names and order (:data:`COLUMNS`) so scripts written
against one release keep working. Rows are plain ``dict`` objects (usable
without pandas); :func:`to_dataframe` turns them into a pandas DataFrame when
``loftesparser[data]`` is installed, and :func:`compare` aggregates per kommun.

Conventions, the same in every table and output format:

* lists (kommun names, codes, themes, partners) are joined with
  :data:`LIST_SEPARATOR` (``"; "``), in document order;
* ``actors`` is ``"polisen"``, ``"kommunen"``, ``"both"`` or ``""`` (unknown);
* dates are :class:`datetime.date` in rows (ISO ``YYYY-MM-DD`` in CSV, ``date32`` in
  Parquet, ``datetime64`` in pandas), a missing value is ``None``;
* the ``document`` column of activities, signatories and dates holds the
  ``file`` of the documents table (join on it).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from loftesparser.errors import (
    InvalidParsedDocumentError,
    MissingDependencyError,
    UnreadableFileError,
)
from loftesparser.models import PromiseDocument

ColumnType = Literal["string", "int", "date"]
TableName = Literal["documents", "activities", "signatories", "dates"]
Row = dict[str, Any]

#: Joins list values (kommun names, codes, themes, partners) in one cell.
LIST_SEPARATOR = "; "

#: Name of the incremental manifest :mod:`loftesparser.batch` keeps in an output folder.
MANIFEST_NAME = ".loftesparser-manifest.json"

#: Files in an output folder that are reports, not parsed documents.
REPORT_FILES = frozenset({"errors.jsonl", "skipped.jsonl"})

_PLACE_COLUMNS: tuple[tuple[str, ColumnType], ...] = (
    ("kommuner", "string"),
    ("kommun_codes", "string"),
    ("lan", "string"),
    ("lpo", "string"),
    ("period_start", "date"),
    ("period_end", "date"),
)

#: Every table's columns, in output order, with their type.
COLUMNS: dict[TableName, tuple[tuple[str, ColumnType], ...]] = {
    "documents": (
        ("file", "string"),
        ("sha256", "string"),
        ("format", "string"),
        ("pages", "int"),
        ("title", "string"),
        *_PLACE_COLUMNS,
        ("period_duration", "string"),
        ("signed_date", "date"),
        ("signed_place", "string"),
        ("activities", "int"),
        ("activities_polisen", "int"),
        ("activities_kommunen", "int"),
        ("activities_both", "int"),
        ("activities_unknown", "int"),
        ("promises", "int"),
        ("focus_areas", "int"),
        ("signatories", "int"),
        ("warnings", "int"),
        ("parser_version", "string"),
    ),
    "activities": (
        ("document", "string"),
        ("activity", "int"),
        *_PLACE_COLUMNS,
        ("text", "string"),
        ("actors", "string"),
        ("actor_source", "string"),
        ("section", "string"),
        ("themes", "string"),
        ("partners", "string"),
        ("page", "int"),
    ),
    "signatories": (
        ("document", "string"),
        ("kommuner", "string"),
        ("kommun_codes", "string"),
        ("name", "string"),
        ("role", "string"),
        ("organisation", "string"),
        ("party", "string"),
        ("signed_date", "date"),
        ("signed_place", "string"),
    ),
    "dates": (
        ("document", "string"),
        ("text", "string"),
        ("start", "date"),
        ("end", "date"),
        ("granularity", "string"),
        ("role", "string"),
        ("duration", "string"),
        ("page", "int"),
    ),
}

TABLES: tuple[TableName, ...] = ("documents", "activities", "signatories", "dates")

#: The owner categories of ``actors``, in column order.
OWNERS: tuple[str, ...] = ("polisen", "kommunen", "both", "unknown")


def require(module: str, purpose: str) -> Any:
    """Import an optional dependency, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"{purpose} needs {module}; install it with: pip install 'loftesparser[data]'"
        ) from exc


def column_names(table: TableName) -> list[str]:
    """The column names of ``table``, in output order."""
    return [name for name, _ in _columns(table)]


def _columns(table: str) -> tuple[tuple[str, ColumnType], ...]:
    try:
        return COLUMNS[table]  # type: ignore[index]
    except KeyError:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}") from None


# --- flattening -------------------------------------------------------------


def document_id(doc: PromiseDocument) -> str:
    """The value of ``documents.file`` / ``*.document``: the source path as parsed."""
    return doc.source.path or doc.source.name or doc.source.sha256


def actors_value(actors: Sequence[str]) -> str:
    """``"polisen"``, ``"kommunen"``, ``"both"``, or ``""`` when the owner is unknown."""
    owners = set(actors)
    if owners >= {"polisen", "kommunen"}:
        return "both"
    if len(owners) == 1:
        return next(iter(owners))
    return ""


def _join(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _place(doc: PromiseDocument) -> Row:
    return {
        "kommuner": _join(k.name for k in doc.kommuner),
        "kommun_codes": _join(k.code for k in doc.kommuner),
        "lan": _join(_unique(k.lan for k in doc.kommuner)),
        "lpo": doc.lokalpolisomrade.name if doc.lokalpolisomrade else None,
        "period_start": doc.period.start if doc.period else None,
        "period_end": doc.period.end if doc.period else None,
    }


def owner_counts(doc: PromiseDocument) -> dict[str, int]:
    """Activities per owner category (``polisen``, ``kommunen``, ``both``, ``unknown``)."""
    counts = dict.fromkeys(OWNERS, 0)
    for activity in doc.activities:
        counts[actors_value(activity.actors) or "unknown"] += 1
    return counts


def document_row(doc: PromiseDocument) -> Row:
    """The ``documents`` row of one document."""
    owners = owner_counts(doc)
    row: Row = {
        "file": document_id(doc),
        "sha256": doc.source.sha256,
        "format": doc.source.format,
        "pages": doc.source.page_count,
        "title": doc.title,
        **_place(doc),
        "period_duration": doc.period.duration if doc.period else None,
        "signed_date": doc.signed.date,
        "signed_place": doc.signed.place,
        "activities": len(doc.activities),
        **{f"activities_{owner}": owners[owner] for owner in OWNERS},
        "promises": len(doc.promises),
        "focus_areas": len(doc.focus_areas),
        "signatories": len(doc.signatories),
        "warnings": len(doc.warnings),
        "parser_version": doc.parser_version,
    }
    return row


def activity_rows(doc: PromiseDocument) -> list[Row]:
    """The ``activities`` rows of one document, in document order."""
    place = _place(doc)
    doc_id = document_id(doc)
    return [
        {
            "document": doc_id,
            "activity": index,
            **place,
            "text": activity.text,
            "actors": actors_value(activity.actors),
            "actor_source": activity.actor_source,
            "section": activity.section,
            "themes": _join(activity.themes),
            "partners": _join(activity.partners),
            "page": activity.page,
        }
        for index, activity in enumerate(doc.activities, start=1)
    ]


def signatory_rows(doc: PromiseDocument) -> list[Row]:
    """The ``signatories`` rows of one document."""
    place = _place(doc)
    return [
        {
            "document": document_id(doc),
            "kommuner": place["kommuner"],
            "kommun_codes": place["kommun_codes"],
            "name": signatory.name,
            "role": signatory.role,
            "organisation": signatory.organisation,
            "party": signatory.party,
            "signed_date": doc.signed.date,
            "signed_place": doc.signed.place,
        }
        for signatory in doc.signatories
    ]


def date_rows(doc: PromiseDocument) -> list[Row]:
    """The ``dates`` rows of one document: every time mention."""
    return [
        {
            "document": document_id(doc),
            "text": mention.text,
            "start": mention.start,
            "end": mention.end,
            "granularity": mention.granularity,
            "role": mention.role,
            "duration": mention.duration,
            "page": mention.page,
        }
        for mention in doc.dates
    ]


_ROWS = {
    "documents": lambda doc: [document_row(doc)],
    "activities": activity_rows,
    "signatories": signatory_rows,
    "dates": date_rows,
}


def rows(documents: Iterable[PromiseDocument], table: TableName) -> list[Row]:
    """All rows of ``table`` for ``documents``, keys in :data:`COLUMNS` order."""
    _columns(table)
    make = _ROWS[table]
    return [row for doc in documents for row in make(doc)]


def build_tables(documents: Iterable[PromiseDocument]) -> dict[TableName, list[Row]]:
    """The four tables at once (one pass over ``documents``)."""
    tables: dict[TableName, list[Row]] = {name: [] for name in TABLES}
    for doc in documents:
        for name in TABLES:
            tables[name].extend(_ROWS[name](doc))
    return tables


# --- reading parsed output ----------------------------------------------------


def _load_json_file(path: Path) -> PromiseDocument:
    try:
        return PromiseDocument.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise UnreadableFileError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    except ValidationError as exc:
        raise InvalidParsedDocumentError(
            f"not a parsed loftesparser document ({exc.error_count()} problems, first: "
            f"{_first_problem(exc)})",
            path=path,
        ) from exc


def _first_problem(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "(document)"
    return f"{where}: {error['msg']}"


def _iter_jsonl(path: Path) -> Iterator[PromiseDocument]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise UnreadableFileError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield PromiseDocument.model_validate_json(line)
            except ValidationError as exc:
                raise InvalidParsedDocumentError(
                    f"line {number} is not a parsed loftesparser document ({_first_problem(exc)})",
                    path=path,
                ) from exc


def _manifest_outputs(folder: Path) -> list[Path] | None:
    """Parsed-document files recorded in a batch manifest, or None without one."""
    manifest = folder / MANIFEST_NAME
    if not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        entries: Mapping[str, Any] = data["entries"]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a damaged manifest: fall back to scanning the folder
    paths = []
    for key in sorted(entries):
        entry = entries[key]
        if isinstance(entry, dict) and entry.get("status") == "parsed" and entry.get("store"):
            path = folder / str(entry["store"])
            if path.is_file():
                paths.append(path)
    return paths


def _folder_sources(folder: Path) -> list[Path]:
    recorded = _manifest_outputs(folder)
    if recorded is not None:
        return recorded
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.suffix == ".json" or (path.suffix == ".jsonl" and path.name not in REPORT_FILES):
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def iter_documents(source: str | Path | Iterable[Any]) -> Iterator[PromiseDocument]:
    """Parsed documents from ``source``.

    ``source`` is a :class:`PromiseDocument`, an iterable of them, a JSON file
    (one document), a JSONL file (one per line), or a folder written by
    ``loftesparser parse`` (any ``--format``: the folder's manifest says where the
    documents are; without one, every ``*.json`` and ``*.jsonl`` below it,
    hidden files and ``errors.jsonl`` excepted). An iterable may mix all of these.
    """
    if isinstance(source, PromiseDocument):
        yield source
        return
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            for found in _folder_sources(path):
                yield from iter_documents(found)
        elif path.suffix == ".jsonl":
            yield from _iter_jsonl(path)
        elif path.exists():
            yield _load_json_file(path)
        else:
            raise UnreadableFileError("no such file or folder", path=path)
        return
    for item in source:
        yield from iter_documents(item)


# --- pandas ----------------------------------------------------------------


def to_dataframe(documents: Any, table: str = "activities") -> Any:
    """One research table as a pandas DataFrame.

    ``documents`` is anything :func:`iter_documents` accepts (documents, a
    parsed-output folder, JSON or JSONL files). Columns are those of
    :data:`COLUMNS` in that order, also for an empty table: text as ``object``,
    counts as nullable ``Int64``, dates as ``datetime64[ns]``.
    """
    columns = _columns(table)
    pd = require("pandas", "to_dataframe")
    data = rows(iter_documents(documents), table)  # type: ignore[arg-type]
    frame = pd.DataFrame.from_records(data, columns=[name for name, _ in columns])
    for name, kind in columns:
        if kind == "int":
            frame[name] = frame[name].astype("Int64")
        elif kind == "date":
            frame[name] = pd.to_datetime(frame[name])
        else:
            frame[name] = frame[name].astype(object)
    return frame


# --- the cross-kommun view ---------------------------------------------------


def _theme_keys() -> list[tuple[str, str]]:
    from loftesparser.extract.themes import themes

    return [(theme.key, theme.label) for theme in themes()]


def compare_columns() -> list[tuple[str, ColumnType]]:
    """Columns of :func:`compare`: one per owner category and one ``theme_<key>`` per theme."""
    return [
        ("kommun", "string"),
        ("kommun_code", "string"),
        ("lan", "string"),
        ("period_start", "date"),
        ("period_end", "date"),
        ("documents", "int"),
        ("activities", "int"),
        *((owner, "int") for owner in OWNERS),
        *((f"theme_{key}", "int") for key, _ in _theme_keys()),
    ]


def theme_labels() -> dict[str, str]:
    """``theme_<key>`` column name → human label ("Trafik"), in taxonomy order."""
    return {f"theme_{key}": label for key, label in _theme_keys()}


# Swedish alphabetical order puts å, ä, ö after z (in that order).
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def swedish_sort_key(text: str) -> str:
    """A sort key that orders names as a Swedish reader expects (å ä ö last)."""
    return text.casefold().translate(_SWEDISH_ORDER)


def compare(documents: Any) -> list[Row]:
    """The cross-kommun view: per kommun and period, activities by owner and theme.

    One row per (kommun, period start, period end); a kommun with agreements
    for several periods has a row each. An agreement with several kommuner
    counts in full for each of them. An activity counts once in ``activities``
    and in its owner column, and once in every theme it mentions (so theme
    columns may add up to more than ``activities``). Documents with no kommun
    found are grouped under an empty ``kommun``. Rows are in Swedish
    alphabetical order of kommun, then by period.
    """
    theme_keys = [key for key, _ in _theme_keys()]
    groups: dict[tuple[str, str, dt.date | None, dt.date | None], Row] = {}
    for doc in iter_documents(documents):
        start = doc.period.start if doc.period else None
        end = doc.period.end if doc.period else None
        places = [(k.name, k.code, k.lan) for k in doc.kommuner] or [("", "", "")]
        for name, code, lan in places:
            row = groups.get((code, name, start, end))
            if row is None:
                row = {
                    "kommun": name,
                    "kommun_code": code,
                    "lan": lan,
                    "period_start": start,
                    "period_end": end,
                    "documents": 0,
                    "activities": 0,
                    **dict.fromkeys(OWNERS, 0),
                    **{f"theme_{key}": 0 for key in theme_keys},
                }
                groups[(code, name, start, end)] = row
            row["documents"] += 1
            row["activities"] += len(doc.activities)
            for owner, count in owner_counts(doc).items():
                row[owner] += count
            for activity in doc.activities:
                for theme in activity.themes:
                    column = f"theme_{theme}"
                    if column in row:
                        row[column] += 1

    def order(row: Row) -> tuple[bool, str, str, str, str]:
        return (
            row["kommun"] == "",
            swedish_sort_key(row["kommun"]),
            row["kommun_code"],
            row["period_start"].isoformat() if row["period_start"] else "9999",
            row["period_end"].isoformat() if row["period_end"] else "9999",
        )

    return sorted(groups.values(), key=order)


__all__ = [
    "COLUMNS",
    "LIST_SEPARATOR",
    "OWNERS",
    "TABLES",
    "ColumnType",
    "InvalidParsedDocumentError",
    "MissingDependencyError",
    "Row",
    "TableName",
    "activity_rows",
    "actors_value",
    "build_tables",
    "column_names",
    "compare",
    "compare_columns",
    "date_rows",
    "document_id",
    "document_row",
    "iter_documents",
    "owner_counts",
    "require",
    "rows",
    "signatory_rows",
    "swedish_sort_key",
    "theme_labels",
    "to_dataframe",
]
