"""Uphold rates by group: the Wilson interval, ``summary`` and ``imrparse stats``."""

from __future__ import annotations

import csv
import io
import random
import sys
from collections import Counter
from pathlib import Path

import pandas
import pytest

import imrparse
import imrparse.stats
from imrparse import Outcome
from imrparse.cli import main
from imrparse.stats import NONE, summary, wilson_interval
from imrparse.testing import random_letter, render
from letters import EXAMPLES


@pytest.mark.parametrize(
    ("upheld", "decisions", "low", "high"),
    [
        (5, 10, 0.2366, 0.7634),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (1, 1, 0.2065, 1.0),
    ],
    ids=["half", "none", "all", "one"],
)
def test_wilson_interval_matches_known_values(
    upheld: int, decisions: int, low: float, high: float
) -> None:
    assert wilson_interval(upheld, decisions) == pytest.approx((low, high), abs=5e-5)


@pytest.mark.parametrize(("upheld", "decisions"), [(1, 0), (-1, 3), (4, 3)])
def test_wilson_interval_rejects_impossible_counts(upheld: int, decisions: int) -> None:
    with pytest.raises(ValueError):
        wilson_interval(upheld, decisions)


def _examples() -> pandas.DataFrame:
    return imrparse.to_frame(imrparse.load_many(sorted(EXAMPLES.glob("*.txt"))))


def _rows(table: pandas.DataFrame) -> list[tuple[str, int, int, int]]:
    return [
        (row.group, row.decisions, row.upheld, row.overturned)
        for row in table.itertuples(index=False)
    ]


def test_categories_of_the_example_letters_are_counted() -> None:
    table = summary(_examples(), by="category")
    assert list(table.columns) == list(imrparse.stats.COLUMNS)
    assert _rows(table) == [
        ("Pharmaceuticals", 4, 4, 0),
        ("Rehabilitation", 3, 0, 3),
        ("Evaluation & Management", 1, 0, 1),
    ]
    assert list(table["uphold_rate"]) == [1.0, 0.0, 0.0]
    assert (table["low"].iloc[0], table["high"].iloc[0]) == wilson_interval(4, 4)


def test_requests_that_are_no_drug_count_under_none_listed_last() -> None:
    assert _rows(summary(_examples(), by="drug_class")) == [
        ("Opioids", 3, 3, 0),
        ("Topical Analgesics", 1, 1, 0),
        (NONE, 4, 0, 4),
    ]


def test_a_decision_counts_once_under_each_guideline_it_cites() -> None:
    rows = _rows(summary(_examples(), by="guideline"))
    assert ("Official Disability Guidelines (ODG)", 1, 1, 0) in rows
    assert ("MTUS Chronic Pain Treatment Guidelines", 5, 3, 2) in rows
    assert sum(row[1] for row in rows) == 9  # eight decisions; one cites two guidelines


def test_the_year_is_the_decision_dates_else_the_letters() -> None:
    frame = pandas.DataFrame(
        {
            "outcome": ["upheld", "overturned", "upheld", "upheld", None],
            "decision_date": pandas.to_datetime(
                ["2015-03-01", None, "2014-01-02", None, "2016-01-01"]
            ),
            "letter_date": pandas.to_datetime(["2013-01-01", "2014-05-05", None, None, None]),
        }
    )
    assert _rows(summary(frame, by="year")) == [
        ("2014", 2, 1, 1),
        ("2015", 1, 1, 0),
        (NONE, 1, 1, 0),
    ]


def test_generated_letters_are_counted_as_by_hand() -> None:
    rng = random.Random(20260)
    letters = [random_letter(rng, max_items=4) for _ in range(12)]
    dets = [imrparse.loads(render(letter, rng=rng)) for letter in letters]
    tables = summary(imrparse.to_frame(dets), by=["certification"])
    decisions: Counter[str] = Counter()
    upheld: Counter[str] = Counter()
    for letter in letters:
        for board in letter.board_certifications:
            for item in letter.items:
                decisions[board] += 1
                upheld[board] += item.outcome is Outcome.UPHELD
    table = tables["certification"]
    assert sorted(_rows(table)) == sorted(
        (board, n, upheld[board], n - upheld[board]) for board, n in decisions.items()
    )
    for row in table.itertuples(index=False):
        assert row.uphold_rate == upheld[row.group] / decisions[row.group]
        assert (row.low, row.high) == wilson_interval(upheld[row.group], decisions[row.group])
    counts = list(table["decisions"])
    assert counts == sorted(counts, reverse=True)


