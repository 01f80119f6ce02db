"""The tidy table: columns, rows, CSV cells, Arrow and pandas."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import attrs
import pandas
import pyarrow
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import imrparse
from imrparse import Citation, CitationKind, ParseWarning, Span
from imrparse._table import (
    COLUMN_NAMES,
    arrow_table,
    citation_kinds,
    citation_labels,
    csv_cells,
    guideline_labels,
    rows,
)
from imrparse.testing import Layout, Letter, random_letter, render
from letters import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = EXAMPLES / "issues_decisions_rationales.txt"


@pytest.fixture(scope="module")
def det() -> imrparse.Determination:
    return imrparse.load(EXAMPLE)


def _as_dict(row: tuple[object, ...]) -> dict[str, object]:
    return dict(zip(COLUMN_NAMES, row, strict=True))


def test_one_row_per_decision_with_the_letter_repeated(det: imrparse.Determination) -> None:
    first, second = (_as_dict(row) for row in rows(det))
    assert first == {
        "source": str(EXAMPLE),
        "template": "issues_decisions_rationales",
        "case_number": None,
        "date_assigned": None,
        "ur_denial_date": None,
        "application_date": None,
        "letter_date": None,
        "decision_date": None,
        "priority": None,
        "reviewer_board_certifications": "Physical Medicine and Rehabilitation",
        "reviewer_subspecialties": "Pain Medicine",
        "reviewer_licensed_states": "California; Nevada",
        "reviewer_min_years_in_practice": 10,
        "reviewer_min_hours_per_week": 20,
        "patient_age": 47,
        "patient_sex": "female",
        "date_of_injury": datetime.date(2012, 3, 14),
        "decision_number": 1,
        "request": "Tramadol ER 150 mg #30",
        "original_request": None,
        "authorized": None,
        "outcome": "upheld",
        "medically_necessary": False,
        "category": "Pharmaceuticals",
        "subcategory": "Opioids",
        "medication_name": "Tramadol ER",
        "medication_strength": "150 mg",
        "medication_quantity": 30,
        "medication_generics": "tramadol",
        "medication_drug_class": "Opioids",
        "claims_administrator_guidelines": "MTUS Chronic Pain Treatment Guidelines",
        "reviewer_guidelines": (
            "MTUS Chronic Pain Treatment Guidelines; Official Disability Guidelines (ODG)"
        ),
        "claims_administrator_citation_kinds": "mtus",
        "claims_administrator_citations": "MTUS Chronic Pain Treatment Guidelines: Opioids",
        "reviewer_citation_kinds": "mtus; non_mtus",
        "reviewer_citations": (
            "MTUS Chronic Pain Treatment Guidelines: Opioids, Tramadol; "
            "Official Disability Guidelines (ODG): Pain (Chronic), Opioids"
        ),
        "warnings": "",
    }
    letter_columns = COLUMN_NAMES[: COLUMN_NAMES.index("decision_number")]
    assert all(first[name] == second[name] for name in letter_columns)
    assert second["decision_number"] == 2
    assert second["outcome"] == "overturned" and second["medically_necessary"] is True
    assert second["medication_name"] is None
    assert second["medication_generics"] is None
    assert (second["category"], second["subcategory"]) == (
        "Rehabilitation",
        "Physical Therapy/Occupational Therapy (PT/OT)",
    )


def test_a_letter_without_decisions_keeps_one_row(det: imrparse.Determination) -> None:
    bare = attrs.evolve(
        det, decisions=(), warnings=(ParseWarning(code="unplaced_text", message="x"),)
    )
    (row,) = rows(bare)
    values = _as_dict(row)
    assert values["patient_age"] == 47
    assert values["warnings"] == "unplaced_text"
    decision_columns = COLUMN_NAMES[
        COLUMN_NAMES.index("decision_number") : COLUMN_NAMES.index("warnings")
    ]
    assert all(values[name] is None for name in decision_columns)


@settings(max_examples=50)
@given(st.randoms(use_true_random=False).map(random_letter))
def test_rows_of_generated_letters(letter: Letter) -> None:
    det = imrparse.loads(render(letter, Layout.PLAIN), source="x.txt")
    table = [_as_dict(row) for row in rows(det)]
    assert [r["decision_number"] for r in table] == list(range(1, len(letter.items) + 1))
    for row, item in zip(table, letter.items, strict=True):
        assert (row["request"], row["outcome"]) == (item.request, item.outcome.value)
        assert row["medication_name"] == (item.medication.name if item.medication else None)
        assert row["medication_drug_class"] == (
            item.medication.drug_class if item.medication else None
        )
    for row in table:
        assert row["source"] == "x.txt"
        assert row["patient_age"] == letter.patient_age
        assert row["reviewer_licensed_states"] == "; ".join(letter.licensed_states)


def _citation(kind: CitationKind, guideline: str | None, *topics: str) -> Citation:
    return Citation(kind=kind, guideline=guideline, topics=topics, text="", span=Span(0, 0))


@pytest.mark.parametrize(
    ("citations", "labels"),
    [
        pytest.param(
            [_citation(CitationKind.MTUS, "Chronic Pain Treatment Guidelines", "Opioids")],
            ("MTUS Chronic Pain Treatment Guidelines",),
            id="mtus",
        ),
        pytest.param(
            [_citation(CitationKind.MTUS, "ACOEM", "Chapter 12 Low Back Complaints", "MRI")],
            ("MTUS ACOEM Chapter 12 Low Back Complaints",),
            id="acoem-chapter",
        ),
        pytest.param([_citation(CitationKind.MTUS, None)], ("MTUS",), id="mtus-unnamed"),
        pytest.param(
            [_citation(CitationKind.NON_MTUS, "Official Disability Guidelines (ODG)", "Pain")],
            ("Official Disability Guidelines (ODG)",),
            id="non-mtus",
        ),
        pytest.param(
            [_citation(CitationKind.OTHER, None, "UpToDate", "Flexeril")],
            ("UpToDate", "Flexeril"),
            id="other-names-its-sources",
        ),
        pytest.param(
            [
                _citation(CitationKind.MTUS, "Chronic Pain Treatment Guidelines", "Opioids"),
                _citation(CitationKind.OTHER, None, "UpToDate"),
                _citation(CitationKind.MTUS, "Chronic Pain Treatment Guidelines", "NSAIDs"),
            ],
            ("MTUS Chronic Pain Treatment Guidelines", "UpToDate"),
            id="each-once-in-order",
        ),
        pytest.param([], (), id="none"),
    ],
)
def test_guideline_labels(citations: list[Citation], labels: tuple[str, ...]) -> None:
    assert guideline_labels(citations) == labels


def test_citations_are_named_with_their_topics_in_order() -> None:
    citations = [
        _citation(CitationKind.MTUS, "ACOEM", "Chapter 12 Low Back Complaints", "MRI"),
        _citation(CitationKind.NON_MTUS, "Official Disability Guidelines (ODG)"),
        _citation(CitationKind.OTHER, None, "UpToDate", "Flexeril"),
        _citation(CitationKind.MTUS, "ACOEM", "Chapter 12 Low Back Complaints", "MRI"),
    ]
    assert citation_labels(citations) == (
        "MTUS ACOEM Chapter 12 Low Back Complaints: MRI",
        "Official Disability Guidelines (ODG)",
        "Other evidence: UpToDate, Flexeril",
        "MTUS ACOEM Chapter 12 Low Back Complaints: MRI",
    )
    assert citation_kinds(citations) == ("mtus", "non_mtus", "other", "mtus")


def test_csv_cells_format_every_kind_of_value() -> None:
    row = ("a", None, 3, True, False, datetime.date(2013, 7, 18), "")
    assert csv_cells(row) == ["a", "", "3", "true", "false", "2013-07-18", ""]


def test_arrow_table_is_typed_and_holds_the_rows(det: imrparse.Determination) -> None:
    table = arrow_table(rows(det))
    assert table.column_names == list(COLUMN_NAMES)
    assert table.schema.field("date_of_injury").type == pyarrow.date32()
    assert table.schema.field("patient_age").type == pyarrow.int64()
    assert table.schema.field("medically_necessary").type == pyarrow.bool_()
    assert [tuple(r.values()) for r in table.to_pylist()] == rows(det)
    assert arrow_table([]).num_rows == 0


def _plain(value: object) -> object:
    """A pandas cell as the Python value of a row."""
    if pandas.isna(value):
        return None
    if isinstance(value, pandas.Timestamp):
        return value.date()
    item = getattr(value, "item", None)  # numpy scalars
    return item() if item is not None else value


def test_to_frame_has_the_csv_columns_and_values(det: imrparse.Determination) -> None:
    frame = imrparse.to_frame([det, det])
    assert tuple(frame.columns) == COLUMN_NAMES
    assert len(frame) == 2 * len(det.decisions)
    assert str(frame["patient_age"].dtype) == "Int64"
    assert str(frame["medically_necessary"].dtype) == "boolean"
    assert frame["date_of_injury"].dtype == "datetime64[ns]"
    as_cells = [
        csv_cells(tuple(_plain(value) for value in record))
        for record in frame.itertuples(index=False)
    ]
    assert as_cells == [csv_cells(row) for row in rows(det) * 2]


def test_to_frame_of_nothing_has_every_column() -> None:
    frame = imrparse.to_frame([])
    assert tuple(frame.columns) == COLUMN_NAMES
    assert frame.empty


def test_to_frame_skips_failures(det: imrparse.Determination) -> None:
    failure = imrparse.Failure(source="x.txt", error_type="OSError", message="gone")
    pandas.testing.assert_frame_equal(
        imrparse.to_frame([failure, det, failure]), imrparse.to_frame([det])
    )


def test_to_frame_takes_what_load_many_yields(tmp_path: Path) -> None:
    frame = imrparse.to_frame(imrparse.load_many([EXAMPLE, tmp_path / "gone.txt"]))
    assert list(frame["decision_number"]) == [1, 2]


def test_to_frame_refuses_what_is_neither_a_letter_nor_a_failure(
    det: imrparse.Determination,
) -> None:
    with pytest.raises(TypeError, match="dict"):
        imrparse.to_frame([det, imrparse.to_dict(det)])  # type: ignore[list-item]


def test_the_cli_reference_lists_every_column_in_order() -> None:
    page = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \|", page, flags=re.MULTILINE)
    assert tuple(documented) == COLUMN_NAMES
