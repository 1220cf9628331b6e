"""The batch runner: a folder of medborgarlöften in, one output per document, nothing lost.

:func:`run_batch` is what ``loftesparser parse DIR... -o OUT_DIR`` does:

1. :func:`discover` lists the inputs (recursively, in a deterministic order)
   and what is skipped (unsupported file types, hidden files);
2. files whose content hash, parser version and parse options are unchanged
   since the last run into the same ``OUT_DIR`` are not parsed again (the
   manifest ``OUT_DIR/.loftesparser-manifest.json`` remembers them, also the
   ones that failed with a typed error);
3. the rest are parsed by ``jobs`` worker processes, each building the
   pipeline once (``jobs=1`` parses in this process); every failure — typed
   :class:`~loftesparser.errors.LoftesparserError`, any other exception, or a
   crashed worker — becomes a :class:`Failure` row in ``OUT_DIR/errors.jsonl``;
4. outputs are written atomically: ``OUT_DIR/<relative path>/<stem>.json``
   (format ``json``), ``OUT_DIR/documents.jsonl`` (``jsonl``), or the flat tables
   (``csv``, ``parquet``; :mod:`loftesparser.tables`). ``OUT_DIR/skipped.jsonl``
   lists the skipped files.

Aggregate outputs (``documents.jsonl``, the tables, ``errors.jsonl``) describe
exactly the inputs of the run, in input order, whatever ``jobs`` is. For the
aggregate formats the per-document JSON is kept in ``OUT_DIR/.loftesparser-cache/``
so a re-run can rebuild them without parsing again.
"""

from __future__ import annotations

import contextlib
import ctypes
import fnmatch
import gc
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from loftesparser import __version__
from loftesparser.errors import LoftesparserError, OutDirLockedError
from loftesparser.models import PromiseDocument
from loftesparser.options import ParseOptions
from loftesparser.readers import SUPPORTED_SUFFIXES
from loftesparser.tables import MANIFEST_NAME, InvalidParsedDocumentError
from loftesparser.writers import (
    cleanup_temp_files,
    write_json,
    write_jsonl,
    write_records_jsonl,
    write_tables,
    write_text,
)

OutputFormat = Literal["json", "jsonl", "csv", "parquet"]
OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("json", "jsonl", "csv", "parquet")

CACHE_DIR = ".loftesparser-cache"
LOCK_NAME = ".loftesparser-lock"
ERRORS_NAME = "errors.jsonl"
SKIPPED_NAME = "skipped.jsonl"
JSONL_NAME = "documents.jsonl"
STDIN = "-"
STDIN_KEY = "stdin"
MANIFEST_FORMAT = 1

#: Seconds between manifest saves during a run, so a killed run resumes where it was.
MANIFEST_SAVE_INTERVAL = 2.0
#: Consecutive worker crashes after which the remaining files are not tried.
MAX_CONSECUTIVE_CRASHES = 3


# --- discovery ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to parse.

    ``path`` is the path to open, as the user wrote it (joined with the
    relative path below a folder argument); ``key`` is the path relative to
    the common folder of all arguments (POSIX separators, unique within a
    run): the manifest key, and ``output`` mirrors it (``sub/x.txt`` →
    ``sub/x.json``). ``error`` is set when the file is known to be unreadable
    before parsing (a folder that cannot be listed).
    """

    path: Path
    key: str
    output: str
    error: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file (or hidden folder) not parsed, and why."""

    path: Path
    reason: str


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _output_names(keys: Sequence[str]) -> dict[str, str]:
    """``sub/x.txt`` → ``sub/x.json``; ``x.txt`` and ``x.pdf`` side by side get ``x.txt.json``."""
    plain = {key: str(Path(key).with_suffix(".json").as_posix()) for key in keys}
    taken: dict[str, int] = {}
    for output in plain.values():
        taken[output] = taken.get(output, 0) + 1
    return {key: (output if taken[output] == 1 else f"{key}.json") for key, output in plain.items()}


