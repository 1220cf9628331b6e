"""Only the optional compiled build lives here; everything else is in pyproject.toml.

With ``LOFTESPARSER_COMPILE=1`` (see build_backend/loftesparser_build.py and the
README, "A compiled build"), mypyc compiles the modules below: every stage a
document passes through after it is read. The package's other modules (CLI,
batch, writers, models, evaluation) stay Python.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "build_backend"))
from loftesparser_build import compiling

COMPILED_MODULES = [
    "assemble.py",
    "gazetteer.py",
    "nlp.py",
    "normalize.py",
    "segment.py",
    "textsim.py",
    "wordmatch.py",
    "extract/activity_tags.py",
    "extract/content.py",
    "extract/ownership.py",
    "extract/parties.py",
    "extract/partners.py",
    "extract/sections.py",
    "extract/signatures.py",
    "extract/temporal.py",
    "extract/temporal_lexicon.py",
    "extract/temporal_patterns.py",
    "extract/temporal_roles.py",
    "extract/themes.py",
    "readers/base.py",
    "readers/text.py",
    "readers/pdf_chars.py",
    "readers/pdf_flow.py",
    "readers/pdf_layout.py",
    "readers/pdf_pdfium.py",
]


def ext_modules() -> list[object]:
    # Metadata ("dist_info", "egg_info") does not depend on the extensions: skip
    # mypyc's type check and code generation there, it runs once more for the wheel.
    metadata_only = {"dist_info", "egg_info"}.issuperset(arg for arg in sys.argv[1:2])
    if not compiling() or metadata_only:
        return []
    from mypyc.build import mypycify

    return list(
        mypycify(
            [os.path.join("src", "loftesparser", *name.split("/")) for name in COMPILED_MODULES],
            opt_level="3",
            debug_level="0",
            group_name="loftesparser",
        )
    )


setup(ext_modules=ext_modules())
