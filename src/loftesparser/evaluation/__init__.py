"""Evaluate the parser against hand-made gold annotations (``corpus/gold/README.md``).

>>> report = evaluate("corpus/gold", "corpus")          # doctest: +SKIP
>>> print(render_table(report, details=True))            # doctest: +SKIP
>>> report.model_dump_json(indent=2)                     # doctest: +SKIP

The public API: :func:`evaluate` for a folder of gold against a folder of
documents, :func:`score` for one pair, :func:`render_table` for people, the
gold format (:class:`GoldDocument`, :func:`load_gold`, :func:`load_gold_dir`,
:func:`gold_from_document` to bootstrap an annotation, :func:`gold_corpus_hash`)
and the result models (:class:`EvalReport`, :class:`DocumentScore`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import cast

from loftesparser.errors import LoftesparserError, UnreadableFileError
from loftesparser.evaluation.gold import (
    GoldActivity,
    GoldDocument,
    GoldPeriod,
    GoldSignatory,
    GoldSigned,
    gold_corpus_hash,
    gold_files,
    gold_from_document,
    load_gold,
    load_gold_dir,
    load_gold_files,
)
from loftesparser.evaluation.report import render_table
from loftesparser.evaluation.results import (
    PRF,
    Accuracy,
    DocumentScore,
    EvalReport,
    FieldAccuracies,
    MicroMetrics,
)
from loftesparser.evaluation.scoring import MATCH_THRESHOLD, aggregate, dice, score, tokens
from loftesparser.models import PromiseDocument

ParseFunction = Callable[[Path], PromiseDocument]

#: Document suffixes looked for, in order of preference when several share a stem.
DOCUMENT_SUFFIXES: tuple[str, ...] = (".txt", ".text", ".md", ".markdown", ".pdf")


def _default_parse() -> ParseFunction:
    # Imported at call time: loftesparser.parse_file lives in the package root,
    # which may import this module, and is not required when a parse is given.
    package = importlib.import_module("loftesparser")
    parse_file = getattr(package, "parse_file", None)
    if parse_file is None:
        raise RuntimeError("loftesparser.parse_file is not available; pass parse=... to evaluate")
    return cast(ParseFunction, parse_file)


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def find_documents(
    docs_dir: str | Path, *, recursive: bool = False, exclude: Path | None = None
) -> list[Path]:
    """Documents (``.txt``, ``.md``, ``.pdf``, ...) in ``docs_dir``, sorted by path.

    Hidden files and folders are skipped, and so is everything under ``exclude`` (the gold
    folder, when it sits inside the documents folder, so its README is not
    taken for a document).
    """
    root = Path(docs_dir)
    if not root.is_dir():
        reason = "no such folder" if not root.exists() else "is a file, not a folder of documents"
        raise UnreadableFileError(reason, path=root)
    candidates = root.rglob("*") if recursive else root.glob("*")
    skip = exclude if exclude is not None and exclude.resolve() != root.resolve() else None
    return sorted(
        p
        for p in candidates
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and p.suffix.lower() in DOCUMENT_SUFFIXES
        and not (skip is not None and _is_within(p, skip))
    )


def _pick_document(gold: GoldDocument, documents: list[Path]) -> Path | None:
    """The document for ``gold``: same stem; the exact file name wins, then suffix order."""
    same_stem = [p for p in documents if p.stem == gold.stem]
    if not same_stem:
        return None

    def preference(p: Path) -> tuple[int, int, str]:
        return (
            0 if p.name == gold.document else 1,
            DOCUMENT_SUFFIXES.index(p.suffix.lower()),
            str(p),
        )

    return min(same_stem, key=preference)


def _score_one(gold: GoldDocument, document: Path | None, parse: ParseFunction) -> DocumentScore:
    if document is None:
        return score(gold, None).model_copy(
            update={
                "status": "missing_document",
                "error": f"no document named {gold.stem}.* in the documents folder",
                "error_code": "missing_document",
            }
        )
    try:
        predicted = parse(document)
    except LoftesparserError as exc:
        # Bad input is a finding about the corpus, not a reason to stop the run.
        # Anything else is a bug in the parser and is left to propagate.
        return score(gold, None).model_copy(
            update={
                "status": "parse_error",
                "document_path": str(document),
                "error": str(exc),
                "error_code": exc.code,
            }
        )
    return score(gold, predicted).model_copy(update={"document_path": str(document)})


def evaluate(
    gold_dir: str | Path,
    docs_dir: str | Path,
    *,
    parse: ParseFunction | None = None,
    recursive: bool = False,
) -> EvalReport:
    """Parse every annotated document in ``docs_dir`` and score it against its gold.

    Each ``*.gold.json`` in ``gold_dir`` is paired with the file in
    ``docs_dir`` whose stem equals the stem of the gold's ``document`` field
    (any of ``.txt .md .pdf``; the exact name wins). ``parse`` turns a path
    into a :class:`~loftesparser.models.PromiseDocument` (default
    :func:`loftesparser.parse_file`). With ``recursive`` both folders are
    searched in subfolders too.

    A gold with no document, or whose document fails to parse with a
    :class:`~loftesparser.errors.LoftesparserError`, is listed in the report
    (``missing_documents`` / ``parse_errors``) and all its gold items count as
    misses. Documents without gold are listed in ``unscored_documents``.

    Raises :class:`~loftesparser.errors.GoldFormatError` for invalid gold and
    :class:`~loftesparser.errors.UnreadableFileError` for missing folders.
    """
    gold_root, docs_root = Path(gold_dir), Path(docs_dir)
    golds = load_gold_files(gold_root, recursive=recursive)
    documents = find_documents(docs_root, recursive=recursive, exclude=gold_root)
    parse_fn = parse if parse is not None else _default_parse()

    scores: list[DocumentScore] = []
    used: set[Path] = set()
    for gold_path, gold in golds:
        document = _pick_document(gold, documents)
        if document is not None:
            used.add(document)
        result = _score_one(gold, document, parse_fn)
        scores.append(result.model_copy(update={"gold_path": str(gold_path)}))

    micro, accuracy = aggregate(scores)
    version = str(getattr(importlib.import_module("loftesparser"), "__version__", "unknown"))
    return EvalReport(
        gold_dir=str(gold_root),
        docs_dir=str(docs_root),
        gold_hash=gold_corpus_hash(gold_root, recursive=recursive),
        parser_version=version,
        micro=micro,
        accuracy=accuracy,
        documents=scores,
        unscored_documents=[str(p) for p in documents if p not in used],
    )


__all__ = [
    "DOCUMENT_SUFFIXES",
    "MATCH_THRESHOLD",
    "PRF",
    "Accuracy",
    "DocumentScore",
    "EvalReport",
    "FieldAccuracies",
    "GoldActivity",
    "GoldDocument",
    "GoldPeriod",
    "GoldSignatory",
    "GoldSigned",
    "MicroMetrics",
    "ParseFunction",
    "dice",
    "evaluate",
    "find_documents",
    "gold_corpus_hash",
    "gold_files",
    "gold_from_document",
    "load_gold",
    "load_gold_dir",
    "load_gold_files",
    "render_table",
    "score",
    "tokens",
]
