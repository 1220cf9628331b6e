"""The benchmark suite: speed, start-up, scaling and memory of loftesparser (not a test).

    python benchmarks/run.py                     # everything, on the full corpus
    python benchmarks/run.py --quick             # a small corpus and one pass: a check
    python benchmarks/run.py --only text,startup --repeat 5

Makes the corpus when it is missing (``scripts/make_bench_corpus.py``: 500
text documents and at least 2,000 PDF pages in ``benchmarks/corpus/``), then
runs each measurement in fresh processes:

* ``text``: documents per second in one process, warm pipeline;
* ``stages``: where the time goes: milliseconds per seed-sized document in
  each stage of the pipeline;
* ``pdf``: pages per second of the whole parse with each PDF backend, of
  pdfplumber's ``extract_words`` and of pypdfium2's text extraction alone on
  the same files, and the parse/extract_words time ratio;
* ``startup``: importing the package, building the pipeline, the first parse;
* ``batch``: the CLI with ``-j 1`` and ``-j 2`` on the same files, the speed-up,
  and the two runs' outputs compared;
* ``memory``: peak resident memory of one worker parsing the whole corpus.

Prints a table (targets beside the figures) and writes
``benchmarks/results.json``. Timings are medians over ``--repeat`` passes.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import filecmp
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GENERATOR = ROOT / "scripts" / "make_bench_corpus.py"
MEASURE = HERE / "measure.py"
RESULTS = HERE / "results.json"

MEASUREMENTS = ("text", "stages", "pdf", "startup", "batch", "memory")
BACKENDS = ("pdfplumber", "pypdfium2")


@dataclass(frozen=True)
class Mode:
    """Corpus size and default repeats of a full or a quick run."""

    name: str
    corpus: Path
    docs: int
    pages: int
    repeat: int
    startup_runs: int
    batch_pages: int


FULL = Mode("full", HERE / "corpus", 500, 2000, 3, 7, 300)
QUICK = Mode("quick", HERE / "corpus-quick", 60, 150, 1, 3, 40)


# --- targets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A goal of issue #7; ``at_least`` tells which side of ``limit`` passes."""

    limit: float
    at_least: bool
    text: str

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value >= self.limit if self.at_least else value <= self.limit


TEXT_RATE = Target(300, True, ">= 300 docs/s")
PDF_RATIO = Target(1.2, False, "<= 1.2x")
STARTUP = Target(1.0, False, "< 1 s")
SPEEDUP = Target(1.7, True, ">= 1.7x")
MEMORY = Target(300, False, "< 300 MB")


@dataclass
class Row:
    """One line of the table."""

    name: str
    value: float | None
    unit: str
    target: Target | None = None
    note: str = ""

    @property
    def met(self) -> bool | None:
        return self.target.met(self.value) if self.target else None

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "target": self.target.text if self.target else None,
            "met": self.met,
            "note": self.note or None,
        }


# --- child processes -------------------------------------------------------------------


@dataclass
class Child:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    #: Peak resident memory of the process and of every descendant it waited for.
    max_rss_mb: float | None


