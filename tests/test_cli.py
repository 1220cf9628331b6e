"""The command line end to end, with the real pipeline.

A temporary folder mixes good text and PDF files, an empty file, a binary
file, an unreadable file (a dangling link, and a ``chmod 000`` file when not
running as root) and a nested folder: every file must end up in the outputs,
``errors.jsonl`` or ``skipped.jsonl``, with the exit codes of the README.
Most runs go through ``click.testing.CliRunner`` (fast: the pipeline is built
once per test session); a few go through a real process for real exit codes
and for the SIGKILL test.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from loftesparser import __version__, compiled
from loftesparser.batch import LOCK_NAME, Failure, Parsed
from loftesparser.cli import _ConsoleProgress, cli, parse_size
from loftesparser.models import PromiseDocument
from loftesparser.tables import MANIFEST_NAME, column_names
from loftesparser.writers import TEMP_SUFFIX
from tests.conftest import CORPUS, GOLD

SEEDS = sorted(CORPUS.glob("*.txt"))
ROOT_USER = os.name == "posix" and os.geteuid() == 0
SRC = Path(__file__).resolve().parent.parent / "src"


def _make_pdf(path: Path, text: str) -> None:
    """A text PDF: one of the corpus PDFs when they exist, else set with reportlab."""
    shipped = CORPUS / "pdf" / "single" / f"{SEEDS[1].stem}.pdf"
    if shipped.is_file():
        shutil.copyfile(shipped, path)
        return
    canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")
    page = canvas_module.Canvas(str(path), invariant=1)
    y = 800.0
    for line in text.splitlines():
        page.drawString(50, y, line[:95])
        y -= 14
        if y < 50:
            page.showPage()
            y = 800.0
    page.save()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The researcher's messy folder."""
    root = tmp_path_factory.mktemp("mixed") / "löften"
    (root / "nested" / "deeper").mkdir(parents=True)
    shutil.copyfile(SEEDS[0], root / "hagfors.txt")
    shutil.copyfile(SEEDS[2], root / "nested" / "deeper" / "habo.txt")
    _make_pdf(root / "nested" / "hallefors.pdf", SEEDS[1].read_text(encoding="utf-8"))
    (root / "empty.txt").write_bytes(b"")
    (root / "scan.pdf").write_bytes(bytes(range(256)) * 8)  # binary, no %PDF header
    os.symlink(root / "moved-away.txt", root / "gone.txt")  # unreadable: dangling link
    (root / "notes.docx").write_bytes(b"PK\x03\x04 not read")
    if not ROOT_USER:
        secret = root / "secret.txt"
        shutil.copyfile(SEEDS[3], secret)
        secret.chmod(0)
    return root


EXPECTED_OUTPUTS = ["hagfors.json", "nested/deeper/habo.json", "nested/hallefors.json"]
EXPECTED_FAILURES = {
    "empty.txt": "empty_document",
    "gone.txt": "unreadable_file",
    "scan.pdf": "unsupported_format",
    **({} if ROOT_USER else {"secret.txt": "unreadable_file"}),
}


def run(*args: str | Path, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def documents_in(out: Path) -> list[str]:
    return sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*.json") if p.name != MANIFEST_NAME
    )


def errors_in(out: Path) -> dict[str, str]:
    rows = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    return {Path(r["path"]).name: r["code"] for r in rows}


def snapshot(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != LOCK_NAME
    }


