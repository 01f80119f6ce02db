"""Stage 6: letters as a tidy table, one row per decision.

The columns are defined once, here, and every table format uses them: the
command line's CSV and Parquet output and :func:`to_frame`. A letter's fields
are repeated on each of its decision rows; a letter without decisions still
gets one row, with the decision columns empty, so no letter vanishes from a
table.

Multi-valued fields (certifications, states, guideline summaries, warning
codes) are one string, their items joined with ``"; "``, in every format, so
a CSV file, a Parquet file and a data frame of the same letters hold the same
values.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from ._batch import Failure
from .model import Citation, CitationKind, Decision, Determination

if TYPE_CHECKING:
    import pandas
    import pyarrow

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "Column",
    "Row",
    "arrow_table",
    "citation_kinds",
    "citation_labels",
    "csv_cells",
    "frame",
    "guideline_labels",
    "rows",
    "to_frame",
]

#: A cell of a row, before formatting.
Value = str | int | bool | datetime.date | None
#: One row of the table: a value per column, in column order.
Row = tuple[Value, ...]

#: The separator between the items of a multi-valued field.
SEPARATOR = "; "


class _Context(NamedTuple):
    det: Determination
    number: int | None  # 1-based position of the decision in the letter
    decision: Decision | None


@attrs.frozen
class Column:
    """One column of the table.

    Attributes:
        name: The column's name, as in a CSV header.
        kind: ``"string"``, ``"integer"``, ``"boolean"`` or ``"date"``.
        read: The column's value for a letter and one of its decisions.
    """

    name: str
    kind: str
    read: Callable[[_Context], Value] = attrs.field(repr=False)


def _joined(items: Sequence[str]) -> str:
    return SEPARATOR.join(items)


def guideline_labels(citations: Iterable[Citation]) -> tuple[str, ...]:
    """Short names of the guidelines cited, each once, in the order cited.

    ``MTUS Chronic Pain Treatment Guidelines``, ``MTUS ACOEM Chapter 12 Low
    Back Complaints``, ``Official Disability Guidelines (ODG)``; other
    evidence is named by its sources (``UpToDate``).
    """
    labels: dict[str, None] = {}
    for citation in citations:
        if citation.kind is CitationKind.OTHER:
            labels.update(dict.fromkeys(citation.topics or ["Other evidence"]))
        else:
            labels[_named(citation)[0]] = None
    return tuple(labels)


def _named(citation: Citation) -> tuple[str, tuple[str, ...]]:
    """A citation's guideline as :func:`guideline_labels` names it, and the
    topics that name leaves out."""
    if citation.kind is CitationKind.MTUS:
        name, topics = citation.guideline or "", citation.topics
        if name == "ACOEM" and topics:
            name, topics = f"ACOEM {topics[0]}", topics[1:]
        if citation.edition is not None:
            name = f"{name} {citation.edition}"
        return f"MTUS {name}".rstrip(), topics
    if citation.kind is CitationKind.NON_MTUS:
        return citation.guideline or "Non-MTUS", citation.topics
    return "Other evidence", citation.topics


def citation_labels(citations: Iterable[Citation]) -> tuple[str, ...]:
    """Each citation as its guideline and topics, in the order cited.

    ``MTUS Chronic Pain Treatment Guidelines: Opioids, Tramadol``,
    ``Official Disability Guidelines (ODG): Pain``; other evidence as
    ``Other evidence: UpToDate``; a citation without topics as its guideline
    alone.
    """
    labels = []
    for citation in citations:
        name, topics = _named(citation)
        labels.append(f"{name}: {', '.join(topics)}" if topics else name)
    return tuple(labels)


def _part(part: str, name: str) -> Callable[[_Context], Value]:
    """A field of one part of the letter (``header``, ``reviewer``,
    ``case_summary``): None when the letter has no such part."""

    def read(c: _Context) -> Value:
        held = getattr(c.det, part)
        value: Value | tuple[str, ...] | enum.Enum = getattr(held, name, None)
        if isinstance(value, enum.Enum):
            return _value_of(value)
        return _joined(value) if isinstance(value, tuple) else value

    return read


def _header(name: str) -> Callable[[_Context], Value]:
    return _part("header", name)


def _reviewer(name: str) -> Callable[[_Context], Value]:
    return _part("reviewer", name)


def _value_of(member: enum.Enum | None) -> Value:
    return None if member is None else str(member.value)


def _decision_part(part: str, name: str) -> Callable[[_Context], Value]:
    """A field of one part of the decision (``medication``, ``category``):
    None when the decision has no such part."""

    def read(c: _Context) -> Value:
        held = getattr(c.decision, part) if c.decision is not None else None
        value: Value | tuple[str, ...] = getattr(held, name, None)
        return _joined(value) if isinstance(value, tuple) else value

    return read


def _medication(name: str) -> Callable[[_Context], Value]:
    return _decision_part("medication", name)


def _category(name: str) -> Callable[[_Context], Value]:
    return _decision_part("category", name)


def _decision(read: Callable[[Decision], Value]) -> Callable[[_Context], Value]:
    return lambda c: read(c.decision) if c.decision is not None else None


def _basis(
    side: str, read: Callable[[Iterable[Citation]], Sequence[str]]
) -> Callable[[_Context], Value]:
    """A column of a decision's basis: ``side`` is ``claims_administrator_basis``
    or ``reviewer_basis``, ``read`` turns its citations into the items joined."""
    return _decision(lambda d: _joined(read(getattr(d, side))))


def citation_kinds(citations: Iterable[Citation]) -> tuple[str, ...]:
    """The kind of each citation, in the order cited (``mtus``, ``non_mtus``)."""
    return tuple(citation.kind.value for citation in citations)


_CLAIMS, _REVIEWER = "claims_administrator_basis", "reviewer_basis"


#: Every column, in order. docs/reference/cli.md describes each. A column is
#: one line: its name, its kind, and how to read it from a letter and one of
#: its decisions (``_header``, ``_decision``, ``_basis``, ...).
COLUMNS: tuple[Column, ...] = (
    Column("source", "string", lambda c: c.det.source),
    Column("template", "string", lambda c: c.det.template.value),
    Column("case_number", "string", _header("case_number")),
    Column("date_assigned", "date", _header("date_assigned")),
    Column("ur_denial_date", "date", _header("ur_denial_date")),
    Column("application_date", "date", _header("application_date")),
    Column("letter_date", "date", _header("letter_date")),
    Column("decision_date", "date", _header("decision_date")),
    Column("priority", "string", _header("priority")),
    Column("reviewer_board_certifications", "string", _reviewer("board_certifications")),
    Column("reviewer_subspecialties", "string", _reviewer("subspecialties")),
    Column("reviewer_licensed_states", "string", _reviewer("licensed_states")),
    Column("reviewer_min_years_in_practice", "integer", _reviewer("min_years_in_practice")),
    Column("reviewer_min_hours_per_week", "integer", _reviewer("min_hours_per_week")),
    Column("patient_age", "integer", _part("case_summary", "patient_age")),
    Column("patient_sex", "string", _part("case_summary", "patient_sex")),
    Column("date_of_injury", "date", _part("case_summary", "date_of_injury")),
    Column("decision_number", "integer", lambda c: c.number),
    Column("request", "string", _decision(lambda d: d.request)),
    Column("original_request", "string", _decision(lambda d: d.original_request)),
    Column("authorized", "string", _decision(lambda d: d.authorized)),
    Column("outcome", "string", _decision(lambda d: d.outcome.value)),
    Column("medically_necessary", "boolean", _decision(lambda d: d.medically_necessary)),
    Column("category", "string", _category("category")),
    Column("subcategory", "string", _category("subcategory")),
    Column("medication_name", "string", _medication("name")),
    Column("medication_strength", "string", _medication("strength")),
    Column("medication_quantity", "integer", _medication("quantity")),
    Column("medication_generics", "string", _medication("generics")),
    Column("medication_drug_class", "string", _medication("drug_class")),
    Column("claims_administrator_guidelines", "string", _basis(_CLAIMS, guideline_labels)),
    Column("reviewer_guidelines", "string", _basis(_REVIEWER, guideline_labels)),
    Column("claims_administrator_citation_kinds", "string", _basis(_CLAIMS, citation_kinds)),
    Column("claims_administrator_citations", "string", _basis(_CLAIMS, citation_labels)),
    Column("reviewer_citation_kinds", "string", _basis(_REVIEWER, citation_kinds)),
    Column("reviewer_citations", "string", _basis(_REVIEWER, citation_labels)),
    Column("warnings", "string", lambda c: _joined([w.code for w in c.det.warnings])),
)

#: The column names, in order.
COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)


def rows(det: Determination) -> list[Row]:
    """A letter's rows: one per decision, or one with empty decision columns."""
    contexts = [_Context(det, n, d) for n, d in enumerate(det.decisions, 1)] or [
        _Context(det, None, None)
    ]
    return [tuple(column.read(context) for column in COLUMNS) for context in contexts]


