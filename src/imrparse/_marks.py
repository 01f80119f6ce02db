"""Where each value of a letter was read, noted only while someone asks.

The annotated view (:mod:`imrparse.view`) parses a letter inside
:func:`recording`; the readers of the header, the reviewer's statement and
credentials, the case summary, the request lines and the documents reviewed
then note each value's stretch of the text with :func:`mark`. Outside
:func:`recording`, :func:`mark` does nothing, and readers that would have
to work to find a place (:func:`recording_now`) do not.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import attrs

__all__ = ["Mark", "mark", "recording", "recording_now"]


@attrs.frozen
class Mark:
    """A value's place in the normalized text: ``text[start:end]``.

    ``kind`` is the element that holds it (``header``, ``label``,
    ``reviewer``, ``patient``, ``request``, ``outcome``, ``document``) and
    ``field`` the value's name (``case_number``, ``licensed_states``,
    ``original_request``, ...). A decision's value printed outside its block
    (the 2013 notice's list of determinations, a professional review's
    verdicts) names the block's start as its ``owner``.
    """

    kind: str
    field: str
    start: int
    end: int
    owner: int | None = None


_MARKS: contextvars.ContextVar[list[Mark] | None] = contextvars.ContextVar(
    "imrparse_marks", default=None
)


def recording_now() -> bool:
    """Whether marks are being kept: a reader that must work to find a
    value's place asks first."""
    return _MARKS.get() is not None


def mark(
    kind: str, field: str, start: int | None, end: int | None, owner: int | None = None
) -> None:
    """Note that ``field`` was read from ``text[start:end]``, when recording."""
    marks = _MARKS.get()
    if marks is not None and start is not None and end is not None and start < end:
        marks.append(Mark(kind, field, start, end, owner))


@contextlib.contextmanager
def recording() -> Iterator[list[Mark]]:
    """Collect the marks of the parses inside the block, in the order made."""
    marks: list[Mark] = []
    token = _MARKS.set(marks)
    try:
        yield marks
    finally:
        _MARKS.reset(token)
