"""Records of a JSON Lines file: their schema, from_json and read_jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import jsonschema
import pytest

import imrparse
from imrparse._records import determination_record, failure_record
from letters import EXAMPLES

EXAMPLE = EXAMPLES / "issues_decisions_rationales.txt"
FAILURE = imrparse.Failure(
    source="x.txt", error_type="ParseError", message="the text is empty", line=1, column=1
)


@pytest.fixture(scope="module")
def det() -> imrparse.Determination:
    return imrparse.load(EXAMPLE)


def test_from_json_is_the_inverse_of_dumps(det: imrparse.Determination) -> None:
    assert imrparse.from_json(imrparse.dumps(det)) == det
    assert imrparse.from_json(imrparse.dumps(det, indent=2).encode()) == det


def test_from_json_refuses_a_failure_record() -> None:
    with pytest.raises(ValueError, match="failure"):
        imrparse.from_json(json.dumps(failure_record(FAILURE)))


@pytest.mark.parametrize(
    "text", ['{"kind": "letter"}', "[1, 2]", '{"template": "nonsense"}', "not json"]
)
def test_from_json_refuses_what_is_not_a_letter(text: str) -> None:
    with pytest.raises(ValueError):
        imrparse.from_json(text)


@pytest.mark.parametrize("text", [True, False], ids=["with-text", "no-text"])
def test_every_record_validates_against_the_schema(det: imrparse.Determination, text: bool) -> None:
    validator = jsonschema.Draft202012Validator(imrparse.json_schema())
    validator.validate(determination_record(det, text=text))
    validator.validate(imrparse.to_dict(det))
    validator.validate(failure_record(FAILURE))


def test_the_schema_tells_the_two_kinds_apart(det: imrparse.Determination) -> None:
    validator = jsonschema.Draft202012Validator(imrparse.json_schema())
    mixed = {**determination_record(det), "kind": "failure"}
    assert not validator.is_valid(mixed)
    assert not validator.is_valid({**failure_record(FAILURE), "kind": "determination"})
    assert not validator.is_valid({"kind": "failure", "source": "x.txt"})


def test_read_jsonl_reads_letters_and_failures_in_order(
    det: imrparse.Determination, tmp_path: Path
) -> None:
    path = tmp_path / "letters.jsonl"
    lines = [
        json.dumps(determination_record(det)),
        "",
        json.dumps(failure_record(FAILURE)),
        json.dumps(determination_record(det, text=False), indent=2),
        imrparse.dumps(det),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert list(imrparse.read_jsonl(path)) == [
        det,
        FAILURE,
        attrs.evolve(det, text=""),
        det,
    ]


@pytest.mark.parametrize(
    ("content", "line"),
    [
        pytest.param('{"kind": "failure", "source": "x"}\n', 1, id="incomplete-failure"),
        pytest.param("\n\n{oops}\n", 3, id="not-json"),
        pytest.param('{\n  "kind": "failure",\n', 1, id="cut-short"),
    ],
)
def test_read_jsonl_names_the_line_of_a_bad_record(tmp_path: Path, content: str, line: int) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=f"bad.jsonl:{line}: "):
        list(imrparse.read_jsonl(path))
