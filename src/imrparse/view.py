"""An annotated view of one letter: its text with every value marked where it was read.

:func:`elements` lists what imrparse read from a letter, each with its place
in :attr:`~imrparse.Determination.text`: the sections, the header's values,
the reviewer's qualifications, the patient's age and sex, the documents
reviewed, and for each decision its block, request, outcome and citations,
then the warnings. :func:`to_html` renders them as one self-contained HTML
page (the letter's text with each element highlighted, and beside it a panel
of the values that link to their places); :func:`outline` lists them as
text, one a line. ``imrparse show LETTER`` prints the outline, and
``imrparse show LETTER --html out.html`` writes the page.

>>> import imrparse, imrparse.view
>>> det = imrparse.load("examples/issues_decisions_rationales.txt")
>>> for line in imrparse.view.outline(det).splitlines()[11:14]:
...     print(line)
line 24: decision: decision 1 = upheld
line 24: request: decision 1 request = Tramadol ER 150 mg #30
line 24: outcome: decision 1 outcome = upheld
>>> page = imrparse.view.to_html(det)

The places of the values inside the header, the reviewer's statement, the
case summary and the request lines are found by reading the letter's text
again, as the parser notes where it reads each value. A determination whose
text cannot be read again (one built by hand) shows only the places its own
spans give.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import bisect
import datetime
import enum
import html
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from ._marks import Mark, recording
from .errors import ParseError
from .model import Citation, Decision, Determination, Span

__all__ = ["KINDS", "Element", "elements", "outline", "to_html"]

#: The kinds of :class:`Element`, in the order :func:`elements` lists them.
KINDS: tuple[str, ...] = (
    "section",
    "label",
    "header",
    "reviewer",
    "patient",
    "document",
    "decision",
    "request",
    "outcome",
    "citation",
    "warning",
)


@attrs.frozen
class Element:
    """One thing read from a letter, and where.

    Attributes:
        kind: What it is, one of :data:`KINDS`: a ``section``, a header
            ``label`` or value (``header``), a ``reviewer`` qualification, a
            ``patient`` detail, a ``document`` reviewed, a ``decision``'s
            block, its ``request`` (or original request, or authorized part),
            ``outcome`` or a ``citation``, or a ``warning``.
        name: Which one, in words: ``"case number"``, ``"decision 2
            outcome"``, a section's title, a warning's code.
        value: The value read, as text (dates as ISO dates, lists joined by
            ``"; "``); a decision's block has its outcome; empty for a
            section or a label.
        span: Its place in :attr:`~imrparse.Determination.text`; None for a
            warning that has no place.
    """

    kind: str
    name: str
    value: str
    span: Span | None


#: Field names in words where their attribute names do not say it plainly.
_NAMES = {
    "min_years_in_practice": "years in practice (at least)",
    "min_hours_per_week": "hours a week (at least)",
    "ur_denial_date": "UR denial date",
    "application_date": "application received",
    "patient_age": "age",
    "patient_sex": "sex",
    "documents_reviewed": "document reviewed",
    "original_request": "original request",
}


def _name(field: str) -> str:
    return _NAMES.get(field, field.replace("_", " "))


def _text(value: Any) -> str:
    """A value as the view shows it."""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "; ".join(_text(v) for v in value)
    return str(value)


def _marks(det: Determination) -> list[Mark]:
    """Where the values of ``det`` were read, from reading its text again."""
    from ._api import loads  # the view sits above the parser

    try:
        with recording() as marks:
            loads(det.text, max_size=None)
    except ParseError:
        return []
    return marks


def _citation(citation: Citation) -> str:
    """A citation in a few words: its kind, guideline, edition, topics and pages."""
    words = [citation.kind.value.replace("_", "-").upper()]
    if citation.guideline:
        words.append(citation.guideline)
    if citation.edition:
        words.append(f"({citation.edition})")
    if citation.topics:
        words.append("— " + "; ".join(citation.topics))
    if citation.pages:
        pages = (
            f"{p.first}-{p.last}" if p.last != p.first else f"{p.first}" for p in citation.pages
        )
        words.append("pp. " + ", ".join(pages))
    return " ".join(words)


def _within(mark: Mark, span: Span) -> bool:
    return span.start <= mark.start and mark.end <= span.end


def _field_elements(kind: str, holder: object | None, marks: Iterable[Mark]) -> Iterator[Element]:
    """The elements of the marks of ``kind`` whose field ``holder`` has a value."""
    if holder is None:
        return
    for mark in marks:
        if mark.kind != kind:
            continue
        value = getattr(holder, mark.field, None)
        if value is None or value == ():
            continue
        yield Element(kind, _name(mark.field), _text(value), Span(mark.start, mark.end))


def _decision_elements(n: int, decision: Decision, marks: Sequence[Mark]) -> Iterator[Element]:
    yield Element("decision", f"decision {n}", decision.outcome.value, decision.span)
    for mark in marks:
        if mark.kind not in ("request", "outcome"):
            continue
        mine = (
            _within(mark, decision.span)
            if mark.owner is None
            else mark.owner == decision.span.start
        )
        if not mine:
            continue
        value = getattr(decision, mark.field, None)
        if value is not None:
            span = Span(mark.start, mark.end)
            yield Element(mark.kind, f"decision {n} {_name(mark.field)}", _text(value), span)
    for who, citations in (
        ("claims administrator", decision.claims_administrator_basis),
        ("reviewer", decision.reviewer_basis),
    ):
        for citation in citations:
            name = f"decision {n} {who} cites"
            yield Element("citation", name, _citation(citation), citation.span)


def elements(det: Determination) -> tuple[Element, ...]:
    """Every element read from a letter, with its place, sorted as :data:`KINDS`
    lists their kinds and by place within a kind (warnings in the order given)."""
    marks = _marks(det)
    found: list[Element] = [
        Element("section", section.title or "header", "", section.span) for section in det.sections
    ]
    if det.header is not None:
        found.extend(
            Element("label", _name(m.field), "", Span(m.start, m.end))
            for m in marks
            if m.kind == "label"
        )
    found.extend(_field_elements("header", det.header, marks))
    found.extend(_field_elements("reviewer", det.reviewer, marks))
    found.extend(_field_elements("patient", det.case_summary, marks))
    documents = [m for m in marks if m.kind == "document"]
    if len(documents) == len(det.documents_reviewed):  # the entries, in order
        found.extend(
            Element("document", "document reviewed", value, Span(m.start, m.end))
            for m, value in zip(documents, det.documents_reviewed, strict=True)
        )
    for n, decision in enumerate(det.decisions, start=1):
        found.extend(_decision_elements(n, decision, marks))
    order = {kind: n for n, kind in enumerate(KINDS)}
    ranked = sorted(
        found,
        key=lambda e: (order[e.kind], e.span.start if e.span else 0, e.span.end if e.span else 0),
    )
    ranked.extend(Element("warning", w.code, w.message, w.span) for w in det.warnings)
    return tuple(ranked)


# -- the outline ------------------------------------------------------------


def outline(det: Determination) -> str:
    """The elements of a letter as text, one a line, in the order of the text.

    The first line names the letter; each other line gives the element's line
    in :attr:`~imrparse.Determination.text`, its kind, name and value.
    Header labels are left out; warnings without a place come last.
    """
    starts = [0] + [n + 1 for n, c in enumerate(det.text) if c == "\n"]
    shown = [e for e in elements(det) if e.kind != "label"]
    placed = sorted(
        (e for e in shown if e.span is not None),
        key=lambda e: (e.span.start if e.span else 0, KINDS.index(e.kind)),
    )
    lines = [
        f"{det.source or '<text>'}: {det.template.value}, {len(det.decisions)} decisions, "
        f"{len(det.warnings)} warnings"
    ]
    for element in [*placed, *(e for e in shown if e.span is None)]:
        where = (
            f"line {bisect.bisect_right(starts, element.span.start)}"
            if element.span is not None
            else "no place"
        )
        value = f" = {element.value}" if element.value and element.kind != "section" else ""
        lines.append(f"{where}: {element.kind}: {element.name}{value}")
    return "\n".join(lines)


# -- the page -----------------------------------------------------------------

_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;
background:#f4f4f6}
.top{padding:.6rem 1rem;background:#fff;border-bottom:1px solid #d8d8de}
.top h1{font-size:1.05rem;margin:0 0 .3rem}
.legend span{display:inline-block;margin:0 .5rem .2rem 0;padding:0 .35rem;border-radius:3px;
font-size:.8rem}
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(18rem,26rem);
height:calc(100vh - 4.6rem)}
#letter{overflow:auto;padding:1rem 1.5rem;background:#fff}
#letter pre{margin:0;white-space:pre-wrap;font:13px/1.55 ui-monospace,"DejaVu Sans Mono",
monospace}
aside{overflow:auto;padding: .5rem 1rem 2rem;border-left:1px solid #d8d8de}
aside h2{font-size:.95rem;margin:1rem 0 .3rem;border-bottom:1px solid #d8d8de}
aside ul{margin:0;padding-left:1.1rem}
aside li{margin:.15rem 0}
aside .none{color:#777}
.sec{display:block;margin:1.1rem 0 .3rem;padding:.1rem .4rem;border-top:2px solid #5b6bbf;
color:#3a4a9f;font:600 11px/1.4 system-ui,sans-serif;letter-spacing:.04em;user-select:none}
.k-decision{background:#fdf8e4}
.k-citation{background:#dcecff}
.k-label{text-decoration:underline dotted #8a8a8a}
.k-header{background:#e8dcff}
.k-reviewer{background:#cdf1ec}
.k-patient{background:#ffe2c6}
.k-document{background:#ececec}
.k-request{background:#ffe97a;font-weight:600}
.k-outcome.upheld{background:#ffc9c9;font-weight:700}
.k-outcome.overturned{background:#c4f0c4;font-weight:700}
.k-warning{text-decoration:underline wavy #d00000;text-decoration-skip-ink:none}
.pin{color:#d00000;font-weight:700}
.badge{display:inline-block;padding:0 .3rem;border-radius:3px;font-size:.8rem;font-weight:600}
.badge.upheld{background:#ffc9c9}.badge.overturned{background:#c4f0c4}
.warn{color:#a00000}
:target{outline:2px solid #d00000;outline-offset:1px}
"""

