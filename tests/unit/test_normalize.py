"""Normalization: layouts, repairs, and the map back to the raw text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imrparse._normalize import Position, normalize


def blank_line_layout(*paragraphs: list[str], page_break_after: int | None = None) -> str:
    """Render lines the way DWC's PDF-to-text output looks."""
    out = [" "]
    for p, lines in enumerate(paragraphs):
        if p:
            out += [" ", ""]
        for n, line in enumerate(lines):
            out += [line + " ", ""]
            if page_break_after is not None and (p, n) == divmod(page_break_after, 100):
                out += ["", ""]
    return "\n".join(out)[1:]


def test_blank_line_layout_keeps_lines_and_paragraphs() -> None:
    raw = " First line \n\nsecond line \n\n \n\nNew paragraph \n\n"
    assert normalize(raw).text == "First line\nsecond line\n\nNew paragraph"


def test_page_break_inside_a_paragraph_joins_the_lines() -> None:
    raw = "states the \n\n\n\nfollow regarding \n\n \n\nNext \n\n"
    assert normalize(raw).text == "states the\nfollow regarding\n\nNext"


def test_plain_layout_uses_blank_lines_for_paragraphs() -> None:
    raw = "One\ntwo\n\nThree\n"
    assert normalize(raw).text == "One\ntwo\n\nThree"


@pytest.mark.parametrize(
    "raw",
    [
        "One\r\ntwo\r\n\r\nThree\r\n",
        "One\rtwo\r\rThree",
        "One\ntwo\n\n\fThree\n",
        "One\ntwo\n\nThree",
    ],
    ids=["crlf", "cr", "form-feed", "lf"],
)
def test_line_endings_and_form_feeds_normalize_alike(raw: str) -> None:
    assert normalize(raw).text == "One\ntwo\n\nThree"


def test_form_feed_alone_is_a_page_break_not_a_paragraph_break() -> None:
    norm = normalize("One\n\ftwo\n")
    assert norm.text == "One\ntwo"
    assert norm.position(norm.text.index("two")).page == 2


def test_mojibake_is_repaired_and_offsets_stay_exact() -> None:
    raw = "Cyclobenzaprine (FlexerilÂ®) tablets\nnext line"
    norm = normalize(raw)
    assert norm.text == "Cyclobenzaprine (Flexeril®) tablets\nnext line"
    after = norm.text.index("tablets")
    assert raw[norm.to_raw(after) :].startswith("tablets")
    assert norm.position(norm.text.index("next")).line == 2


def test_curly_quotes_become_straight() -> None:
    assert normalize("He said \u201cno\u201d.").text == 'He said "no".'


def test_positions_point_into_the_raw_blank_line_layout() -> None:
    raw = " HEADING \n\nbody text here \n\n \n\nSecond para \n\n"
    norm = normalize(raw)
    where = norm.position(norm.text.index("Second"))
    assert (where.line, where.column) == (7, 1)
    where = norm.position(norm.text.index("text"))
    assert (where.line, where.column) == (3, 6)


def test_empty_and_blank_input_normalize_to_nothing() -> None:
    assert normalize("").text == ""
    assert normalize(" \n\n \n").text == ""


def test_normalization_is_idempotent_on_an_example() -> None:
    raw = blank_line_layout(["A line", "another"], ["Para two"])
    once = normalize(raw).text
    assert normalize(once).text == once


# Page furniture


def test_page_n_of_m_lines_are_removed_anywhere() -> None:
    norm = normalize("One\ntwo\nPage 1 of 2\nthree\n")
    assert norm.text == "One\ntwo\nthree"
    (span,) = norm.furniture
    assert norm.raw[span[0] : span[1]] == "Page 1 of 2"


@pytest.mark.parametrize("line", ["Page 2 of 4", "PAGE 2 OF 4", "page 2/4", "Page 12 of 12"])
def test_page_numbers_in_any_spelling_are_furniture(line: str) -> None:
    assert normalize(f"One\n{line}\ntwo").text == "One\ntwo"


def test_a_bare_page_number_is_furniture_only_at_a_page_edge() -> None:
    assert normalize("One\nPage 2\ntwo\n\fthree\nPage 3").text == "One\nPage 2\ntwo\nthree"


