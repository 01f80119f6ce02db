"""The public verbs: ``load``, ``loads``, ``dump``, ``dumps``."""

from __future__ import annotations

import json
from typing import TextIO

from ._normalize import normalize
from ._parse import parse
from ._serialize import to_dict
from ._source import Input, decode, read_source
from .model import Determination

__all__ = ["dump", "dumps", "load", "loads"]


def loads(text: str, *, strict: bool = True, source: str | None = None) -> Determination:
    """Parse the text of one final determination letter.

    Args:
        text: The letter as extracted from its PDF, in any line-ending style.
        strict: If false, recoverable problems become ``det.warnings``
            instead of raising :class:`ParseError`.
        source: A name for the text (a path, say), used in errors and kept as
            :attr:`Determination.source`.

    Returns:
        The parsed letter. Every span in it points into ``det.text``.

    Raises:
        ParseError: The text matches none of the known templates, or (when
            ``strict``) holds text that fits no slot of its template.

    .. versionadded:: 0.1.0
    """
    if not isinstance(text, str):
        raise TypeError(f"loads() takes a str, not {type(text).__name__}: use load() for bytes")
    return parse(normalize(text), source=source, strict=strict)


def load(source: Input, *, strict: bool = True) -> Determination:
    """Read and parse one letter from a path or a binary file object.

    Args:
        source: A path (``str`` or path-like) or a file object opened in
            binary mode.
        strict: As for :func:`loads`.

    Returns:
        The parsed letter, with :attr:`Determination.source` set to the path.

    Raises:
        ParseError: The file is not a letter that can be read.
        OSError: The path cannot be opened.

    .. versionadded:: 0.1.0
    """
    data, label = read_source(source)
    return loads(decode(data, label), strict=strict, source=label)


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
