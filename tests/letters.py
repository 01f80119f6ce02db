"""The example letters, and the edits tests make to a letter's text.

Used by the tests and by :mod:`pdfs`.
"""

from __future__ import annotations

from pathlib import Path

#: The example letters of the repository, one per template: ``<template>.txt``.
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def example(name: str) -> str:
    """The text of ``examples/<name>.txt`` (a template's value names its letter)."""
    return (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")


def replaced(text: str, old: str, new: str, count: int = 1) -> str:
    """The text with ``old`` replaced by ``new``, which it holds exactly ``count`` times."""
    assert text.count(old) == count, (old, text.count(old), count)
    return text.replace(old, new)


def blank_line_layout(text: str) -> str:
    """The text in the PDF-to-text layout of the sample letters: each line
    between single spaces and followed by a blank line."""
    return "".join(f" {line} \n\n" if line else " \n\n" for line in text.splitlines())
