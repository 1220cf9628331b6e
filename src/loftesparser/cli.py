"""The ``loftesparser`` command: a thin shell over the library.

Every command is one library call: ``parse`` → :func:`loftesparser.batch.run_batch`
(or :meth:`Pipeline.parse_file` for one file to standard output), ``table`` →
:func:`loftesparser.writers.write_tables`, ``compare`` →
:func:`loftesparser.tables.compare`, ``eval`` →
:func:`loftesparser.evaluation.evaluate`, ``schema`` →
``PromiseDocument.model_json_schema()``.

Exit codes: 0 success; 1 some input failed (or one file could not be
parsed); 2 usage error; 130 interrupted. A
:class:`~loftesparser.errors.LoftesparserError` is reported as one line,
``error: <path>: <message>``, never as a traceback.
"""

from __future__ import annotations

import contextlib
import json
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

import click

from loftesparser import __version__, compiled
from loftesparser.errors import GoldFormatError, LoftesparserError
from loftesparser.options import DEFAULT_MAX_BYTES, PDF_BACKENDS, ParseOptions

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


# --- shared plumbing ------------------------------------------------------------------


class _Group(click.Group):
    """Maps library errors to one line on stderr and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GoldFormatError as exc:
            click.echo(f"error: {exc}", err=True)
            for where, problem in exc.problems:
                click.echo(f"  {where}: {problem}", err=True)
            ctx.exit(exc.exit_code)
        except LoftesparserError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(EXIT_FAILURES)


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(value: str | int) -> int:
    """A size in bytes from ``1000000``, ``500k``, ``64M`` or ``1GB`` (powers of 1024)."""
    if isinstance(value, int):
        return value
    match = _SIZE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a size (examples: 5000000, 500k, 64M, 1G)")
    unit = (match.group(2) or "").lower()[:1]
    size = int(float(match.group(1)) * _UNITS[unit])
    if size <= 0:
        raise ValueError("the size must be positive")
    return size


def _size_option(ctx: click.Context, param: click.Parameter, value: str | int) -> int:
    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


def _pdf_options(func: Any) -> Any:
    """The PDF and size options every parsing command takes, passed into ParseOptions."""
    func = click.option(
        "--max-bytes",
        metavar="SIZE",
        default=str(DEFAULT_MAX_BYTES),
        callback=_size_option,
        show_default="64M",
        help="Fail files larger than this (e.g. 500k, 64M, 1G).",
    )(func)
    func = click.option(
        "--pdf-backend",
        type=click.Choice(PDF_BACKENDS),
        default=PDF_BACKENDS[0],
        show_default=True,
        help="Library that reads PDF text: pypdfium2 (PDFium, faster) or pdfplumber "
        "(pdfminer.six); both give the same lines.",
    )(func)
    func = click.option(
        "--password",
        metavar="PASSWORD",
        default=None,
        help="Password for encrypted PDFs.",
    )(func)
    return func


def _options(max_bytes: int, pdf_backend: str, password: str | None) -> ParseOptions:
    return ParseOptions(
        max_bytes=max_bytes,
        pdf_password=password,
        pdf_backend="pdfplumber" if pdf_backend == "pdfplumber" else "pypdfium2",
    )


def _write_stdout(text: str) -> None:
    # Bytes, so å ä ö survive whatever encoding the terminal or pipe declares.
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    sys.stdout.flush()
    stream.write(text.encode("utf-8"))
    stream.flush()


def _read_stdin() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    return bytes(stream.read()) if stream is not None else sys.stdin.read().encode("utf-8")


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Treat ``kill <pid>`` like Ctrl-C: save what is done, then stop."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> NoReturn:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# --- progress ----------------------------------------------------------------------------


class _ConsoleProgress:
    """Progress for :func:`run_batch`: a rich bar on a terminal, failure lines otherwise."""

    def __init__(self, *, bar: bool) -> None:
        from rich.console import Console

        self.console = Console(stderr=True, highlight=False, soft_wrap=True)
        self.bar = bar
        self.failed = 0
        self._progress: Any = None
        self._task: Any = None

    def start(self, total: int, unchanged: int) -> None:
        if unchanged:
            self.console.print(
                f"{unchanged} files unchanged since the last run (use --force to redo)"
            )
        if not self.bar or total == 0:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        # auto_refresh=False: no refresh thread, so forking the workers is safe;
        # the bar is redrawn whenever a file is done.
        self._progress = Progress(
            TextColumn("parsing"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failures]}"),
            console=self.console,
            auto_refresh=False,
            transient=True,
        )
        self._task = self._progress.add_task("parse", total=total, rate="", failures="")
        self._progress.start()
        self._progress.refresh()

    def advance(self, outcome: Any) -> None:
        from rich.markup import escape

        from loftesparser.batch import Failure

        if isinstance(outcome, Failure):
            self.failed += 1
            self.console.print(
                f"[red]failed[/red] {escape(outcome.path)}: {escape(outcome.message)} "
                f"[dim]({outcome.code})[/dim]"
            )
        if self._progress is None:
            return
        failures = f"[red]{self.failed} failed[/red]" if self.failed else ""
        self._progress.update(self._task, advance=1, failures=failures)
        # rich's speed is measured over the last seconds, not since start-up.
        speed = self._progress.tasks[0].speed
        rate = f"{speed:.1f} files/s" if speed else ""
        self._progress.update(self._task, rate=rate)
        self._progress.refresh()

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def _print_summary(summary: Any, console: Any) -> None:
    from rich.markup import escape

    parts = [f"{summary.parsed} parsed"]
    if summary.unchanged:
        parts.append(f"{summary.unchanged} unchanged")
    parts.append(f"{summary.with_warnings} with warnings")
    parts.append(f"{summary.failed} failed")
    parts.append(f"{len(summary.skipped)} skipped")
    documents = len(summary.documents)
    line = (
        f"{documents} documents in {escape(str(summary.out_dir))}: {', '.join(parts)} "
        f"({summary.elapsed:.1f} s, {summary.jobs} jobs)"
    )
    console.print(line)
    if summary.failures:
        console.print(f"  failures: {escape(str(summary.out_dir / 'errors.jsonl'))}")
    if summary.skipped:
        console.print(f"  skipped files: {escape(str(summary.out_dir / 'skipped.jsonl'))}")
    if summary.stopped_early:
        console.print("  stopped at the first failure (--fail-fast); the rest was not parsed")


# --- commands -------------------------------------------------------------------------------


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    "-V",
    "--version",
    prog_name="loftesparser",
    message=f"%(prog)s, version %(version)s ({'compiled' if compiled() else 'pure Python'})",
)
def cli() -> None:
    """Parse Swedish medborgarlöften (text and PDF) into structured data."""


@cli.command()
@click.argument(
    "inputs",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, readable=False, allow_dash=True, path_type=str),
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (required for folders and several files).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv", "parquet"]),
    default="json",
    show_default=True,
    help="json: one file per document, mirroring the input tree; jsonl: documents.jsonl; "
    "csv/parquet: the research tables.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: the machine's cores].",
)
@click.option("--force", is_flag=True, help="Parse again files that have not changed.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first file that fails.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option(
    "--exclude",
    "exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip files in folders whose relative path or name matches (repeatable), "
    "e.g. --exclude 'gold/*'.",
)
@_pdf_options
def parse(
    inputs: tuple[str, ...],
    out_dir: Path | None,
    fmt: str,
    jobs: int | None,
    force: bool,
    fail_fast: bool,
    quiet: bool,
    exclude: tuple[str, ...],
    password: str | None,
    pdf_backend: str,
    max_bytes: int,
) -> None:
    """Parse files and folders (recursively; '-' reads standard input).

    With -o OUT_DIR every .pdf, .txt and .md file becomes OUT_DIR/<relative
    path>/<stem>.json; failures are listed in OUT_DIR/errors.jsonl, other
    files in OUT_DIR/skipped.jsonl. Unchanged files are not parsed again.
    Without -o, one file (or '-') is printed to standard output as JSON.

    Exit status: 0 all parsed, 1 some failed, 2 usage error, 130 interrupted.
    """
    options = _options(max_bytes, pdf_backend, password)
    if out_dir is None:
        _parse_to_stdout(inputs, fmt, options)
        return
    if fmt == "parquet":
        from loftesparser.tables import require

        require("pyarrow.parquet", "--format parquet")  # before parsing anything
    from loftesparser.batch import run_batch

    stdin = _read_stdin() if "-" in inputs else None
    progress = None if quiet else _ConsoleProgress(bar=sys.stderr.isatty())
    try:
        with _sigterm_as_interrupt():
            summary = run_batch(
                inputs,
                out_dir,
                fmt=fmt,  # type: ignore[arg-type]
                jobs=jobs,
                force=force,
                fail_fast=fail_fast,
                options=options,
                progress=progress,
                stdin=stdin,
                ignore=exclude,
            )
    except KeyboardInterrupt:
        if progress is not None:
            progress.stop()
        click.echo(
            "interrupted: what was parsed is kept; run the same command again to resume",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    finally:
        if progress is not None:
            progress.stop()
    if progress is not None:
        _print_summary(summary, progress.console)
    sys.exit(summary.exit_code)


def _parse_to_stdout(inputs: Sequence[str], fmt: str, options: ParseOptions) -> None:
    if len(inputs) != 1 or (inputs[0] != "-" and not Path(inputs[0]).is_file()):
        raise click.UsageError("give -o OUT_DIR to parse a folder or several files")
    if fmt not in ("json", "jsonl"):
        raise click.UsageError(f"--format {fmt} writes tables into a folder: give -o OUT_DIR")
    from loftesparser import get_pipeline

    pipeline = get_pipeline(options)
    if inputs[0] == "-":
        document = pipeline.parse_bytes(_read_stdin(), name="stdin")
    else:
        document = pipeline.parse_file(inputs[0])
    _write_stdout(document.to_json(indent=2 if fmt == "json" else None) + "\n")


@cli.command()
@click.argument("parsed", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the tables.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet"]),
    default="csv",
    show_default=True,
)
@click.option(
    "--table",
    "tables",
    multiple=True,
    type=click.Choice(["documents", "activities", "signatories", "dates"]),
    help="Only this table (repeatable) [default: all four].",
)
def table(parsed: tuple[Path, ...], out_dir: Path, fmt: str, tables: tuple[str, ...]) -> None:
    """Write flat research tables from parsed output.

    PARSED is a folder written by 'loftesparser parse' (any format), JSON or
    JSONL files. Writes documents, activities, signatories and dates as
    DIR/<table>.csv (UTF-8) or .parquet, one row each.
    """
    from loftesparser.tables import TABLES, iter_documents
    from loftesparser.writers import write_tables

    chosen = [name for name in TABLES if name in tables] if tables else list(TABLES)
    written = write_tables(
        iter_documents(parsed),
        out_dir,
        fmt=fmt,  # type: ignore[arg-type]
        tables=chosen,
    )
    for item in written.values():
        click.echo(f"{item.path}  ({item.rows} rows)", err=True)


@cli.command()
@click.argument("parsed", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--out",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the view as CSV to this file.",
)
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of the table.")
def compare(parsed: tuple[Path, ...], csv_path: Path | None, as_csv: bool) -> None:
    """Per kommun and period: activities by owner and by theme.

    PARSED is a folder written by 'loftesparser parse', JSON or JSONL files.
    An agreement of several kommuner counts for each; an activity counts in
    every theme it mentions.
    """
    import io

    from loftesparser.tables import compare as compare_rows
    from loftesparser.tables import compare_columns
    from loftesparser.writers import csv_to_stream, write_csv

    rows = compare_rows(parsed)
    names = [name for name, _ in compare_columns()]
    if csv_path is not None:
        write_csv(rows, names, csv_path)
        click.echo(f"{csv_path}  ({len(rows)} rows)", err=True)
    if as_csv:
        buffer = io.StringIO()
        csv_to_stream(rows, names, buffer)
        _write_stdout(buffer.getvalue())
        return
    _print_compare(rows)


def _print_compare(rows: Sequence[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    from loftesparser.tables import OWNERS, theme_labels

    labels = theme_labels()
    view = Table(title="Activities per kommun and period", show_lines=True)
    view.add_column("Kommun", no_wrap=True)
    view.add_column("Län")
    view.add_column("Period", no_wrap=True)
    for header in ("Docs", "Activities", "Polisen", "Kommunen", "Both", "Unknown"):
        view.add_column(header, justify="right")
    # One cell of "theme count" pairs, most frequent first: a column per theme
    # would be 19 columns, unreadable on a terminal (the CSV has them).
    view.add_column("Activities by theme", ratio=1, min_width=30)
    for row in rows:
        start, end = row["period_start"], row["period_end"]
        period = f"{start or '?'} – {end or '?'}" if (start or end) else ""
        counts = sorted(
            ((row[column], label) for column, label in labels.items() if row[column]),
            key=lambda item: -item[0],
        )
        view.add_row(
            row["kommun"] or "(no kommun found)",
            row["lan"],
            period,
            str(row["documents"]),
            str(row["activities"]),
            *(str(row[owner]) for owner in OWNERS),
            ", ".join(f"{label} {count}" for count, label in counts),
        )
    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(view)


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("docs_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--details", is_flag=True, help="List every miss, spurious item and wrong field.")
@click.option("--recursive", is_flag=True, help="Also look in subfolders of both folders.")
@_pdf_options
def eval_command(
    gold_dir: Path,
    docs_dir: Path,
    as_json: bool,
    details: bool,
    recursive: bool,
    password: str | None,
    pdf_backend: str,
    max_bytes: int,
) -> None:
    """Score the parser on DOCS_DIR against the gold annotations in GOLD_DIR.

    Each GOLD_DIR/<stem>.gold.json is paired with DOCS_DIR/<stem>.{txt,md,pdf}.
    """
    from loftesparser import get_pipeline
    from loftesparser.evaluation import evaluate, render_table

    pipeline = get_pipeline(_options(max_bytes, pdf_backend, password))
    report = evaluate(gold_dir, docs_dir, parse=pipeline.parse_file, recursive=recursive)
    if as_json:
        _write_stdout(report.model_dump_json(indent=2) + "\n")
    else:
        _write_stdout(render_table(report, details=details))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the output document."""
    from loftesparser.models import PromiseDocument

    text = json.dumps(PromiseDocument.model_json_schema(), indent=2, ensure_ascii=False)
    _write_stdout(text + "\n")


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``loftesparser`` script."""
    # A pipe closed early (``loftesparser schema | head``) ends the command
    # quietly, as it does for other Unix tools, instead of a BrokenPipeError.
    with contextlib.suppress(AttributeError, ValueError):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    cli.main(args=list(argv) if argv is not None else None, prog_name="loftesparser")


if __name__ == "__main__":
    main()