def test_a_page_list_ending_at_a_page_edge_is_text_not_a_page_number() -> None:
    text = "One\nDecision based on MTUS ACOEM Chapter 9, Page(s):\npage 3\n\fthree\nfour"
    assert "Page(s):\npage 3\n" in normalize(text).text


def test_a_running_header_and_footer_are_removed() -> None:
    pages = [
        "CM13-0012345\nHOW THE IMR\nfirst page\nIMR Final Determination",
        "CM13-0012345\nsecond page\nIMR Final Determination",
        "CM13-0012345\nthird page\nIMR Final Determination",
    ]
    norm = normalize("\n\f".join(pages))
    assert norm.text == "HOW THE IMR\nfirst page\nsecond page\nthird page"
    assert len(norm.furniture) == 6


def test_a_running_header_may_skip_the_first_of_four_pages() -> None:
    text = "Letterhead\nbody one" + "\n\fCM13-1\nbody" * 3
    assert normalize(text).text == "Letterhead\nbody one\nbody\nbody\nbody"
    three_pages = "Letterhead\nbody one" + "\n\fsame line\nbody" * 2
    assert normalize(three_pages).text == three_pages.replace("\n\f", "\n")


@pytest.mark.parametrize(
    "pages",
    [
        ["same\nbody one", "same\nbody two", "other\nbody three"],  # not on every page
        ["necessary.\nbody one", "necessary.\nbody two"],  # prose
        ["only one page"],
    ],
    ids=["not-every-page", "prose", "one-page"],
)
def test_lines_that_are_not_running_headers_are_kept(pages: list[str]) -> None:
    text = "\n\f".join(pages)
    assert normalize(text).text == text.replace("\n\f", "\n")


def test_blank_lines_around_removed_furniture_read_as_if_it_were_not_there() -> None:
    joined = "end of a\nPage 1 of 2\n\fsentence\nPage 2 of 2"
    assert normalize(joined).text == "end of a\nsentence"
    apart = "a paragraph.\n\nPage 1 of 2\n\fNext one\nPage 2 of 2"
    assert normalize(apart).text == "a paragraph.\n\nNext one"


def test_offsets_stay_exact_around_removed_furniture() -> None:
    raw = "Case 1\nalpha beta\nPage 1 of 2\n\fCase 1\ngamma delta\nPage 2 of 2\n"
    norm = normalize(raw)
    assert norm.text == "alpha beta\ngamma delta"
    for word in ("alpha", "beta", "gamma", "delta"):
        assert raw[norm.to_raw(norm.text.index(word)) :].startswith(word)
    assert norm.position(norm.text.index("gamma")) == Position(5, 1, 2)


# Any text


_PIECES = st.sampled_from(
    ["a", "b c", " ", "\t", "\n", "\n\n", " \n\n", "\r\n", "\r", "\f", "\xa0", "Page 1 of 2"]
)
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


@given(_TEXTS)
def test_normalized_text_keeps_its_contract(raw: str) -> None:
    text = normalize(raw).text
    assert text == text.strip()
    assert "\n\n\n" not in text
    assert all(line == line.strip() for line in text.split("\n"))
    assert not set(text) & set("\r\f\xa0")


@given(_TEXTS)
def test_normalization_is_idempotent(raw: str) -> None:
    once = normalize(raw).text
    assert normalize(once).text == once


@given(_TEXTS)
def test_every_character_maps_back_to_itself_in_the_raw_text(raw: str) -> None:
    norm = normalize(raw)
    mapped = [norm.to_raw(i) for i in range(len(norm.text) + 1)]
    assert mapped == sorted(mapped)
    for i, char in enumerate(norm.text):
        if char != "\n" and raw[mapped[i]].isascii():  # else a repaired piece
            assert raw[mapped[i]] == char


@given(st.text(max_size=200))
def test_any_text_normalizes_to_lines_without_edge_spaces(raw: str) -> None:
    norm = normalize(raw)
    assert all(line == line.strip() for line in norm.text.split("\n"))
    assert "\n\n\n" not in norm.text
    assert norm.position(len(norm.text)).line >= 1


def test_the_blank_line_layout_with_crlf_line_ends_reads_alike() -> None:
    raw = " First line \n\nsecond line \n\n \n\nNew paragraph \n\n"
    assert normalize(raw.replace("\n", "\r\n")).text == normalize(raw).text