def discover(
    inputs: Sequence[str | Path],
    *,
    exclude: str | Path | None = None,
    ignore: Sequence[str] = (),
) -> tuple[list[InputFile], list[SkippedFile]]:
    """List the files to parse among ``inputs`` and the ones skipped.

    A folder is searched recursively for ``.pdf``, ``.txt``, ``.md`` (and
    ``.text``, ``.markdown``) files; other files are skipped with a reason,
    and so are hidden files and folders (``.git``, ``.DS_Store``: listed, not
    entered). A file named on its own is always parsed (the reader decides by
    content). ``exclude`` (the output folder) is left out silently. Symbolic
    links are followed, each real file parsed once. ``ignore`` are glob
    patterns (``gold/*``, ``*.md``) matched against a file's path relative to
    the common folder of ``inputs``, or against its name; a file that matches
    is skipped with the pattern as its reason. Both lists are sorted by key,
    so the order does not depend on the file system.
    """
    excluded = Path(os.path.realpath(exclude)) if exclude is not None else None
    roots = [Path(p) for p in inputs if str(p) != STDIN]
    if not roots:
        return [], []
    bases = [os.path.abspath(p if p.is_dir() else p.parent) for p in roots]
    common = os.path.commonpath(bases)

    found: dict[str, tuple[Path, str | None]] = {}
    skipped: list[SkippedFile] = []
    seen_real: dict[str, str] = {}

    def key_of(path: Path) -> str:
        return Path(os.path.relpath(os.path.abspath(path), common)).as_posix()

    def add(path: Path, error: str | None = None) -> None:
        key = key_of(path)
        real = os.path.realpath(path)
        first = seen_real.get(real)
        if first is not None:
            # The same file reached twice: by nested arguments (same key, nothing
            # to say) or through a symbolic link (listed, so it is not lost).
            if first != key:
                skipped.append(SkippedFile(path, f"same file as {found[first][0]}"))
            return
        seen_real[real] = key
        found[key] = (path, error)

    for root in roots:
        if not root.is_dir():
            add(root)
            continue
        visited_folders: set[str] = set()

        def listing_failed(exc: OSError, root: Path = root) -> None:
            folder = Path(exc.filename) if exc.filename else root
            add(folder, f"cannot list folder: {exc.strerror or exc}")

        for folder, dirnames, filenames in os.walk(root, followlinks=True, onerror=listing_failed):
            real_folder = os.path.realpath(folder)
            if excluded is not None and Path(real_folder) == excluded:
                dirnames[:] = []
                continue
            if real_folder in visited_folders:  # a symlink loop
                dirnames[:] = []
                continue
            visited_folders.add(real_folder)
            base = Path(folder)
            kept = []
            for name in sorted(dirnames):
                sub = base / name
                if excluded is not None and Path(os.path.realpath(sub)) == excluded:
                    continue
                if _is_hidden(name):
                    skipped.append(SkippedFile(sub, "hidden folder (not searched)"))
                else:
                    kept.append(name)
            dirnames[:] = kept
            for name in sorted(filenames):
                path = base / name
                suffix = path.suffix.lower()
                if _is_hidden(name):
                    skipped.append(SkippedFile(path, "hidden file"))
                elif suffix not in SUPPORTED_SUFFIXES:
                    kind = f"{suffix} files" if suffix else "files without a suffix"
                    skipped.append(SkippedFile(path, f"{kind} are not read (.pdf, .txt, .md are)"))
                elif (pattern := _ignored_by(key_of(path), ignore)) is not None:
                    skipped.append(SkippedFile(path, f"excluded by --exclude {pattern!r}"))
                else:
                    add(path)

    outputs = _output_names(list(found))
    files = [
        InputFile(path=path, key=key, output=outputs[key], error=error)
        for key, (path, error) in sorted(found.items())
    ]
    skipped.sort(key=lambda s: key_of(s.path))
    return files, skipped


