"""Sphinx configuration of the civscore documentation.

Build (from the repository root, with the ``docs`` extra installed)::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

Warnings are errors.  The pages are MyST Markdown; the API reference comes
from the docstrings (autodoc); the file references are generated from the
model by the local extension in ``docs/_ext``.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
# Document the checkout's code even when another civscore is installed.
sys.path.insert(0, str(DOCS.parent / "src"))

import civscore  # noqa: E402

project = "civscore"
author = "civscore developers"
copyright = "civscore developers"
release = civscore.__version__
version = ".".join(release.split(".")[:2])
language = "en"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "civscore_docs",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "signature"
autoclass_content = "class"

html_theme = "furo"
html_title = f"civscore {release}"