def run_child(command: Sequence[str], *, quiet: bool = False) -> Child:
    """Run ``command`` and measure its wall time and peak memory (via ``wait4``).

    Standard error is shown as it comes unless ``quiet``; it is also returned.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=out, stderr=err if quiet else None, stdin=subprocess.DEVNULL
        )
        try:
            if hasattr(os, "wait4"):
                _, status, usage = os.wait4(process.pid, 0)
                seconds = time.perf_counter() - started
                process.returncode = os.waitstatus_to_exitcode(status)
                peak: float | None = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
            else:  # pragma: no cover - not POSIX
                process.wait()
                seconds = time.perf_counter() - started
                peak = None
        except BaseException:
            process.kill()
            process.wait()
            raise
        out.seek(0)
        err.seek(0)
        return Child(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            round(peak / 2**20, 1) if peak is not None else None,
        )


def run_worker(*args: str) -> tuple[dict[str, Any], Child]:
    """Run ``benchmarks/measure.py ARGS`` and return its JSON result."""
    child = run_child([sys.executable, str(MEASURE), *args])
    if child.returncode != 0:
        raise SystemExit(f"measure.py {' '.join(args)} failed with exit code {child.returncode}")
    lines = child.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    assert isinstance(result, dict)
    return result, child


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the measurements ------------------------------------------------------------------


def measure_text(corpus: Path, repeat: int) -> tuple[dict[str, Any], list[Row]]:
    say("text: documents per second in one process")
    result, _ = run_worker("text", str(corpus), "--repeat", str(repeat))
    rows = []
    for mode, label in (("parse_file", "parse_file"), ("parse_text", "parse_text")):
        for group, what, target in (
            ("seed_sized", "seed-sized 3-5 kB", TEXT_RATE),
            ("all", "all documents", None),
        ):
            figures = result[mode][group]
            rows.append(
                Row(
                    f"text {label}, {what} ({figures['files']})",
                    figures["files_per_s"],
                    "docs/s",
                    target if mode == "parse_file" else None,
                    f"{figures['kb_per_s']} kB/s",
                )
            )
    return result, rows


def measure_stages(corpus: Path, repeat: int) -> tuple[dict[str, Any], list[Row]]:
    say("stages: where the time of a text document goes")
    result, _ = run_worker("stages", str(corpus), "--repeat", str(repeat))
    rows = [
        Row(f"  stage {stage}", figures["ms_per_doc"], "ms/doc", note=f"{figures['share']:.0%}")
        for stage, figures in result["stages"].items()
    ]
    rows.append(
        Row(
            "  sum of the stages",
            result["sum_ms_per_doc"],
            "ms/doc",
            note=f"parse_text {result['parse_text_ms_per_doc']:.2f} ms/doc in the same passes",
        )
    )
    return result, rows


def measure_pdf(
    corpus: Path, repeat: int, backends: Sequence[str]
) -> tuple[dict[str, Any], list[Row]]:
    say("pdf: pages per second, whole parse and the libraries alone")
    result, _ = run_worker(
        "pdf", str(corpus), "--repeat", str(repeat), "--backends", ",".join(backends)
    )
    runners = result["runners"]
    rows = []
    labels = {
        **{f"parse:{b}": f"PDF parse_file ({b} backend)" for b in backends},
        "extract_words": "PDF pdfplumber extract_words alone",
        "pdfium_text": "PDF pypdfium2 get_text_range alone",
    }
    for name, label in labels.items():
        if name in runners:
            figures = runners[name]
            note = f"{figures['pages']} pages" + (
                f", {figures['failures']} failed" if figures["failures"] else ""
            )
            rows.append(Row(label, figures["pages_per_s"], "pages/s", None, note))
    for name, figures in result.get("ratios", {}).items():
        over = name.split("/")[0]
        if over.startswith("parse:"):
            spread = ", ".join(f"{r:.2f}" for r in figures["per_pass"])
            rows.append(
                Row(
                    f"PDF parse ({over[6:]}) / extract_words time",
                    figures["median"],
                    "x",
                    PDF_RATIO,
                    f"per pass: {spread}",
                )
            )
    return result, rows


STARTUP_CODE = """
import time
t0 = time.perf_counter()
import loftesparser
t1 = time.perf_counter()
pipeline = loftesparser.get_pipeline()
t2 = time.perf_counter()
document = pipeline.parse_file({path!r})
t3 = time.perf_counter()
import json
print(json.dumps({{"import": t1 - t0, "pipeline": t2 - t0, "first_parse": t3 - t0,
                  "activities": len(document.activities)}}))