def _ignored_by(key: str, patterns: Sequence[str]) -> str | None:
    """The first pattern matching ``key`` (a relative path) or its file name."""
    name = key.rsplit("/", 1)[-1]
    for pattern in patterns:
        if fnmatch.fnmatchcase(key, pattern) or fnmatch.fnmatchcase(name, pattern):
            return pattern
    return None


# --- results ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Parsed:
    """A document parsed (or unchanged since the last run) and written."""

    path: str
    key: str
    sha256: str
    warnings: int
    output: str
    cached: bool = False


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be parsed: a row of ``errors.jsonl``.

    ``error_type`` is the exception class (``EncryptedPdfError``, ``KeyError``,
    ``WorkerCrashed``), ``code`` the stable identifier (``encrypted_pdf``,
    ``internal_error``, ``worker_crashed``). ``sha256`` is set when the failure
    is a property of the content (a typed error), which the next run remembers.
    """

    path: str
    error_type: str
    code: str
    message: str
    key: str = ""
    sha256: str | None = None
    cached: bool = False

    def record(self) -> dict[str, str]:
        """The ``errors.jsonl`` row."""
        return {
            "path": self.path,
            "error_type": self.error_type,
            "code": self.code,
            "message": self.message,
        }


Outcome = Parsed | Failure


class Progress(Protocol):
    """What :func:`run_batch` reports while it runs (the CLI draws a progress bar)."""

    def start(self, total: int, unchanged: int) -> None:
        """``total`` files are about to be parsed; ``unchanged`` were skipped as up to date."""

    def advance(self, outcome: Outcome) -> None:
        """One file is done."""


@dataclass(slots=True)
class BatchSummary:
    """What a batch run did. ``exit_code`` is 0 when every file parsed, else 1."""

    out_dir: Path
    fmt: OutputFormat
    jobs: int
    documents: list[Parsed] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    elapsed: float = 0.0
    stopped_early: bool = False

    @property
    def parsed(self) -> int:
        """Documents parsed in this run."""
        return sum(1 for d in self.documents if not d.cached)

    @property
    def unchanged(self) -> int:
        """Files not parsed again because nothing changed (documents and known failures)."""
        return sum(1 for d in self.documents if d.cached) + sum(
            1 for f in self.failures if f.cached
        )

    @property
    def with_warnings(self) -> int:
        return sum(1 for d in self.documents if d.warnings)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    @property
    def errors_path(self) -> Path:
        return self.out_dir / ERRORS_NAME


# --- the manifest -------------------------------------------------------------------


def options_fingerprint(options: ParseOptions) -> str:
    """A hash of the options that change a parse result (the password is not stored)."""
    text = json.dumps(
        [options.max_bytes, options.pdf_backend, options.pdf_password], ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _load_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    path = out_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        # A damaged manifest only costs a re-parse; it must not stop the run.
        return {}
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        return {}
    return {str(k): v for k, v in entries.items() if isinstance(v, dict)}


def _save_manifest(out_dir: Path, entries: dict[str, dict[str, Any]]) -> None:
    data = {
        "manifest_format": MANIFEST_FORMAT,
        "parser_version": __version__,
        "entries": {key: entries[key] for key in sorted(entries)},
    }
    # Not fsynced: it is rewritten every few seconds, and a lost one only costs re-parsing.
    write_text(
        out_dir / MANIFEST_NAME,
        json.dumps(data, ensure_ascii=False, indent=1) + "\n",
        durable=False,
    )


def _stat_of(path: Path) -> list[int] | None:
    """``[size, mtime_ns]`` of a file, or None when it cannot be read."""
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _sha256_of(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None  # the reader reports it properly when it tries
    return digest.hexdigest()


# --- parsing one file (in a worker or in this process) ------------------------------


@dataclass(frozen=True, slots=True)
class _Task:
    index: int
    path: str
    key: str
    sha256: str | None
    store: str  # absolute path of the per-document JSON
    output: str  # what the summary reports (relative to OUT_DIR)
    stat: list[int] | None = None  # [size, mtime_ns] when the hash was taken


#: This process's pipeline and the options it was built for.
_pipeline: tuple[ParseOptions, Any] | None = None
#: The options of a worker process (set by its initializer).
_worker_options: ParseOptions | None = None


def _pipeline_for(options: ParseOptions) -> Any:
    """The pipeline of this process for ``options``, built on first use."""
    global _pipeline
    if _pipeline is None or _pipeline[0] != options:
        from loftesparser import get_pipeline

        _pipeline = (options, get_pipeline(options))
    return _pipeline[1]


def _die_with_parent() -> None:
    # Linux: a worker whose parent is killed (SIGKILL) must not linger and keep
    # parsing into the output folder. PR_SET_PDEATHSIG = 1.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)


def _init_worker(options: ParseOptions) -> None:
    global _worker_options
    # Ctrl-C reaches every process of the terminal's group; the parent handles it
    # (saves the manifest, stops the pool), the workers just finish their file.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _worker_options = options
    _pipeline_for(options)


def _describe(exc: BaseException) -> str:
    message = str(exc) or repr(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        last = frames[-1]
        message += f" (at {Path(last.filename).name}:{last.lineno} in {last.name})"
    return message


def _parse_task(task: _Task, options: ParseOptions) -> Outcome:
    """Parse one file and write its JSON; every exception becomes a :class:`Failure`."""
    try:
        document: PromiseDocument = _pipeline_for(options).parse_file(task.path)
        write_json(document, task.store)
    except LoftesparserError as exc:
        # Input errors are a property of the content: remembered for the next run.
        return Failure(task.path, type(exc).__name__, exc.code, exc.message, task.key, task.sha256)
    except Exception as exc:
        return Failure(task.path, type(exc).__name__, "internal_error", _describe(exc), task.key)
    return Parsed(
        task.path,
        task.key,
        task.sha256 or document.source.sha256,
        len(document.warnings),
        task.output,
    )


def _work(task: _Task) -> Outcome:
    assert _worker_options is not None, "worker not initialised"
    return _parse_task(task, _worker_options)


def _crash(task: _Task, detail: str) -> Failure:
    return Failure(task.path, "WorkerCrashed", "worker_crashed", detail, task.key)


def default_jobs() -> int:
    """The machine's cores available to this process."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _mp_context() -> Any:
    # fork (Linux) lets the workers share the pipeline the parent built, so the
    # start-up is paid once; elsewhere each worker builds its own.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _new_pool(jobs: int, options: ParseOptions) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_mp_context(),
        initializer=_init_worker,
        initargs=(options,),
    )


