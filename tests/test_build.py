"""The build: the backend's optional compiled build, and that compiled code parses alike.

``LOFTESPARSER_COMPILE=1 pip install .`` compiles the modules setup.py lists with
mypyc. The slow test below builds them in a copy of the project and checks that
the compiled parser gives the same documents as this (pure-Python) one on the
corpus and the fixtures, text and PDF, with both PDF backends.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import loftesparser

ROOT = Path(__file__).resolve().parents[1]
BACKEND_FILE = ROOT / "build_backend" / "loftesparser_build.py"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def backend() -> ModuleType:
    return _load("loftesparser_build_under_test", BACKEND_FILE)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        ("", False),
        ("0", False),
        ("no", False),
        ("1", True),
        ("true", True),
        (" TRUE ", True),
        ("yes", True),
    ],
)
def test_compiling_reads_the_variable(
    backend: ModuleType, monkeypatch: pytest.MonkeyPatch, value: str | None, expected: bool
) -> None:
    if value is None:
        monkeypatch.delenv(backend.COMPILE_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(backend.COMPILE_VARIABLE, value)
    assert backend.compiling() is expected


@pytest.mark.parametrize("compile_build", [False, True])
def test_wheel_requires_mypy_only_when_compiling(
    backend: ModuleType, monkeypatch: pytest.MonkeyPatch, compile_build: bool
) -> None:
    monkeypatch.setattr(
        backend._setuptools, "get_requires_for_build_wheel", lambda settings=None: ["x"]
    )
    monkeypatch.setenv(backend.COMPILE_VARIABLE, "1" if compile_build else "0")
    requires = backend.get_requires_for_build_wheel()
    assert requires[0] == "x"
    assert any(r.startswith("mypy") for r in requires) is compile_build
    assert any(r.startswith("pydantic") for r in requires) is compile_build


def test_compile_requirements_are_the_packages_own(backend: ModuleType) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = set(project["dependencies"])
    development = set(project["optional-dependencies"]["dev"])
    for requirement in backend.COMPILE_REQUIRES:
        assert requirement in runtime or requirement in development, requirement


def test_editable_build_is_never_compiled(
    backend: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[bool] = []

    def build_editable(*args: Any) -> str:
        seen.append(backend.compiling())
        return "loftesparser.whl"

    monkeypatch.setattr(backend._setuptools, "build_editable", build_editable)
    monkeypatch.setenv(backend.COMPILE_VARIABLE, "1")
    assert backend.build_editable("dist") == "loftesparser.whl"
    assert seen == [False]
    assert "ignored for an editable install" in capsys.readouterr().err


def _compiled_modules(setup: Path) -> list[str]:
    """setup.py's COMPILED_MODULES, read without running setup()."""
    for node in ast.parse(setup.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "COMPILED_MODULES":
            names: list[str] = ast.literal_eval(node.value)
            return names
    raise AssertionError("setup.py has no COMPILED_MODULES")


def test_compiled_module_list_names_existing_modules() -> None:
    names = _compiled_modules(ROOT / "setup.py")
    assert "nlp.py" in names  # loftesparser.compiled() looks at it
    package = ROOT / "src" / "loftesparser"
    assert names and all((package / name).is_file() for name in names)


def test_this_installation_is_pure_python_from_an_editable_install() -> None:
    # The test suite runs against the sources (README's install command).
    if (ROOT / "src" / "loftesparser" / "__init__.py").samefile(loftesparser.__file__):
        assert loftesparser.compiled() is False


# --- the compiled build ---------------------------------------------------------------------

_PARSE_ALL = textwrap.dedent(
    """
    import json, sys
    import loftesparser
    from loftesparser import ParseOptions, get_pipeline

    print(json.dumps({"compiled": loftesparser.compiled(), "file": loftesparser.__file__}))
    for line in sys.stdin:
        path, backend = json.loads(line)
        options = ParseOptions(pdf_backend=backend) if backend else None
        try:
            doc = get_pipeline(options).parse_file(path).model_dump(mode="json")
            doc["source"].pop("parsed_at", None)
        except loftesparser.LoftesparserError as exc:
            doc = {"error": type(exc).__name__}
        print(json.dumps(doc, sort_keys=True, ensure_ascii=False))
    """
)


def _inputs() -> Iterator[tuple[str, str | None]]:
    texts = sorted((ROOT / "corpus").glob("*.txt"))
    texts += sorted(p for p in (ROOT / "tests" / "fixtures" / "documents").iterdir() if p.is_file())
    for path in texts:
        if path.suffix != ".pdf":
            yield str(path), None
    pdfs = sorted((ROOT / "corpus" / "pdf").rglob("*.pdf"))
    for backend in ("pdfplumber", "pypdfium2"):
        for path in pdfs:
            yield str(path), backend


def _pure(path: str, backend: str | None) -> dict[str, Any]:
    options = loftesparser.ParseOptions(pdf_backend=backend) if backend else None
    try:
        doc = loftesparser.get_pipeline(options).parse_file(path).model_dump(mode="json")
        doc["source"].pop("parsed_at", None)
    except loftesparser.LoftesparserError as exc:
        doc = {"error": type(exc).__name__}
    parsed: dict[str, Any] = json.loads(json.dumps(doc, sort_keys=True, ensure_ascii=False))
    return parsed


@pytest.mark.slow
def test_compiled_build_parses_like_the_sources(tmp_path: Path) -> None:
    pytest.importorskip("mypyc", reason="the compiled build needs mypy (the dev extra has it)")
    if loftesparser.compiled():
        pytest.skip("the reference must be the pure-Python package")
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    for folder in ("build_backend", "src"):
        shutil.copytree(
            ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__", "*.so")
        )
    env = {**os.environ, "LOFTESPARSER_COMPILE": "1"}
    build = subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--inplace", "--parallel", "2"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-4000:]

    source = project / "src"
    modules = _compiled_modules(project / "setup.py")
    extensions = {
        name: list((source / "loftesparser").glob(name.removesuffix(".py") + ".*.so"))
        for name in modules
    }
    assert all(extensions.values()), [n for n, found in extensions.items() if not found]

    inputs = list(_inputs())
    child_env = {**os.environ, "PYTHONPATH": str(source)}
    child = subprocess.run(
        [sys.executable, "-c", _PARSE_ALL],
        input="".join(json.dumps(item) + "\n" for item in inputs),
        cwd=tmp_path,
        env=child_env,
        capture_output=True,
        text=True,
    )
    assert child.returncode == 0, child.stderr[-4000:]
    header, *documents = child.stdout.splitlines()
    assert json.loads(header) == {
        "compiled": True,
        "file": str(source / "loftesparser" / "__init__.py"),
    }
    assert len(documents) == len(inputs)
    differing = [
        f"{path} ({backend or 'text'})"
        for (path, backend), line in zip(inputs, documents, strict=True)
        if json.loads(line) != _pure(path, backend)
    ]
    assert differing == []
