"""In-process measurements of the benchmark suite; one run of this file is one worker process.

    python benchmarks/measure.py text   CORPUS_DIR [--repeat N]
    python benchmarks/measure.py stages CORPUS_DIR [--repeat N]
    python benchmarks/measure.py pdf    CORPUS_DIR [--repeat N] [--backends pdfplumber,pypdfium2]
    python benchmarks/measure.py memory CORPUS_DIR [--backend pdfplumber]

Each prints one JSON object on standard output (progress goes to standard
error). ``benchmarks/run.py`` starts them as fresh processes, so one
measurement's imports, caches and memory never disturb another's; the timing
helpers are also used by ``benchmarks/bench_pdf.py``.

Heavy libraries are imported inside the functions that time them, never at
the top of this module.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loftesparser.models import PromiseDocument
    from loftesparser.options import ParseOptions

#: Something that reads one file and returns its page count (1 for text).
Runner = Callable[[Path], int]

PDF_BACKENDS = ("pdfplumber", "pypdfium2")
MANIFEST = "manifest.json"


# --- runners ---------------------------------------------------------------------------


def plumber_words(path: Path) -> int:
    """pdfplumber alone: open the file, ``extract_words()`` on every page. Returns pages."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
        return len(pdf.pages)


def pdfium_text(path: Path) -> int:
    """pypdfium2 alone: every page's text (``get_textpage().get_text_range()``). Returns pages."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        count = len(pdf)
        for index in range(count):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return count
    finally:
        pdf.close()


def reader(path: Path) -> int:
    """loftesparser's reader alone (PDF: glyphs, words, columns, furniture, lines)."""
    from loftesparser.readers import read_file

    return read_file(path).page_count or 1


def parse_options(backend: str | None) -> ParseOptions | None:
    """``ParseOptions`` for a PDF backend named on the command line (None: the default)."""
    from loftesparser.options import ParseOptions

    if backend is None:
        return None
    if backend == "pdfplumber":
        return ParseOptions(pdf_backend="pdfplumber")
    if backend == "pypdfium2":
        return ParseOptions(pdf_backend="pypdfium2")
    raise ValueError(f"unknown PDF backend {backend!r}; known: {', '.join(PDF_BACKENDS)}")


def make_parser(backend: str | None = None) -> Runner:
    """The whole pipeline, built once and reused (as each batch worker does)."""
    import loftesparser

    pipeline = loftesparser.get_pipeline(parse_options(backend))

    def parse(path: Path) -> int:
        return pipeline.parse_file(path).source.page_count or 1

    return parse


def pdf_runners(backends: Sequence[str], *, with_reader: bool = False) -> dict[str, Runner]:
    """The PDF runners by name: the whole parse per backend, and the libraries alone."""
    runners: dict[str, Runner] = {f"parse:{b}": make_parser(b) for b in backends}
    if with_reader:
        runners["read_file"] = reader
    runners["extract_words"] = plumber_words
    runners["pdfium_text"] = pdfium_text
    return runners


# --- timing ----------------------------------------------------------------------------


@dataclass
class Passes:
    """Per-file seconds of every pass of one runner over the same files."""

    files: list[Path]
    pages: list[int]
    seconds: list[list[float]]  # [pass][file]
    failures: int = 0

    def totals(self, keep: Callable[[int], bool] = lambda _: True) -> list[float]:
        return [sum(t for i, t in enumerate(run) if keep(i)) for run in self.seconds]

    def summary(
        self, keep: Callable[[int], bool] = lambda _: True, *, paged: bool = True
    ) -> dict[str, Any]:
        """Median over passes of the time for the kept files, and the rates from it."""
        chosen = [i for i in range(len(self.files)) if keep(i)]
        totals = self.totals(keep)
        median = statistics.median(totals) if totals else 0.0
        pages = sum(self.pages[i] for i in chosen)
        size = sum(self.files[i].stat().st_size for i in chosen)
        row: dict[str, Any] = {"files": len(chosen), "bytes": size}
        if paged:
            row["pages"] = pages
        row["passes"] = [round(t, 4) for t in totals]
        row["median_seconds"] = round(median, 4)
        row["files_per_s"] = round(len(chosen) / median, 2) if median else None
        if paged:
            row["pages_per_s"] = round(pages / median, 2) if median else None
        row["kb_per_s"] = round(size / 1000 / median, 1) if median else None
        return row