def csv_cells(row: Row) -> list[str]:
    """A row as CSV cells: empty for None, ``true``/``false``, ISO 8601 dates."""
    cells = []
    for value in row:
        if value is None:
            cells.append("")
        elif isinstance(value, bool):
            cells.append("true" if value else "false")
        elif isinstance(value, datetime.date):
            cells.append(value.isoformat())
        else:
            cells.append(str(value))
    return cells


def arrow_table(table_rows: Sequence[Row]) -> pyarrow.Table:
    """Rows as a pyarrow table with one typed column per column.

    Raises:
        ImportError: pyarrow is not installed.
    """
    try:
        import pyarrow
    except ImportError as exc:
        raise ImportError(_missing("pyarrow", "parquet")) from exc
    types = {
        "string": pyarrow.string(),
        "integer": pyarrow.int64(),
        "boolean": pyarrow.bool_(),
        "date": pyarrow.date32(),
    }
    schema = pyarrow.schema([(column.name, types[column.kind]) for column in COLUMNS])
    return pyarrow.Table.from_arrays(
        [
            pyarrow.array(values, type=field.type)
            for values, field in zip(_by_column(table_rows), schema, strict=True)
        ],
        schema=schema,
    )


def _by_column(table_rows: Sequence[Row]) -> list[list[Value]]:
    columns: list[list[Value]] = [[] for _ in COLUMNS]
    for row in table_rows:
        for values, value in zip(columns, row, strict=True):
            values.append(value)
    return columns


