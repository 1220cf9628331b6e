"""The batch runner: discovery, incremental runs, failures of every kind, workers, formats.

Most tests use a stand-in pipeline (:class:`FakePipeline`) that reads files
with the real readers but builds the document by hand: fast, and able to fail
on demand ("BOOM" in a file raises a KeyError, "CRASH" kills the worker
process, "STOP" is a Ctrl-C). Workers are forked on Linux, so the stand-in
reaches them too. ``tests/test_cli.py`` runs the real pipeline end to end.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from loftesparser import batch
from loftesparser.batch import (
    BatchSummary,
    Failure,
    OutDirLockedError,
    Parsed,
    discover,
    run_batch,
)
from loftesparser.models import PromiseDocument
from loftesparser.options import ParseOptions
from loftesparser.readers import read_bytes, read_file
from loftesparser.tables import MANIFEST_NAME, InvalidParsedDocumentError
from loftesparser.writers import TEMP_SUFFIX
from tests.test_tables import make_document

LINUX = sys.platform.startswith("linux")


class FakePipeline:
    """Reads with the real readers (so bad files fail as they really do), then fakes the rest."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def _document(self, text: str, path: str | None, sha256: str) -> PromiseDocument:
        if "BOOM" in text:
            raise KeyError("boom")
        if "CRASH" in text:
            os._exit(3)
        if "STOP" in text:
            raise KeyboardInterrupt
        return make_document(path, sha256=sha256, title=text.splitlines()[0])

    def parse_file(self, path: str | Path) -> PromiseDocument:
        with self.log.open("a", encoding="utf-8") as handle:
            handle.write(f"{Path(path).name}\n")
        read = read_file(path)
        return self._document("\n".join(line.text for line in read.lines), str(path), read.sha256)

    def parse_bytes(self, data: bytes, *, name: str | None = None) -> PromiseDocument:
        read = read_bytes(data, name=name)
        return self._document("\n".join(line.text for line in read.lines), None, read.sha256)


@pytest.fixture
def parse_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Install the stand-in pipeline; the returned file lists every file parsed."""
    log = tmp_path / "parsed.log"
    log.touch()
    fake = FakePipeline(log)
    monkeypatch.setattr(batch, "_pipeline_for", lambda options: fake)
    return log


def parsed_names(log: Path) -> list[str]:
    return sorted(log.read_text(encoding="utf-8").split())


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Good files, a nested folder, an empty file, a binary file, an unsupported file."""
    root = tmp_path / "in"
    write(root / "a.txt", "Medborgarlöfte A\n")
    write(root / "b.md", "Medborgarlöfte B\n")
    write(root / "sub" / "deeper" / "c.txt", "Medborgarlöfte C\n")
    write(root / "empty.txt", "")
    write(root / "blob.txt", bytes(range(256)) * 4)
    write(root / "notes.docx", "not read")
    return root


# --- discovery -------------------------------------------------------------------------


def test_discover_recursive_sorted_with_skips(folder: Path, tmp_path: Path) -> None:
    write(folder / ".hidden.txt", "x")
    write(folder / ".git" / "config.txt", "x")
    write(folder / "README", "x")
    files, skipped = discover([folder])
    assert [f.key for f in files] == ["a.txt", "b.md", "blob.txt", "empty.txt", "sub/deeper/c.txt"]
    assert [f.output for f in files][-1] == "sub/deeper/c.json"
    assert files[0].path == folder / "a.txt"
    reasons = {s.path.name: s.reason for s in skipped}
    assert reasons == {
        ".git": "hidden folder (not searched)",
        ".hidden.txt": "hidden file",
        "README": "files without a suffix are not read (.pdf, .txt, .md are)",
        "notes.docx": ".docx files are not read (.pdf, .txt, .md are)",
    }


def test_discover_keys_are_relative_to_the_common_folder(tmp_path: Path) -> None:
    one = write(tmp_path / "x" / "doc.txt", "1")
    two = write(tmp_path / "y" / "doc.txt", "2")
    files, _ = discover([one, two])
    assert [(f.key, f.output) for f in files] == [
        ("x/doc.txt", "x/doc.json"),
        ("y/doc.txt", "y/doc.json"),
    ]
    files, _ = discover([one])
    assert [(f.key, f.output) for f in files] == [("doc.txt", "doc.json")]


