"""Stage 3a: find the ``.lark`` files, load or build each grammar's parser once.

A parser is made lazily on first use and memoized per process. Analysing a
grammar takes lark one to seven seconds, so its result is kept in *tables*,
looked for in this order:

1. **Shipped tables**, in the package's ``_tables`` folder. The wheel build
   writes them (``hatch_build.py`` calls :func:`write_tables` for every
   grammar in :data:`BUNDLED`), so an installed copy never analyses a grammar,
   and needs no writable home or cache folder.
2. **The user's cache**: ``$IMRPARSE_CACHE_DIR``, else
   ``$XDG_CACHE_HOME/imrparse``, else ``~/.cache/imrparse`` (an empty
   ``IMRPARSE_CACHE_DIR`` disables it).
3. **Building** with lark, after which the tables go into the user's cache
   (written under a temporary name, then renamed).

An editable install or a checkout has no shipped tables and takes the second
or third way; ``python -m imrparse._grammar --build`` writes the tables of
:data:`BUNDLED` into ``src/imrparse/_tables`` (ignored by git) instead.

Every table file's name carries a key: a digest of every grammar file (the
templates ``%import`` the others), lark's version and the parser's options,
so a file that does not match the grammar in use is never found. Any grammar
file can be loaded, with any start rules, through :func:`load_grammar`;
grammars outside :data:`BUNDLED` simply have no shipped tables.

There are two kinds of table file. ``NAME-KEY.lark-tables`` holds lark's
analysed grammar (``lark.Lark.save``: plain dicts, lists, strings and numbers,
so any Python reads it). ``NAME-KEY-PYTHON.re-code`` holds, for one exact
Python build, the compiled code of the regular expressions the parser's
contextual lexer uses: Python's ``re`` compiles in pure Python, and compiling
them is most of the cost of a first letter (0.1 to 0.3 s). A Python that
finds no code file of its own compiles the expressions as usual, and, when
there is a user cache, writes the code file there for its next run.
"""

from __future__ import annotations

import argparse
import array
import contextlib
import functools
import hashlib
import importlib
import io
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import lark

if TYPE_CHECKING:
    from .model import Template

#: The regular expression engine under :mod:`re` (CPython's; untyped).
_sre: Any = importlib.import_module("_sre")

__all__ = [
    "BUNDLED",
    "OPTIONS",
    "START_RULES",
    "get_parser",
    "grammar_dir",
    "grammar_files",
    "load_grammar",
    "tables_dir",
    "write_tables",
]

#: Rules a parser can start from: the whole letter, and pieces for tests.
START_RULES = ("start", "citations")

#: The options every grammar is built with. Every token stays in the tree
#: (keep_all_tokens): the transformer takes a rule's extent from its first and
#: last token, labels included, which is cheaper than lark's
#: propagate_positions, and drops the "_" tokens itself.
OPTIONS: Mapping[str, Any] = {
    "parser": "lalr",
    "lexer": "contextual",
    "keep_all_tokens": True,
    "maybe_placeholders": False,
}

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


#: The start rules of the document grammar (``document.lark``), one per
#: template it reads.
DOCUMENT_RULES = ("issues_letter", "decisions_letter")

#: The grammars, with their start rules, whose tables the wheel ships: the
#: document and field grammars, and the whole-letter grammars of the 2013
#: notice and the professional review. A grammar loaded with other start
#: rules works as well, but builds its tables on first use.
BUNDLED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("document", DOCUMENT_RULES),
    ("fields", FIELD_RULES),
    ("notice_2013", START_RULES),
    ("professional_review", START_RULES),
)

#: Changes when the layout of the table files does.
_FORMAT = "1"


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


def tables_dir() -> Path:
    """The folder of shipped tables (it may not exist)."""
    return Path(__file__).resolve().parent / "_tables"


