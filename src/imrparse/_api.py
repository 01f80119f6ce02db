"""The public verbs: ``load``, ``loads``, ``dump``, ``dumps``."""

from __future__ import annotations

import json
from typing import TextIO

from ._normalize import normalize
from ._parse import parse
from ._serialize import to_dict
from ._source import DEFAULT_MAX_SIZE, Input, check_size, read_text
from .model import Determination

__all__ = ["dump", "dumps", "load", "loads"]


def loads(
    text: str | bytes,
    *,
    strict: bool = False,
    source: str | None = None,
    max_size: int | None = DEFAULT_MAX_SIZE,
) -> Determination:
    """Parse the text of one final determination letter.

    Args:
        text: The letter as extracted from its PDF, in any line-ending style.
            Bytes (``bytes``, ``bytearray``) are read as :func:`load` reads
            a file: decoded, or read as a PDF when they are one.
        strict: If true, raise :class:`ParseError` at the first problem
            that is otherwise a warning in ``det.warnings`` (text that fits
            no slot, a field that cannot be read, a missing section).
        source: A name for the text (a path, say), used in errors and kept as
            :attr:`Determination.source`.
        max_size: The longest text accepted, in characters (20 million by
            default); None accepts any length.

    Returns:
        The parsed letter. Every span in it points into ``det.text``.

    Raises:
        ParseError: The text is longer than ``max_size``, matches none of
            the known templates, or (when ``strict``) holds text that fits no
            slot of its template.

    .. versionadded:: 0.1.0
    """
    if isinstance(text, (bytes, bytearray)):
        text = read_text(bytes(text), max_size)[0]
    elif not isinstance(text, str):
        raise TypeError(f"loads() takes a str or bytes, not {type(text).__name__}")
    check_size(len(text), max_size, source, "characters")
    return parse(normalize(text), source=source, strict=strict)


def load(
    source: Input, *, strict: bool = False, max_size: int | None = DEFAULT_MAX_SIZE
) -> Determination:
    """Read and parse one letter from a path, bytes or a binary file object.

    A PDF is recognized by its content, not its name, and its text layer is
    read with pypdfium2, which is installed with imrparse.
    Anything else is read as text: UTF-8 (with or without a byte-order mark),
    UTF-16 or UTF-32 with a byte-order mark, or else Windows-1252.

    Args:
        source: A path (``str`` or path-like), the file's bytes, or a file
            object opened in binary mode.
        strict: As for :func:`loads`.
        max_size: The largest input accepted, in bytes, and the longest text
            extracted from it, in characters (20 million by default); None
            accepts any size.

    Returns:
        The parsed letter, with :attr:`Determination.source` set to the path.

    Raises:
        ParseError: The input is larger than ``max_size``, binary, a PDF that
            is encrypted, damaged or without text, or not a letter that can
            be read. For a PDF, :attr:`ParseError.page` names the page.
        ImportError: The input is a PDF and pypdfium2 (a dependency) is
            missing or broken.
        OSError: The path cannot be opened.

    .. versionadded:: 0.1.0
    """
    text, label = read_text(source, max_size)
    return loads(text, strict=strict, source=label, max_size=max_size)


def dumps(det: Determination, *, indent: int | None = None) -> str:
    """A determination as JSON text (the JSON of :func:`to_dict`).

    The output is the same, byte for byte, for the same determination in any
    process on any machine.

    .. versionadded:: 0.1.0
    """
    return json.dumps(to_dict(det), ensure_ascii=False, indent=indent)


def dump(det: Determination, fp: TextIO, *, indent: int | None = None) -> None:
    """Write :func:`dumps`'s JSON to a text file object.

    .. versionadded:: 0.1.0
    """
    fp.write(dumps(det, indent=indent))