def test_discover_named_file_is_always_read(tmp_path: Path) -> None:
    odd = write(tmp_path / "agreement.docx", "text really")
    files, skipped = discover([odd])
    assert [f.key for f in files] == ["agreement.docx"] and skipped == []


def test_discover_same_stem_gets_distinct_outputs(tmp_path: Path) -> None:
    write(tmp_path / "x.txt", "1")
    write(tmp_path / "x.pdf", "2")
    write(tmp_path / "y.txt", "3")
    files, _ = discover([tmp_path])
    assert {f.key: f.output for f in files} == {
        "x.pdf": "x.pdf.json",
        "x.txt": "x.txt.json",
        "y.txt": "y.json",
    }


def test_discover_nested_arguments_and_links_find_each_file_once(tmp_path: Path) -> None:
    write(tmp_path / "in" / "sub" / "a.txt", "1")
    files, skipped = discover([tmp_path / "in", tmp_path / "in" / "sub"])
    assert [f.key for f in files] == ["sub/a.txt"] and skipped == []
    os.symlink(tmp_path / "in" / "sub" / "a.txt", tmp_path / "in" / "link.txt")
    os.symlink(tmp_path / "in", tmp_path / "in" / "sub" / "loop")  # a cycle must not hang
    files, skipped = discover([tmp_path / "in"])
    assert [f.key for f in files] == ["link.txt"]
    assert [(s.path.name, s.reason.startswith("same file as")) for s in skipped] == [
        ("a.txt", True)
    ]


def test_discover_excludes_the_output_folder(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "1")
    write(tmp_path / "out" / "old.txt", "1")
    files, skipped = discover([tmp_path], exclude=tmp_path / "out")
    assert [f.key for f in files] == ["a.txt"] and skipped == []


@pytest.mark.parametrize(
    ("patterns", "parsed", "reasons"),
    [
        ((), ["a.txt", "gold/README.md", "gold/b.txt"], []),
        (("gold/*",), ["a.txt"], ["excluded by --exclude 'gold/*'"] * 2),
        (("README.md",), ["a.txt", "gold/b.txt"], ["excluded by --exclude 'README.md'"]),
        (
            ("*.md", "b.*"),
            ["a.txt"],
            ["excluded by --exclude '*.md'", "excluded by --exclude 'b.*'"],
        ),
        (("*.pdf",), ["a.txt", "gold/README.md", "gold/b.txt"], []),
    ],
)
def test_discover_skips_files_matching_exclude_patterns(
    tmp_path: Path, patterns: tuple[str, ...], parsed: list[str], reasons: list[str]
) -> None:
    for name in ("a.txt", "gold/README.md", "gold/b.txt"):
        write(tmp_path / name, "1")
    files, skipped = discover([tmp_path], ignore=patterns)
    assert [f.key for f in files] == parsed
    assert [s.reason for s in skipped] == reasons


# --- a run ---------------------------------------------------------------------------


def test_run_accounts_for_every_file(folder: Path, tmp_path: Path, parse_log: Path) -> None:
    out = tmp_path / "out"
    summary = run_batch([folder], out, jobs=1)
    assert (summary.parsed, summary.failed, len(summary.skipped), summary.exit_code) == (3, 2, 1, 1)
    assert sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*.json") if ".loftesparser" not in p.name
    ) == [
        "a.json",
        "b.json",
        "sub/deeper/c.json",
    ]
    errors = [
        json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [(e["path"], e["error_type"], e["code"]) for e in errors] == [
        (str(folder / "blob.txt"), "UnsupportedFormatError", "unsupported_format"),
        (str(folder / "empty.txt"), "EmptyDocumentError", "empty_document"),
    ]
    assert all(e["message"] and not e["message"].startswith(str(folder)) for e in errors)
    skipped = [
        json.loads(line)
        for line in (out / "skipped.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert skipped == [
        {
            "path": str(folder / "notes.docx"),
            "reason": ".docx files are not read (.pdf, .txt, .md are)",
        }
    ]
    doc = PromiseDocument.model_validate_json((out / "sub" / "deeper" / "c.json").read_bytes())
    assert doc.source.path == str(folder / "sub" / "deeper" / "c.txt")
    assert _temp_files(out) == []


def _temp_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob(f"*{TEMP_SUFFIX}"))


def test_second_run_skips_everything(folder: Path, tmp_path: Path, parse_log: Path) -> None:
    out = tmp_path / "out"
    first = run_batch([folder], out, jobs=1)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.json")}
    parse_log.write_text("")
    second = run_batch([folder], out, jobs=1)
    assert parsed_names(parse_log) == []
    assert (second.parsed, second.unchanged, second.failed) == (0, 5, 2)
    # Known failures are still failures: the result of a run depends on its inputs only.
    assert second.exit_code == first.exit_code == 1
    assert (out / "errors.jsonl").read_text() == (out / "errors.jsonl").read_text()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.json") if p.name != MANIFEST_NAME} == {
        p: t for p, t in stamps.items() if p.name != MANIFEST_NAME
    }


