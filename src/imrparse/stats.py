"""Uphold rates of a corpus, grouped as IMR analysts publish them.

:func:`summary` takes the decisions table of :func:`imrparse.to_frame` (or
the same table read back from a CSV or Parquet file written by
``imrparse parse``) and counts, for each group of a grouping, the decisions,
how many were upheld and overturned, the share upheld and its Wilson 95%
score interval. The groupings are those of :data:`GROUPINGS`:

``category``, ``subcategory``
    The kind of treatment requested (:class:`~imrparse.TreatmentCategory`).
``drug_class``
    The drug class of a drug request (:attr:`~imrparse.Medication.drug_class`).
``guideline``
    Each guideline the reviewer cited (the ``reviewer_guidelines`` column):
    a decision counts once under each guideline it cites.
``certification``
    Each board certification of the reviewer: a decision counts once under
    each.
``year``
    The year of the decision date, or else of the letter's date.

A decision with no value for a grouping (a request that is no drug, a letter
without dates) is counted under ``(none)``, listed last. Rows of letters
without decisions (their ``outcome`` is empty) are left out.

>>> import imrparse, imrparse.stats
>>> frame = imrparse.to_frame(imrparse.load_many(paths))   # doctest: +SKIP
>>> imrparse.stats.summary(frame, by="category")          # doctest: +SKIP

:func:`html_report` shows the tables as one HTML page, with a chart of each.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, overload

from ._report import html_report
from ._table import NONE_GROUP, SEPARATOR, _missing

if TYPE_CHECKING:
    import pandas

__all__ = ["COLUMNS", "GROUPINGS", "NONE", "html_report", "summary", "wilson_interval"]

#: The groupings :func:`summary` knows, in the order it lists them.
GROUPINGS: tuple[str, ...] = (
    "category",
    "subcategory",
    "drug_class",
    "guideline",
    "certification",
    "year",
)
#: The columns of each table :func:`summary` returns.
COLUMNS: tuple[str, ...] = (
    "group",
    "decisions",
    "upheld",
    "overturned",
    "uphold_rate",
    "low",
    "high",
)
#: The group of decisions with no value for a grouping.
NONE = NONE_GROUP
#: The 97.5th percentile of the standard normal distribution.
_Z95 = 1.959963984540054


def wilson_interval(upheld: int, decisions: int, z: float = _Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``upheld / decisions``.

    Unlike the normal approximation, it stays within 0 and 1 and is sound
    for small groups and for rates near 0 or 1.

    >>> import imrparse.stats
    >>> low, high = imrparse.stats.wilson_interval(5, 10)
    >>> round(low, 4), round(high, 4)
    (0.2366, 0.7634)

    Args:
        upheld: The count of successes, from 0 to ``decisions``.
        decisions: The count of trials, at least 1.
        z: The standard normal quantile of the confidence level; the default
            gives a 95% interval.

    Returns:
        The interval's lower and upper bounds.

    Raises:
        ValueError: ``decisions`` is less than 1, or ``upheld`` is not
            between 0 and ``decisions``.
    """
    if decisions < 1 or not 0 <= upheld <= decisions:
        raise ValueError(f"need 0 <= upheld <= decisions >= 1, not {upheld} of {decisions}")
    rate = upheld / decisions
    z2n = z * z / decisions
    centre = (rate + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(rate * (1 - rate) / decisions + z2n / (4 * decisions))
    return max(0.0, centre - half), min(1.0, centre + half)


def _one(column: str) -> Callable[[pandas.DataFrame], list[list[str]]]:
    """A grouping by a column of one value."""

    def labels(frame: pandas.DataFrame) -> list[list[str]]:
        return [[] if _empty(value) else [str(value)] for value in frame[column]]

    return labels


def _each(column: str) -> Callable[[pandas.DataFrame], list[list[str]]]:
    """A grouping by each item of a multi-valued column."""

    def labels(frame: pandas.DataFrame) -> list[list[str]]:
        return [
            [] if _empty(value) else list(dict.fromkeys(filter(None, str(value).split(SEPARATOR))))
            for value in frame[column]
        ]

    return labels


def _year(frame: pandas.DataFrame) -> list[list[str]]:
    import pandas

    decided = pandas.to_datetime(frame["decision_date"], errors="coerce")
    dated = pandas.to_datetime(frame["letter_date"], errors="coerce")
    years = decided.dt.year.fillna(dated.dt.year)
    return [[] if _empty(year) else [str(int(year))] for year in years]


def _empty(value: Any) -> bool:
    import pandas

    return value is None or value is pandas.NA or value != value or value == ""


_LABELS: dict[str, Callable[[pandas.DataFrame], list[list[str]]]] = {
    "category": _one("category"),
    "subcategory": _one("subcategory"),
    "drug_class": _one("medication_drug_class"),
    "guideline": _each("reviewer_guidelines"),
    "certification": _each("reviewer_board_certifications"),
    "year": _year,
}


@overload
def summary(frame: pandas.DataFrame, by: str) -> pandas.DataFrame: ...
@overload
def summary(
    frame: pandas.DataFrame, by: Sequence[str] = GROUPINGS
) -> dict[str, pandas.DataFrame]: ...


def summary(
    frame: pandas.DataFrame, by: str | Sequence[str] = GROUPINGS
) -> pandas.DataFrame | dict[str, pandas.DataFrame]:
    """Decisions, upheld, overturned and the uphold rate, by group.

    Each table has the columns of :data:`COLUMNS`: ``group``;
    ``decisions``, ``upheld`` and ``overturned``, counts; ``uphold_rate``,
    ``upheld / decisions``; ``low`` and ``high``, the Wilson 95% score
    interval of the rate (:func:`wilson_interval`). Groups are listed with
    the most decisions first (years in order), ``(none)`` last.

    >>> import imrparse, imrparse.stats
    >>> frame = imrparse.to_frame(imrparse.load_many(["examples/notice_2013.txt"]))
    >>> table = imrparse.stats.summary(frame, by="category")
    >>> table[["group", "decisions", "upheld", "uphold_rate"]]
                         group  decisions  upheld  uphold_rate
    0  Evaluation & Management          1       0          0.0
    1          Pharmaceuticals          1       1          1.0
    >>> table[["low", "high"]].round(4).values.tolist()
    [[0.0, 0.7935], [0.2065, 1.0]]

    Args:
        frame: One row per decision, with the columns of
            :func:`imrparse.to_frame` (at least ``outcome`` and those the
            groupings read).
        by: A grouping of :data:`GROUPINGS`, or several.

    Returns:
        For one grouping, its table; for several, a dict from each grouping
        to its table, in the order given.

    Raises:
        ImportError: pandas is not installed (``pip install 'imrparse[pandas]'``).
        ValueError: A grouping is not one of :data:`GROUPINGS`.
        KeyError: ``frame`` lacks a column a grouping reads.

    .. versionadded:: 0.1.0
    """
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(_missing("pandas", "pandas")) from exc
    groupings = [by] if isinstance(by, str) else list(by)
    for grouping in groupings:
        if grouping not in _LABELS:
            raise ValueError(f"no grouping {grouping!r}; the groupings are {', '.join(GROUPINGS)}")
    decisions = frame[frame["outcome"].notna()]
    upheld = [outcome == "upheld" for outcome in decisions["outcome"]]
    tables = {}
    for grouping in groupings:
        counts: dict[str, list[int]] = {}
        for labels, up in zip(_LABELS[grouping](decisions), upheld, strict=True):
            for label in labels or [NONE]:
                count = counts.setdefault(label, [0, 0])
                count[0] += 1
                count[1] += up
        if grouping == "year":
            order = sorted(counts, key=lambda label: (label == NONE, label))
        else:
            order = sorted(counts, key=lambda label: (label == NONE, -counts[label][0], label))
        table_rows = []
        for label in order:
            n, k = counts[label]
            table_rows.append((label, n, k, n - k, k / n, *wilson_interval(k, n)))
        table = pandas.DataFrame(table_rows, columns=list(COLUMNS))
        tables[grouping] = table.astype(
            {"group": "string", "decisions": "int64", "upheld": "int64", "overturned": "int64"}
        )
    return tables[by] if isinstance(by, str) else tables