#: What a table of counts calls the group of rows with no value for a grouping.
NONE_GROUP = "(none)"


def _missing(module: str, extra: str) -> str:
    return f"{module} is not installed; install it with: pip install 'imrparse[{extra}]'"


def to_frame(dets: Iterable[Determination | Failure]) -> pandas.DataFrame:
    """Letters as a pandas data frame, one row per decision.

    The columns are those of the command line's CSV output
    (:doc:`/reference/cli`), in the same order: the letter's fields are
    repeated on each of its decision rows, and a letter without decisions
    has one row with the decision columns empty. Multi-valued fields are
    strings, their items joined with ``"; "``. Column types are pandas'
    nullable ones: ``string``, ``Int64``, ``boolean``, and
    ``datetime64[ns]`` for dates.

    It takes what :func:`load_many` yields and leaves out the failures,
    which have no decisions to tabulate: keep them first if you need them.

    >>> frame = imrparse.to_frame(imrparse.load_many(paths))  # doctest: +SKIP
    >>> frame.groupby("outcome").size()   # doctest: +SKIP

    Args:
        dets: Parsed letters; :class:`Failure` objects among them are skipped.

    Returns:
        The data frame; empty, with every column, for no letters.

    Raises:
        ImportError: pandas is not installed (``pip install 'imrparse[pandas]'``).
        TypeError: An item of ``dets`` is neither a :class:`Determination`
            nor a :class:`Failure`.

    .. versionadded:: 0.1.0
    """
    table_rows: list[Row] = []
    for det in dets:
        if isinstance(det, Failure):
            continue
        if not isinstance(det, Determination):
            raise TypeError(f"to_frame() takes Determination objects, not {type(det).__name__}")
        table_rows.extend(rows(det))
    return frame(table_rows)


def frame(table_rows: Sequence[Row]) -> pandas.DataFrame:
    """Rows as a pandas data frame with :func:`to_frame`'s columns and types.

    Raises:
        ImportError: pandas is not installed.
    """
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(_missing("pandas", "pandas")) from exc
    dtypes: dict[str, Any] = {
        "string": pandas.StringDtype(),
        "integer": "Int64",
        "boolean": "boolean",
        "date": "datetime64[ns]",
    }
    return pandas.DataFrame(
        {
            column.name: pandas.Series(values, dtype=dtypes[column.kind])
            for column, values in zip(COLUMNS, _by_column(table_rows), strict=True)
        }
    )