def test_every_grouping_by_default_and_letters_without_decisions_left_out() -> None:
    frame = _examples()
    empty = frame.iloc[:1].copy()
    empty.loc[:, "outcome"] = None
    tables = summary(pandas.concat([frame, empty], ignore_index=True))
    assert list(tables) == list(imrparse.stats.GROUPINGS)
    assert all(table["decisions"].sum() >= 8 for table in tables.values())
    assert tables["category"]["decisions"].sum() == 8


def test_an_unknown_grouping_is_named() -> None:
    with pytest.raises(ValueError, match="no grouping 'specialty'"):
        summary(_examples(), by="specialty")


def test_without_pandas_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"imrparse\[pandas\]"):
        summary(None, by="category")  # type: ignore[arg-type]


# ----------------------------------------------------------- the command line


def test_stats_prints_a_titled_table_per_grouping(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(EXAMPLES), "--by", "category", "drug_class", "--no-progress"]) == 0
    out, err = capsys.readouterr()
    blocks = out.split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == [
        "Uphold rate by category",
        "Uphold rate by drug class",
    ]
    assert blocks[0].splitlines()[2].split() == [
        "Pharmaceuticals", "4", "4", "0", "1.000", "0.510", "1.000"
    ]  # fmt: skip
    assert err.endswith("4 parsed, 0 failed, 0 warnings, 1 skipped (not .pdf or .txt); "
                        "8 decisions\n")  # fmt: skip


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_stats_writes_csv_with_a_grouping_column(tmp_path: Path) -> None:
    out = tmp_path / "rates.csv"
    assert main(["stats", str(EXAMPLES), "--by", "year", "-o", str(out), "-q"]) == 0
    assert _csv(out) == [
        {"grouping": "year", "group": "2013", "decisions": "2", "upheld": "1",
         "overturned": "1", "uphold_rate": "0.5000", "low": "0.0945", "high": "0.9055"},
        {"grouping": "year", "group": NONE, "decisions": "6", "upheld": "3",
         "overturned": "3", "uphold_rate": "0.5000", "low": "0.1876", "high": "0.8124"},
    ]  # fmt: skip


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_stats_of_parse_output_equal_those_of_the_letters(tmp_path: Path, suffix: str) -> None:
    parsed = tmp_path / f"letters{suffix}"
    assert main(["parse", str(EXAMPLES), "-o", str(parsed), "-q"]) == 0
    from_letters, from_table = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["stats", str(EXAMPLES), "-o", str(from_letters), "-q"]) == 0
    assert main(["stats", str(parsed), "-o", str(from_table), "-q"]) == 0
    assert _csv(from_table) == _csv(from_letters)


def test_a_letter_that_fails_is_reported_and_the_rest_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.txt").write_text("not a letter", encoding="utf-8")
    good = EXAMPLES / "notice_2013.txt"
    assert main(["stats", str(good), str(tmp_path), "--by", "category", "--no-progress"]) == 1
    out, err = capsys.readouterr()
    assert "Evaluation & Management" in out
    assert "bad.txt" in err and err.endswith("1 parsed, 1 failed, 0 warnings; 2 decisions\n")


@pytest.mark.parametrize(
    "arguments",
    [["--by", "specialty"], ["-o", "no/such/folder/out.csv"], ["--format", "csv"]],
    ids=["grouping", "folder", "option"],
)
def test_usage_errors_exit_2(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["stats", str(EXAMPLES), *arguments])
    assert exit_.value.code == 2
    assert "usage: imrparse stats" in capsys.readouterr().err
