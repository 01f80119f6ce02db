"""Reading input: paths, bytes and files; encodings; binary data; size limits."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse._normalize import normalize
from imrparse._source import PDF_SIGNATURE_WINDOW, decode, is_pdf
from letters import EXAMPLES

EXAMPLE = EXAMPLES / "issues_decisions_rationales.txt"
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")

# Encodings


@pytest.mark.parametrize(
    "data",
    [
        "Flexeril® “no”".encode(),
        codecs.BOM_UTF8 + "Flexeril® “no”".encode(),
        "Flexeril® “no”".encode("utf-16"),
        codecs.BOM_UTF16_BE + "Flexeril® “no”".encode("utf-16-be"),
        "Flexeril® “no”".encode("utf-32"),
        "Flexeril® “no”".encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "utf-32", "cp1252"],
)
def test_text_is_decoded_by_its_byte_order_mark_or_else_utf8_then_cp1252(data: bytes) -> None:
    assert decode(data) == "Flexeril® “no”"


def test_bytes_that_cp1252_leaves_undefined_read_as_latin1() -> None:
    assert decode(b"caf\xe9 \x81") == "café \x81"


def test_mojibake_is_repaired_after_decoding() -> None:
    assert normalize(decode("FlexerilÂ®".encode())).text == "Flexeril®"


def test_a_byte_order_mark_on_invalid_data_is_a_parse_error() -> None:
    with pytest.raises(imrparse.ParseError, match="UTF-16 byte-order mark but is not valid UTF-16"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8")  # an unpaired surrogate


# Binary data


@pytest.mark.parametrize(
    "data",
    [b"HOW THE IMR\x00", "text\x00".encode("utf-16"), bytes(range(32)) * 4],
    ids=["nul-byte", "nul-character", "control-characters"],
)
def test_binary_data_is_a_parse_error(data: bytes) -> None:
    with pytest.raises(imrparse.ParseError, match="binary data"):
        imrparse.load(data)


def test_a_few_stray_control_characters_are_text() -> None:
    text = EXAMPLE_TEXT.replace("\n", "\x1b\n", 3)
    assert decode(text.encode()) == text


@given(st.binary(max_size=4000))
def test_random_bytes_give_a_parse_error(data: bytes) -> None:
    with pytest.raises(imrparse.ParseError):
        imrparse.load(data)


# Kinds of input


def test_every_kind_of_input_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    data = EXAMPLE_TEXT.encode()
    path.write_bytes(data)
    expected = imrparse.loads(EXAMPLE_TEXT)
    with path.open("rb") as handle:
        from_file = imrparse.load(handle)
    inputs = [path, str(path), data, bytearray(data), memoryview(data), io.BytesIO(data)]
    for det in [from_file, *(imrparse.load(source) for source in inputs)]:
        assert det.decisions == expected.decisions
    assert from_file.source == str(path)
    assert imrparse.load(path).source == str(path)
    assert imrparse.load(data).source is None


def test_a_file_open_in_text_mode_is_a_type_error(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text(EXAMPLE_TEXT, encoding="utf-8")
    with path.open(encoding="utf-8") as handle, pytest.raises(TypeError, match="'rb'"):
        imrparse.load(handle)  # type: ignore[arg-type]


def test_something_that_is_no_input_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="cannot load from int"):
        imrparse.load(42)  # type: ignore[arg-type]


def test_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        imrparse.load(tmp_path / "missing.txt")


# PDF signature


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n", True),
        (b"junk\n" * 10 + b"%PDF-1.4", True),
        (b" " * (PDF_SIGNATURE_WINDOW - 1) + b"%PDF-1.4", True),
        (b" " * (PDF_SIGNATURE_WINDOW + 1) + b"%PDF-1.4", False),
        (b"%PDF-", False),
        (b"Letter about %PDF files", False),
    ],
    ids=["at-start", "after-junk", "at-window-end", "past-window", "no-version", "prose"],
)
def test_a_pdf_is_recognized_by_its_signature_in_the_first_kilobyte(
    data: bytes, expected: bool
) -> None:
    assert is_pdf(data) is expected


def test_random_bytes_named_pdf_are_not_a_readable_pdf(tmp_path: Path) -> None:
    path = tmp_path / "letter.PDF"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(imrparse.ParseError, match=r"named \.pdf but is not a readable") as caught:
        imrparse.load(path)
    assert "UTF-16" not in str(caught.value)
    assert caught.value.source == str(path)


def test_a_text_letter_named_pdf_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_text(EXAMPLE_TEXT, encoding="utf-8")
    assert imrparse.load(path).decisions == imrparse.loads(EXAMPLE_TEXT).decisions


@pytest.mark.parametrize(
    "data",
    [b"%PDF\x00\x01garbage" * 20, b"%PDF-x.y\n1 0 obj\n", b"\n  %PDF-\n"],
    ids=["no-dash", "no-version", "truncated"],
)
def test_bytes_that_start_like_a_damaged_pdf_are_not_a_readable_pdf(data: bytes) -> None:
    with pytest.raises(imrparse.ParseError, match="not a readable PDF: it starts like one"):
        imrparse.load(data)


# Size limits


def test_input_over_the_size_limit_is_a_parse_error(tmp_path: Path) -> None:
    data = EXAMPLE_TEXT.encode()
    path = tmp_path / "letter.txt"
    path.write_bytes(data)
    for source in (data, path, io.BytesIO(data)):
        with pytest.raises(imrparse.ParseError, match="larger than the limit of 100 bytes"):
            imrparse.load(source, max_size=100)
    with pytest.raises(imrparse.ParseError, match="larger than the limit of 100 characters"):
        imrparse.loads(EXAMPLE_TEXT, max_size=100)


def test_the_size_limit_can_be_raised_or_lifted() -> None:
    data = EXAMPLE_TEXT.encode()
    assert imrparse.load(data, max_size=len(data)).decisions
    assert imrparse.load(data, max_size=None).decisions
    assert imrparse.loads(EXAMPLE_TEXT, max_size=len(EXAMPLE_TEXT)).decisions


def test_a_file_over_the_limit_is_read_only_past_the_limit() -> None:
    class Endless(io.RawIOBase):
        read_bytes = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            n = min(len(buffer), 7)  # short reads, as raw files may give
            buffer[:n] = b"a" * n
            self.read_bytes += n
            return n

    endless = Endless()
    with pytest.raises(imrparse.ParseError, match="larger than the limit"):
        imrparse.load(endless, max_size=1000)  # type: ignore[arg-type]
    assert endless.read_bytes == 1001


def test_the_default_limit_is_twenty_million_bytes() -> None:
    with pytest.raises(imrparse.ParseError, match="limit of 20,000,000 bytes"):
        imrparse.load(b"x" * 20_000_001)
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.load(b"\x01" * 20_000_000)  # at the limit: read, and found binary
    assert "limit" not in caught.value.message