class _FailFastStopError(Exception):
    """Raised by the outcome callback to stop the run (``--fail-fast``)."""


def _run_serial(
    tasks: Sequence[_Task], options: ParseOptions, emit: Callable[[_Task, Outcome], None]
) -> None:
    for task in tasks:
        emit(task, _parse_task(task, options))


def _run_parallel(
    tasks: Sequence[_Task],
    jobs: int,
    options: ParseOptions,
    emit: Callable[[_Task, Outcome], None],
) -> None:
    done: set[int] = set()
    pool = _new_pool(jobs, options)
    futures: dict[Future[Outcome], _Task] = {}
    broken = False
    try:
        for task in tasks:
            try:
                futures[pool.submit(_work, task)] = task
            except BrokenProcessPool:
                broken = True  # a worker died already; the rest is recovered below
                break
        # as_completed waits on every future once; wait(FIRST_COMPLETED) in a loop
        # re-registers on all pending ones per result, quadratic in the batch size.
        for future in () if broken else as_completed(futures):
            task = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                broken = True  # the rest fail alike; those that finished are still kept
                continue
            except Exception as exc:  # e.g. a result that cannot be sent back
                outcome = Failure(
                    task.path, type(exc).__name__, "internal_error", _describe(exc), task.key
                )
            done.add(task.index)
            emit(task, outcome)
    finally:
        pool.shutdown(wait=not broken, cancel_futures=True)
    if broken:
        _recover([t for t in tasks if t.index not in done], options, emit)


