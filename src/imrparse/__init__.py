"""imrparse: California IMR Final Determination Letters as typed Python objects.

>>> import imrparse
>>> det = imrparse.load("letter.txt")            # doctest: +SKIP
>>> [(d.request, d.outcome.value) for d in det.decisions]   # doctest: +SKIP
[('Norco 5/325 MG #30', 'upheld')]
"""

from . import stats, view
from ._api import dump, dumps, load, loads
from ._batch import Failure, load_many
from ._records import from_json, json_schema, read_jsonl
from ._serialize import from_dict, to_dict
from ._table import to_frame
from .errors import WARNING_CODES, ParseError
from .model import (
    CaseSummary,
    Citation,
    CitationKind,
    Decision,
    Determination,
    Header,
    Medication,
    Outcome,
    PageRange,
    ParseWarning,
    Priority,
    Reviewer,
    Section,
    Sex,
    Span,
    Template,
    TreatmentCategory,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "WARNING_CODES",
    "CaseSummary",
    "Citation",
    "CitationKind",
    "Decision",
    "Determination",
    "Failure",
    "Header",
    "Medication",
    "Outcome",
    "PageRange",
    "ParseError",
    "ParseWarning",
    "Priority",
    "Reviewer",
    "Section",
    "Sex",
    "Span",
    "Template",
    "TreatmentCategory",
    "__version__",
    "dump",
    "dumps",
    "from_dict",
    "from_json",
    "json_schema",
    "load",
    "load_many",
    "loads",
    "read_jsonl",
    "stats",
    "to_dict",
    "to_frame",
    "view",
]
