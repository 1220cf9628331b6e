"""The build backend: setuptools, plus an optional mypyc-compiled build.

``LOFTESPARSER_COMPILE=1 pip install .`` builds a wheel in which the parser's
hot modules (the list is in ``setup.py``) are compiled to C extensions by mypyc,
the way black and mypy ship theirs. Only then does the build need mypy, and
the libraries whose types the compiled code uses (pydantic, pdfminer.six through
pdfplumber, the regex stubs) for mypy to check it; this backend asks for them,
so pip installs them into the isolated build environment.

An editable install is never compiled: Python would import the compiled
modules in preference to the sources next to them, and edits would silently
have no effect.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (the whole PEP 517/660 interface)

COMPILE_VARIABLE = "LOFTESPARSER_COMPILE"
# Besides mypy: the same requirements as the package's (tests/test_build.py checks).
COMPILE_REQUIRES = ["mypy>=1.10", "types-regex", "pydantic>=2.6,<3", "pdfplumber>=0.11"]


def compiling() -> bool:
    """Whether the environment asks for the compiled build."""
    return os.environ.get(COMPILE_VARIABLE, "").strip().lower() in {"1", "true", "yes"}


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    requires = list(_setuptools.get_requires_for_build_wheel(config_settings))
    return requires + COMPILE_REQUIRES if compiling() else requires


def build_editable(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    if compiling():
        print(
            f"loftesparser: {COMPILE_VARIABLE} is ignored for an editable install "
            "(compiled modules would shadow the sources you edit)",
            file=sys.stderr,
        )
        os.environ.pop(COMPILE_VARIABLE)
    return str(_setuptools.build_editable(wheel_directory, config_settings, metadata_directory))