def _recover(
    tasks: Sequence[_Task], options: ParseOptions, emit: Callable[[_Task, Outcome], None]
) -> None:
    """After a worker crashed: parse the unfinished files one at a time.

    One at a time so that a file that crashes its worker again is known for
    sure; it is recorded as ``worker_crashed`` and a fresh worker continues.
    """
    crashes = 0
    pool: ProcessPoolExecutor | None = None
    try:
        for position, task in enumerate(tasks):
            if crashes >= MAX_CONSECUTIVE_CRASHES:
                for rest in tasks[position:]:
                    emit(rest, _crash(rest, "not parsed: worker processes kept crashing"))
                return
            if pool is None:
                pool = _new_pool(1, options)
            try:
                outcome = pool.submit(_work, task).result()
                crashes = 0
            except BrokenProcessPool:
                pool.shutdown(wait=False)
                pool = None
                crashes += 1
                outcome = _crash(
                    task,
                    "the worker process died while parsing this file "
                    "(a crash in a PDF library, or out of memory)",
                )
            except Exception as exc:  # e.g. a result that cannot be sent back
                outcome = Failure(
                    task.path, type(exc).__name__, "internal_error", _describe(exc), task.key
                )
            emit(task, outcome)
    finally:
        if pool is not None:
            pool.shutdown(wait=True)


# --- the run -------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir`` (released by the OS even if we are killed)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; two runs must not share OUT_DIR
        yield
        return
    handle: IO[str] = (out_dir / LOCK_NAME).open("a")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise OutDirLockedError(
                "another loftesparser parse is writing to this folder", path=out_dir
            ) from exc
        yield
    finally:
        handle.close()


def _store_path(out_dir: Path, fmt: OutputFormat, output: str) -> Path:
    """Where a document's JSON lives: the output itself, or the cache for aggregate formats."""
    return out_dir / output if fmt == "json" else out_dir / CACHE_DIR / output


def _is_unchanged(
    entry: dict[str, Any] | None, sha: str | None, fingerprint: str, out: Path, store: str
) -> bool:
    if entry is None or sha is None:
        return False
    same = (
        entry.get("sha256") == sha
        and entry.get("parser_version") == __version__
        and entry.get("options") == fingerprint
    )
    if not same:
        return False
    if entry.get("status") == "failed":
        return True
    return (
        entry.get("status") == "parsed" and entry.get("store") == store and (out / store).is_file()
    )


def _replay(file: InputFile, entry: dict[str, Any], output: str) -> Outcome:
    if entry.get("status") == "failed":
        return Failure(
            str(file.path),
            str(entry.get("error_type", "LoftesparserError")),
            str(entry.get("code", "error")),
            str(entry.get("message", "")),
            file.key,
            entry.get("sha256"),
            cached=True,
        )
    return Parsed(
        str(file.path),
        file.key,
        str(entry["sha256"]),
        int(entry.get("warnings", 0)),
        output,
        cached=True,
    )


def run_batch(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    fmt: OutputFormat = "json",
    jobs: int | None = None,
    force: bool = False,
    fail_fast: bool = False,
    options: ParseOptions | None = None,
    progress: Progress | None = None,
    stdin: bytes | None = None,
    ignore: Sequence[str] = (),
) -> BatchSummary:
    """Parse every document in ``inputs`` into ``out_dir``; see the module docstring.

    ``inputs`` are files and folders, or ``"-"`` for ``stdin`` (bytes; read
    from standard input when None). ``jobs`` is the number of worker
    processes (default: the machine's cores; 1 parses in this process).
    ``force`` parses unchanged files again; ``fail_fast`` stops at the first
    failure (what was done is still written). A Ctrl-C saves the manifest and
    re-raises :class:`KeyboardInterrupt`: running the same call again resumes.
    ``ignore`` are glob patterns of files in folders not to parse (see :func:`discover`).
    """
    started = time.monotonic()
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}")
    options = options or ParseOptions()
    jobs = max(1, jobs if jobs is not None else default_jobs())
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from loftesparser.writers import OutputError

        raise OutputError(
            f"cannot create the output folder: {exc.strerror or exc}", path=out
        ) from exc
    summary = BatchSummary(out_dir=out, fmt=fmt, jobs=jobs)
    with _locked(out):
        cleanup_temp_files(out)
        _run(inputs, out, summary, fmt, force, fail_fast, options, progress, stdin, ignore)
    summary.elapsed = time.monotonic() - started
    return summary


