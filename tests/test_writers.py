"""Atomic writers and the output formats (JSON, JSONL, CSV, Parquet)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from loftesparser.models import PromiseDocument
from loftesparser.tables import COLUMNS, MissingDependencyError, column_names
from loftesparser.writers import (
    TEMP_SUFFIX,
    OutputError,
    atomic_open,
    cleanup_temp_files,
    write_csv,
    write_json,
    write_jsonl,
    write_parquet,
    write_records_jsonl,
    write_tables,
    write_text,
)
from tests.test_tables import make_document, sample_document


def _temp_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob(f"*{TEMP_SUFFIX}"))


# --- atomicity -------------------------------------------------------------------------


def test_write_text_creates_folders_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.txt"
    write_text(target, "Medborgarlöfte för Åre\n")
    assert target.read_text(encoding="utf-8") == "Medborgarlöfte för Åre\n"
    assert _temp_files(tmp_path) == []


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    # mkstemp makes 0600 files; outputs must be readable like any other new file.
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "x.json", "{}")
    finally:
        os.umask(old)
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "x.json").stat().st_mode) == 0o644


@pytest.mark.parametrize("interruption", [RuntimeError("boom"), KeyboardInterrupt()])
def test_failed_write_keeps_the_old_file(tmp_path: Path, interruption: BaseException) -> None:
    target = tmp_path / "doc.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(type(interruption)), atomic_open(target) as handle:
        handle.write("half a docu")
        raise interruption
    assert target.read_text(encoding="utf-8") == "old"
    assert _temp_files(tmp_path) == []


def test_unwritable_target_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write") as info:
        write_text(blocker / "child.json", "{}")
    assert info.value.code == "output_error"
    assert str(blocker / "child.json") in str(info.value)


def test_cleanup_removes_only_our_temp_files(tmp_path: Path) -> None:
    ours = tmp_path / "sub" / f".doc.json.k2j3{TEMP_SUFFIX}"
    ours.parent.mkdir()
    ours.write_text("partial")
    theirs = [tmp_path / "notes.tmp", tmp_path / ".cache.tmp", tmp_path / "doc.json"]
    for path in theirs:
        path.write_text("keep")
    assert cleanup_temp_files(tmp_path) == [ours]
    assert not ours.exists()
    assert all(path.exists() for path in theirs)


# --- formats ---------------------------------------------------------------------------


def test_write_json_is_utf8_and_round_trips(tmp_path: Path) -> None:
    doc = sample_document()
    path = write_json(doc, tmp_path / "habo.json")
    raw = path.read_bytes()
    assert "Mullsjö".encode() in raw and b"\\u00f6" not in raw
    assert raw.endswith(b"}\n")
    assert PromiseDocument.model_validate_json(raw) == doc
    keys = list(json.loads(raw))
    assert keys[:3] == ["schema_version", "parser_version", "source"] and keys[-1] == "text"


def test_write_jsonl_one_document_per_line(tmp_path: Path) -> None:
    docs = [make_document("a.txt"), make_document("b.txt", kommuner=("Åre",))]
    assert write_jsonl(docs, tmp_path / "documents.jsonl") == 2
    lines = (tmp_path / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert [PromiseDocument.model_validate_json(line) for line in lines] == docs


def test_write_records_jsonl(tmp_path: Path) -> None:
    records = [{"path": "å.txt", "when": dt.date(2020, 1, 2), "where": Path("x")}]
    assert write_records_jsonl(records, tmp_path / "errors.jsonl") == 1
    assert json.loads((tmp_path / "errors.jsonl").read_text(encoding="utf-8")) == {
        "path": "å.txt",
        "when": "2020-01-02",
        "where": "x",
    }
    assert write_records_jsonl([], tmp_path / "empty.jsonl") == 0
    assert (tmp_path / "empty.jsonl").read_text() == ""


def test_write_csv_values_and_quoting(tmp_path: Path) -> None:
    rows = [
        {"a": "Älmhult, Ystad", "b": dt.date(2020, 1, 31), "c": None, "d": 3},
        {"a": 'two\nlines "quoted"', "b": None, "c": "x", "d": 0},
    ]
    assert write_csv(rows, ["a", "b", "c", "d"], tmp_path / "t.csv") == 2
    raw = (tmp_path / "t.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [
            ["a", "b", "c", "d"],
            ["Älmhult, Ystad", "2020-01-31", "", "3"],
            ['two\nlines "quoted"', "", "x", "0"],
        ]


def test_write_parquet_schema_and_values(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    columns = (("name", "string"), ("count", "int"), ("day", "date"))
    rows = [
        {"name": "Åre", "count": 2, "day": dt.date(2020, 5, 1)},
        {"name": None, "count": None, "day": None},
    ]
    assert write_parquet(rows, columns, tmp_path / "t.parquet") == 2  # type: ignore[arg-type]
    table = pq.read_table(tmp_path / "t.parquet")
    assert [str(t) for t in table.schema.types] == ["string", "int64", "date32[day]"]
    assert table.to_pylist() == rows


def test_empty_parquet_table_keeps_its_schema(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    write_parquet([], COLUMNS["dates"], tmp_path / "dates.parquet")
    table = pq.read_table(tmp_path / "dates.parquet")
    assert table.num_rows == 0 and table.column_names == column_names("dates")


def test_parquet_without_pyarrow_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingDependencyError, match=r"loftesparser\[data\]"):
        write_tables([sample_document()], tmp_path, fmt="parquet")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_write_tables_writes_the_four_tables(tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    written = write_tables([sample_document(), make_document("b.txt")], tmp_path, fmt=fmt)  # type: ignore[arg-type]
    assert {name: item.rows for name, item in written.items()} == {
        "documents": 2,
        "activities": 4,
        "signatories": 2,
        "dates": 1,
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{name}.{fmt}" for name in ("documents", "activities", "signatories", "dates")
    )


def test_write_tables_subset_and_bad_format(tmp_path: Path) -> None:
    written = write_tables([sample_document()], tmp_path, tables=["activities"])
    assert list(written) == ["activities"]
    with (tmp_path / "activities.csv").open(encoding="utf-8", newline="") as handle:
        header, *body = list(csv.reader(handle))
    assert header == column_names("activities") and len(body) == 4
    with pytest.raises(ValueError, match="csv or parquet"):
        write_tables([], tmp_path, fmt="xlsx")  # type: ignore[arg-type]