def _one_pass(run: Runner, files: Sequence[Path]) -> tuple[list[float], list[int], int]:
    from loftesparser.errors import LoftesparserError

    times: list[float] = []
    pages: list[int] = []
    failures = 0
    clock = time.perf_counter
    for path in files:
        start = clock()
        try:
            count = run(path)
        except LoftesparserError as exc:
            failures += 1
            count = 0
            print(f"  failed: {path}: {exc}", file=sys.stderr)
        times.append(clock() - start)
        pages.append(count)
    return times, pages, failures


def interleaved(
    runners: dict[str, Runner], files: Sequence[Path], repeat: int, *, label: str = ""
) -> dict[str, Passes]:
    """``repeat`` passes of every runner over ``files``, the runners taking turns.

    Each runner first reads one file untimed (imports, caches, warm pipeline).
    Pass ``r`` starts with runner ``r`` (mod the number of runners), so a
    machine that slows down or speeds up during the run does not favour one.
    """
    names = list(runners)
    results = {name: Passes(list(files), [0] * len(files), []) for name in names}
    for name in names:
        if files:
            runners[name](files[0])
    for index in range(repeat):
        turn = names[index % len(names) :] + names[: index % len(names)]
        for name in turn:
            started = time.perf_counter()
            times, pages, failures = _one_pass(runners[name], files)
            passes = results[name]
            passes.seconds.append(times)
            passes.pages = [max(a, b) for a, b in zip(passes.pages, pages, strict=True)]
            passes.failures = max(passes.failures, failures)
            print(
                f"  {label}{name}: pass {index + 1}/{repeat} {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
    return results


def ratio(over: Passes, under: Passes) -> dict[str, Any]:
    """Time of ``over`` relative to ``under``: per pass, and the median of those."""
    per_pass = [a / b for a, b in zip(over.totals(), under.totals(), strict=True) if b]
    return {
        "median": round(statistics.median(per_pass), 3) if per_pass else None,
        "per_pass": [round(r, 3) for r in per_pass],
    }


def layout_of(path: Path) -> str:
    return path.parent.name


def _in_layout(files: Sequence[Path], layout: str) -> Callable[[int], bool]:
    return lambda index: layout_of(files[index]) == layout


def pdf_timings(
    runners: dict[str, Runner], files: Sequence[Path], repeat: int
) -> tuple[dict[str, Passes], dict[str, Any]]:
    """Time ``runners`` on ``files``; returns the passes and a JSON-ready summary."""
    passes = interleaved(runners, files, repeat)
    layouts = sorted({layout_of(p) for p in files})
    summary: dict[str, Any] = {"files": len(files), "repeat": repeat, "runners": {}}
    for name, result in passes.items():
        row = result.summary()
        row["failures"] = result.failures
        row["layouts"] = {layout: result.summary(_in_layout(files, layout)) for layout in layouts}
        summary["runners"][name] = row
    summary["pages"] = max((r.summary()["pages"] for r in passes.values()), default=0)
    if "extract_words" in passes:
        summary["ratios"] = {
            f"{name}/extract_words": ratio(result, passes["extract_words"])
            for name, result in passes.items()
            if name != "extract_words"
        }
    return passes, summary


# --- the corpus ------------------------------------------------------------------------


def load_manifest(corpus: Path) -> dict[str, Any]:
    manifest = json.loads((corpus / MANIFEST).read_text(encoding="utf-8"))
    assert isinstance(manifest, dict)
    return manifest


def corpus_files(corpus: Path, kind: str) -> list[Path]:
    """The corpus's ``text`` or ``pdf`` files, in manifest order."""
    return [corpus / entry["path"] for entry in load_manifest(corpus)[kind]]


def seed_sized(corpus: Path) -> tuple[int, int]:
    low, high = load_manifest(corpus)["stats"]["text"]["seed_sized_range"]
    return int(low), int(high)


# --- the workers -----------------------------------------------------------------------


def measure_text(corpus: Path, repeat: int) -> dict[str, Any]:
    """Text documents per second in this process, warm pipeline.

    ``parse_file``: the whole parse from the file (reading, encoding
    detection, pipeline); ``parse_text``: the same documents from memory.
    Figures for the seed-sized documents (3-5 kB), every document, and the
    short and long ones.
    """
    import loftesparser

    files = corpus_files(corpus, "text")
    pipeline = loftesparser.get_pipeline()
    texts = {path: path.read_text(encoding="utf-8") for path in files}

    def from_text(path: Path) -> int:
        pipeline.parse_text(texts[path], name=path.name)
        return 1

    runners: dict[str, Runner] = {"parse_file": make_parser(), "parse_text": from_text}
    for path in files[:5]:  # warm up beyond the first document
        pipeline.parse_file(path)
    passes = interleaved(runners, files, repeat, label="text ")
    low, high = seed_sized(corpus)
    sizes = [path.stat().st_size for path in files]
    groups: dict[str, Callable[[int], bool]] = {
        "seed_sized": lambda i: low <= sizes[i] <= high,
        "all": lambda i: True,
        "short": lambda i: sizes[i] < low,
        "long": lambda i: sizes[i] > high,
    }
    result: dict[str, Any] = {"repeat": repeat, "seed_sized_range": [low, high]}
    for name, run in passes.items():
        result[name] = {group: run.summary(keep, paged=False) for group, keep in groups.items()}
        result[name]["failures"] = run.failures
    return result


# --- where the time goes ----------------------------------------------------------------

#: The pipeline's stages in the order ``Pipeline.run`` calls them.
STAGES = (
    "read",
    "normalize",
    "segment",
    "sections",
    "content",
    "temporal",
    "signing place",
    "lpo mentions",
    "kommuner",
    "lokalpolisomrade",
    "signatories",
    "assemble",
)


def staged_parse(text: str, name: str, spent: dict[str, float]) -> PromiseDocument:
    """``Pipeline.parse_text``, one stage at a time, each stage's seconds added to ``spent``.

    It repeats the order of ``loftesparser.pipeline.Pipeline.run``;
    :func:`measure_stages` checks that both give the same documents, so a change
    to the pipeline that this does not follow stops the measurement.
    """
    from loftesparser.assemble import assemble
    from loftesparser.extract.content import extract_content
    from loftesparser.extract.parties import (
        extract_kommuner,
        extract_lokalpolisomrade,
        find_lpo_mentions,
    )
    from loftesparser.extract.sections import extract_sections
    from loftesparser.extract.signatures import extract_signatories, signing_place
    from loftesparser.extract.temporal import extract_temporal
    from loftesparser.normalize import normalize
    from loftesparser.pipeline import signing, stage_warnings
    from loftesparser.readers import read_text_str
    from loftesparser.segment import segment

    clock = time.perf_counter
    started = clock()

    def lap(stage: str) -> None:
        nonlocal started
        now = clock()
        spent[stage] += now - started
        started = now

    read = read_text_str(text, name=name)
    lap("read")
    normalized = normalize(read.lines)
    lap("normalize")
    structure = segment(normalized)
    lap("segment")
    sections = extract_sections(structure)
    lap("sections")
    content = extract_content(structure, sections)
    lap("content")
    temporal = extract_temporal(structure)
    lap("temporal")
    place = signing_place(structure)
    lap("signing place")
    lpo_mentions = find_lpo_mentions(structure)
    lap("lpo mentions")
    kommuner = extract_kommuner(structure, lpo_mentions)
    lap("kommuner")
    lokalpolisomrade = extract_lokalpolisomrade(structure, lpo_mentions)
    lap("lokalpolisomrade")
    signatories = extract_signatories(structure, kommuner=kommuner)
    lap("signatories")
    document = assemble(
        read=read,
        structure=structure,
        sections=sections,
        content=content,
        kommuner=kommuner,
        lokalpolisomrade=lokalpolisomrade,
        period=temporal.period,
        signed=signing(temporal, place),
        signatories=signatories,
        dates=temporal.dates,
        warnings=stage_warnings(read, normalized, temporal),
    )
    lap("assemble")
    return document


def measure_stages(corpus: Path, repeat: int) -> dict[str, Any]:
    """Milliseconds per seed-sized text document in each stage of the pipeline.

    Every document is first parsed both ways and compared (the staged parse
    must equal ``parse_text``'s); then ``repeat`` passes, each stage's share
    the median over the passes, beside the whole ``parse_text`` timed in turn.
    """
    import loftesparser

    low, high = seed_sized(corpus)
    files = [path for path in corpus_files(corpus, "text") if low <= path.stat().st_size <= high]
    texts = [(path.read_text(encoding="utf-8"), path.name) for path in files]
    pipeline = loftesparser.get_pipeline()
    scratch = dict.fromkeys(STAGES, 0.0)
    for text, name in texts:
        staged = staged_parse(text, name, scratch)
        if staged.model_dump() != pipeline.parse_text(text, name=name).model_dump():
            raise SystemExit(
                f"the staged parse of {name} differs from parse_text: "
                "benchmarks/measure.py no longer follows Pipeline.run"
            )
    passes: list[dict[str, float]] = []
    whole: list[float] = []
    for _ in range(repeat):
        spent = dict.fromkeys(STAGES, 0.0)
        for text, name in texts:
            staged_parse(text, name, spent)
        passes.append(spent)
        started = time.perf_counter()
        for text, name in texts:
            pipeline.parse_text(text, name=name)
        whole.append(time.perf_counter() - started)
    count = max(len(texts), 1)
    per_stage = {stage: statistics.median(p[stage] for p in passes) / count for stage in STAGES}
    total = sum(per_stage.values())
    return {
        "repeat": repeat,
        "documents": len(texts),
        "seed_sized_range": [low, high],
        "stages": {
            stage: {
                "ms_per_doc": round(seconds * 1e3, 4),
                "share": round(seconds / total, 4) if total else None,
            }
            for stage, seconds in per_stage.items()
        },
        "sum_ms_per_doc": round(total * 1e3, 4),
        "parse_text_ms_per_doc": round(statistics.median(whole) / count * 1e3, 4),
    }


def measure_pdf(corpus: Path, repeat: int, backends: Sequence[str]) -> dict[str, Any]:
    """PDF pages per second: the whole parse per backend, and the libraries alone."""
    files = corpus_files(corpus, "pdf")
    _, summary = pdf_timings(pdf_runners(backends), files, repeat)
    return summary


def max_rss_bytes(who: int = resource.RUSAGE_SELF) -> int:
    """Peak resident set size (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def current_rss_bytes() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def measure_memory(corpus: Path, backend: str) -> dict[str, Any]:
    """Peak memory of one worker that parses the whole corpus (text, then PDF)."""
    baseline = max_rss_bytes()
    import loftesparser
    from loftesparser.errors import LoftesparserError

    pipeline = loftesparser.get_pipeline(parse_options(backend))
    after_start = current_rss_bytes()
    files = corpus_files(corpus, "text") + corpus_files(corpus, "pdf")
    failures = 0
    started = time.perf_counter()
    for path in files:
        try:
            pipeline.parse_file(path)
        except LoftesparserError:
            failures += 1
    return {
        "backend": backend,
        "files": len(files),
        "failures": failures,
        "seconds": round(time.perf_counter() - started, 2),
        "interpreter_rss_mb": _mb(baseline),
        "after_pipeline_rss_mb": _mb(after_start) if after_start else None,
        "end_rss_mb": _mb(current_rss_bytes()),
        "peak_rss_mb": _mb(max_rss_bytes()),
    }


def _mb(value: int | None) -> float | None:
    return round(value / 2**20, 1) if value is not None else None


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("what", choices=["text", "stages", "pdf", "memory"])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", type=split_list, default=list(PDF_BACKENDS))
    parser.add_argument("--backend", choices=PDF_BACKENDS, default="pdfplumber")
    args = parser.parse_args(None if argv is None else list(argv))
    if args.what == "text":
        result = measure_text(args.corpus, args.repeat)
    elif args.what == "stages":
        result = measure_stages(args.corpus, args.repeat)
    elif args.what == "pdf":
        result = measure_pdf(args.corpus, args.repeat, args.backends)
    else:
        result = measure_memory(args.corpus, args.backend)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