def _run(
    inputs: Sequence[str | Path],
    out: Path,
    summary: BatchSummary,
    fmt: OutputFormat,
    force: bool,
    fail_fast: bool,
    options: ParseOptions,
    progress: Progress | None,
    stdin: bytes | None,
    ignore: Sequence[str],
) -> None:
    files, skipped = discover(inputs, exclude=out, ignore=ignore)
    summary.skipped = skipped
    manifest = _load_manifest(out)
    fingerprint = options_fingerprint(options)
    outcomes: dict[int, Outcome] = {}
    tasks: list[_Task] = []
    for index, file in enumerate(files):
        store = _store_path(out, fmt, file.output)
        store_key = store.relative_to(out).as_posix()
        if file.error is not None:
            outcomes[index] = Failure(
                str(file.path), "UnreadableFileError", "unreadable_file", file.error, file.key
            )
            continue
        entry = manifest.get(file.key)
        stat = _stat_of(file.path)
        if not force and entry and stat and [entry.get("size"), entry.get("mtime_ns")] == stat:
            # Same size and modification time as when it was hashed: trust that
            # hash (as git does), so a re-run of 5,000 files does not read them all.
            sha = entry.get("sha256")
        else:
            sha = _sha256_of(file.path)
        if not force and _is_unchanged(entry, sha, fingerprint, out, store_key):
            assert entry is not None
            if stat:  # touched but not changed: remember the new time, to skip the hash
                entry["size"], entry["mtime_ns"] = stat
            outcomes[index] = _replay(file, entry, file.output)
            continue
        tasks.append(_Task(index, str(file.path), file.key, sha, str(store), file.output, stat))

    stdin_wanted = any(str(p) == STDIN for p in inputs)
    if progress is not None:
        progress.start(len(tasks) + int(stdin_wanted), len(outcomes))

    # The first document saves the manifest at once, then every few seconds: a run
    # killed early still resumes from what it finished.
    last_save = -MANIFEST_SAVE_INTERVAL

    def emit(task: _Task, outcome: Outcome) -> None:
        nonlocal last_save
        outcomes[task.index] = outcome
        store_key = Path(task.store).relative_to(out).as_posix()
        size, mtime_ns = task.stat if task.stat else (None, None)
        if isinstance(outcome, Parsed):
            manifest[task.key] = {
                "status": "parsed",
                "sha256": outcome.sha256,
                "parser_version": __version__,
                "options": fingerprint,
                "store": store_key,
                "warnings": outcome.warnings,
                "size": size,
                "mtime_ns": mtime_ns,
            }
        elif outcome.sha256 is not None:
            manifest[task.key] = {
                "status": "failed",
                "sha256": outcome.sha256,
                "parser_version": __version__,
                "options": fingerprint,
                "error_type": outcome.error_type,
                "code": outcome.code,
                "message": outcome.message,
                "size": size,
                "mtime_ns": mtime_ns,
            }
        else:
            # Not a property of the content (unreadable, crash, bug): try again next time.
            manifest.pop(task.key, None)
        if progress is not None:
            progress.advance(outcome)
        now = time.monotonic()
        if now - last_save >= MANIFEST_SAVE_INTERVAL:
            _save_manifest(out, manifest)
            last_save = now
        if fail_fast and isinstance(outcome, Failure):
            raise _FailFastStopError

    try:
        if stdin_wanted:
            _parse_stdin(out, fmt, options, stdin, len(files), emit)
        if tasks:
            jobs = min(summary.jobs, len(tasks))
            if jobs <= 1 or _mp_context().get_start_method() == "fork":
                # Build the pipeline here first: -j 1 uses it, forked workers inherit it.
                _pipeline_for(options)
            if jobs <= 1:
                _run_serial(tasks, options, emit)
            else:
                # Forked workers share the parent's objects page by page; frozen, the
                # pipeline's are left alone by the workers' garbage collector, which
                # would otherwise write to (and so copy) every page it scans.
                gc.freeze()
                try:
                    _run_parallel(tasks, jobs, options, emit)
                finally:
                    gc.unfreeze()
    except _FailFastStopError:
        summary.stopped_early = True
    finally:
        # Also on Ctrl-C: what is done is remembered, so the next run resumes.
        _save_manifest(out, manifest)

    ordered = [outcomes[i] for i in sorted(outcomes)]
    summary.documents = [o for o in ordered if isinstance(o, Parsed)]
    summary.failures = [o for o in ordered if isinstance(o, Failure)]
    summary.outputs = _write_reports(out, fmt, summary)