"""


def measure_startup(corpus: Path, runs: int) -> tuple[dict[str, Any], list[Row]]:
    """Fresh interpreters: import, build the pipeline, parse one seed-sized document."""
    say(f"startup: {runs} fresh processes")
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    low, high = manifest["stats"]["text"]["seed_sized_range"]
    sizes = [(e["bytes"], e["path"]) for e in manifest["text"]]
    chosen = min((e for e in sizes if low <= e[0] <= high), default=min(sizes))
    path = corpus / chosen[1]
    code = STARTUP_CODE.format(path=str(path))
    # Python compiles a module's source on first import and caches the bytecode, as pip
    # does for an installed package; with PYTHONDONTWRITEBYTECODE set (as on some CI
    # machines) every fresh process would compile the whole package again. Compile once
    # first, so the figure is the start-up a user sees.
    spec = importlib.util.find_spec("loftesparser")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(str(Path(spec.origin).parent), quiet=1)
    samples: dict[str, list[float]] = {
        "interpreter": [],
        "import": [],
        "pipeline": [],
        "first_parse": [],
        "process": [],
    }
    for _ in range(runs):
        bare = run_child([sys.executable, "-c", "pass"])
        samples["interpreter"].append(bare.seconds)
        child = run_child([sys.executable, "-c", code])
        if child.returncode != 0:
            raise SystemExit(f"start-up run failed:\n{child.stderr}")
        inside = json.loads(child.stdout.strip().splitlines()[-1])
        for key in ("import", "pipeline", "first_parse"):
            samples[key].append(inside[key])
        samples["process"].append(child.seconds)
    medians = {key: round(statistics.median(values), 4) for key, values in samples.items()}
    result = {
        "runs": runs,
        "bytecode": "compiled before the runs (compileall), as after pip install",
        "document": chosen[1],
        "document_bytes": chosen[0],
        "median_seconds": medians,
        "samples": {key: [round(v, 4) for v in values] for key, values in samples.items()},
    }
    rows = [
        Row("start-up: import loftesparser", medians["import"], "s"),
        Row("start-up: import + get_pipeline()", medians["pipeline"], "s", STARTUP),
        Row("start-up: ... + first parse (seed-sized text)", medians["first_parse"], "s"),
        Row(
            "start-up: whole process to first result",
            medians["process"],
            "s",
            None,
            f"bare interpreter {medians['interpreter']:.3f} s",
        ),
    ]
    return result, rows


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("loftesparser")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from loftesparser.cli import main; main()"]


def batch_inputs(corpus: Path, pages: int) -> tuple[list[str], dict[str, int]]:
    """Every text document and the first PDFs (all layouts in turn) up to ``pages`` pages."""
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    pdfs: list[str] = []
    total = 0
    for entry in manifest["pdf"]:
        if total >= pages:
            break
        pdfs.append(str(corpus / entry["path"]))
        total += int(entry["pages"])
    inputs = [str(corpus / "text"), *pdfs]
    return inputs, {"text_documents": len(manifest["text"]), "pdfs": len(pdfs), "pdf_pages": total}


def tree_files(folder: Path) -> dict[str, Path]:
    """The output files a batch run wrote (its hidden bookkeeping left out)."""
    return {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    }


def same_outputs(first: Path, second: Path) -> list[str]:
    """The output files that differ between two runs (or exist in one only)."""
    left, right = tree_files(first), tree_files(second)
    if not left:
        return ["(the first run wrote no output files)"]
    differ = sorted(set(left) ^ set(right))
    for key in sorted(set(left) & set(right)):
        if not filecmp.cmp(left[key], right[key], shallow=False):
            differ.append(key)
    return differ


def measure_batch(corpus: Path, repeat: int, pages: int) -> tuple[dict[str, Any], list[Row]]:
    """The CLI with -j 1 and -j 2 on the same inputs, taking turns; outputs compared."""
    inputs, subset = batch_inputs(corpus, pages)
    say(
        f"batch: loftesparser parse, {subset['text_documents']} text documents + "
        f"{subset['pdfs']} PDFs ({subset['pdf_pages']} pages), -j 1 and -j 2"
    )
    walls: dict[int, list[float]] = {1: [], 2: []}
    peaks: dict[int, list[float]] = {1: [], 2: []}
    differences: list[str] = []
    compared = 0
    with tempfile.TemporaryDirectory(prefix="loftesparser-bench-") as tmp:
        reference: Path | None = None
        for index in range(repeat):
            for jobs in (1, 2) if index % 2 == 0 else (2, 1):
                out = Path(tmp) / f"j{jobs}-{index}"
                command = [*cli_command(), "parse", *inputs, "-o", str(out)]
                command += ["-j", str(jobs), "--quiet", "--force"]
                child = run_child(command, quiet=True)
                if child.returncode != 0:
                    raise SystemExit(
                        f"loftesparser parse -j {jobs} exited with {child.returncode}:\n"
                        f"{child.stderr[-2000:]}"
                    )
                walls[jobs].append(child.seconds)
                if child.max_rss_mb is not None:
                    peaks[jobs].append(child.max_rss_mb)
                say(f"  -j {jobs}: pass {index + 1}/{repeat} {child.seconds:.1f} s")
                if reference is None:
                    reference = out
                    compared = len(tree_files(out))
                else:
                    differences += [f"{out.name}: {key}" for key in same_outputs(reference, out)]
                    shutil.rmtree(out)
    median = {jobs: statistics.median(values) for jobs, values in walls.items()}
    pairs = [a / b for a, b in zip(walls[1], walls[2], strict=True) if b]
    speedup = median[1] / median[2] if median[2] else None
    result: dict[str, Any] = {
        "repeat": repeat,
        "inputs": subset,
        "wall_seconds": {f"j{j}": [round(v, 3) for v in values] for j, values in walls.items()},
        "median_seconds": {f"j{j}": round(v, 3) for j, v in median.items()},
        "speedup": round(speedup, 3) if speedup else None,
        "speedup_per_pass": [round(r, 3) for r in pairs],
        "outputs_equal": not differences,
        "output_files": compared,
        "differences": differences[:50],
        "peak_rss_mb": {f"j{j}": max(values) if values else None for j, values in peaks.items()},
    }
    files = subset["text_documents"] + subset["pdfs"]
    rows = [
        Row("batch -j 1 wall time", round(median[1], 3), "s", None, f"{files} files"),
        Row("batch -j 2 wall time", round(median[2], 3), "s"),
        Row(
            "batch speed-up -j 2 / -j 1",
            result["speedup"],
            "x",
            SPEEDUP,
            f"outputs equal ({compared} files)"
            if not differences
            else f"OUTPUTS DIFFER ({len(differences)} files)",
        ),
    ]
    if result["peak_rss_mb"]["j2"] is not None:
        rows.append(Row("batch -j 2 peak RSS (largest process)", result["peak_rss_mb"]["j2"], "MB"))
    return result, rows


def measure_memory(corpus: Path, backends: Sequence[str]) -> tuple[dict[str, Any], list[Row]]:
    results: dict[str, Any] = {}
    rows = []
    for backend in backends:
        say(f"memory: one worker parsing the whole corpus ({backend} backend)")
        result, child = run_worker("memory", str(corpus), "--backend", backend)
        result["wait4_max_rss_mb"] = child.max_rss_mb
        peak = max(v for v in (result["peak_rss_mb"], result["end_rss_mb"]) if v is not None)
        result["peak_mb"] = peak
        results[backend] = result
        note = f"{result['files']} files; after start-up {result['after_pipeline_rss_mb']} MB"
        rows.append(Row(f"peak RSS per worker ({backend} backend)", peak, "MB", MEMORY, note))
    return results, rows


# --- the run ---------------------------------------------------------------------------


def ensure_corpus(mode: Mode, corpus: Path, seed: int | None, force: bool) -> dict[str, Any]:
    command = [sys.executable, str(GENERATOR), str(corpus)]
    command += ["--docs", str(mode.docs), "--pages", str(mode.pages)]
    if seed is not None:
        command += ["--seed", str(seed)]
    if force:
        command.append("--force")
    started = time.perf_counter()
    child = run_child(command)
    if child.returncode != 0:
        raise SystemExit("making the corpus failed")
    print(child.stdout.strip(), file=sys.stderr)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert isinstance(manifest, dict)
    made_now = "made in" in child.stdout
    return {
        "path": str(corpus),
        "seed": manifest["seed"],
        "generator_version": manifest["version"],
        "generation_seconds": manifest["seconds"],
        "generated_now": made_now,
        "check_seconds": round(time.perf_counter() - started, 2),
        **manifest["stats"],
    }


def git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def version_of(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    memory = None
    with contextlib.suppress(OSError, ValueError):
        memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    return {
        "cpu_count": os.cpu_count(),
        "sched_getaffinity": affinity,
        "memory_gib": memory,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": _cpu_model() or platform.processor() or None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "load_average": _load(),
    }


def _cpu_model() -> str | None:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return None


def _load() -> list[float] | None:
    with contextlib.suppress(OSError, AttributeError):
        return [round(x, 2) for x in os.getloadavg()]
    return None


def package_info() -> dict[str, Any]:
    import loftesparser

    status = git("status", "--porcelain", "--", "src")
    return {
        "version": version_of("loftesparser"),
        # LOFTESPARSER_COMPILE=1 builds (mypyc) are measured as installed; see the README.
        "compiled": loftesparser.compiled(),
        "git_commit": git("rev-parse", "HEAD"),
        "git_src_dirty": bool(status) if status is not None else None,
        "libraries": {
            name: version_of(name) for name in ("pdfplumber", "pdfminer.six", "pypdfium2", "spacy")
        },
    }


def print_table(rows: Sequence[Row], out: Callable[[str], None] = print) -> None:
    width = max((len(r.name) for r in rows), default=20)
    header = f"{'measurement':<{width}}  {'value':>10}  {'unit':<8}{'target':<15}{'':<6}note"
    out(header)
    out("-" * len(header))
    for row in rows:
        value = "-" if row.value is None else f"{row.value:>10.3f}".rstrip("0").rstrip(".")
        status = {True: "ok", False: "MISS", None: ""}[row.met]
        target = row.target.text if row.target else ""
        out(f"{row.name:<{width}}  {value:>10}  {row.unit:<8}{target:<15}{status:<6}{row.note}")


def choose(value: str) -> list[str]:
    chosen = [item.strip() for item in value.split(",") if item.strip()]
    unknown = sorted(set(chosen) - set(MEASUREMENTS))
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown measurement {', '.join(unknown)}; choose from {', '.join(MEASUREMENTS)}"
        )
    return chosen


def backends(value: str) -> list[str]:
    chosen = [item.strip() for item in value.split(",") if item.strip()]
    unknown = sorted(set(chosen) - set(BACKENDS))
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"backends are {', '.join(BACKENDS)}")
    return chosen


@contextlib.contextmanager
def timed(label: str, log: dict[str, float]) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        log[label] = round(time.perf_counter() - started, 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Measurements: " + ", ".join(MEASUREMENTS),
    )
    parser.add_argument("--only", type=choose, default=list(MEASUREMENTS), help="e.g. text,pdf")
    parser.add_argument("--quick", action="store_true", help="small corpus, one pass (a check)")
    parser.add_argument("--repeat", type=int, help="passes per timing (default 3; quick 1)")
    parser.add_argument("--backends", type=backends, default=list(BACKENDS), help="PDF backends")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default by mode)")
    parser.add_argument("--seed", type=int, help="corpus random seed (default: the generator's)")
    parser.add_argument("--regenerate", action="store_true", help="make the corpus again")
    parser.add_argument("--batch-pages", type=int, help="PDF pages in the batch subset")
    parser.add_argument("-o", "--output", type=Path, default=RESULTS, help="results JSON")
    args = parser.parse_args(argv)
    mode = QUICK if args.quick else FULL
    repeat = args.repeat or mode.repeat
    if repeat < 1:
        parser.error("--repeat must be at least 1")
    corpus = args.corpus or mode.corpus
    started = time.perf_counter()
    results: dict[str, Any] = {
        "schema": 1,
        "mode": mode.name,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "package": package_info(),
        "settings": {
            "only": args.only,
            "repeat": repeat,
            "backends": args.backends,
            "startup_runs": max(repeat, mode.startup_runs),
            "batch_pdf_pages": args.batch_pages or mode.batch_pages,
        },
    }
    results["corpus"] = ensure_corpus(mode, corpus, args.seed, args.regenerate)
    measurements: dict[str, Any] = {}
    rows: list[Row] = []
    durations: dict[str, float] = {}
    steps: dict[str, Callable[[], tuple[dict[str, Any], list[Row]]]] = {
        "text": lambda: measure_text(corpus, repeat),
        "stages": lambda: measure_stages(corpus, repeat),
        "pdf": lambda: measure_pdf(corpus, repeat, args.backends),
        "startup": lambda: measure_startup(corpus, max(repeat, mode.startup_runs)),
        "batch": lambda: measure_batch(corpus, repeat, args.batch_pages or mode.batch_pages),
        "memory": lambda: measure_memory(corpus, args.backends),
    }
    for name in MEASUREMENTS:
        if name not in args.only:
            continue
        with timed(name, durations):
            measurements[name], new_rows = steps[name]()
        rows += new_rows
    results["measurements"] = measurements
    results["table"] = [row.as_json() for row in rows]
    results["machine"]["load_average_end"] = _load()
    results["seconds"] = {**durations, "total": round(time.perf_counter() - started, 1)}
    args.output.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")

    info = results["machine"]
    stats = results["corpus"]
    print()
    package = results["package"]
    print(
        f"loftesparser {package['version']} ({(package['git_commit'] or '?')[:10]}"
        f"{', src modified' if package['git_src_dirty'] else ''}, "
        f"{'compiled' if package['compiled'] else 'pure Python'}), "
        f"Python {info['python']}, {info['cpu_count']} cores "
        f"({info['sched_getaffinity']} usable), load {info['load_average']}"
    )
    print(
        f"corpus {stats['path']}: {stats['text']['documents']} text documents "
        f"({stats['text']['seed_sized']} seed-sized), {stats['pdf']['files']} PDFs, "
        f"{stats['pdf']['pages']} pages; {mode.name} run, {repeat} pass(es), medians"
    )
    print()
    print_table(rows)
    print()
    print(f"written: {args.output} ({results['seconds']['total']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
