"""``imrparse.load`` of a PDF against a bare pypdfium2 text extraction of it.

Builds PDFs of letters with fpdf2 (one to twelve decisions), then times, in one
process and interleaved, (a) opening the PDF with pypdfium2 and reading every
page's text, the least any PDF reader must do, (b) imrparse's extraction of
the same bytes (the text with its paragraph breaks and page furniture laid out
for normalization), and (c) ``imrparse.load`` of the same bytes, which adds
normalizing and parsing the text. Prints medians and the ratios to (a). Needs
the ``test`` extra.

    python benchmarks/pdf.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from functools import partial
from pathlib import Path

import pypdfium2
from _common import interleaved

import imrparse
from imrparse._pdf import extract_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # pdfs.py: PDFs built with fpdf2

from pdfs import letter_pdf, letters  # noqa: E402


def bare_extraction(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    texts = []
    for page in document:
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    return "\f".join(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    print(
        f"{'letter':>24} {'pages':>5} {'KB':>4} {'bare ms':>8} {'extract ms':>10} "
        f"{'load ms':>8} {'extract/bare':>12} {'load/bare':>9}"
    )
    extract_ratios, load_ratios = [], []
    for name, text in letters():
        data = letter_pdf(text)
        pages = len(pypdfium2.PdfDocument(data))
        imrparse.load(data)
        runs = [
            ("bare", partial(bare_extraction, data)),
            ("extract", partial(extract_text, data)),
            ("load", partial(imrparse.load, data)),
        ]
        timed = interleaved(runs, args.rounds)
        bare, extract, load = (statistics.median(timed[k]) for k in ("bare", "extract", "load"))
        extract_ratios.append(extract / bare)
        load_ratios.append(load / bare)
        print(
            f"{name:>24} {pages:>5} {len(data) / 1000:>4.0f} {bare * 1e3:>8.2f} "
            f"{extract * 1e3:>10.2f} {load * 1e3:>8.2f} {extract / bare:>12.2f} {load / bare:>9.2f}"
        )
    print(
        f"median ratios: extract/bare {statistics.median(extract_ratios):.2f}, "
        f"load/bare {statistics.median(load_ratios):.2f} (target: load/bare <= 1.30)"
    )


if __name__ == "__main__":
    main()
