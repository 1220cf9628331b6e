"""Command-line interface: argument parsing and exit codes only.

Every command is one library call. Exit codes: 0 all parsed, 1 some inputs
failed, 2 usage errors.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from loftesparser import __version__, get_pipeline
from loftesparser.errors import LoftesparserError
from loftesparser.models import PromiseDocument
from loftesparser.options import ParseOptions
from loftesparser.readers import SUPPORTED_SUFFIXES


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so no half-written file is ever seen."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _discover(inputs: tuple[str, ...]) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """(file, path relative to its input root) for supported files; skipped files."""
    files: list[tuple[Path, Path]] = []
    skipped: list[Path] = []
    for raw in inputs:
        root = Path(raw)
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                if path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith("."):
                    files.append((path, path.relative_to(root)))
                else:
                    skipped.append(path)
        else:
            files.append((root, Path(root.name)))
    return files, skipped


@click.group()
@click.version_option(__version__, prog_name="loftesparser")
def cli() -> None:
    """Parse Swedish medborgarlöften into structured data."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), required=True)
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@click.option("--max-bytes", type=int, default=None, help="Refuse inputs larger than this.")
@click.option("--quiet", is_flag=True, help="No summary on standard error.")
def parse(
    inputs: tuple[str, ...], out_dir: Path, password: str | None, max_bytes: int | None, quiet: bool
) -> None:
    """Parse files and folders (recursively) into OUT/<relative path>/<stem>.json."""
    options = ParseOptions(pdf_password=password)
    if max_bytes is not None:
        options = ParseOptions(pdf_password=password, max_bytes=max_bytes)
    pipeline = get_pipeline(options)
    files, skipped = _discover(inputs)
    failures: list[dict[str, str]] = []
    parsed = 0
    for path, relative in files:
        try:
            document = pipeline.parse_file(path)
        except LoftesparserError as exc:
            failures.append({"path": str(path), "error": type(exc).__name__, "message": exc.message})
            click.echo(f"error: {exc}", err=True)
            continue
        except Exception as exc:  # a parser bug must not lose the other files
            failures.append({"path": str(path), "error": type(exc).__name__, "message": str(exc)})
            click.echo(f"error: {path}: internal error {type(exc).__name__}: {exc}", err=True)
            continue
        _write_atomic(out_dir / relative.with_suffix(".json"), document.to_json() + "\n")
        parsed += 1
    lines = "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in failures)
    _write_atomic(out_dir / "errors.jsonl", lines)
    if not quiet:
        click.echo(
            f"{parsed} parsed, {len(failures)} failed, {len(skipped)} skipped -> {out_dir}",
            err=True,
        )
    sys.exit(1 if failures else 0)


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("docs_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--details", is_flag=True, help="List what was missed or wrong.")
def eval_command(gold_dir: Path, docs_dir: Path, as_json: bool, details: bool) -> None:
    """Score the parser on DOCS_DIR against the gold annotations in GOLD_DIR."""
    from loftesparser.evaluation import evaluate
    from loftesparser.evaluation.report import render_table

    try:
        report = evaluate(gold_dir, docs_dir)
    except LoftesparserError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(report.model_dump_json(indent=2) if as_json else render_table(report, details=details))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the output document."""
    click.echo(json.dumps(PromiseDocument.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    """Entry point of the ``loftesparser`` command."""
    cli(standalone_mode=True)


if __name__ == "__main__":
    main()
