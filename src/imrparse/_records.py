"""Stage 6: the records of a JSON Lines file, and reading them back.

A record is one JSON object: a parsed letter (``"kind": "determination"``,
the rest :func:`to_dict`'s output) or an input that could not be read
(``"kind": "failure"``). The command line writes them, :func:`read_jsonl`
and :func:`from_json` read them, and :func:`json_schema` describes both.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from ._batch import Failure
from ._serialize import _schema_of, from_dict, to_dict
from .model import Determination

__all__ = [
    "determination_record",
    "failure_record",
    "from_json",
    "from_record",
    "json_schema",
    "read_jsonl",
]

#: The ``kind`` of each record.
DETERMINATION, FAILURE = "determination", "failure"


def determination_record(det: Determination, *, text: bool = True) -> dict[str, Any]:
    """A letter's record: ``kind``, then :func:`to_dict`'s fields; without
    ``text`` when ``text`` is false."""
    record = {"kind": DETERMINATION, **to_dict(det)}
    if not text:
        del record["text"]
    return record


def failure_record(failure: Failure) -> dict[str, Any]:
    """A failure's record: ``kind``, ``source`` and the ``error``."""
    return {
        "kind": FAILURE,
        "source": failure.source,
        "error": {
            "type": failure.error_type,
            "message": failure.message,
            "line": failure.line,
            "column": failure.column,
            "page": failure.page,
        },
    }


def from_record(record: Any) -> Determination | Failure:
    """What a record describes; a record without ``kind`` is a letter's.

    Raises:
        ValueError: The record is neither a letter's nor a failure's.
    """
    if not isinstance(record, dict):
        raise ValueError(f"a record is a JSON object, not {type(record).__name__}")
    kind = record.get("kind", DETERMINATION)
    if kind == FAILURE:
        try:
            error = record["error"]
            return Failure(
                source=record["source"],
                error_type=error["type"],
                message=error["message"],
                line=error.get("line"),
                column=error.get("column"),
                page=error.get("page"),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a failure record: {exc!r}") from exc
    if kind != DETERMINATION:
        raise ValueError(f"a record's kind is 'determination' or 'failure', not {kind!r}")
    fields = {name: value for name, value in record.items() if name != "kind"}
    fields.setdefault("text", "")
    return from_dict(fields)


def from_json(text: str | bytes) -> Determination:
    """Read back a letter from its JSON: the inverse of :func:`dumps`.

    ``from_json(dumps(det)) == det``. It also reads a letter's record from
    the command line's output (with its ``"kind"``), and a record written
    with ``--no-text``, whose :attr:`~Determination.text` becomes ``""``
    (its spans keep their offsets, into a text the record no longer holds).

    >>> imrparse.from_json(imrparse.dumps(det)) == det  # doctest: +SKIP
    True

    Raises:
        ValueError: The text is not JSON, or not the JSON of a letter (a
            failure's record, say).

    .. versionadded:: 0.1.0
    """
    result = from_record(json.loads(text))
    if isinstance(result, Failure):
        raise ValueError(f"a failure's record, not a letter's: {result}")
    return result


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[Determination | Failure]:
    """The letters and failures of a JSON Lines file, in the file's order.

    Reads what ``imrparse parse`` writes in its ``jsonl`` format (with or
    without ``--indent``, ``--no-text``) and the ``--failures`` file: a
    :class:`Determination` for each letter's record and a :class:`Failure`
    for each failure's. A record without ``"kind"`` (from :func:`dumps`) is a
    letter's. Records written with ``--no-text`` have an empty
    :attr:`~Determination.text`; their spans still give offsets into the
    letter's text, which parsing the letter again gives back.

    The file is read one record at a time, so it may be larger than memory.

    >>> for result in imrparse.read_jsonl("letters.jsonl"):  # doctest: +SKIP
    ...     if isinstance(result, imrparse.Failure):
    ...         print(result)

    Args:
        path: The file's path.

    Raises:
        ValueError: A line is not JSON or not a record, with its line number.
        OSError: The file cannot be opened.

    .. versionadded:: 0.1.0
    """
    with open(path, encoding="utf-8") as file:
        lines: list[str] = []
        start = 0
        for number, line in enumerate(file, 1):
            if not lines and not line.strip():
                continue
            if not lines:
                start = number
            lines.append(line)
            # A record ends on an unindented line that closes it: the whole
            # record when compact, the last line of one written with --indent.
            if line[:1].isspace() or not line.rstrip().endswith("}"):
                continue
            try:
                yield from_record(json.loads("".join(lines)))
            except ValueError as exc:
                raise ValueError(f"{os.fspath(path)}:{start}: {exc}") from exc
            lines = []
        if lines:
            raise ValueError(f"{os.fspath(path)}:{start}: the last record is incomplete")


def _failure_schema() -> dict[str, Any]:
    def optional(kind: str) -> dict[str, Any]:
        return {"anyOf": [{"type": kind}, {"type": "null"}]}

    error = {
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "message": {"type": "string"},
            "line": optional("integer"),
            "column": optional("integer"),
            "page": optional("integer"),
        },
        "required": ["type", "message", "line", "column", "page"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "description": "An input that could not be read.",
        "properties": {
            "kind": {"const": FAILURE},
            "source": {"type": "string"},
            "error": error,
        },
        "required": ["kind", "source", "error"],
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a record: a letter's or a failure's.

    A letter's record is :func:`to_dict`'s output, optionally with
    ``"kind": "determination"`` and without ``text`` (``--no-text``); a
    failure's record is ``{"kind": "failure", "source": ..., "error":
    {...}}``. Both are in ``$defs``, as ``Determination`` and ``Failure``.

    .. versionadded:: 0.1.0
    """
    defs: dict[str, Any] = {}
    _schema_of(Determination, defs)
    letter = defs["Determination"]
    letter["properties"] = {"kind": {"const": DETERMINATION}, **letter["properties"]}
    letter["required"] = [name for name in letter["required"] if name != "text"]
    defs["Failure"] = _failure_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "IMR Final Determination record",
        "oneOf": [{"$ref": "#/$defs/Determination"}, {"$ref": "#/$defs/Failure"}],
        "$defs": dict(sorted(defs.items())),
    }
