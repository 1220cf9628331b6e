"""PDF pages per second per layout folder (not a test; part of the benchmark suite).

    python benchmarks/bench_pdf.py [--repeat 3] [--parse] [--backends pdfplumber,pypdfium2] [FOLDER]

For the PDFs in every layout folder under ``FOLDER`` (default ``corpus/pdf``;
``benchmarks/corpus/pdf`` is the large generated one) it times, on the same
files, with the runners of ``benchmarks/measure.py``:

* ``extract_words``: pdfplumber opening the file and calling
  ``page.extract_words()`` on every page, nothing else;
* ``pdfium_text``: pypdfium2's text extraction of every page, nothing else;
* ``read_file``: loftesparser's reader (glyphs, words, columns, headers and
  footers, line stream);
* ``parse:<backend>`` (with ``--parse``): the whole pipeline, reader to document.

and prints pages per second (median of ``--repeat`` passes). The whole
suite, with these figures over the generated corpus, is ``benchmarks/run.py``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from measure import PDF_BACKENDS, pdf_runners, pdf_timings, split_list

ROOT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "corpus" / "pdf")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parse", action="store_true", help="also time the whole pipeline")
    parser.add_argument("--backends", type=split_list, default=list(PDF_BACKENDS))
    args = parser.parse_args(argv)
    unknown = set(args.backends) - set(PDF_BACKENDS)
    if unknown:
        parser.error(f"unknown backend {', '.join(sorted(unknown))}")

    files = sorted(
        path
        for folder in sorted(args.folder.iterdir())
        if folder.is_dir()
        for path in folder.glob("*.pdf")
    )
    if not files:
        parser.error(f"no PDFs in layout folders under {args.folder}")
    runners = pdf_runners(args.backends if args.parse else [], with_reader=True)
    _, summary = pdf_timings(runners, files, args.repeat)

    names = list(summary["runners"])
    layouts = list(next(iter(summary["runners"].values()))["layouts"])
    header = f"{'layout':<20}{'files':>6}{'pages':>6}" + "".join(f"{n + ' p/s':>22}" for n in names)
    print(header)
    print("-" * len(header))
    for layout in [*layouts, "ALL"]:
        cells = [
            row if layout == "ALL" else row["layouts"][layout]
            for row in summary["runners"].values()
        ]
        rates = "".join(f"{cell['pages_per_s'] or 0:>22.1f}" for cell in cells)
        print(f"{layout:<20}{cells[0]['files']:>6}{cells[0]['pages']:>6}{rates}")
    for name, ratio in summary.get("ratios", {}).items():
        print(f"{name} time: {ratio['median']}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