def test_changes_are_parsed_again(
    folder: Path, tmp_path: Path, parse_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run_batch([folder], out, jobs=1)

    def rerun(**kwargs: object) -> list[str]:
        parse_log.write_text("")
        run_batch([folder], out, jobs=1, **kwargs)  # type: ignore[arg-type]
        return parsed_names(parse_log)

    write(folder / "a.txt", "Medborgarlöfte A, reviderat\n")
    write(folder / "empty.txt", "Medborgarlöfte, nu med text\n")
    write(folder / "new.txt", "Medborgarlöfte N\n")
    assert rerun() == ["a.txt", "empty.txt", "new.txt"]
    (out / "b.json").unlink()
    assert rerun() == ["b.md"]
    assert rerun(force=True) == ["a.txt", "b.md", "blob.txt", "c.txt", "empty.txt", "new.txt"]
    assert rerun(options=ParseOptions(pdf_backend="pdfplumber")) == rerun(force=True)
    monkeypatch.setattr(batch, "__version__", "99.0")
    assert len(rerun()) == 6
    assert rerun() == []


def test_content_not_time_decides(folder: Path, tmp_path: Path, parse_log: Path) -> None:
    out = tmp_path / "out"
    run_batch([folder], out, jobs=1)
    os.utime(folder / "a.txt", ns=(1, 1))  # touched: new time, same content
    text = (folder / "b.md").read_text(encoding="utf-8")
    write(folder / "b.md", text.replace("B", "X"))  # same size, new content
    parse_log.write_text("")
    run_batch([folder], out, jobs=1)
    assert parsed_names(parse_log) == ["b.md"]
    parse_log.write_text("")
    run_batch([folder], out, jobs=1)  # the new time of a.txt is remembered
    assert parsed_names(parse_log) == []
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert manifest["entries"]["a.txt"]["mtime_ns"] == 1


def test_damaged_manifest_only_costs_a_reparse(
    folder: Path, tmp_path: Path, parse_log: Path
) -> None:
    out = tmp_path / "out"
    run_batch([folder], out, jobs=1)
    (out / MANIFEST_NAME).write_text("{not json")
    parse_log.write_text("")
    summary = run_batch([folder], out, jobs=1)
    assert summary.parsed == 3 and len(parsed_names(parse_log)) == 5


def test_internal_errors_become_failures(tmp_path: Path, parse_log: Path) -> None:
    write(tmp_path / "in" / "a.txt", "Medborgarlöfte\n")
    write(tmp_path / "in" / "bug.txt", "BOOM\n")
    summary = run_batch([tmp_path / "in"], tmp_path / "out", jobs=1)
    (failure,) = summary.failures
    assert (failure.error_type, failure.code) == ("KeyError", "internal_error")
    assert failure.message.startswith("'boom' (at test_batch.py:")
    assert [d.key for d in summary.documents] == ["a.txt"]
    # A bug is not remembered as a property of the file: the next run tries again.
    parse_log.write_text("")
    run_batch([tmp_path / "in"], tmp_path / "out", jobs=1)
    assert parsed_names(parse_log) == ["bug.txt"]


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path, parse_log: Path) -> None:
    for name, text in [("a.txt", "ok\n"), ("b.txt", ""), ("c.txt", "ok\n")]:
        write(tmp_path / "in" / name, text)
    summary = run_batch([tmp_path / "in"], tmp_path / "out", jobs=1, fail_fast=True)
    assert summary.stopped_early and summary.exit_code == 1
    assert [d.key for d in summary.documents] == ["a.txt"]
    assert [f.key for f in summary.failures] == ["b.txt"]
    assert parsed_names(parse_log) == ["a.txt", "b.txt"]
    assert (tmp_path / "out" / "errors.jsonl").read_text().count("\n") == 1


