"""Drug resolution and treatment categories on small made-up requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from imrparse import TreatmentCategory
from imrparse import _drugs as drugs
from imrparse import _fields as fields
from imrparse._categories import RULES, read_category

DWC_LIST = Path(__file__).resolve().parent.parent / "real" / "dwc-treatment-categories.txt"
DWC = frozenset(
    tuple(line.split(" / ", 1))
    for line in DWC_LIST.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


def test_every_rule_and_drug_class_is_spelt_as_the_dwc_list() -> None:
    assert {(category, subcategory) for category, subcategory, _ in RULES} <= DWC
    classes = {c for c in drugs.GENERICS.values() if c is not None}
    classes |= {"Topical Analgesics", "Topical Compounds"}
    assert {("Pharmaceuticals", c) for c in classes} <= DWC


def test_every_brand_resolves_to_known_generics() -> None:
    for generics in drugs.BRANDS.values():
        assert set(generics) <= set(drugs.GENERICS)


@pytest.mark.parametrize(
    ("request_text", "generics", "drug_class"),
    [
        ("Norco 10/325mg #120", ("hydrocodone", "acetaminophen"), "Opioids"),
        ("Percocet 5/325 mg #60", ("oxycodone", "acetaminophen"), "Opioids"),
        ("Ultram 50mg #60", ("tramadol",), "Opioids"),
        ("Flexeril 10 mg #30", ("cyclobenzaprine",), "Muscle Relaxant"),
        ("Soma 350mg #90", ("carisoprodol",), "Muscle Relaxant"),
        ("Zanaflex 4mg #60", ("tizanidine",), "Muscle Relaxant"),
        ("Neurontin 600mg #90", ("gabapentin",), "Anti-epilepsy drugs"),
        ("Lyrica 75 mg #60", ("pregabalin",), "Anti-epilepsy drugs"),
        ("Anaprox DS 550mg #60", ("naproxen",), "NSAID"),
        ("Prilosec DR 20 mg", ("omeprazole",), "Proton Pump Inhibitors"),
        ("Ambien 10mg #30", ("zolpidem",), "Sedative-hypnotics"),
        ("Xanax 0.5 mg #30", ("alprazolam",), "Benzodiazepines"),
        ("Cymbalta 60mg #30", ("duloxetine",), "Antidepressant"),
        ("Elavil 25 mg #30", ("amitriptyline",), "Antidepressant"),
        ("Duexis 800-26.6mg #90", ("ibuprofen", "famotidine"), "NSAID"),
        # the class of a combination is not acetaminophen's
        ("Trezix capsule 320.5/30/16mg", ("acetaminophen", "caffeine", "dihydrocodeine"),
         "Opioids"),
        # brand and generic name together count once
        ("Norco (hydrocodone/APAP) 10/325mg #120", ("hydrocodone", "acetaminophen"), "Opioids"),
        # applied to the skin: one ingredient, several, an opioid patch
        ("Voltaren gel 1% 100 g", ("diclofenac",), "Topical Analgesics"),
        ("Voltaren XR 100 mg #30", ("diclofenac",), "NSAID"),
        ("Lidoderm 5% patch #30", ("lidocaine",), "Topical Analgesics"),
        ("Terocin 120 ml", ("methyl salicylate", "capsaicin", "menthol", "lidocaine"),
         "Topical Compounds"),
        ("Ketoprofen 20%/Lidocaine 5% cream 120 gm", ("ketoprofen", "lidocaine"),
         "Topical Compounds"),
        ("Fluriflex (Flurbiprofen 15%/Cyclobenzaprine 10%) 180gm",
         ("flurbiprofen", "cyclobenzaprine"), "Topical Compounds"),
        ("Fentanyl 25mcg/hr patch #10", ("fentanyl",), "Opioids"),
        # an ingredient without a class of its own
        ("Dextromethorphan 30 mg", ("dextromethorphan",), None),
        # unknown: nothing, not a guess
        ("Zyxolam 10 mg #30", (), None),
    ],
)  # fmt: skip
def test_resolve(request_text: str, generics: tuple[str, ...], drug_class: str | None) -> None:
    assert drugs.resolve(request_text) == (generics, drug_class)


def test_names_are_whole_words() -> None:
    assert drugs.resolve("Somatic dysfunction treatment") == ((), None)


PT_OT = ("Rehabilitation", "Physical Therapy/Occupational Therapy (PT/OT)")


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("Norco 10/325mg #120", ("Pharmaceuticals", "Opioids")),
        ("Post-op Zofran", ("Pharmaceuticals", "Antiemetic")),
        ("MRI of the lumbar spine without contrast", ("Diagnostic Testing", "Imaging/Radiology")),
        ("X-rays of the left knee", ("Diagnostic Testing", "Imaging/Radiology")),
        ("EMG/NCV of the bilateral lower extremities", ("Diagnostic Testing", "EMG/NCV/NCS")),
        ("Urine drug screen", ("Diagnostic Testing", "Lab & Pathology")),
        ("Labs - PT/PTT", ("Diagnostic Testing", "Lab & Pathology")),
        ("Functional capacity evaluation", ("Diagnostic Testing", "Other Diagnostic Tests")),
        ("Physical therapy 2 times a week for 6 weeks", PT_OT),
        ("Post-op physical therapy 12 sessions", PT_OT),
        ("Chiropractic treatment for the lumbar spine", ("Rehabilitation", "Chiropractic")),
        ("Twelve acupuncture visits with Capsaicin patch", ("Rehabilitation", "Acupuncture")),
        ("Ultrasound 1 times 8", ("Rehabilitation", "Other Therapies")),
        ("Ultrasound of the right shoulder", ("Diagnostic Testing", "Imaging/Radiology")),
        ("TENS unit purchase", ("DMEPOS", "Electrical Stimulation")),
        ("Electrical stimulation 1 times 8", ("Rehabilitation", "Other Therapies")),
        ("Lumbar support brace", ("DMEPOS", "Prosthetics/Orthotics")),
        ("Cold therapy unit rental for 14 days", ("DMEPOS", "DME")),
        ("Hot/cold pads", ("DMEPOS", "Supplies")),
        ("Lumbar epidural steroid injection at L4-L5", ("Injection", "Injection")),
        ("Bilateral L4-L5 facet injections", ("Injection", "Facet Injection")),
        ("Trigger point injections with 1% lidocaine #4", ("Injection", "Injection")),
        ("Synvisc injection to the right knee", ("Pharmaceuticals", "Viscosupplementation")),
        ("Right shoulder arthroscopy with rotator cuff repair",
         ("Surgery", "Arthroscopic Surgery")),
        ("L4-L5 posterior lumbar fusion", ("Surgery", "Spine")),
        ("Right carpal tunnel release", ("Surgery", "Non-arthroscopic Surgery")),
        ("Referral to a spine surgeon for consultation", ("Surgery", "Surgical Consult")),
        ("Pre-op medical clearance", ("Surgery", "Adjunct Surgical Services")),
        ("Follow-up visit with a pain management specialist",
         ("Evaluation & Management", "Medical Specialties")),
        ("Cognitive behavioral therapy, six sessions", ("Psych Services", "Therapies")),
        ("Psychological evaluation", ("Psych Services", "Evaluation & Management")),
        ("Functional restoration program, 80 hours", ("Programs", "Programs")),
        ("Home health care four hours a day", ("Home Health", "Home Health")),
        ("Transportation to and from medical appointments",
         ("Transportation", "Transportation")),
        # words inside an aside count only when nothing outside fits
        ("Localized intense neurostimulation therapy [following TPII]",
         ("Rehabilitation", "Other Therapies")),
        # nothing fits: no category, not a guess
        ("Gym membership for one year", None),
        ("Zyxolam 10 mg #30", None),
    ],
)  # fmt: skip
def test_read_category(request_text: str, expected: tuple[str, str] | None) -> None:
    category = read_category(request_text, fields.read_medication(request_text))
    assert category == (TreatmentCategory(*expected) if expected is not None else None)
