"""Stage 1: a path, bytes or binary file to raw text and a source label."""

from __future__ import annotations

import os
from typing import BinaryIO, Union

from .errors import ParseError

__all__ = ["Input", "decode", "read_source"]

#: What :func:`imrparse.load` accepts.
Input = Union[str, "os.PathLike[str]", bytes, BinaryIO]


def decode(data: bytes, source: str | None = None) -> str:
    """Decode the bytes of a text file.

    UTF-8 (with or without a byte-order mark) is tried first, then UTF-16 when
    the data starts with its byte-order mark, then Windows-1252.

    Raises:
        ParseError: The data is binary (it holds NUL bytes).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise ParseError("the input is binary data, not text (it holds NUL bytes)", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_source(source: Input) -> tuple[bytes, str | None]:
    """The bytes of ``source`` and a label for it (its path, or None).

    Raises:
        OSError: A path that cannot be opened.
        TypeError: ``source`` is none of the accepted kinds.
    """
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        with open(path, "rb") as handle:
            return handle.read(), path
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), None
    read = getattr(source, "read", None)
    if read is None:
        raise TypeError(f"cannot load from {type(source).__name__}: give a path or a binary file")
    data = read()
    if isinstance(data, str):
        raise TypeError("the file is open in text mode: open it with 'rb', or use imrparse.loads")
    name = getattr(source, "name", None)
    return bytes(data), name if isinstance(name, str) else None