_LEGEND = (
    ("k-header", "header value"),
    ("k-reviewer", "reviewer"),
    ("k-patient", "patient"),
    ("k-document", "document reviewed"),
    ("k-decision", "decision"),
    ("k-request", "request"),
    ("k-outcome upheld", "upheld"),
    ("k-outcome overturned", "overturned"),
    ("k-citation", "citation"),
    ("k-warning", "warning"),
)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _classes(element: Element) -> str:
    if element.kind == "outcome":
        return f"k-outcome {_esc(element.value)}"
    return f"k-{element.kind}"


def _marked_text(text: str, items: Sequence[Element]) -> str:
    """The text with each placed element highlighted and anchored by its index."""
    placed = [(n, e, e.span) for n, e in enumerate(items) if e.span is not None]
    cuts = sorted({0, len(text)} | {s.start for _, _, s in placed} | {s.end for _, _, s in placed})
    opening: dict[int, list[tuple[int, Element]]] = {}
    for n, element, span in placed:
        opening.setdefault(span.start, []).append((n, element))
    out: list[str] = []
    for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True):
        for n, element in opening.get(a, ()):
            assert element.span is not None
            if element.kind == "section":
                # The header has no heading of its own to show its name.
                named = _esc(element.name.upper()) if element.name == "header" else ""
                out.append(f'<span class="sec" id="e{n}">{named}</span>')
            elif len(element.span):
                out.append(f'<a id="e{n}"></a>')
            else:  # a warning about a place, not a stretch of text
                out.append(f'<span class="pin" id="e{n}" title="{_esc(element.value)}">⚠</span>')
        if a >= b:
            continue
        covering = [
            e
            for _, e, s in placed
            if s.start <= a and b <= s.end and len(s) and e.kind != "section"
        ]
        piece = _esc(text[a:b])
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(_classes(e) for e in covering))
        title = "; ".join(
            f"{e.name}: {e.value}" if e.value else e.name
            for e in sorted(covering, key=lambda e: -KINDS.index(e.kind))
        )
        out.append(f'<span class="{classes}" title="{_esc(title)}">{piece}</span>')
    return "".join(out)