def _cache_dir() -> Path | None:
    configured = os.environ.get("IMRPARSE_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    try:
        return (Path(xdg) if xdg else Path.home() / ".cache") / "imrparse"
    except RuntimeError:  # no home directory to be found
        return None


@functools.cache
def _grammar_digest() -> bytes:
    digest = hashlib.sha256()
    for path in grammar_files():
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.digest()


def _key(name: str, start: tuple[str, ...]) -> str:
    """What a table file of the grammar ``name`` must match, as a name."""
    digest = hashlib.sha256(_grammar_digest())
    options = {**OPTIONS, "start": list(start)}
    for part in (_FORMAT, lark.__version__, repr(sorted(options.items()))):
        digest.update(part.encode() + b"\0")
    return f"{name}-{digest.hexdigest()[:20]}"


def _python_tag() -> str:
    """The Python build whose compiled regular expressions a code file holds."""
    version = ".".join(map(str, sys.version_info[:3]))
    return f"{sys.implementation.name}{version}-sre{_sre.MAGIC}x{_sre.CODESIZE}"


# --- Regular expressions compiled ahead of time ------------------------------

#: A compiled expression: final flags, code (array bytes), groups, group names.
_Code = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]


def _code_of(pattern: str, flags: int) -> _Code:
    """What ``re.compile`` hands to the regular expression engine."""
    if sys.version_info >= (3, 11):
        from re import _compiler, _parser
    else:  # pragma: no cover
        import sre_compile as _compiler
        import sre_parse as _parser

    parsed = _parser.parse(pattern, flags)
    code = getattr(_compiler, "_code")(parsed, flags)  # noqa: B009 - private
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for group, index in parsed.state.groupdict.items():
        indexgroup[index] = group
    packed = array.array(_ARRAY_TYPE, code).tobytes()
    return (
        flags | parsed.state.flags,
        packed,
        parsed.state.groups - 1,
        dict(parsed.state.groupdict),
        tuple(indexgroup),
    )


def _array_type() -> str:
    for typecode in "IL":
        if array.array(typecode).itemsize == _sre.CODESIZE:
            return typecode
    return "Q"  # pragma: no cover


_ARRAY_TYPE = _array_type()


class _Precompiled:
    """Stands in for the :mod:`re` module in lark's lexers.

    Expressions whose code was compiled ahead of time are made from it (the
    engine checks the code it is given); any other goes to :mod:`re`.
    """

    error = re.error

    def __init__(self, codes: Mapping[tuple[str, int], _Code]):
        self._codes = codes
        self._compiled: dict[tuple[str, int], re.Pattern[str]] = {}

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        key = (pattern, int(flags))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._from_code(key) or re.compile(pattern, flags)
            self._compiled[key] = compiled
        return compiled

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).match(string)

    def _from_code(self, key: tuple[str, int]) -> re.Pattern[str] | None:
        found = self._codes.get(key)
        if found is None:
            return None
        flags, packed, groups, groupindex, indexgroup = found
        try:
            compiled: re.Pattern[str] = _sre.compile(
                key[0], flags, array.array(_ARRAY_TYPE, packed).tolist(), groups,
                groupindex, indexgroup,
            )  # fmt: skip
        except Exception:  # pragma: no cover - the engine rejects the code
            return None
        return compiled


class _Recorder:
    """Stands in for :mod:`re` in lark's lexers, noting what they compile."""

    error = re.error

    def __init__(self) -> None:
        self.seen: set[tuple[str, int]] = set()

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        self.seen.add((pattern, int(flags)))
        return re.compile(pattern, flags)

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).match(string)


def _lexers(parser: lark.Lark) -> Iterator[Any]:
    """The basic lexers of a parser's contextual lexer, each once.

    The attributes are lark's own; a lark that lays them out otherwise yields
    nothing, and its lexers compile their expressions with :mod:`re`.
    """
    lexer = getattr(getattr(parser, "parser", None), "lexer", None)
    found = [*getattr(lexer, "lexers", {}).values(), getattr(lexer, "root_lexer", None)]
    unique = {id(each): each for each in found if getattr(each, "re", None) is re}
    yield from unique.values()


def _regex_codes(parser: lark.Lark) -> dict[tuple[str, int], _Code]:
    """The code of every expression the lexers of ``parser`` compile."""
    recorder = _Recorder()
    for lexer in _lexers(parser):
        lexer.re = recorder
        lexer._build_scanner()  # builds lazily on first use otherwise
        lexer.re = re
    return {key: _code_of(*key) for key in sorted(recorder.seen)}


def _use_codes(parser: lark.Lark, codes: Mapping[tuple[str, int], _Code]) -> None:
    shim = _Precompiled(codes)
    for lexer in _lexers(parser):
        lexer.re = shim