@pytest.fixture(scope="module")
def parsed_j1(mixed: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    out = tmp_path_factory.mktemp("j1") / "out"
    return out, run("parse", mixed, "-o", out, "-j", "1")


# --- parse: the folder ---------------------------------------------------------------------


def test_every_file_is_accounted_for(mixed: Path, parsed_j1: tuple[Path, Result]) -> None:
    out, result = parsed_j1
    assert result.exit_code == 1, result.output
    assert documents_in(out) == EXPECTED_OUTPUTS
    assert errors_in(out) == EXPECTED_FAILURES
    skipped = [json.loads(x) for x in (out / "skipped.jsonl").read_text().splitlines()]
    assert [Path(s["path"]).name for s in skipped] == ["notes.docx"]
    # Every file of the input folder is in exactly one of the three lists.
    every = sorted(p.name for p in mixed.rglob("*") if p.is_file() or p.is_symlink())
    found = [Path(p).stem for p in EXPECTED_OUTPUTS] + list(EXPECTED_FAILURES) + ["notes.docx"]
    assert sorted(Path(p).stem for p in every) == sorted(Path(p).stem for p in found)
    pdf = PromiseDocument.model_validate_json((out / "nested" / "hallefors.json").read_bytes())
    assert pdf.source.format == "pdf" and pdf.activities
    assert not list(out.rglob(f"*{TEMP_SUFFIX}"))


def test_failures_and_summary_are_reported(parsed_j1: tuple[Path, Result]) -> None:
    out, result = parsed_j1
    assert "Traceback" not in result.output
    assert "failed" in result.stderr and "the file is empty" in result.stderr
    summary = result.stderr.strip().splitlines()
    assert f"3 documents in {out}: 3 parsed" in result.stderr
    assert f"{len(EXPECTED_FAILURES)} failed, 1 skipped" in result.stderr
    assert any(line.strip() == f"failures: {out / 'errors.jsonl'}" for line in summary)
    assert result.stdout == ""


def test_two_jobs_give_identical_output(
    mixed: Path, parsed_j1: tuple[Path, Result], tmp_path: Path
) -> None:
    out_j1, _ = parsed_j1
    result = run("parse", mixed, "-o", tmp_path / "out", "-j", "2", "--quiet")
    assert result.exit_code == 1
    assert result.output == ""  # --quiet
    assert snapshot(tmp_path / "out") == snapshot(out_j1)


def test_second_run_skips_everything(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("parse", mixed, "-o", out, "-j", "1", "-q")
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.json") if p.name != MANIFEST_NAME}
    result = run("parse", mixed, "-o", out, "-j", "2")
    assert result.exit_code == 1  # the same inputs, the same verdict
    unchanged = 3 + len(EXPECTED_FAILURES) - (0 if ROOT_USER else 1) - 1  # not gone/secret.txt
    assert f"0 parsed, {unchanged} unchanged" in result.stderr
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*.json") if p.name != MANIFEST_NAME}
    assert after == before
    assert errors_in(out) == EXPECTED_FAILURES
    forced = run("parse", mixed, "-o", out, "-j", "1", "--force")
    assert "3 parsed" in forced.stderr and "unchanged" not in forced.stderr


def test_all_good_exits_zero_and_fail_fast_stops(mixed: Path, tmp_path: Path) -> None:
    good = run("parse", mixed / "nested" / "deeper", "-o", tmp_path / "good")
    assert good.exit_code == 0, good.output
    assert documents_in(tmp_path / "good") == ["habo.json"]
    assert (tmp_path / "good" / "errors.jsonl").read_text() == ""
    fast = run("parse", mixed, "-o", tmp_path / "fast", "-j", "1", "--fail-fast")
    assert fast.exit_code == 1
    assert "stopped at the first failure" in fast.stderr
    assert len(errors_in(tmp_path / "fast")) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["parse", "{mixed}"], "give -o OUT_DIR"),
        (["parse", "{mixed}/hagfors.txt", "{mixed}/empty.txt"], "give -o OUT_DIR"),
        (["parse", "{mixed}/no-such-folder", "-o", "{tmp}"], "does not exist"),
        (["parse", "{mixed}", "-o", "{tmp}", "--format", "xml"], "'xml' is not one of"),
        (["parse", "{mixed}", "-o", "{tmp}", "-j", "0"], "0 is not in the range"),
        (["parse", "{mixed}", "-o", "{tmp}", "--max-bytes", "lots"], "is not a size"),
        (["parse", "{mixed}", "-o", "{tmp}", "--pdf-backend", "ocr"], "'ocr' is not one of"),
        (["parse", "{mixed}/hagfors.txt", "--format", "csv"], "give -o OUT_DIR"),
        (["table", "{mixed}"], "Missing option '-o'"),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_errors_exit_2(mixed: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = run(*(a.format(mixed=mixed, tmp=tmp_path / "o") for a in args))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not (tmp_path / "o").exists()


# --- parse: one file to standard output ---------------------------------------------------


def test_one_file_to_stdout(mixed: Path) -> None:
    result = run("parse", mixed / "hagfors.txt")
    assert result.exit_code == 0
    doc = PromiseDocument.model_validate_json(result.stdout_bytes)
    assert [k.name for k in doc.kommuner] == ["Hagfors"]
    assert "Värmlands län".encode() in result.stdout_bytes  # not \u00e4-escaped
    line = run("parse", mixed / "hagfors.txt", "--format", "jsonl")
    assert line.stdout.count("\n") == 1
    assert PromiseDocument.model_validate_json(line.stdout) == doc


def test_stdin(mixed: Path, tmp_path: Path) -> None:
    data = (mixed / "hagfors.txt").read_bytes()
    result = run("parse", "-", input=data)
    assert result.exit_code == 0
    assert PromiseDocument.model_validate_json(result.stdout_bytes).source.name == "stdin"
    batch = run("parse", "-", "-o", tmp_path / "out", input=data)
    assert batch.exit_code == 0 and documents_in(tmp_path / "out") == ["stdin.json"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "the file is empty"),
        ("scan.pdf", "looks like a PDF that lacks its %PDF header"),
        pytest.param(
            "secret.txt",
            "Permission denied",
            marks=pytest.mark.skipif(ROOT_USER, reason="root reads everything"),
        ),
    ],
)
def test_a_bad_file_is_one_line_not_a_traceback(mixed: Path, name: str, message: str) -> None:
    result = run("parse", mixed / name)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"error: {mixed / name}: ")
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_options_reach_the_parser(mixed: Path) -> None:
    result = run("parse", mixed / "hagfors.txt", "--max-bytes", "1k")
    assert result.exit_code == 1
    assert "above the limit of 1,024 bytes" in result.stderr
    pdf = run("parse", mixed / "nested" / "hallefors.pdf", "--pdf-backend", "pypdfium2")
    assert pdf.exit_code == 0, pdf.output
    assert PromiseDocument.model_validate_json(pdf.stdout_bytes).source.format == "pdf"


