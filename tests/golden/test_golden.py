"""Whole-letter outputs, compared as JSON with reviewed expectations.

Every letter in ``examples/`` and ``tests/golden/letters/`` has its expected
``imrparse.dumps`` output (lenient, indented) in ``tests/golden/expected/``.
After an intended change, rewrite them with ``pytest --update-golden`` and
review the JSON diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import imrparse

HERE = Path(__file__).resolve().parent
LETTERS = sorted([*(HERE.parents[1] / "examples").glob("*.txt"), *(HERE / "letters").glob("*.txt")])


@pytest.mark.parametrize("letter", LETTERS, ids=lambda p: p.name)
def test_letter_gives_its_expected_json(letter: Path, request: pytest.FixtureRequest) -> None:
    det = imrparse.loads(letter.read_text(encoding="utf-8"), strict=False)
    got = imrparse.dumps(det, indent=2) + "\n"
    expected = HERE / "expected" / f"{letter.stem}.json"
    if request.config.getoption("--update-golden"):
        expected.write_text(got, encoding="utf-8")
    assert expected.is_file(), f"no expected output: run pytest --update-golden for {letter}"
    assert got == expected.read_text(encoding="utf-8")


def test_every_expected_output_has_its_letter() -> None:
    stems = {p.stem for p in LETTERS}
    orphans = [p.name for p in (HERE / "expected").glob("*.json") if p.stem not in stems]
    assert orphans == []