# --- Table files --------------------------------------------------------------


def _read(name: str) -> object | None:
    """The unpickled table file ``name`` from the package or the user's cache."""
    folders = [tables_dir(), _cache_dir()]
    for folder in folders:
        if folder is None:
            continue
        try:
            with open(folder / name, "rb") as handle:
                content: object = pickle.load(handle)
                return content
        except Exception:  # missing, unreadable or damaged: no use
            continue
    return None


def _write(folder: Path, name: str, content: object) -> None:
    """Write a table file under a temporary name, then rename it (no half files)."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(content, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _writable(folder: Path | None) -> bool:
    """Whether table files can be written into ``folder`` (made if missing)."""
    if folder is None:
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def _build(name: str, start: tuple[str, ...]) -> lark.Lark:
    return lark.Lark.open(str(grammar_dir() / f"{name}.lark"), start=list(start), **OPTIONS)


def _saved(parser: lark.Lark) -> bytes:
    out = io.BytesIO()
    parser.save(out)
    return out.getvalue()


def write_tables(folder: Path, name: str, start: tuple[str, ...] = START_RULES) -> list[Path]:
    """Build one grammar and write its table files into ``folder``.

    Args:
        folder: Where to write (created if missing).
        name: The grammar file's name without ``.lark``.
        start: The rules the parser can start from.

    Returns:
        The files written: the lark tables and the regular expression code
        for the running Python.
    """
    key = _key(name, start)
    parser = _build(name, start)
    tables, codes = f"{key}.lark-tables", f"{key}-{_python_tag()}.re-code"
    _write(folder, tables, _saved(parser))
    _write(folder, codes, _regex_codes(parser))
    return [folder / tables, folder / codes]


@functools.cache
def load_grammar(name: str, start: tuple[str, ...] = START_RULES) -> lark.Lark:
    """The LALR parser of the grammar file ``name`` (without ``.lark``).

    From the shipped tables or the user's cache when they match the grammar,
    else built (and cached); memoized per process.

    Args:
        name: A grammar file in :func:`grammar_dir`, without ``.lark``.
        start: The rules the parser can start from.
    """
    key = _key(name, start)
    folder = _cache_dir()
    saved = _read(f"{key}.lark-tables")
    parser = None
    if isinstance(saved, bytes):
        try:
            parser = lark.Lark.load(io.BytesIO(saved))
        except Exception:  # pragma: no cover - unusable tables: build instead
            parser = None
    if parser is None:
        parser = _build(name, start)
        if folder is not None:
            with contextlib.suppress(OSError):
                _write(folder, f"{key}.lark-tables", _saved(parser))
    code_file = f"{key}-{_python_tag()}.re-code"
    codes = _read(code_file)
    if not isinstance(codes, dict) and _writable(folder):
        assert folder is not None
        try:
            codes = _regex_codes(parser)
        except Exception:  # pragma: no cover - the lexers compile as usual
            codes = None
        else:
            with contextlib.suppress(OSError):
                _write(folder, code_file, codes)
    if isinstance(codes, dict):
        _use_codes(parser, codes)
    return parser


def get_parser(template: Template) -> lark.Lark:
    """The LALR parser of one template's grammar."""
    return load_grammar(template.value, START_RULES)


def document_parser() -> lark.Lark:
    """The LALR parser of the document grammar, fed the layout's tokens (its
    terminals are declared, not matched: the layout classifies the lines)."""
    return load_grammar("document", DOCUMENT_RULES)


def fields_parser() -> lark.Lark:
    """The LALR parser of the field grammar, applied to one slot at a time."""
    return load_grammar("fields", FIELD_RULES)


def main(argv: list[str] | None = None) -> None:
    """``python -m imrparse._grammar --build [FOLDER]``: write the bundled tables."""
    parser = argparse.ArgumentParser(description="Write the parser tables of imrparse's grammars.")
    parser.add_argument("--build", action="store_true", required=True)
    parser.add_argument("folder", nargs="?", type=Path, default=tables_dir())
    args = parser.parse_args(argv)
    for name, start in BUNDLED:
        for path in write_tables(args.folder, name, start):
            print(path)


if __name__ == "__main__":
    main()
