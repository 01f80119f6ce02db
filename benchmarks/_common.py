"""What the benchmarks share: the sample letters, corpora, timing, grammar terminals.

The benchmarks run as scripts (``python benchmarks/parse.py``), so they import
this as a sibling module: ``from _common import ...``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from imrparse._parse import _bare


def terminal_regexps(parser: Any) -> Iterator[tuple[str, str]]:
    """The bare name and the regular expression of each terminal of a lark parser."""
    for terminal in parser.terminals:
        yield _bare(terminal.name), terminal.pattern.to_regexp()
