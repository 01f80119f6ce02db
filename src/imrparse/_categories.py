"""Treatment categories, as data: which words make a request which kind of
treatment, in the DWC's classification of IMR requests.

A drug request takes its category from its drug's class
(:func:`imrparse._drugs.resolve`). Any other request goes through
:data:`RULES` in order, and the first rule one of whose words it holds gives
the category; a request no rule fits has none. Words are regular-expression
fragments matched as whole words in any case, first in the request without
its parenthesized asides (``[following TPII]``), then in the whole request.
"""

from __future__ import annotations

import functools
import re

from . import _drugs as drugs
from .model import Medication, TreatmentCategory

__all__ = ["RULES", "read_category"]

PHARMACEUTICALS = "Pharmaceuticals"

#: (category, subcategory, words), tried in this order: the more specific
#: kind before the word it shares with a broader one (a surgical consult
#: before surgery, a TENS unit before electrical stimulation sessions).
RULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (PHARMACEUTICALS, "Viscosupplementation", (
        r"synvisc", r"euflexxa", r"orthovisc", r"supartz", r"hyalgan", r"monovisc",
        r"gel-one", r"hyaluronic", r"viscosupplement\w*",
    )),
    ("Surgery", "Surgical Consult", (
        r"surg\w*\s+(?:consult\w*|eval\w*|referral|opinion)",
        r"(?:consult\w*|eval\w*|referral|toc|transfer\s+of\s+care)\b.*\bsurg(?:eon|ery|ical)",
        r"surgeon\b.*\b(?:consult\w*|eval\w*)",
    )),
    ("Surgery", "Adjunct Surgical Services", (
        r"assistant\s+surgeon", r"co-?surgeon", r"(?:medical|surgical|pre-?op\w*)\s+clearance",
        r"anesthesi\w*", r"(?:inpatient|hospital)\s+stay", r"length\s+of\s+stay",
    )),
    ("Diagnostic Testing", "EMG/NCV/NCS", (
        r"emg", r"ncv", r"ncs", r"nerve\s+conduction\w*", r"electromyogra\w*",
    )),
    ("Diagnostic Testing", "Lab & Pathology", (
        r"labs?", r"cbc", r"ua", r"urinalysis", r"urine\s+(?:drug\s+)?(?:screen\w*|test\w*)",
        r"drug\s+(?:screen\w*|test\w*)", r"blood\s+(?:test\w*|work|draw)", r"pt/ptt", r"ptt",
        r"inr", r"a1c", r"(?:chem\w*|metabolic|lipid|hepatic|thyroid)\s+panel", r"toxicology",
        r"(?:genetic|dna)\s+test\w*", r"pathology", r"cultures?",
    )),
    ("Diagnostic Testing", "Other Diagnostic Tests", (
        r"ekg", r"ecg", r"electrocardiogra\w*", r"echocardiogra\w*", r"tpii",
        r"impedance\s+imaging", r"functional\s+capacity\s+evaluation", r"fce",
        r"sleep\s+stud\w*", r"polysomnogra\w*", r"stress\s+test", r"pulmonary\s+function",
        r"spirometry", r"audiogra\w*", r"videonystagmogra\w*", r"diagnostic\s+stud\w*",
    )),
    ("Injection", "Facet Injection", (
        r"facet\w*", r"medial\s+branch", r"radiofrequency", r"rhizotom\w*", r"neurotom\w*",
    )),
    ("Injection", "Injection", (
        r"inject\w*", r"epidural\w*", r"esi", r"nerve\s+blocks?", r"blocks?",
        r"trigger\s+points?", r"prp", r"platelet[\s-]+rich", r"botox", r"shots?",
    )),
    ("Diagnostic Testing", "Imaging/Radiology", (
        r"mri", r"mra", r"ct", r"cat\s+scan", r"x-?rays?", r"radiograph\w*",
        r"magnetic\s+resonance", r"imaging", r"ultrasound\s+(?:of|for)", r"sonogra\w*",
        r"(?:diagnostic|doppler)\s+ultrasound", r"bone\s+scan", r"dexa", r"myelogra\w*",
        r"arthrogra\w*", r"pet\s+scan", r"scans?",
    )),
    ("Programs", "Programs", (
        r"functional\s+restoration", r"frp", r"partial\s+hospitali\w*", r"day\s+treatment",
        r"detox\w*", r"work\s+(?:hardening|conditioning)", r"programs?",
    )),
    ("Psych Services", "Therapies", (
        r"psychotherap\w*", r"(?:psych\w*|behavio\w*)\s+(?:therap\w*|treatment|sessions?)",
        r"cognitive\s+behavio\w*", r"cbt", r"counsel\w*",
    )),
    ("Psych Services", "Evaluation & Management", (
        r"psych\w*", r"mental\s+health",
    )),
    ("Home Health", "Home Health", (
        r"home\s+health", r"home\s+care", r"home\s+(?:health\s+)?aides?", r"caregiver\w*",
        r"nursing", r"home\s+assistance",
    )),
    ("Transportation", "Transportation", (r"transport\w*", r"taxi", r"mileage")),
    ("Rehabilitation", "Acupuncture", (r"acupuncture", r"electroacupuncture")),
    ("Rehabilitation", "Chiropractic", (
        r"chiro\w*", r"spinal\s+manipulation\w*", r"manipulation\w*",
    )),
    ("Rehabilitation", "Physical Therapy/Occupational Therapy (PT/OT)", (
        r"physical\s+therap\w*", r"occupational\s+therap\w*", r"pt", r"ot", r"pt/ot",
        r"physiotherap\w*", r"therapeutic\s+exercises?", r"manual\s+therapy",
        r"aquatic\s+therap\w*", r"pool\s+therapy", r"hand\s+therapy", r"rehab\w*",
    )),
    ("DMEPOS", "Electrical Stimulation", (
        r"tens", r"ems", r"interferential", r"h-wave", r"(?:stim\w*|stimulator)\s+units?",
    )),
    ("DMEPOS", "DME", (
        r"cold\s+therapy", r"cryotherapy", r"vascutherm", r"game\s+ready", r"ice\s+machine",
        r"wheelchair", r"commode", r"(?:shower|bath)\w*\s+chair", r"bath/shower\s+chair",
        r"walker", r"canes?", r"crutch\w*", r"scooter", r"pillows?", r"mattress",
        r"hospital\s+bed", r"workstation", r"desk", r"chair", r"cpap", r"dme",
        r"durable\s+medical", r"equipment", r"units?", r"rental",
    )),
    ("Rehabilitation", "Other Therapies", (
        r"electrical\s+stimulation", r"e-?stim", r"infrared", r"ultrasound", r"biofeedback",
        r"shock\s*wave", r"eswt", r"neurostimulation", r"laser\s+therap\w*", r"massage",
        r"traction", r"diathermy", r"paraffin", r"iontophoresis",
    )),
    ("DMEPOS", "Prosthetics/Orthotics", (
        r"braces?", r"orthotics?", r"orthos[ie]s", r"splints?", r"sling\w*", r"ultrasling",
        r"(?:lumbar|back|lumbosacral|sacral|knee|wrist)\s+supports?", r"collar",
        r"insoles?", r"shoe\s+inserts?", r"prosthe\w*", r"(?:cam|walking)\s+boot",
    )),
    ("DMEPOS", "Supplies", (
        r"supplies", r"gloves?", r"wipes?", r"electrodes?", r"batter(?:y|ies)", r"pads?",
        r"wraps?", r"dressings?", r"bandages?", r"kits?",
    )),
    ("Evaluation & Management", "Dental Services", (
        r"dental", r"dentist\w*", r"teeth", r"tooth", r"periodont\w*",
    )),
    ("Surgery", "Arthroscopic Surgery", (r"arthroscop\w*",)),
    ("Surgery", "Spine", (
        r"fusion", r"laminectom\w*", r"laminotom\w*", r"discectom\w*", r"foraminotom\w*",
        r"kyphoplast\w*", r"vertebroplast\w*", r"disc\s+replacement",
    )),
    ("Surgery", "Non-arthroscopic Surgery", (
        r"surgery", r"repair", r"release", r"arthroplast\w*", r"replacement", r"orif",
        r"fixation", r"excision", r"tenodesis", r"reconstruction", r"resection",
        r"amputation", r"carpal\s+tunnel",
    )),
    ("Evaluation & Management", "Medical Specialties", (
        r"consult\w*", r"referral", r"evaluation", r"eval", r"follow[\s-]?up\w*",
        r"office\s+visits?", r"visits?", r"exam\w*", r"specialist", r"pain\s+management",
        r"orthop\w*", r"neurolog\w*", r"internal\s+medicine", r"physiatr\w*",
        r"rheumatolog\w*", r"podiatr\w*", r"toc", r"transfer\s+of\s+care",
    )),
)  # fmt: skip

_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


@functools.cache
def _rules() -> tuple[tuple[TreatmentCategory, re.Pattern[str]], ...]:
    return tuple(
        (
            TreatmentCategory(category, subcategory),
            re.compile(rf"(?<![\w-])(?:{'|'.join(words)})(?![\w-])", re.IGNORECASE),
        )
        for category, subcategory, words in RULES
    )


def read_category(request: str, medication: Medication | None) -> TreatmentCategory | None:
    """The kind of treatment a request is; None when nothing fits.

    A drug request whose drug has a class is ``Pharmaceuticals`` and that
    class. Otherwise the first of :data:`RULES` that fits the request gives
    the category; failing them all, a known drug named in the request (``Post-op
    Zofran``) gives its class.
    """
    if medication is not None and medication.drug_class is not None:
        return TreatmentCategory(PHARMACEUTICALS, medication.drug_class)
    without_asides = _ASIDE.sub(" ", request)
    for text in (without_asides, request) if without_asides != request else (request,):
        for category, pattern in _rules():
            if pattern.search(text):
                return category
    _, drug_class = drugs.resolve(request)
    return TreatmentCategory(PHARMACEUTICALS, drug_class) if drug_class is not None else None