def _link(n: int, label: str) -> str:
    return f'<a href="#e{n}">{_esc(label)}</a>'


def _panel_list(rows: list[str]) -> str:
    if not rows:
        return '<p class="none">none read</p>'
    return "<ul>" + "".join(f"<li>{row}</li>" for row in rows) + "</ul>"


def _panel(det: Determination, items: Sequence[Element]) -> str:
    """The side panel: the values read, each linked to its place."""
    indexed = list(enumerate(items))
    parts = []
    for kind, heading in (
        ("header", "Header"),
        ("reviewer", "Reviewer"),
        ("patient", "Patient"),
        ("document", "Documents reviewed"),
    ):
        rows = [
            f"{_link(n, e.name)}: {_esc(e.value)}" if kind != "document" else _link(n, e.value)
            for n, e in indexed
            if e.kind == kind
        ]
        parts.append(f"<h2>{heading}</h2>{_panel_list(rows)}")
    decisions = []
    for number, decision in enumerate(det.decisions, start=1):
        prefix = f"decision {number}"
        rows = []
        for n, e in indexed:
            if e.kind in ("request", "citation") and e.name.startswith(prefix + " "):
                rows.append(f"{_link(n, e.name[len(prefix) + 1 :])}: {_esc(e.value)}")
        if decision.category is not None:
            rows.append(
                f"category: {_esc(decision.category.category)} / "
                f"{_esc(decision.category.subcategory)}"
            )
        if decision.medication is not None:
            drug = decision.medication
            said = ", ".join(drug.generics) or drug.name
            rows.append(
                f"drug: {_esc(said)}" + (f" ({_esc(drug.drug_class)})" if drug.drug_class else "")
            )
        block = next(n for n, e in indexed if e.kind == "decision" and e.name == prefix)
        outcome = decision.outcome.value
        decisions.append(
            f"<h3>{_link(block, prefix.capitalize())} "
            f'<span class="badge {outcome}">{outcome}</span></h3>{_panel_list(rows)}'
        )
    parts.append("<h2>Decisions</h2>" + ("".join(decisions) or '<p class="none">none read</p>'))
    warnings = [
        f'<span class="warn">{_link(n, e.name) if e.span is not None else _esc(e.name)}</span>: '
        f"{_esc(e.value)}"
        for n, e in indexed
        if e.kind == "warning"
    ]
    parts.append(f"<h2>Warnings</h2>{_panel_list(warnings)}")
    return "".join(parts)


def to_html(det: Determination, *, title: str | None = None) -> str:
    """A self-contained HTML page of a letter with every element marked.

    The page has no scripts and loads nothing: its styles are inline, so it
    reads the same offline and can be mailed as one file.

    Args:
        det: The parsed letter.
        title: The page's title (default: the letter's source, or its case
            number).
    """
    items = elements(det)
    case = det.header.case_number if det.header is not None else None
    name = title or det.source or case or "letter"
    legend = "".join(f'<span class="{c}">{_esc(t)}</span>' for c, t in _LEGEND)
    summary = (
        f"{det.template.value.replace('_', ' ')} · {len(det.decisions)} decisions · "
        f"{len(det.warnings)} warnings"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_esc(name)}</title><style>{_STYLE}</style></head><body>"
        f'<div class="top"><h1>{_esc(name)}</h1>'
        f'<div class="legend">{_esc(summary)} &nbsp; {legend}</div></div>'
        f'<main><section id="letter"><pre>{_marked_text(det.text, items)}</pre></section>'
        f"<aside>{_panel(det, items)}</aside></main></body></html>\n"
    )
