"""The ``imrparse`` command: read letters, write JSON Lines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._api import dumps, load
from .errors import ParseError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imrparse",
        description="Parse IMR Final Determination Letters into structured data.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse letters and print one JSON record per letter")
    parse.add_argument("paths", nargs="+", metavar="PATH", help="letter files (.txt or .pdf)")
    parse.add_argument(
        "--lenient",
        action="store_true",
        help="report recoverable problems as warnings instead of failing the letter",
    )
    parse.add_argument("--indent", type=int, default=None, help="indent the JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    0 when every input parsed, 1 when any failed, 2 on a usage error.
    """
    args = _parser().parse_args(argv)
    failed = 0
    for path in args.paths:
        try:
            det = load(path, strict=not args.lenient)
        except (ParseError, OSError) as exc:
            failed += 1
            print(f"imrparse: {exc}", file=sys.stderr)
            continue
        print(dumps(det, indent=args.indent))
    return 1 if failed else 0
