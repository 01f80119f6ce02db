"""The HTML report of uphold rates: ``html_report`` and ``imrparse stats --html``."""

from __future__ import annotations

import base64
import csv
import io
import random
import re
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pandas
import pytest

import imrparse.stats
from imrparse.cli import main
from imrparse.stats import COLUMNS, GROUPINGS, html_report, wilson_interval
from imrparse.testing import random_letter, render
from letters import EXAMPLES

#: Elements that have no end tag.
VOID = {"meta", "img", "br", "hr", "link", "input", "col", "area", "base", "source", "wbr"}
SVG_URI = "data:image/svg+xml;base64,"


class _Page(HTMLParser):
    """A page read with the standard library's parser: checks that its elements
    are balanced, and keeps its images, sections and tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.doctype = ""
        self.images: list[dict[str, str]] = []
        self.sections: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.tables: list[list[list[str]]] = []
        self.places: list[str | None] = []  # the section of each table
        self.text: list[str] = []
        self._cell: list[str] | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.attributes.extend((tag, name, value) for name, value in values.items())
        if tag == "img":
            self.images.append(values)
        if tag == "section":
            self.sections.append(values["id"])
        if tag == "table":
            self.tables.append([])
            self.places.append(self.sections[-1] if "section" in self.open else None)
        if tag == "tr":
            self.tables[-1].append([])
        if tag in ("td", "th"):
            self._cell = []
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise AssertionError(f"<{tag} ... /> in HTML")

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"</{tag}>"
        assert self.open and self.open[-1] == tag, (self.open, tag)
        self.open.pop()
        if tag in ("td", "th"):
            assert self._cell is not None
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _read(page: str) -> _Page:
    parsed = _Page()
    parsed.feed(page)
    parsed.close()
    assert parsed.doctype.lower() == "doctype html"
    assert parsed.open == [], parsed.open
    return parsed


def _svgs(parsed: _Page) -> list[str]:
    return [
        base64.b64decode(image["src"].removeprefix(SVG_URI), validate=True).decode("utf-8")
        for image in parsed.images
    ]


def _assert_self_contained(page: str) -> None:
    """Nothing the page shows is fetched: no scripts, links or remote addresses."""
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "url(" not in page and "@import" not in page
    parsed = _read(page)
    for tag, name, value in parsed.attributes:
        if name in ("src", "srcset", "data", "poster"):
            assert value.startswith(SVG_URI), (tag, name, value[:40])
        if name == "href":
            assert value.startswith("#"), (tag, value)
    for svg in _svgs(parsed):
        root = ElementTree.fromstring(svg)  # well-formed
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        for element in root.iter():
            for name, value in element.attrib.items():
                if name.endswith("href"):
                    assert value.startswith("#"), value
                if "url(" in value:
                    assert re.fullmatch(r".*url\(#[\w-]+\).*", value), value
        assert "<image" not in svg and "@import" not in svg


def _letters(folder: Path, count: int = 12, seed: int = 4711) -> Path:
    """Generated letters, one file each."""
    rng = random.Random(seed)
    folder.mkdir()
    for number in range(count):
        letter = random_letter(rng, max_items=4)
        (folder / f"letter-{number:02}.txt").write_text(render(letter, rng=rng), encoding="utf-8")
    return folder


def _tables(page: _Page) -> dict[str, list[list[str]]]:
    """The statistics tables of a page, by section, one each."""
    tables = {
        section: table
        for section, table in zip(page.places, page.tables, strict=True)
        if section is not None
    }
    assert list(tables) == page.sections
    return tables


# ----------------------------------------------------------- the command line


def test_stats_writes_a_self_contained_report_with_a_chart_and_table_per_grouping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letters = _letters(tmp_path / "letters")
    report, rates = tmp_path / "report.html", tmp_path / "rates.csv"
    assert main(["stats", str(letters), "--html", str(report), "-o", str(rates), "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert not list(tmp_path.glob(".*.part"))
    page = report.read_text(encoding="utf-8")
    _assert_self_contained(page)
    parsed = _read(page)
    assert parsed.sections == [f"by-{grouping}" for grouping in GROUPINGS]
    assert len(parsed.images) == len(GROUPINGS)
    assert all(image["src"].startswith(SVG_URI) and image["alt"] for image in parsed.images)
    headings = [re.sub(r"^Uphold rate by ", "", line) for line in parsed.text]
    assert all(grouping.replace("_", " ") in headings for grouping in GROUPINGS)

    # What was read, then the CSV's numbers, row for row.
    read = dict(parsed.tables[0])
    expected = list(csv.DictReader(io.StringIO(rates.read_text(encoding="utf-8"))))
    decisions = sum(int(row["decisions"]) for row in expected if row["grouping"] == "category")
    assert read["letters parsed"] == "12" and read["letters failed"] == "0"
    assert read["decisions"] == str(decisions) and read["inputs"] == str(letters)
    for section, table in _tables(parsed).items():
        grouping = section.removeprefix("by-")
        heading, *body = table
        assert heading == ["group", "decisions", "upheld", "overturned", "uphold rate",
                           "low", "high"]  # fmt: skip
        rows = [row for row in expected if row["grouping"] == grouping]
        assert [cells[:4] for cells in body] == [
            [row["group"], row["decisions"], row["upheld"], row["overturned"]] for row in rows
        ]
        for cells, row in zip(body, rows, strict=True):
            for shown, column in zip(cells[4:], ("uphold_rate", "low", "high"), strict=True):
                assert re.fullmatch(r"[01]\.\d{3}", shown)
                assert float(shown) == pytest.approx(float(row[column]), abs=5.1e-4)


def test_two_runs_write_the_same_report(tmp_path: Path) -> None:
    letters = _letters(tmp_path / "letters", count=6, seed=8)
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    assert main(["stats", str(letters), "--html", str(first), "-q"]) == 0
    assert main(["stats", str(letters), "--html", str(second), "-q"]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_top_sets_how_many_groups_a_chart_shows(tmp_path: Path) -> None:
    letters = _letters(tmp_path / "letters", count=6, seed=8)
    report = tmp_path / "report.html"
    assert main(["stats", str(letters), "--by", "subcategory", "--html", str(report),
                 "--top", "2", "-q"]) == 0  # fmt: skip
    parsed = _read(report.read_text(encoding="utf-8"))
    (svg,) = _svgs(parsed)
    assert len(re.findall(r"\(n=\d+\) -->", svg)) == 2
    assert len(_tables(parsed)["by-subcategory"]) > 1 + 2
    with pytest.raises(SystemExit):
        main(["stats", str(letters), "--html", str(report), "--top", "0"])


def test_with_html_and_no_o_no_tables_are_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.html"
    assert main(["stats", str(EXAMPLES), "--by", "category", "--html", str(report),
                 "--no-progress"]) == 0  # fmt: skip
    out, err = capsys.readouterr()
    assert out == ""
    assert err.endswith("4 parsed, 0 failed, 0 warnings, 1 skipped (not .pdf or .txt); "
                        "8 decisions\n")  # fmt: skip
    parsed = _read(report.read_text(encoding="utf-8"))
    assert parsed.sections == ["by-category"] and len(parsed.images) == 1
    read = dict(parsed.tables[0])
    assert read["files skipped (not .pdf or .txt)"] == "1"
    assert _tables(parsed)["by-category"][1] == [
        "Pharmaceuticals", "4", "4", "0", "1.000", "0.510", "1.000"
    ]  # fmt: skip


def test_without_matplotlib_html_is_a_clean_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    report = tmp_path / "report.html"
    assert main(["stats", str(EXAMPLES), "--html", str(report), "--no-progress"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "imrparse: stats --html needs matplotlib: pip install 'imrparse[report]'\n"
    assert list(tmp_path.iterdir()) == []
    # Without --html, stats needs no matplotlib.
    assert main(["stats", str(EXAMPLES), "--by", "year", "-q"]) == 0


@pytest.mark.parametrize(
    "arguments",
    [["--html", "no/such/folder/report.html"], ["--html", "."], ["--html", "x", "-o", "x"]],
    ids=["folder", "is-a-folder", "same-as-o"],
)
def test_html_usage_errors_exit_2(
    arguments: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["stats", str(EXAMPLES), *arguments])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "usage: imrparse stats" in err and "--html" in err
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ the function


def _table(groups: list[tuple[str, int, int]]) -> pandas.DataFrame:
    rows = [(name, n, k, n - k, k / n, *wilson_interval(k, n)) for name, n, k in groups]
    return pandas.DataFrame(rows, columns=list(COLUMNS))


def test_group_names_and_what_was_read_are_escaped() -> None:
    odd = '<b onclick="x()">A & B</b> $5 <script>'
    tables = {"guideline": _table([(odd, 3, 1), ("plain", 1, 1)])}
    page = html_report(tables, title="<Rates & more>", read={"<inputs>": "a&b <c>"})
    assert "<b onclick" not in page and "<script>" not in page
    assert "&lt;b onclick=&quot;x()&quot;&gt;A &amp; B&lt;/b&gt; $5 &lt;script&gt;" in page
    assert "<title>&lt;Rates &amp; more&gt;</title>" in page
    parsed = _read(page)
    assert parsed.tables[0] == [["<inputs>", "a&b <c>"]]
    assert _tables(parsed)["by-guideline"][1][0] == odd
    (svg,) = _svgs(parsed)
    ElementTree.fromstring(svg)
    # Drawn as it is written: the dollar sign is no mathematics.
    assert '<!-- &lt;b onclick="x()"&gt;A &amp; B&lt;/b&gt; $5 &lt;script&gt; (n=3) -->' in svg


def test_a_chart_shows_the_groups_with_the_most_decisions_and_notes_the_rest() -> None:
    groups = [(f"group {number:02}", 40 - number, (40 - number) // 2) for number in range(20)]
    groups.insert(3, (imrparse.stats.NONE, 2, 1))
    tables = {"drug_class": _table(groups)}
    parsed = _read(html_report(tables, top=15))
    (svg,) = _svgs(parsed)
    labels = re.findall(r"<!-- (.*?) \(n=(\d+)\) -->", svg)
    assert labels == [(f"group {number:02}", str(40 - number)) for number in range(15)]
    left_out = sum(n for _, n, _ in groups) - sum(40 - number for number in range(15))
    assert (
        f"The 15 groups with the most decisions, each with its count (n); 6 more groups, "
        f"with {left_out} decisions between them, are in the table."
    ) in "".join(parsed.text)
    assert len(_tables(parsed)["by-drug_class"]) == 1 + 21
    everything = _svgs(_read(html_report(tables, top=50)))[0]
    assert len(re.findall(r"\(n=\d+\) -->", everything)) == 21


def test_a_long_name_is_cut_on_the_chart_and_whole_in_the_table() -> None:
    name = "MTUS " + "Very Long Guideline Name " * 4
    parsed = _read(html_report({"guideline": _table([(name, 2, 1)])}))
    (svg,) = _svgs(parsed)
    (label,) = re.findall(r"<!-- (.*?) \(n=2\) -->", svg)
    assert len(label) == 48 and label.endswith("\u2026") and name.startswith(label[:-1])
    assert _tables(parsed)["by-guideline"][1][0] == name


def test_a_grouping_without_decisions_has_a_note_instead_of_a_chart() -> None:
    tables = {"year": _table([]), "category": _table([("Pharmaceuticals", 1, 1)])}
    parsed = _read(html_report(tables))
    assert len(parsed.images) == 1
    assert "No decisions to count." in parsed.text
    assert _tables(parsed)["by-year"] == [
        ["group", "decisions", "upheld", "overturned", "uphold rate", "low", "high"]
    ]


def test_the_same_tables_give_the_same_page_and_leave_matplotlib_settings_alone() -> None:
    import matplotlib

    tables = {"category": _table([("Pharmaceuticals", 4, 3), ("Rehabilitation", 3, 0)])}
    before = dict(matplotlib.rcParams)
    with matplotlib.rc_context({"font.size": 20.0, "svg.hashsalt": None}):
        first = html_report(tables)
    assert html_report(tables) == first
    assert dict(matplotlib.rcParams) == before
    if "matplotlib.pyplot" not in sys.modules:  # drawn without pyplot's global figures
        html_report(tables)
        assert "matplotlib.pyplot" not in sys.modules


def test_top_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="top must be at least 1"):
        html_report({}, top=0)


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"pip install 'imrparse\[report\]'"):
        html_report({"category": _table([("Pharmaceuticals", 1, 1)])})


def test_a_chart_lists_its_groups_in_the_tables_order() -> None:
    table = _table([("A", 5, 1), ("B", 4, 4), ("C", 3, 0)]).sort_values("uphold_rate")
    (svg,) = _svgs(_read(html_report({"category": table})))
    assert re.findall(r"<!-- (.*?) \(n=\d+\) -->", svg) == ["C", "A", "B"]
