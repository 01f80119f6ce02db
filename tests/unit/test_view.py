"""The annotated view: elements and their places, the outline, the HTML page, ``imrparse show``."""

from __future__ import annotations

import html.parser
import re
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import imrparse
from imrparse import _fields as fields
from imrparse import view
from imrparse._marks import recording
from imrparse.cli import main
from letters import EXAMPLES, replaced

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parent / "golden" / "letters"
EXAMPLE = EXAMPLES / "issues_decisions_rationales.txt"
PRINT_RUN = GOLDEN / "print_run_2016.txt"
WITH_WARNINGS = GOLDEN / "blank_line_layout_with_warnings.txt"


def placed(det: imrparse.Determination, kind: str) -> dict[str, str]:
    """The printed text at each element of ``kind``, by the element's name."""
    return {
        e.name: det.text[e.span.start : e.span.end]
        for e in view.elements(det)
        if e.kind == kind and e.span is not None
    }


def test_header_values_are_marked_where_printed() -> None:
    det = imrparse.load(PRINT_RUN)
    assert placed(det, "header") == {
        "case number": "CM16-0123456",
        "date assigned": "11/14/2016",
        "date of injury": "03/02/2015",
        "decision date": "12/12/2016",
        "UR denial date": "11/01/2016",
        "priority": "Standard",
        "application received": "11/08/2016",
    }
    labels = placed(det, "label")
    assert labels["case number"] == "Case Number:"
    assert re.fullmatch(r"Application\s+Received:", labels["application received"])


def test_reviewer_and_patient_values_are_marked_where_printed() -> None:
    det = imrparse.load(PRINT_RUN)
    reviewer = placed(det, "reviewer")
    assert reviewer["licensed states"] == "California,Oregon"
    assert "Physical Medicine & Rehabilitation" in reviewer["board certifications"]
    assert "five years" in reviewer["years in practice (at least)"]
    assert "24 hours" in reviewer["hours a week (at least)"]
    assert placed(det, "patient") == {"age": "52", "sex": "female"}


def test_each_decision_has_its_request_outcome_and_citations() -> None:
    det = imrparse.load(PRINT_RUN)
    found = view.elements(det)
    for n, decision in enumerate(det.decisions, start=1):
        mine = [e for e in found if e.name.startswith(f"decision {n} ") and e.span is not None]
        for element in mine:
            assert element.span is not None
            assert decision.span.start <= element.span.start <= element.span.end
            assert element.span.end <= decision.span.end
        texts = {e.name: det.text[e.span.start : e.span.end] for e in mine if e.span}
        assert fields.clean(texts[f"decision {n} request"]) == decision.request
        assert texts[f"decision {n} outcome"].lower() == decision.outcome.value
        citations = [e for e in mine if e.kind == "citation"]
        assert len(citations) == len(decision.claims_administrator_basis) + len(
            decision.reviewer_basis
        )
    partial = {e.name: e.value for e in found if e.name.startswith("decision 1 ")}
    assert partial["decision 1 original request"] == "Norco 10/325mg #90"
    assert partial["decision 1 authorized"] == "Norco 10/325mg #45"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("notice_2013", {
            "decision 1 request": "Tramadol ER 150 mg #30",
            "decision 1 outcome": "is\nnot medically necessary and appropriate.",
            "decision 2 outcome": "is medically necessary and appropriate.",
            "case number": "CM13-0004821",
            "date assigned": "9/11/2013",
        }),
        ("professional_review", {
            "decision 1 request": "Norco 10/325 mg #120",
            "decision 1 outcome": "is not medically necessary.",
            "decision 2 outcome": "is medically necessary.",
            "case number": "CM15-0046213",
        }),
    ],
)  # fmt: skip
def test_outcomes_printed_away_from_their_block_are_placed(
    name: str, expected: dict[str, str]
) -> None:
    """The 2013 notice states outcomes in a list before the blocks, the
    professional review in its rationale's verdicts."""
    det = imrparse.load(EXAMPLES / f"{name}.txt")
    found = {**placed(det, "request"), **placed(det, "outcome"), **placed(det, "header")}
    assert {key: found.get(key) for key in expected} == expected


