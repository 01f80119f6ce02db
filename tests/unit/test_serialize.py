"""Plain data, JSON and the JSON Schema."""

from __future__ import annotations

import io
import json

import jsonschema
import pytest
from hypothesis import given

import imrparse
from imrparse.testing import Letter
from letters import EXAMPLES

from ..property.strategies import rendered

EXAMPLE = EXAMPLES / "issues_decisions_rationales.txt"


@pytest.fixture(scope="module")
def det() -> imrparse.Determination:
    return imrparse.load(EXAMPLE)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(imrparse.json_schema())


@given(rendered())
def test_to_dict_output_validates_against_the_schema(case: tuple[Letter, str]) -> None:
    data = imrparse.to_dict(imrparse.loads(case[1]))
    jsonschema.Draft202012Validator(imrparse.json_schema()).validate(data)


def test_enums_serialize_as_lowercase_names_and_dates_as_iso(det: imrparse.Determination) -> None:
    data = imrparse.to_dict(det)
    assert data["template"] == "issues_decisions_rationales"
    assert data["decisions"][0]["outcome"] == "upheld"
    assert data["decisions"][0]["medically_necessary"] is False
    assert data["case_summary"]["date_of_injury"] == "2012-03-14"
    assert data["case_summary"]["patient_sex"] == "female"
    assert data["decisions"][0]["reviewer_basis"][0]["kind"] == "mtus"
    assert data["decisions"][0]["reviewer_basis"][0]["pages"][0] == {"first": 76, "last": 80}


def test_dump_writes_what_dumps_returns(det: imrparse.Determination) -> None:
    out = io.StringIO()
    imrparse.dump(det, out, indent=2)
    assert out.getvalue() == imrparse.dumps(det, indent=2)
    assert imrparse.from_dict(json.loads(out.getvalue())) == det


def test_derived_fields_are_written_but_recomputed_when_read(
    det: imrparse.Determination,
) -> None:
    data = imrparse.to_dict(det)
    data["decisions"][0]["medically_necessary"] = True  # contradicts "upheld"
    assert imrparse.from_dict(data).decisions[0].medically_necessary is False


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("template"),
        lambda d: d.update(template="no_such_template"),
        lambda d: d["case_summary"].update(date_of_injury="2013-02-30"),
        lambda d: d["decisions"][0].update(outcome="maybe"),
    ],
    ids=["missing-field", "unknown-template", "impossible-date", "unknown-outcome"],
)
def test_from_dict_rejects_data_that_is_not_a_determination(
    det: imrparse.Determination, mutate: object
) -> None:
    data = imrparse.to_dict(det)
    mutate(data)  # type: ignore[operator]
    with pytest.raises(ValueError, match="not a determination"):
        imrparse.from_dict(data)
