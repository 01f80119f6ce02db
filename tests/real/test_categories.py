"""The treatment category of every real letter's decisions against a hand label.

``categories.json`` holds, for each letter of ``expected.json`` (by case
number), one label per decision in letter order: ``[category, subcategory]``
from the DWC's classification (``dwc-treatment-categories.txt``), or null
where none fits. Those labels were given together with the rules, so their
agreement shows consistency. ``categories_independent.json`` holds labels of
the same decisions given by a second annotator who saw only the DWC list,
the requests and the start of each rationale, never the rules or the first
labels: agreement with it is the measure of the rules. The rules read the
requests from ``expected.json``, so the letters themselves are not needed
here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from imrparse import _fields as fields
from imrparse._categories import read_category
from real_letters import EXPECTED

HERE = Path(__file__).resolve().parent
Labels = dict[str, list[list[str] | None]]
#: Each set of hand labels, by the name of its file.
LABEL_SETS: dict[str, Labels] = {
    name: json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))
    for name in ("categories", "categories_independent")
}
DWC: frozenset[tuple[str, str]] = frozenset(
    (category, subcategory)
    for line in (HERE / "dwc-treatment-categories.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
    for category, subcategory in [line.split(" / ", 1)]
)

Label = tuple[str, str] | None


def _pairs(labels: Labels) -> list[tuple[str, Label, Label]]:
    """(request, hand label, the rules' category) for every decision."""
    pairs = []
    for case, letter in EXPECTED.items():
        for decision, label in zip(letter["decisions"], labels[case], strict=True):
            request = decision["request"]
            got = read_category(request, fields.read_medication(request))
            pairs.append(
                (
                    request,
                    tuple(label) if label is not None else None,  # type: ignore[arg-type]
                    (got.category, got.subcategory) if got is not None else None,
                )
            )
    return pairs


@pytest.mark.parametrize("name", sorted(LABEL_SETS))
def test_every_decision_has_a_label_from_the_dwc_list(name: str) -> None:
    labels = LABEL_SETS[name]
    assert sorted(labels) == sorted(EXPECTED)
    for case, letter in EXPECTED.items():
        assert len(labels[case]) == len(letter["decisions"]), case
    given = [label for each in labels.values() for label in each if label is not None]
    assert {tuple(label) for label in given} <= DWC


@pytest.mark.parametrize("name", sorted(LABEL_SETS))
def test_rules_agree_with_the_hand_labels(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = _pairs(LABEL_SETS[name])
    covered = sum(got is not None for _, _, got in pairs)
    labelled = [(request, label, got) for request, label, got in pairs if label is not None]
    agreed = sum(label == got for _, label, got in labelled)
    misses = Counter((label, got) for _, label, got in labelled if label != got)
    with capsys.disabled():
        print(
            f"\n{name}: {len(pairs)} decisions, coverage {covered}/{len(pairs)}"
            f" ({covered / len(pairs):.1%}), agreement {agreed}/{len(labelled)}"
            f" ({agreed / len(labelled):.1%})"
        )
        for (label, got), count in misses.most_common(5):
            print(f"  {count} labelled {label}, ruled {got}")
    assert agreed / len(labelled) >= 0.95, misses.most_common(5)


@pytest.mark.parametrize("name", sorted(LABEL_SETS))
def test_drug_classes_agree_with_the_hand_labels(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A drug request's class is the subcategory its label gives under Pharmaceuticals."""
    drugs = []
    for case, letter in EXPECTED.items():
        for decision, label in zip(letter["decisions"], LABEL_SETS[name][case], strict=True):
            if label is not None and label[0] == "Pharmaceuticals":
                medication = fields.read_medication(decision["request"])
                got = medication.drug_class if medication is not None else None
                drugs.append((decision["request"], label[1], got))
    misses = [(request, label, got) for request, label, got in drugs if label != got]
    with capsys.disabled():
        agreed = len(drugs) - len(misses)
        print(
            f"\n{name}: drug class of {len(drugs)} drug requests, agreement {agreed}/{len(drugs)}"
        )
        for request, label, got in misses:
            print(f"  {request!r}: labelled {label}, read {got}")
    assert len(drugs) >= 20
    assert agreed / len(drugs) >= 0.95, misses