def test_elements_are_listed_by_kind_then_place_and_warnings_last() -> None:
    det = imrparse.load(WITH_WARNINGS)
    found = view.elements(det)
    kinds = [e.kind for e in found]
    assert kinds == sorted(kinds, key=view.KINDS.index)
    assert [e for e in found if e.kind == "warning"] == [
        view.Element("warning", w.code, w.message, w.span) for w in det.warnings
    ]
    assert det.warnings


def test_marks_are_kept_only_inside_recording() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    with recording() as marks:
        imrparse.loads(text)
    assert {m.kind for m in marks} >= {"reviewer", "patient", "request", "outcome"}
    kept = list(marks)
    imrparse.loads(text)
    assert marks == kept


def test_a_determination_whose_text_is_no_letter_shows_its_own_spans() -> None:
    det = imrparse.load(EXAMPLE)
    blank = attrs.evolve(det, text=re.sub(r"\S", "x", det.text))
    kinds = {e.kind for e in view.elements(blank)}
    assert kinds == {"section", "decision", "citation"}
    assert "<pre>" in view.to_html(blank)


def test_outline_lists_elements_by_line() -> None:
    det = imrparse.load(WITH_WARNINGS)
    lines = view.outline(det).splitlines()
    assert lines[0] == (
        f"{det.source}: issues_decisions_rationales, 2 decisions, {len(det.warnings)} warnings"
    )
    assert "line 19: request: decision 1 request = Lidoderm 5% patch #30" in lines
    assert "line 19: outcome: decision 1 outcome = overturned" in lines
    numbers = [int(m[1]) for line in lines[1:] if (m := re.match(r"line (\d+):", line))]
    assert numbers == sorted(numbers)
    warning = det.warnings[0]
    assert f"line 28: warning: {warning.code} = {warning.message}" in lines


