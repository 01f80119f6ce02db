"""``imrparse.load`` of a PDF against a bare pypdfium2 text extraction of it.

Builds PDFs of letters with fpdf2 (one to twelve decisions), then times, in one
process and interleaved, (a) opening the PDF with pypdfium2 and reading every
page's text, the least any PDF reader must do, and (b) ``imrparse.load`` of the
same bytes. Prints medians and the ratio. Needs the ``test`` extra.

    python benchmarks/pdf.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pypdfium2

import imrparse

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
    print(f"{'letter':>24} {'pages':>5} {'KB':>5} {'bare ms':>8} {'load ms':>8} {'ratio':>6}")
    ratios = []
    for name, text in letters():
        data = letter_pdf(text)
        pages = len(pypdfium2.PdfDocument(data))
        imrparse.load(data)
        bare, full = [], []
        for _ in range(args.rounds):
            start = time.perf_counter()
            bare_extraction(data)
            middle = time.perf_counter()
            imrparse.load(data)
            end = time.perf_counter()
            bare.append(middle - start)
            full.append(end - middle)
        b, f = statistics.median(bare), statistics.median(full)
        ratios.append(f / b)
        print(
            f"{name:>24} {pages:>5} {len(data) / 1000:>5.0f} "
            f"{b * 1e3:>8.2f} {f * 1e3:>8.2f} {f / b:>6.2f}"
        )
    print(f"median ratio load/bare: {statistics.median(ratios):.2f} (target <= 1.30)")


if __name__ == "__main__":
    main()