@pytest.mark.parametrize(
    ("text", "size"), [("1000", 1000), ("500k", 512_000), ("64M", 64 * 1024**2), ("1GB", 1024**3)]
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


# --- tables, compare ----------------------------------------------------------------------


def test_csv_format_table_and_compare(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = run("parse", mixed, "-o", out, "--format", "csv", "-j", "1")
    assert result.exit_code == 1
    with (out / "activities.csv").open(encoding="utf-8", newline="") as handle:
        header, *body = list(csv.reader(handle))
    assert header == column_names("activities")
    assert {row[0] for row in body} == {
        str(mixed / "hagfors.txt"),
        str(mixed / "nested" / "deeper" / "habo.txt"),
        str(mixed / "nested" / "hallefors.pdf"),
    }
    assert {row[header.index("actors")] for row in body} <= {"polisen", "kommunen", "both", ""}

    # The table command gives the same tables from a JSON output folder.
    json_out = tmp_path / "json"
    run("parse", mixed, "-o", json_out, "-j", "1", "-q")
    tables = run("table", json_out, "-o", tmp_path / "tables")
    assert tables.exit_code == 0, tables.output
    for name in ("documents", "activities", "signatories", "dates"):
        assert (tmp_path / "tables" / f"{name}.csv").read_bytes() == (
            out / f"{name}.csv"
        ).read_bytes()
    # ... and from the csv run's folder, through its manifest.
    again = run("table", out, "-o", tmp_path / "again", "--table", "documents")
    assert [p.name for p in (tmp_path / "again").iterdir()] == ["documents.csv"]
    assert again.exit_code == 0

    view = run("compare", json_out, "-o", tmp_path / "compare.csv")
    assert view.exit_code == 0, view.output
    for kommun in ("Hagfors", "Habo", "Hällefors", "Activities by theme"):
        assert kommun in view.stdout
    with (tmp_path / "compare.csv").open(encoding="utf-8", newline="") as handle:
        compared = list(csv.DictReader(handle))
    assert [row["kommun"] for row in compared] == ["Habo", "Hagfors", "Hällefors"]
    assert all(int(row["activities"]) > 0 for row in compared)
    printed = run("compare", out, "--csv")
    assert printed.stdout.splitlines()[0].startswith("kommun,kommun_code,lan,period_start")
    assert len(printed.stdout.splitlines()) == 4


def test_parquet_format(mixed: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    result = run("parse", mixed / "nested", "-o", tmp_path / "pq", "--format", "parquet", "-q")
    assert result.exit_code == 0
    table = pq.read_table(tmp_path / "pq" / "documents.parquet")
    assert table.num_rows == 2 and table.column_names == column_names("documents")


def test_compare_on_something_that_is_not_parsed_output(tmp_path: Path) -> None:
    (tmp_path / "gold.json").write_text('{"document": "x.txt"}', encoding="utf-8")
    result = run("compare", tmp_path / "gold.json")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {tmp_path / 'gold.json'}: not a parsed loftesparser")


# --- eval, schema, version ------------------------------------------------------------------


def test_eval_on_the_corpus() -> None:
    result = run("eval", GOLD, CORPUS)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.stdout.strip()
    as_json = run("eval", GOLD, CORPUS, "--json")
    report = json.loads(as_json.stdout)
    assert len(report["documents"]) == len(SEEDS)
    assert all(d["status"] not in ("missing_document", "parse_error") for d in report["documents"])
    details = run("eval", GOLD, CORPUS, "--details")
    assert details.exit_code == 0 and len(details.stdout) >= len(result.stdout)


def test_eval_with_broken_gold_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "x.gold.json").write_text("{not json", encoding="utf-8")
    result = run("eval", tmp_path, CORPUS)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "Traceback" not in result.output


def test_schema_and_version() -> None:
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "PromiseDocument" and "activities" in schema["properties"]
    build = "compiled" if compiled() else "pure Python"
    assert run("--version").stdout.strip() == f"loftesparser, version {__version__} ({build})"
    assert run("--help").exit_code == 0


def test_progress_bar_draws_on_a_terminal() -> None:
    from rich.console import Console

    progress = _ConsoleProgress(bar=True)
    buffer = io.StringIO()
    progress.console = Console(
        file=buffer, force_terminal=True, width=120, no_color=True, highlight=False
    )
    progress.start(2, unchanged=3)
    progress.advance(Parsed("a.txt", "a.txt", "0" * 64, 0, "a.json"))
    progress.advance(Failure("b.txt", "EmptyDocumentError", "empty_document", "the file is empty"))
    progress.stop()
    text = buffer.getvalue()
    assert "3 files unchanged" in text and "b.txt: the file is empty" in text
    assert "2/2" in text and "1 failed" in text


# --- real processes: exit codes and a killed run ----------------------------------------------


def _command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "loftesparser.cli", *map(str, args)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC)}


