"""Stage 1: a path, bytes or binary file to raw text and a source label.

A PDF is recognized by its signature, ``%PDF-`` and a version digit, within the
first 1024 bytes (where PDF readers look for it, so a PDF with a few bytes of
junk before its header still opens), never by the file name. Its text is
extracted by :mod:`imrparse._pdf`. The name and a damaged header only shape the
error for a file that is no PDF: data that starts with ``%PDF`` but has no
signature, or a file named ``*.pdf`` that is not text either, is reported as
not a readable PDF rather than as binary data.

Anything else is text. A byte-order mark decides the encoding (UTF-8, UTF-16
or UTF-32); without one, UTF-8 is tried, then Windows-1252 (with the five bytes
it leaves undefined read as Latin-1, so every byte sequence decodes). Mojibake
left by a wrong guess earlier in the file's life is repaired later, in
normalization. Binary data is rejected: a NUL byte, or control characters
(other than tab, line feed, vertical tab, form feed and carriage return) in
more than 1% of the characters.
"""

from __future__ import annotations

import codecs
import os
import re
from typing import BinaryIO, Union

from .errors import ParseError

__all__ = [
    "DEFAULT_MAX_SIZE",
    "Input",
    "check_size",
    "decode",
    "is_pdf",
    "read_source",
    "read_text",
]

#: What :func:`imrparse.load` accepts.
Input = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]

#: The default largest input: 20 MB (bytes for a file, characters for text).
DEFAULT_MAX_SIZE = 20_000_000

#: Where PDF readers look for the ``%PDF-`` signature.
PDF_SIGNATURE_WINDOW = 1024
_PDF_SIGNATURE = re.compile(rb"%PDF-\d")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16 LE: it starts alike
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

#: Bytes that are never control characters in UTF-8 or Windows-1252 text.
_TEXT_BYTES = bytes([*b"\t\n\v\f\r", *range(0x20, 0x7F), *range(0x80, 0x100)])
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
#: Share of control characters above which data is binary.
_CONTROL_SHARE = 0.01

#: Windows-1252, with Latin-1 for the bytes it leaves undefined.
_CP1252_TABLE = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` holds a PDF signature where PDF readers look for one."""
    return _PDF_SIGNATURE.search(data, 0, PDF_SIGNATURE_WINDOW + 5) is not None


def _damaged_pdf(source: str | None) -> ParseError:
    return ParseError(
        "the input is not a readable PDF: it starts like one, but its %PDF- header is damaged",
        source=source,
    )


def _not_a_pdf(source: str) -> ParseError:
    return ParseError(
        "the file is named .pdf but is not a readable PDF (nor text): it has no %PDF- "
        f"signature in its first {PDF_SIGNATURE_WINDOW} bytes, so it is damaged or "
        "another kind of file",
        source=source,
    )


def _binary(source: str | None, why: str) -> ParseError:
    return ParseError(f"the input is binary data, not text: {why}", source=source)


def _check_controls(controls: int, length: int, source: str | None) -> None:
    if controls > _CONTROL_SHARE * length:
        why = f"{controls} of its {length} characters are control characters"
        raise _binary(source, why)


def decode(data: bytes, source: str | None = None) -> str:
    """Decode the bytes of a text file.

    Raises:
        ParseError: The data is binary, or does not match the byte-order
            mark it starts with.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                message = f"the input starts with a {name} byte-order mark but is not valid {name}"
                raise ParseError(message, source=source) from exc
            if "\x00" in text:
                raise _binary(source, "it holds NUL characters")
            controls = sum(1 for _ in _CONTROL.finditer(text))
            _check_controls(controls, len(text), source)
            return text
    if b"\x00" in data:
        raise _binary(source, "it holds NUL bytes (UTF-16 text needs a byte-order mark)")
    _check_controls(len(data.translate(None, _TEXT_BYTES)), len(data), source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return codecs.charmap_decode(data, "strict", _CP1252_TABLE)[0]


def check_size(size: int, max_size: int | None, source: str | None, unit: str) -> None:
    """Raise a :class:`ParseError` when ``size`` exceeds ``max_size``."""
    if max_size is not None and size > max_size:
        message = (
            f"the input is larger than the limit of {max_size:,} {unit} "
            "(raise it with max_size=..., or pass max_size=None)"
        )
        raise ParseError(message, source=source)


def _read_all(handle: BinaryIO, limit: int | None) -> bytes:
    """Read to the end of a file, or one byte past ``limit``."""
    if limit is None:
        data = handle.read()
        if isinstance(data, str):
            raise TypeError(
                "the file is open in text mode: open it with 'rb', or use imrparse.loads"
            )
        return bytes(data or b"")
    chunks = []
    left = limit + 1
    while left > 0:
        chunk = handle.read(left)
        if isinstance(chunk, str):
            raise TypeError(
                "the file is open in text mode: open it with 'rb', or use imrparse.loads"
            )
        if not chunk:
            break
        chunks.append(bytes(chunk))
        left -= len(chunk)
    return b"".join(chunks)


def read_source(source: Input, max_size: int | None = None) -> tuple[bytes, str | None]:
    """The bytes of ``source`` and a label for it (its path, or None).

    Args:
        source: A path, bytes, or a binary file object.
        max_size: The most bytes to accept, or None for no limit.

    Raises:
        OSError: A path that cannot be opened.
        TypeError: ``source`` is none of the accepted kinds.
        ParseError: The input is larger than ``max_size``.
    """
    label: str | None
    if isinstance(source, (str, os.PathLike)):
        label = os.fspath(source)
        with open(label, "rb") as handle:
            data = _read_all(handle, max_size)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        label, data = None, bytes(source)
    elif callable(getattr(source, "read", None)):
        name = getattr(source, "name", None)
        label = name if isinstance(name, str) else None
        data = _read_all(source, max_size)
    else:
        raise TypeError(
            f"cannot load from {type(source).__name__}: give a path, bytes or a binary file"
        )
    check_size(len(data), max_size, label, "bytes")
    return data, label


def read_text(source: Input, max_size: int | None = DEFAULT_MAX_SIZE) -> tuple[str, str | None]:
    """The raw text of ``source`` (a text file or a PDF) and its label.

    Raises:
        OSError: A path that cannot be opened.
        TypeError: ``source`` is none of the accepted kinds.
        ImportError: ``source`` is a PDF and pypdfium2 cannot be imported.
        ParseError: The input is too large, binary, or a PDF that cannot be
            read.
    """
    data, label = read_source(source, max_size)
    if is_pdf(data):
        from ._pdf import extract_text

        return extract_text(data, label), label
    if data.lstrip()[:4] == b"%PDF":  # no letter's text starts so
        raise _damaged_pdf(label)
    try:
        return decode(data, label), label
    except ParseError as exc:
        # A text letter named .pdf still reads; other data named so is
        # reported as a PDF that cannot be read, not by what makes it binary.
        if label is not None and label.lower().endswith(".pdf"):
            raise _not_a_pdf(label) from exc
        raise
