"""Benchmark the PDF reader against pdfplumber's own word extraction (not a test).

    python benchmarks/bench_pdf.py [--repeat 3] [--parse] [FOLDER]

For every layout folder of the PDF corpus (default ``corpus/pdf``) it times,
on the same files:

* ``extract_words``: pdfplumber opening the file and calling
  ``page.extract_words()`` on every page, nothing else;
* ``read_file``: loftesparser's reader (glyphs, words, columns, headers and
  footers, line stream);
* ``parse_file`` (with ``--parse``): the whole pipeline, reader to document.

and prints pages per second (best of ``--repeat`` runs, so a busy machine
disturbs the figures less).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from loftesparser.readers import read_file

ROOT = Path(__file__).resolve().parent.parent


def plumber_words(path: Path) -> int:
    """pdfplumber alone: every page's words. Returns the page count."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
        return len(pdf.pages)


def reader(path: Path) -> int:
    """loftesparser's PDF reader. Returns the page count."""
    return read_file(path).page_count or 0


def make_parser() -> Callable[[Path], int]:
    """The whole pipeline (built once, warm, as the batch runner uses it)."""
    import loftesparser

    pipeline = loftesparser.get_pipeline()

    def parse(path: Path) -> int:
        return pipeline.parse_file(path).source.page_count or 0

    return parse


@dataclass
class Timing:
    pages: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else float("inf")


def best_of(run: Callable[[Path], int], files: Sequence[Path], repeat: int) -> Timing:
    """The fastest of ``repeat`` passes over ``files``."""
    best: Timing | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        pages = sum(run(path) for path in files)
        timing = Timing(pages, time.perf_counter() - start)
        if best is None or timing.seconds < best.seconds:
            best = timing
    assert best is not None
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "corpus" / "pdf")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parse", action="store_true", help="also time the whole pipeline")
    args = parser.parse_args(argv)

    runners: list[tuple[str, Callable[[Path], int]]] = [
        ("extract_words", plumber_words),
        ("read_file", reader),
    ]
    if args.parse:
        runners.append(("parse_file", make_parser()))
    groups = {
        folder.name: sorted(folder.glob("*.pdf"))
        for folder in sorted(p for p in args.folder.iterdir() if p.is_dir())
    }
    groups = {name: files for name, files in groups.items() if files}
    if not groups:
        parser.error(f"no PDFs in layout folders under {args.folder}")
    groups["ALL"] = [path for files in groups.values() for path in files]

    names = [name for name, _ in runners]
    header = f"{'layout':<20}{'files':>6}{'pages':>6}" + "".join(f"{n + ' p/s':>18}" for n in names)
    print(header)
    print("-" * len(header))
    for layout, files in groups.items():
        timings = [best_of(run, files, args.repeat) for _, run in runners]
        cells = "".join(f"{t.rate:>18.1f}" for t in timings)
        print(f"{layout:<20}{len(files):>6}{timings[0].pages:>6}{cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