def test_interrupted_run_resumes(
    tmp_path: Path, parse_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b", "c", "d"):
        write(tmp_path / "in" / f"{name}.txt", f"Medborgarlöfte {name}\n")
    write(tmp_path / "in" / "c.txt", "STOP\n")
    with pytest.raises(KeyboardInterrupt):
        run_batch([tmp_path / "in"], tmp_path / "out", jobs=1)
    manifest = json.loads((tmp_path / "out" / MANIFEST_NAME).read_text())
    assert sorted(manifest["entries"]) == ["a.txt", "b.txt"]
    write(tmp_path / "in" / "c.txt", "Medborgarlöfte c\n")
    parse_log.write_text("")
    summary = run_batch([tmp_path / "in"], tmp_path / "out", jobs=1)
    assert parsed_names(parse_log) == ["c.txt", "d.txt"]
    assert (summary.parsed, summary.unchanged, summary.exit_code) == (2, 2, 0)


def test_stale_temp_files_are_removed(tmp_path: Path, parse_log: Path) -> None:
    write(tmp_path / "in" / "a.txt", "Medborgarlöfte\n")
    stale = write(tmp_path / "out" / "sub" / f".a.json.x1y2{TEMP_SUFFIX}", '{"half": ')
    run_batch([tmp_path / "in"], tmp_path / "out", jobs=1)
    assert not stale.exists()


@pytest.mark.skipif(not LINUX, reason="advisory lock via fcntl")
def test_a_second_run_on_the_same_folder_is_refused(tmp_path: Path, parse_log: Path) -> None:
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with (out / batch.LOCK_NAME).open("a") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        with pytest.raises(OutDirLockedError, match="another loftesparser parse"):
            run_batch([tmp_path], out, jobs=1)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unlistable_folder_is_a_failure(tmp_path: Path, parse_log: Path) -> None:
    write(tmp_path / "in" / "a.txt", "Medborgarlöfte\n")
    locked = tmp_path / "in" / "locked"
    write(locked / "b.txt", "Medborgarlöfte\n")
    locked.chmod(0)
    try:
        summary = run_batch([tmp_path / "in"], tmp_path / "out", jobs=1)
    finally:
        locked.chmod(0o755)
    assert [(f.key, f.code) for f in summary.failures] == [("locked", "unreadable_file")]
    assert "cannot list folder" in summary.failures[0].message


# --- workers --------------------------------------------------------------------------------


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != batch.LOCK_NAME
    }


def test_two_workers_give_the_same_output_as_one(
    folder: Path, tmp_path: Path, parse_log: Path
) -> None:
    for i in range(6):
        write(folder / "many" / f"d{i}.txt", f"Medborgarlöfte {i}\n")
    one = run_batch([folder], tmp_path / "one", jobs=1)
    two = run_batch([folder], tmp_path / "two", jobs=2)
    assert _outputs(tmp_path / "one") == _outputs(tmp_path / "two")
    assert [d.key for d in one.documents] == [d.key for d in two.documents]
    assert [f.key for f in one.failures] == [f.key for f in two.failures]


@pytest.mark.skipif(not LINUX, reason="the stand-in reaches forked workers only")
def test_a_crashed_worker_loses_no_other_file(tmp_path: Path, parse_log: Path) -> None:
    for i in range(5):
        write(tmp_path / "in" / f"d{i}.txt", f"Medborgarlöfte {i}\n")
    write(tmp_path / "in" / "d2.txt", "CRASH\n")
    summary = run_batch([tmp_path / "in"], tmp_path / "out", jobs=2)
    assert [d.key for d in summary.documents] == ["d0.txt", "d1.txt", "d3.txt", "d4.txt"]
    (failure,) = summary.failures
    assert (failure.key, failure.error_type, failure.code) == (
        "d2.txt",
        "WorkerCrashed",
        "worker_crashed",
    )
    assert "worker process died" in failure.message
    # A crash is not remembered as a property of the file: the next run tries again.
    write(tmp_path / "in" / "d2.txt", "Medborgarlöfte 2\n")
    again = run_batch([tmp_path / "in"], tmp_path / "out", jobs=2)
    assert (again.parsed, again.unchanged, again.exit_code) == (1, 4, 0)