def test_real_exit_codes(mixed: Path, tmp_path: Path) -> None:
    usage = subprocess.run(_command("parse", mixed), capture_output=True, env=_env(), timeout=120)
    assert usage.returncode == 2
    failing = subprocess.run(
        _command("parse", mixed, "-o", tmp_path / "out", "-j", "2"),
        capture_output=True,
        env=_env(),
        timeout=300,
    )
    assert failing.returncode == 1, failing.stderr.decode()
    assert documents_in(tmp_path / "out") == EXPECTED_OUTPUTS
    assert b"Traceback" not in failing.stderr


def _wait_for_group_to_exit(group: int, timeout: float = 30) -> None:
    # The workers die asynchronously after SIGKILL; until they have, they hold
    # the output folder's lock (they inherited it), as they should.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)


def test_a_killed_run_leaves_no_partial_file_and_resumes(tmp_path: Path) -> None:
    many = tmp_path / "many"
    many.mkdir()
    # Enough work that the run is still going when the test sees the first manifest.
    count = 160
    document = SEEDS[0].read_text(encoding="utf-8") * 4
    for i in range(count):
        (many / f"copy{i:03}.txt").write_text(document, encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen(
        _command("parse", many, "-o", out, "-j", "2", "-q"),
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers die with it
    )
    try:
        deadline = time.monotonic() + 120
        # Wait until it has written documents and saved its manifest at least once.
        while not (out / MANIFEST_NAME).exists() and time.monotonic() < deadline:
            if process.poll() is not None:
                break
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    _wait_for_group_to_exit(process.pid)

    # No half-written document under a final name; temporary files may remain until the next run.
    finished = documents_in(out)
    assert len(finished) < count
    for name in finished:
        PromiseDocument.model_validate_json((out / name).read_bytes())
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    remembered = len(manifest["entries"])
    assert remembered >= 1

    resumed = run("parse", many, "-o", out, "-j", "2")
    assert resumed.exit_code == 0, resumed.output
    assert f"{count} documents in {out}" in resumed.stderr
    assert f"{count - remembered} parsed, {remembered} unchanged" in resumed.stderr
    assert len(documents_in(out)) == count
    assert not list(out.rglob(f"*{TEMP_SUFFIX}"))
