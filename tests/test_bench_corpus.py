"""The benchmark corpus generator (scripts/make_bench_corpus.py) on a tiny setting.

The benchmark itself (benchmarks/run.py) is not part of the test suite.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

import loftesparser

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "scripts" / "make_bench_corpus.py"
SMALL = ["--docs", "5", "--pages", "10"]


def generate(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATOR), str(out), *SMALL, *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def manifest_of(out: Path) -> dict[str, Any]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert isinstance(manifest, dict)
    return manifest


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "corpus"
    done = generate(out)
    assert done.returncode == 0, done.stderr
    return out


def test_deterministic(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert generate(again).returncode == 0
    first, second = manifest_of(corpus), manifest_of(again)
    for manifest in (first, second):
        manifest.pop("seconds")  # the generation time
    assert first == second
    files = [e["path"] for e in first["text"] + first["pdf"]]
    for rel in files:
        assert (corpus / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_sizes_and_counts(corpus: Path) -> None:
    manifest = manifest_of(corpus)
    assert len(manifest["text"]) == 5
    assert manifest["stats"]["pdf"]["pages"] >= 10
    for entry in manifest["text"] + manifest["pdf"]:
        assert (corpus / entry["path"]).stat().st_size == entry["bytes"]
    for entry in manifest["pdf"]:
        pdf = pypdfium2.PdfDocument(corpus / entry["path"])
        try:
            assert len(pdf) == entry["pages"]
        finally:
            pdf.close()


def test_documents_are_medborgarloften(corpus: Path) -> None:
    for entry in manifest_of(corpus)["text"]:
        text = (corpus / entry["path"]).read_text(encoding="utf-8")
        assert entry["kommun"] in text
        assert "{" not in text  # no unfilled template slot
        document = loftesparser.parse_text(text)
        assert document.activities, entry["path"]


def test_current_corpus_is_kept(corpus: Path) -> None:
    before = (corpus / "manifest.json").stat().st_mtime_ns
    done = generate(corpus)
    assert done.returncode == 0
    assert "up to date" in done.stdout
    assert (corpus / "manifest.json").stat().st_mtime_ns == before


def test_refuses_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    done = generate(tmp_path)
    assert done.returncode != 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


# --- the stage breakdown (benchmarks/measure.py) ------------------------------------------


@functools.cache
def load_measure() -> Any:
    """benchmarks/measure.py as a module (the benchmarks are no package)."""
    spec = importlib.util.spec_from_file_location(
        "bench_measure", ROOT / "benchmarks" / "measure.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


TEXT_DOCUMENTS = sorted(ROOT.glob("corpus/*.txt")) + sorted(ROOT.glob("tests/fixtures/documents/*"))


@pytest.mark.parametrize("path", TEXT_DOCUMENTS, ids=lambda path: path.name)
def test_staged_parse_is_the_pipeline(path: Path) -> None:
    """The benchmark's stage-by-stage parse gives parse_text's document, so its
    breakdown of the time is the pipeline's."""
    measure = load_measure()
    text = path.read_text(encoding="utf-8")
    spent = dict.fromkeys(measure.STAGES, 0.0)
    staged = measure.staged_parse(text, path.name, spent)
    expected = loftesparser.get_pipeline().parse_text(text, name=path.name)
    assert staged.model_dump() == expected.model_dump()
    assert set(spent) == set(measure.STAGES)
    assert all(seconds >= 0 for seconds in spent.values())
    assert sum(spent.values()) > 0


def test_measure_stages_reports_every_stage(corpus: Path) -> None:
    measure = load_measure()
    result = measure.measure_stages(corpus, 1)
    assert list(result["stages"]) == list(measure.STAGES)
    low, high = result["seed_sized_range"]
    sizes = [(corpus / e["path"]).stat().st_size for e in manifest_of(corpus)["text"]]
    assert result["documents"] == sum(low <= size <= high for size in sizes)
    if result["documents"]:
        shares = [figures["share"] for figures in result["stages"].values()]
        assert sum(shares) == pytest.approx(1.0, abs=0.01)
        assert result["sum_ms_per_doc"] > 0