def _parse_stdin(
    out: Path,
    fmt: OutputFormat,
    options: ParseOptions,
    data: bytes | None,
    index: int,
    emit: Callable[[_Task, Outcome], None],
) -> None:
    if data is None:
        data = sys.stdin.buffer.read()
    sha = hashlib.sha256(data).hexdigest()
    output = f"{STDIN_KEY}.json"
    task = _Task(index, STDIN, STDIN_KEY, sha, str(_store_path(out, fmt, output)), output)
    try:
        document = _pipeline_for(options).parse_bytes(data, name=STDIN_KEY)
        write_json(document, task.store)
    except LoftesparserError as exc:
        emit(task, Failure(STDIN, type(exc).__name__, exc.code, exc.message, STDIN_KEY, sha))
        return
    except Exception as exc:
        emit(task, Failure(STDIN, type(exc).__name__, "internal_error", _describe(exc), STDIN_KEY))
        return
    emit(task, Parsed(STDIN, STDIN_KEY, sha, len(document.warnings), output))


def _documents_of(
    out: Path, fmt: OutputFormat, parsed: Sequence[Parsed]
) -> Iterator[PromiseDocument]:
    for item in parsed:
        store = _store_path(out, fmt, item.output)
        try:
            yield PromiseDocument.model_validate_json(store.read_bytes())
        except (OSError, ValueError) as exc:
            # Written atomically, so only a hand edit or a disk fault gets here.
            raise InvalidParsedDocumentError(
                f"the stored result of {item.path} is damaged ({type(exc).__name__}); "
                "run again with --force",
                path=store,
            ) from exc


def _write_reports(out: Path, fmt: OutputFormat, summary: BatchSummary) -> list[Path]:
    written = [out / ERRORS_NAME, out / SKIPPED_NAME]
    write_records_jsonl((f.record() for f in summary.failures), out / ERRORS_NAME)
    write_records_jsonl(
        ({"path": str(s.path), "reason": s.reason} for s in summary.skipped), out / SKIPPED_NAME
    )
    documents = _documents_of(out, fmt, summary.documents)
    if fmt == "json":
        written = [out / d.output for d in summary.documents if not d.cached] + written
    elif fmt == "jsonl":
        write_jsonl(documents, out / JSONL_NAME)
        written.insert(0, out / JSONL_NAME)
    else:
        tables = write_tables(documents, out, fmt=fmt)
        written = [table.path for table in tables.values()] + written
    return written


__all__ = [
    "OUTPUT_FORMATS",
    "BatchSummary",
    "Failure",
    "InputFile",
    "OutDirLockedError",
    "OutputFormat",
    "Parsed",
    "Progress",
    "SkippedFile",
    "default_jobs",
    "discover",
    "options_fingerprint",
    "run_batch",
]
