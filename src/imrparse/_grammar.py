"""Stage 3a: find the ``.lark`` files, build each template's parser once.

A parser is built lazily on first use and memoized per process. The analysed
LALR tables are cached with lark's own cache in a per-user cache directory
(``$IMRPARSE_CACHE_DIR``, else ``$XDG_CACHE_HOME/imrparse``, else
``~/.cache/imrparse``; an empty ``IMRPARSE_CACHE_DIR`` disables the cache). The
cache file's name carries a digest of every grammar file, lark's version and
Python's, and is written under a temporary name and then renamed, so a cache
file is never stale and never seen half-written.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import tempfile
from pathlib import Path

import lark

from .model import Template

__all__ = ["START_RULES", "get_parser", "grammar_dir", "grammar_files"]

#: Rules a parser can start from: the whole letter, and pieces for tests.
START_RULES = ("start", "decision", "citations")


@functools.cache
def grammar_dir() -> Path:
    """The folder holding the ``.lark`` files.

    An installed wheel has them inside the package; an editable install or a
    checkout reads them from the repository's top-level ``grammar/`` folder.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "grammar", here.parent.parent / "grammar"):
        if (candidate / "common.lark").is_file():
            return candidate
    raise FileNotFoundError(f"imrparse grammar files not found beside {here}")


def grammar_files() -> tuple[Path, ...]:
    """Every ``.lark`` file, sorted by name."""
    return tuple(sorted(grammar_dir().glob("*.lark")))


def _cache_dir() -> Path | None:
    configured = os.environ.get("IMRPARSE_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "imrparse"


@functools.cache
def _grammar_digest() -> str:
    digest = hashlib.sha256()
    for path in grammar_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(lark.__version__.encode())
    digest.update(repr(sys.version_info[:2]).encode())
    digest.update(repr(START_RULES).encode())
    return digest.hexdigest()[:20]


def _open(path: Path, cache: str | bool, start: tuple[str, ...] = START_RULES) -> lark.Lark:
    # Every token stays in the tree (keep_all_tokens): the transformer takes a
    # rule's extent from its first and last token, labels included, which is
    # cheaper than lark's propagate_positions, and drops the "_" tokens itself.
    return lark.Lark.open(
        str(path),
        parser="lalr",
        lexer="contextual",
        keep_all_tokens=True,
        maybe_placeholders=False,
        start=list(start),
        cache=cache,
    )


@functools.cache
def get_parser(template: Template) -> lark.Lark:
    """The LALR parser of one template's grammar."""
    path = grammar_dir() / f"{template.value}.lark"
    folder = _cache_dir()
    if folder is None:
        return _open(path, False)
    final = folder / f"{template.value}-{_grammar_digest()}.lark-cache"
    if final.is_file():
        return _open(path, str(final))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        os.close(handle)
        os.unlink(temporary)  # lark writes the file itself
    except OSError:
        return _open(path, False)
    parser = _open(path, temporary)
    try:
        os.replace(temporary, final)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
    return parser


#: The start rules of the field grammar (``fields.lark``).
FIELD_RULES = (
    "citations",
    "reviewer_statement",
    "entries",
    "header_table",
    "credential_list",
    "partial_request",
    "plain_request",
)


@functools.cache
def document_parser() -> lark.Lark:
    """The LALR parser of the document grammar, fed the layout's tokens."""
    return lark.Lark.open(
        str(grammar_dir() / "document.lark"),
        parser="lalr",
        lexer="basic",
        start=["issues_letter", "decisions_letter"],
    )


@functools.cache
def fields_parser() -> lark.Lark:
    """The LALR parser of the field grammar, applied to one slot at a time."""
    path = grammar_dir() / "fields.lark"
    folder = _cache_dir()
    if folder is None:
        return _open(path, False, FIELD_RULES)
    final = folder / f"fields-{_grammar_digest()}.lark-cache"
    if final.is_file():
        return _open(path, str(final), FIELD_RULES)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        os.close(handle)
        os.unlink(temporary)
    except OSError:
        return _open(path, False, FIELD_RULES)
    parser = _open(path, temporary, FIELD_RULES)
    try:
        os.replace(temporary, final)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
    return parser
