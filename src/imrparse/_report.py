"""The HTML report of uphold rates: :func:`imrparse.stats.html_report`.

One self-contained page: every chart is an SVG drawn by matplotlib (text as
paths, so no font is needed) and embedded as a ``data:`` URI, and the style
sheet is inline, so the file reads the same offline and anywhere it is
copied. The same tables give the same bytes: the SVGs carry no date and
their ids come from a fixed salt.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._table import NONE_GROUP, _missing

if TYPE_CHECKING:
    import pandas
    from matplotlib.figure import Figure

#: The title of the page when none is given.
TITLE = "Uphold rates of IMR decisions"
#: Groups charted per grouping when no ``top`` is given.
TOP = 15
#: Characters of a group's name on a chart; longer names are cut with an ellipsis.
_LABEL = 48
#: The columns of a table on the page: the column of the statistics table, its heading.
_HEADINGS = (
    ("group", "group"),
    ("decisions", "decisions"),
    ("upheld", "upheld"),
    ("overturned", "overturned"),
    ("uphold_rate", "uphold rate"),
    ("low", "low"),
    ("high", "high"),
)
_BAR, _WHISKER = "#4878a8", "#222222"
_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       color: #1a1a1a; background: #ffffff; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.5rem; }
h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #d0d0d0; }
table { border-collapse: collapse; margin: 0.75rem 0; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding: 0.2rem 0; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
th { text-align: left; background: #f3f3f3; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
th.n { text-align: right; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; display: block; }
figcaption, .note { color: #555555; font-size: 0.9rem; }
nav ul { padding-left: 1.2rem; }
footer { margin-top: 3rem; color: #555555; font-size: 0.85rem; }
""".strip()


def html_report(
    tables: Mapping[str, pandas.DataFrame],
    *,
    title: str = TITLE,
    read: Mapping[str, object] | None = None,
    top: int = TOP,
) -> str:
    """An HTML page of uphold rates: a chart and a table for each grouping.

    The page holds, under ``title``, what was read (``read``, as given), a
    list of the groupings, then for each grouping a horizontal bar chart of
    its groups' uphold rates with their Wilson 95% intervals as error bars,
    and the table itself. A chart shows the ``top`` groups with the most
    decisions, each labelled with its count of decisions (``n=...``), in
    the table's order; a note under it counts the groups and decisions left
    out, which the table still lists. A grouping without decisions has a
    note instead of a chart.

    The page is self-contained, to be read offline, mailed or archived: the
    charts are SVG images embedded as ``data:`` URIs, the style is inline,
    and nothing is fetched. Text from the tables is escaped. The same tables
    give the same page, byte for byte.

    >>> import imrparse, imrparse.stats
    >>> frame = imrparse.to_frame(imrparse.load_many(["examples/notice_2013.txt"]))
    >>> tables = imrparse.stats.summary(frame, by=["category", "year"])
    >>> page = imrparse.stats.html_report(tables, read={"letters": 1})
    >>> page.startswith("<!DOCTYPE html>"), page.count("<img ")
    (True, 2)
    >>> "Evaluation &amp; Management" in page
    True

    Args:
        tables: Tables of :func:`summary`, with the columns of
            :data:`COLUMNS`, by the name of their grouping, in the order to
            show them (as :func:`summary` returns them for several
            groupings).
        title: The page's title and first heading.
        read: What the tables were counted from, shown as a list of names
            and values in the order given (``{"letters parsed": 65,
            "decisions": 158}``, say); None for no list.
        top: The most groups a chart shows, at least 1.

    Returns:
        The page, a complete HTML document.

    Raises:
        ImportError: matplotlib is not installed
            (``pip install 'imrparse[report]'``).
        ValueError: ``top`` is less than 1.
        KeyError: A table lacks a column of :data:`COLUMNS`.

    .. versionadded:: 0.1.0
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, not {top}")
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ImportError(_missing("matplotlib", "report")) from exc
    from . import __version__

    ids: dict[str, str] = {}
    for grouping in tables:
        slug = re.sub(r"[^a-z0-9_-]+", "-", grouping.lower()).strip("-") or "grouping"
        anchor = f"by-{slug}"
        while anchor in ids.values():
            anchor += "-"
        ids[grouping] = anchor
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{e(title)}</h1>",
    ]
    if read:
        parts.append('<table class="read">')
        parts.append("<caption>What was read</caption>")
        parts.extend(
            f'<tr><th scope="row">{e(str(name))}</th><td class="n">{e(str(value))}</td></tr>'
            for name, value in read.items()
        )
        parts.append("</table>")
    parts.append(
        "<p>The uphold rate of a group is the share of its decisions that upheld the "
        "denial. Its Wilson 95% score interval, from <em>low</em> to <em>high</em> and drawn "
        "as an error bar, says how far the rate can be trusted: the fewer the decisions, the "
        "wider it is. Decisions with no value for a grouping are counted under "
        f"{e(NONE_GROUP)}.</p>"
    )
    if tables:
        parts.append("<nav><ul>")
        parts.extend(
            f'<li><a href="#{ids[grouping]}">{e(_heading(grouping))}</a></li>'
            for grouping in tables
        )
        parts.append("</ul></nav>")
    for grouping, table in tables.items():
        parts.append(f'<section id="{ids[grouping]}">')
        parts.append(f"<h2>{e(_heading(grouping))}</h2>")
        parts.extend(_chart(grouping, table, top))
        parts.extend(_table(table))
        parts.append("</section>")
    parts.append(f"<footer>Counted and drawn by imrparse {e(__version__)}.</footer>")
    parts.append("</body>")
    parts.append("</html>")
    return "\n".join(parts) + "\n"


def _heading(grouping: str) -> str:
    return f"Uphold rate by {grouping.replace('_', ' ')}"


def _label(group: str, decisions: int) -> str:
    name = group if len(group) <= _LABEL else group[: _LABEL - 1].rstrip() + "\u2026"
    return f"{name} (n={decisions})"


def _chart(grouping: str, table: pandas.DataFrame, top: int) -> list[str]:
    """The figure of a grouping's chart, with its caption; a note if it has no groups."""
    e = html.escape
    if len(table) == 0:
        return ['<p class="note">No decisions to count.</p>']
    in_order = table.reset_index(drop=True)  # the table's order, whatever its index
    shown = in_order.nlargest(top, "decisions", keep="first").sort_index()
    labels = [
        _label(str(group), int(n))
        for group, n in zip(shown["group"], shown["decisions"], strict=True)
    ]
    svg = _svg(
        _heading(grouping),
        labels,
        [float(value) for value in shown["uphold_rate"]],
        [float(value) for value in shown["low"]],
        [float(value) for value in shown["high"]],
    )
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    alt = (
        f"Bar chart: {_heading(grouping).lower()}, with 95% intervals, "
        f"for {len(shown)} of {len(table)} groups"
    )
    if len(shown) == len(table):
        caption = "Each group with its count of decisions (n)."
    else:
        rest = len(table) - len(shown)
        decisions = int(table["decisions"].sum() - shown["decisions"].sum())
        caption = (
            f"The {len(shown)} groups with the most decisions, each with its count (n); "
            f"{rest} more {'group' if rest == 1 else 'groups'}, with {decisions} "
            f"{'decision' if decisions == 1 else 'decisions'} between them, "
            "are in the table."
        )
    return [
        "<figure>",
        f'<img src="{uri}" alt="{e(alt)}">',
        f"<figcaption>{e(caption)}</figcaption>",
        "</figure>",
    ]