class _Balanced(html.parser.HTMLParser):
    """Checks that every element is closed in order, and collects ids and links."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        self.urls.extend(str(values[k]) for k in ("src", "href") if values.get(k))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def check_page(page: str) -> _Balanced:
    checker = _Balanced()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert "script" not in checker.tags
    assert all(url.startswith("#") for url in checker.urls), checker.urls
    assert not re.search(r"https?://|@import|url\(", page.split("<pre>")[0])
    return checker


def test_page_is_self_contained_and_every_link_has_its_target() -> None:
    det = imrparse.load(WITH_WARNINGS)
    page = view.to_html(det)
    checker = check_page(page)
    assert {link[1:] for link in checker.links} <= checker.ids
    placed_count = sum(e.span is not None for e in view.elements(det))
    assert len({i for i in checker.ids if re.fullmatch(r"e\d+", i)}) == placed_count
    assert 'class="k-outcome overturned"' in page and 'class="k-outcome upheld"' in page
    assert "k-warning" in page or 'class="pin"' in page


def test_page_shows_the_text_escaped() -> None:
    text = replaced(
        EXAMPLE.read_text(encoding="utf-8"), "Tramadol ER 150 mg #30", "Tramadol <b>ER</b> & co", 2
    )
    det = imrparse.loads(text, source="<lab & test>")
    page = view.to_html(det)
    check_page(page)
    assert "Tramadol &lt;b&gt;ER&lt;/b&gt; &amp; co" in page
    assert "<b>" not in page
    assert "<title>&lt;lab &amp; test&gt;</title>" in page


def test_a_warning_at_a_point_is_pinned() -> None:
    det = imrparse.load(EXAMPLE)
    at = det.decisions[0].span.start
    warning = imrparse.ParseWarning(
        code="section_missing", message="a <note>", span=imrparse.Span(at, at)
    )
    page = view.to_html(attrs.evolve(det, warnings=(warning,)))
    assert 'class="pin"' in page and 'title="a &lt;note&gt;"' in page


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_show_prints_the_outline(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", str(PRINT_RUN))
    assert (status, err) == (0, "")
    assert out == view.outline(imrparse.load(PRINT_RUN)) + "\n"


def test_show_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "letter.html"
    status, out, err = run(capsys, "show", str(PRINT_RUN), "--html", str(out_file))
    assert (status, out) == (0, "")
    assert f"wrote {out_file}" in err
    assert out_file.read_text(encoding="utf-8") == view.to_html(imrparse.load(PRINT_RUN))


def test_show_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    data = PRINT_RUN.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    status, out, _ = run(capsys, "show", "-")
    assert status == 0
    assert out.startswith("<stdin>: issues_decisions_rationales, 3 decisions")


def test_show_reports_a_letter_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Nothing to see here.\n", encoding="utf-8")
    status, out, err = run(capsys, "show", str(notes), "--html", str(tmp_path / "x.html"))
    assert (status, out) == (1, "")
    assert err.startswith("imrparse: ") and "not a letter of a known template" in err
    assert not (tmp_path / "x.html").exists()
    status, _, err = run(capsys, "show", str(tmp_path / "missing.txt"))
    assert status == 1 and "No such file" in err


def test_show_checks_where_it_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["show", str(PRINT_RUN), "--html", str(tmp_path / "nowhere" / "x.html")])
    assert exit_.value.code == 2
    assert "its folder does not exist" in capsys.readouterr().err


def test_show_reads_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pdfs import letter_pdf

    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(letter_pdf(PRINT_RUN.read_text(encoding="utf-8"), footer=True))
    status, out, _ = run(capsys, "show", str(pdf))
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"{pdf}: issues_decisions_rationales, 3 decisions, 0 warnings"
    assert any(
        line.endswith("request: decision 2 request = MRI of the lumbar spine without contrast")
        for line in lines
    )
    status, _, _ = run(capsys, "show", str(pdf), "--html", str(tmp_path / "letter.html"))
    assert status == 0
    check_page((tmp_path / "letter.html").read_text(encoding="utf-8"))


def _numbered(text: str) -> str:
    """The example's documents reviewed as a numbered list."""
    head, rest = text.split("DOCUMENTS REVIEWED\n", 1)
    entries, tail = rest.split("\n\n", 1)
    numbered = "\n".join(f"{n}. {line}" for n, line in enumerate(entries.splitlines(), 1))
    return f"{head}DOCUMENTS REVIEWED\n{numbered}\n\n{tail}"


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        ("decisions_rationales", lambda text: text),
        ("decisions_rationales", _numbered),
        ("professional_review", lambda text: text),
    ],
    ids=["plain", "numbered", "professional-review"],
)
def test_documents_reviewed_are_placed(name: str, edit: Callable[[str], str]) -> None:
    det = imrparse.loads(edit((EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")))
    assert len(det.documents_reviewed) == 4
    documents = [e for e in view.elements(det) if e.kind == "document"]
    assert [e.value for e in documents] == list(det.documents_reviewed)
    # Placed on the entry, a list mark before it allowed.
    assert all(
        e.span is not None and det.text[e.span.start : e.span.end].endswith(e.value)
        for e in documents
    )


def test_a_header_value_is_placed_where_it_was_read_only() -> None:
    """The notice's case summary names the denial's date again; a different
    date there is no value read, and is not placed as one."""
    text = replaced(
        (EXAMPLES / "notice_2013.txt").read_text(encoding="utf-8"),
        "August 22, 2013",
        "September 1, 2013",
    )
    det = imrparse.loads(text)
    assert placed(det, "header")["UR denial date"] == "8/22/2013"
    names = [e.name for e in view.elements(det) if e.kind == "header"]
    assert len(names) == len(set(names))


def test_a_patient_value_is_placed_only_where_it_is_printed() -> None:
    text = replaced(
        EXAMPLE.read_text(encoding="utf-8"),
        "The patient is a 47-year-old female",
        "The patient is a 47-year-\nold female whose 38 year old husband",
    )
    det = imrparse.loads(text)
    assert det.case_summary is not None and det.case_summary.patient_age == 47
    assert placed(det, "patient") == {"sex": "female"}


def test_a_notice_determination_without_its_block_has_its_request_placed() -> None:
    text = (EXAMPLES / "notice_2013.txt").read_text(encoding="utf-8")
    det = imrparse.loads(text[: text.index("2) Regarding the request")])
    assert [w.code for w in det.warnings] == ["unmatched_determination"]
    # Decisions are in the order of the text: the unanswered determination first.
    assert [d.request for d in det.decisions] == [
        "a follow-up visit with a spine surgeon",
        "Tramadol ER 150 mg #30",
    ]
    found = {**placed(det, "request"), **placed(det, "outcome")}
    assert " ".join(found["decision 1 request"].split()) == "a follow-up visit with a spine surgeon"
    assert found["decision 1 outcome"].startswith("is medically necessary")
    assert found["decision 2 request"] == "Tramadol ER 150 mg #30"
