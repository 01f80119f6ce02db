"""PDF input: text extraction, page numbers, and PDFs that cannot be read.

Every PDF here is built at test time from a letter's text (see ``pdfs.py``).
"""

from __future__ import annotations

import builtins
import io
import random
from pathlib import Path

import pytest
from fpdf import FPDF
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import imrparse
import mutations
from imrparse import Template
from imrparse._pdf import INSTALL_HINT, extract_text
from imrparse.testing import Layout, random_letter, render
from pdfs import LINES_PER_PAGE, letter_pdf, letters, printable, same_letter

LETTERS = dict(letters())


@pytest.mark.parametrize("name", list(LETTERS))
@pytest.mark.parametrize("lines_per_page", [9, 17, 48], ids=lambda n: f"{n}-lines")
def test_a_pdf_reads_like_its_text(name: str, lines_per_page: int) -> None:
    text = LETTERS[name]
    det = imrparse.load(letter_pdf(text, lines_per_page=lines_per_page))
    assert same_letter(det, imrparse.loads(text))
    assert det.decisions


@settings(max_examples=60)
@given(
    rng=st.randoms(use_true_random=False),
    template=st.sampled_from(Template),
    lines_per_page=st.integers(6, LINES_PER_PAGE),
    furniture=st.booleans(),
)
def test_a_generated_letter_reads_the_same_from_its_pdf(
    rng: random.Random, template: Template, lines_per_page: int, furniture: bool
) -> None:
    text = render(random_letter(rng, template=template), Layout.PLAIN, rng=rng)
    assume(printable(text))
    # A header is recognized as one when it repeats: print at least two pages.
    lines_per_page = min(lines_per_page, text.count("\n") - 1)
    header = "Case Number: CM13-0012345" if furniture else None
    det = imrparse.load(
        letter_pdf(text, lines_per_page=lines_per_page, header=header, footer=furniture)
    )
    assert same_letter(det, imrparse.loads(text))
    assert "CM13-0012345" not in det.text
    assert "Page 1 of" not in det.text


@settings(max_examples=40)
@given(rng=st.randoms(use_true_random=False), template=st.sampled_from(Template))
def test_a_letter_reads_the_same_in_every_layout_and_as_a_pdf(
    rng: random.Random, template: Template
) -> None:
    letter = random_letter(rng, template=template)
    plain = render(letter, Layout.PLAIN)
    expected = imrparse.loads(plain)
    for layout in Layout:
        assert same_letter(imrparse.loads(render(letter, layout)), expected), layout
    if printable(plain):
        assert same_letter(imrparse.load(letter_pdf(plain, lines_per_page=30)), expected)


def test_paragraph_breaks_come_from_vertical_gaps() -> None:
    text = "First line\nsecond line\n\nNew paragraph\n"
    assert extract_text(letter_pdf(text)) == "First line\nsecond line\n\nNew paragraph"


def test_pages_are_joined_with_form_feeds() -> None:
    pdf = letter_pdf("One\ntwo\n\fthree\nfour\n")
    assert extract_text(pdf) == "One\ntwo\n\fthree\nfour"


def test_a_paragraph_break_at_a_page_break_is_kept() -> None:
    # Full pages of 4 lines; the empty line is the first line of page 3.
    text = "a1\na2\na3\na4\nb1\nb2\nb3\nb4\n\nc2\nc3\nc4\nd1\n"
    out = extract_text(letter_pdf(text, lines_per_page=4))
    assert out == "a1\na2\na3\na4\n\fb1\nb2\nb3\nb4\n\n\fc2\nc3\nc4\n\fd1"


def test_errors_in_a_pdf_name_the_page(tmp_path: Path) -> None:
    text = LETTERS["example"].replace("Decision rationale:", "Rationale follows:", 1)
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter_pdf(text, lines_per_page=20))
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.load(path, strict=True)
    error = caught.value
    assert error.source == str(path)
    assert error.page == 2
    assert "(page 2)" in str(error)


def test_a_pdf_is_recognized_by_content_not_name(tmp_path: Path) -> None:
    text = LETTERS["example"]
    pdf = letter_pdf(text)
    path = tmp_path / "letter.txt"
    path.write_bytes(pdf)
    expected = imrparse.loads(text)
    for source in (path, str(path), pdf, io.BytesIO(pdf), b"\n \n" + pdf):
        assert same_letter(imrparse.load(source), expected)


def test_an_encrypted_pdf_is_a_parse_error() -> None:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.cell(0, 5, "HOW THE IMR FINAL DETERMINATION WAS MADE")
    with pytest.raises(imrparse.ParseError, match="encrypted and needs a password"):
        imrparse.load(bytes(pdf.output()))


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_a_truncated_pdf_is_a_parse_error(keep: float) -> None:
    pdf = letter_pdf(LETTERS["example"])
    with pytest.raises(imrparse.ParseError):
        imrparse.load(pdf[: int(len(pdf) * keep)])


def test_a_pdf_with_a_broken_structure_says_so() -> None:
    with pytest.raises(imrparse.ParseError, match="damaged or truncated"):
        imrparse.load(b"%PDF-1.7\n" + b"garbage " * 100)


def test_a_pdf_without_a_text_layer_is_a_parse_error() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 150, style="F")  # a scanned page is an image
    with pytest.raises(imrparse.ParseError, match="no text layer"):
        imrparse.load(bytes(pdf.output()))


def test_random_damage_gives_a_sound_determination_or_a_parse_error() -> None:
    pdf = letter_pdf(LETTERS["example"], lines_per_page=20)
    rng = random.Random(3)
    for _ in range(60):
        damaged = bytearray(pdf)
        for _ in range(rng.randint(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        for strict in (True, False):
            mutations.check(bytes(damaged), strict=strict)


def test_without_pypdfium2_a_pdf_raises_an_import_error_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_import = builtins.__import__

    def no_pypdfium2(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("pypdfium2"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pypdfium2)
    with pytest.raises(ImportError, match=r'pip install --force-reinstall "pypdfium2') as caught:
        imrparse.load(b"%PDF-1.7\n")
    assert str(caught.value) == INSTALL_HINT


def test_a_hyphen_at_the_end_of_a_line_is_a_hyphen() -> None:
    """PDFium joins a line that ends in a hyphen with the next and gives the
    hyphen as U+FFFE; it was printed, so it is read as one."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in ("Treatment has included medications, x-", "rays and a Toradol injection."):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    text = extract_text(bytes(pdf.output()))
    assert "\ufffe" not in text
    assert "x-rays and a Toradol injection." in text