def _table(table: pandas.DataFrame) -> list[str]:
    e = html.escape
    lines = ["<table>", "<thead><tr>"]
    lines.extend(
        f'<th scope="col">{e(heading)}</th>'
        if column == "group"
        else f'<th scope="col" class="n">{e(heading)}</th>'
        for column, heading in _HEADINGS
    )
    lines.append("</tr></thead>")
    lines.append("<tbody>")
    for row in table[[column for column, _ in _HEADINGS]].itertuples(index=False):
        group, *numbers = row
        cells = [f"<td>{e(str(group))}</td>"]
        cells.extend(
            f'<td class="n">{value:.3f}</td>'
            if isinstance(value, float)
            else f'<td class="n">{e(str(value))}</td>'
            for value in numbers
        )
        lines.append(f"<tr>{''.join(cells)}</tr>")
    lines.append("</tbody>")
    lines.append("</table>")
    return lines


def _svg(
    title: str, labels: list[str], rates: list[float], lows: list[float], highs: list[float]
) -> bytes:
    """A horizontal bar chart of rates with their intervals, as SVG.

    Drawn on a figure of its own, without pyplot, under matplotlib's default
    style whatever the user's settings, which are restored afterwards.
    """
    import matplotlib
    import matplotlib.style
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    settings: dict[Any, Any] = {
        "svg.hashsalt": "imrparse",  # ids from the content, not at random
        "svg.fonttype": "path",  # text as outlines: no font needed to show it
        "text.parse_math": False,  # a "$" in a group's name is a dollar sign
        "font.family": "DejaVu Sans",  # shipped with matplotlib
        "font.size": 9.0,
    }
    with matplotlib.style.context("default"), matplotlib.rc_context(settings):
        figure = Figure(figsize=(9.0, 0.9 + 0.3 * len(labels)), layout="constrained")
        FigureCanvasSVG(figure)
        _draw(figure, labels, rates, lows, highs)
        buffer = io.BytesIO()
        figure.savefig(
            buffer,
            format="svg",
            metadata={"Title": title, "Date": None, "Creator": None, "Type": None, "Format": None},
        )
    return buffer.getvalue()


def _draw(
    figure: Figure, labels: list[str], rates: list[float], lows: list[float], highs: list[float]
) -> None:
    axes = figure.subplots()
    places = list(range(len(labels)))
    errors = [
        [rate - low for rate, low in zip(rates, lows, strict=True)],
        [high - rate for rate, high in zip(rates, highs, strict=True)],
    ]
    axes.barh(
        places,
        rates,
        height=0.6,
        color=_BAR,
        xerr=errors,
        capsize=3,
        error_kw={"ecolor": _WHISKER, "elinewidth": 1.0, "capthick": 1.0},
    )
    for place, rate, high in zip(places, rates, highs, strict=True):
        axes.text(high + 0.015, place, f"{rate:.3f}", va="center", ha="left", fontsize=8)
    axes.set_yticks(places, labels)
    axes.invert_yaxis()
    axes.set_xlim(0.0, 1.12)
    axes.set_xticks([0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
    axes.set_xlabel("uphold rate, with its Wilson 95% interval")
    axes.grid(axis="x", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