# --- formats, stdin, progress ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_aggregate_formats_are_rebuilt_from_the_cache(
    folder: Path, tmp_path: Path, parse_log: Path, fmt: str
) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / "out"
    run_batch([folder], out, fmt=fmt, jobs=1)  # type: ignore[arg-type]
    before = _outputs(out)
    assert not [p for p in out.glob("*.json") if p.name != MANIFEST_NAME], "JSON goes to the cache"
    parse_log.write_text("")
    summary = run_batch([folder], out, fmt=fmt, jobs=1)  # type: ignore[arg-type]
    assert parsed_names(parse_log) == [] and summary.unchanged == 5
    assert _outputs(out) == before
    if fmt == "jsonl":
        lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
        assert [PromiseDocument.model_validate_json(x).title for x in lines] == [
            "Medborgarlöfte A",
            "Medborgarlöfte B",
            "Medborgarlöfte C",
        ]
    else:
        assert sorted(p.name for p in out.glob(f"*.{fmt}")) == [
            f"{name}.{fmt}" for name in ("activities", "dates", "documents", "signatories")
        ]


def test_damaged_cache_is_a_clear_error(folder: Path, tmp_path: Path, parse_log: Path) -> None:
    out = tmp_path / "out"
    run_batch([folder], out, fmt="jsonl", jobs=1)
    (out / batch.CACHE_DIR / "a.json").write_text('{"schema_version": "1.0"')
    with pytest.raises(InvalidParsedDocumentError, match=r"damaged.*--force"):
        run_batch([folder], out, fmt="jsonl", jobs=1)
    assert run_batch([folder], out, fmt="jsonl", jobs=1, force=True).parsed == 3


def test_stdin_input(tmp_path: Path, parse_log: Path) -> None:
    summary = run_batch(
        ["-"], tmp_path / "out", jobs=1, stdin="Medborgarlöfte från stdin\n".encode()
    )
    assert [d.output for d in summary.documents] == ["stdin.json"]
    doc = PromiseDocument.model_validate_json((tmp_path / "out" / "stdin.json").read_bytes())
    assert doc.title == "Medborgarlöfte från stdin"
    empty = run_batch(["-"], tmp_path / "out2", jobs=1, stdin=b"")
    assert [(f.path, f.code) for f in empty.failures] == [("-", "empty_document")]


class Recorder:
    def __init__(self) -> None:
        self.started: tuple[int, int] | None = None
        self.outcomes: list[Parsed | Failure] = []

    def start(self, total: int, unchanged: int) -> None:
        self.started = (total, unchanged)

    def advance(self, outcome: Parsed | Failure) -> None:
        self.outcomes.append(outcome)


def test_progress_is_told_about_every_file(folder: Path, tmp_path: Path, parse_log: Path) -> None:
    recorder = Recorder()
    run_batch([folder], tmp_path / "out", jobs=2, progress=recorder)
    assert recorder.started == (5, 0)
    assert sorted(o.key for o in recorder.outcomes) == [
        "a.txt",
        "b.md",
        "blob.txt",
        "empty.txt",
        "sub/deeper/c.txt",
    ]
    again = Recorder()
    run_batch([folder], tmp_path / "out", jobs=2, progress=again)
    assert again.started == (0, 5) and again.outcomes == []


def test_summary_counts() -> None:
    summary = BatchSummary(out_dir=Path("o"), fmt="json", jobs=1)
    summary.documents = [
        Parsed("a", "a", "x", 2, "a.json"),
        Parsed("b", "b", "y", 0, "b.json", cached=True),
    ]
    summary.failures = [Failure("c", "EmptyDocumentError", "empty_document", "empty", cached=True)]
    assert (summary.parsed, summary.unchanged, summary.with_warnings, summary.failed) == (
        1,
        2,
        1,
        1,
    )
    assert summary.exit_code == 1 and summary.errors_path == Path("o/errors.jsonl")


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        run_batch([tmp_path], tmp_path / "out", fmt="xml")  # type: ignore[arg-type]
