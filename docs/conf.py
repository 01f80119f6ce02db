"""Sphinx configuration for the imrparse documentation."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

project = "imrparse"
author = "The imrparse authors"
copyright = "2026, The imrparse authors"
release = importlib.metadata.version("imrparse")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = False

# The build runs without network access, so there is no intersphinx: names
# from outside the project are plain text.
nitpick_ignore = [
    ("py:class", "datetime.date"),
    ("py:class", "imrparse.model._LowerNameEnum"),
    ("py:class", "TextIO"),
    ("py:class", "BinaryIO"),
    ("py:class", "os.PathLike"),
    ("py:class", "Input"),
    ("py:class", "collections.abc.Iterable"),
    ("py:class", "collections.abc.Iterator"),
    ("py:class", "collections.abc.Sequence"),
    ("py:class", "collections.abc.Mapping"),
    ("py:class", "pandas.DataFrame"),
    ("py:class", "random.Random"),
    ("py:class", "enum.Enum"),
]

doctest_global_setup = f"""
import os
os.chdir({str(ROOT)!r})
"""

html_theme = "furo"
html_title = f"imrparse {release}"
html_static_path = ["_static"]
html_css_files = ["wrap.css"]


def _generate_samples() -> None:
    """Write the samples of docs/reference/records.md from the example letters.

    The command line makes them at each build, so the page always shows what
    this version writes.
    """
    import os

    from imrparse.cli import main

    out = ROOT / "docs" / "_generated"
    out.mkdir(exist_ok=True)
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        for args in (
            ["examples/issues_decisions_rationales.txt", "--indent", "2", "-o", "record.jsonl"],
            ["README.md", "-o", "failure.jsonl"],
            ["examples", "-o", "decisions.csv"],
        ):
            *inputs, option, name = args
            main(["parse", *inputs, "--quiet", option, str(out / name)])
    finally:
        os.chdir(here)


_generate_samples()
