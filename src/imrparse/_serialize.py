"""Plain data: ``to_dict``, ``from_dict``, and the JSON Schema of a model class.

The records of a JSON Lines file, and their schema, are ``_records``'s.
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from typing import Any, Union

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn

from .model import Determination

__all__ = ["from_dict", "to_dict"]


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter()
    converter.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    converter.register_structure_hook(datetime.date, lambda v, _: datetime.date.fromisoformat(v))

    # Tuples become lists, so the output is plain JSON data.
    def is_tuple(tp: Any) -> bool:
        return typing.get_origin(tp) is tuple

    converter.register_unstructure_hook_func(
        is_tuple, lambda value: [converter.unstructure(v) for v in value]
    )
    # Derived fields (init=False) are written out and ignored when read back.
    converter.register_unstructure_hook_factory(
        attrs.has,
        lambda cls: make_dict_unstructure_fn(cls, converter, _cattrs_include_init_false=True),
    )
    return converter


_CONVERTER = _make_converter()


def to_dict(det: Determination) -> dict[str, Any]:
    """A determination as plain data: dicts, lists, strings, numbers, booleans.

    Enums become their values (``"upheld"``), dates ISO 8601 strings, and
    tuples lists. :func:`from_dict` reverses it exactly.
    """
    data: dict[str, Any] = _CONVERTER.unstructure(det)
    return data


def from_dict(data: dict[str, Any]) -> Determination:
    """Rebuild a :class:`Determination` from :func:`to_dict`'s output.

    Raises:
        ValueError: The data does not describe a determination. (cattrs'
            validation errors are subclasses of ``ValueError``'s siblings;
            they are re-raised as ``ValueError`` with cattrs' message.)
    """
    try:
        return _CONVERTER.structure(data, Determination)
    except (cattrs.BaseValidationError, KeyError, TypeError) as exc:
        detail = (
            "; ".join(cattrs.transform_error(exc))
            if isinstance(exc, cattrs.BaseValidationError)
            else str(exc)
        )
        raise ValueError(f"not a determination: {detail}") from exc


def _schema_of(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [_schema_of(a, defs) for a in typing.get_args(tp)]
        return {"anyOf": options}
    if origin is tuple:
        return {"type": "array", "items": _schema_of(typing.get_args(tp)[0], defs)}
    if tp is type(None):
        return {"type": "null"}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is datetime.date:
        return {"type": "string", "format": "date"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"type": "string", "enum": [m.value for m in tp]}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            hints = typing.get_type_hints(tp)
            fields = attrs.fields(tp)
            defs[name] = {
                "type": "object",
                "description": (tp.__doc__ or "").strip().splitlines()[0],
                "properties": {f.name: _schema_of(hints[f.name], defs) for f in fields},
                "required": [f.name for f in fields],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - model types only
