"""The ``imrparse`` command: letters to JSON Lines, JSON, CSV or Parquet.

``imrparse parse``, ``imrparse validate``, ``imrparse stats``,
``imrparse show`` and ``imrparse schema``; see
``docs/reference/cli.md``. This module holds the arguments and the output
formats only: parsing is :func:`imrparse.load` run by the batch machinery of
:func:`imrparse.load_many`, the table's columns come from ``_table``,
uphold rates from :mod:`imrparse.stats` and the annotated view from
:mod:`imrparse.view`.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, TextIO

import attrs

from . import __version__, stats, view
from ._api import load, loads
from ._batch import Failure, imap
from ._records import determination_record, failure_record, json_schema, read_jsonl
from ._report import TOP as CHART_GROUPS
from ._table import COLUMN_NAMES, Row, arrow_table, csv_cells, frame, rows
from .errors import ParseError

if TYPE_CHECKING:
    import pandas

__all__ = ["main"]

#: What ``--format`` accepts; the first is the default.
FORMATS = ("jsonl", "json", "csv", "parquet")
#: The format of ``-o OUT`` when ``--format`` is not given, by OUT's extension.
SUFFIX_FORMATS = {".jsonl": "jsonl", ".json": "json", ".csv": "csv", ".parquet": "parquet"}
#: The path that stands for standard input, and the source name its letter gets.
STDIN, STDIN_SOURCE = "-", "<stdin>"
#: The files a folder is searched for.
LETTER_SUFFIXES = (".pdf", ".txt")
#: Exit statuses.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 1, 2, 130, 141
#: Tables ``imrparse stats`` reads as they are, by extension: those that
#: ``imrparse parse`` writes.
TABLE_SUFFIXES = (".jsonl", ".parquet")
#: Rows per Parquet row group.
_ROW_GROUP = 10_000


class _Stop(Exception):
    """``--fail-fast`` saw a failure."""


# ---------------------------------------------------------------- arguments


def _at_least(minimum: int) -> Callable[[str], int]:
    """An argument type: a whole number of at least ``minimum``."""

    def whole_number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(
                f"must be a whole number of at least {minimum}, not {text!r}"
            )
        return value

    return whole_number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imrparse",
        description="Parse IMR Final Determination Letters into structured data.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "-j", "--jobs", type=_at_least(1), default=1, metavar="N", help="parse in N processes"
    )
    options.add_argument(
        "--strict",
        action="store_true",
        help="fail a letter at its first problem instead of reading the rest of it and "
        "reporting the problem as a warning",
    )
    # The default before --strict existed; accepted so that old scripts still run.
    options.add_argument("--lenient", action="store_true", help=argparse.SUPPRESS)
    options.add_argument(
        "--fail-fast", action="store_true", help="stop at the first letter that fails"
    )
    options.add_argument(
        "--no-progress", action="store_true", help="show no progress bar in a terminal"
    )
    options.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="report nothing on standard error but usage errors: no progress bar, no "
        "failures, no summary",
    )
    inputs = argparse.ArgumentParser(add_help=False)
    inputs.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a letter (.txt or .pdf), a folder searched recursively for .pdf and .txt files, "
        "or - for a letter on standard input",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parse = commands.add_parser(
        "parse",
        parents=[inputs, options],
        help="parse letters and write them as data",
        description="Parse letters and write one record per letter (JSON formats) or one "
        "row per decision (CSV, Parquet). Exit status: 0 when every letter parsed, 1 when "
        "any failed, 2 on a usage error.",
    )
    parse.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: from the extension of OUT, .jsonl, .json, .csv or "
        ".parquet; jsonl on standard output)",
    )
    parse.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to OUT, replacing it only when the run completes (default: standard output)",
    )
    parse.add_argument(
        "--indent", type=_at_least(0), metavar="N", help="indent JSON records by N spaces"
    )
    parse.add_argument(
        "--no-text",
        action="store_true",
        help="leave each letter's text out of its JSON record (spans then point into a text "
        "the record does not hold)",
    )
    parse.add_argument(
        "--failures",
        metavar="FILE",
        help="also write a JSON Lines record for each letter that failed to FILE, replacing it "
        "only when the run completes",
    )
    validate = commands.add_parser(
        "validate",
        parents=[inputs, options],
        help="check letters and report problems, writing no data",
        description="Parse letters and report each failure and warning, one line each. "
        "Exit status: 0 when every letter parsed, 1 when any failed.",
    )
    summary = commands.add_parser(
        "stats",
        parents=[options],
        help="count decisions and uphold rates by treatment, drug class, guideline, ...",
        description="Count the decisions of letters, how many were upheld and overturned, and "
        "the uphold rate with its Wilson 95%% interval, by group: one table per grouping. "
        "Letters are read leniently unless --strict is given. Exit status: 0 when every "
        "letter was read, 1 when any failed, 2 on a usage error.",
    )
    summary.add_argument(
        "paths",
        nargs="+",
        metavar="INPUT",
        help="a letter (.txt or .pdf), a folder searched recursively for .pdf and .txt files, "
        "- for a letter on standard input, or a .jsonl or .parquet file written by "
        "imrparse parse",
    )
    summary.add_argument(
        "--by",
        nargs="+",
        action="extend",
        choices=stats.GROUPINGS,
        metavar="GROUPING",
        help=f"the groupings to count by, in order: {', '.join(stats.GROUPINGS)} (default: all)",
    )
    summary.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write the tables to OUT as one CSV file with a grouping column, replacing it "
        "only when the run completes (default: aligned text on standard output)",
    )
    summary.add_argument(
        "--html",
        metavar="REPORT",
        help="write the tables to REPORT as one HTML page readable offline, with a chart of "
        "the uphold rates and their intervals for each grouping, replacing it only when the "
        "run completes; no text is then printed (needs the report extra)",
    )
    summary.add_argument(
        "--top",
        type=_at_least(1),
        default=CHART_GROUPS,
        metavar="N",
        help=f"chart the N groups with the most decisions in the --html report "
        f"(default: {CHART_GROUPS}); the tables list them all",
    )
    show = commands.add_parser(
        "show",
        help="show where each value of one letter was read",
        description="Read one letter and list every element read from it (sections, header "
        "values, reviewer, patient, requests, outcomes, citations, warnings) with its line, or "
        "write a page of the letter's text with each element highlighted. Exit status: 0 when "
        "the letter was read, 1 when it could not be, 2 on a usage error.",
    )
    show.add_argument(
        "path", metavar="LETTER", help="a letter (.txt or .pdf), or - for standard input"
    )
    show.add_argument(
        "--html",
        metavar="OUT",
        help="write a self-contained HTML page of the letter with every element highlighted "
        "to OUT, replacing it only when it is complete",
    )
    schema = commands.add_parser("schema", help="print the JSON Schema of a parsed letter's record")
    parser.set_defaults(
        subparsers={
            "parse": parse,
            "validate": validate,
            "stats": summary,
            "show": show,
            "schema": schema,
        }
    )
    return parser


def _parse_args(argv: Sequence[str] | None) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    """The arguments, and the parser of their subcommand (whose usage errors show)."""
    parser = _parser()
    args, unknown = parser.parse_known_args(argv)
    command: argparse.ArgumentParser = args.subparsers[args.command]
    if unknown:
        command.error(f"unrecognized arguments: {' '.join(unknown)}")
    if getattr(args, "paths", []).count(STDIN) > 1:
        command.error(f"{STDIN} (standard input) can be given once")
    return command, args


# ------------------------------------------------------------------- inputs


def _walk(paths: Sequence[str], skip: Callable[[str], None]) -> Iterator[str]:
    """The letters named by the arguments, folders walked in sorted order.

    ``skip`` is called with each file of a folder left out for its extension.
    """
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            yield from _walk_folder(path, skip)
        else:
            yield path


def _walk_folder(folder: str, skip: Callable[[str], None]) -> Iterator[str]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        yield folder  # reading it fails, and reports why
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_folder(entry.path, skip)
        elif entry.is_file():
            if entry.name.lower().endswith(LETTER_SUFFIXES):
                yield entry.path
            else:
                skip(entry.path)


@contextlib.contextmanager
def _stdin_as_file(paths: Sequence[str]) -> Iterator[dict[str, str]]:
    """Standard input saved to a temporary file, when ``-`` is among ``paths``.

    Yields a map from the names the workers read to the names the results
    carry: the temporary file's path to ``<stdin>``, ``-`` to the path.
    """
    if STDIN not in paths:
        yield {}
        return
    handle, temporary = tempfile.mkstemp(prefix="imrparse-stdin-", suffix=".letter")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(sys.stdin.buffer.read())
        yield {STDIN: temporary, temporary: STDIN_SOURCE}
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


# ------------------------------------------------------------ worker's side


@attrs.frozen
class _Parsed:
    """What a worker sends back for one letter: its output, ready to write."""

    source: str
    warnings: tuple[str, ...]
    text: str = ""
    rows: tuple[Row, ...] = ()


def _read(
    path: str,
    *,
    strict: bool,
    shape: str,
    indent: int | None,
    text: bool,
    names: dict[str, str],
) -> _Parsed:
    """Parse one letter and render it; ``shape`` is "json", "table" or "none".

    ``names`` renames sources (standard input's temporary file to ``<stdin>``).
    """
    det = load(path, strict=strict)
    if path in names:
        det = attrs.evolve(det, source=names[path])
        path = names[path]
    warnings = tuple(f"{w.code}: {w.message}" for w in det.warnings)
    if shape == "json":
        record = determination_record(det, text=text)
        return _Parsed(path, warnings, text=_json(record, indent))
    if shape == "table":
        return _Parsed(path, warnings, rows=tuple(rows(det)))
    return _Parsed(path, warnings)


# ------------------------------------------------------------------ outputs


class _Writer:
    """Writes the letters of one run; ``finish`` only when the run completes."""

    def letter(self, parsed: _Parsed) -> None:
        raise NotImplementedError

    def failure(self, failure: Failure) -> None:
        """Table formats leave failures out; they are reported on stderr."""

    def finish(self) -> None:
        """Write what closes a complete output."""


def _json(record: dict[str, Any], indent: int | None) -> str:
    return json.dumps(record, ensure_ascii=False, indent=indent)


class _JsonLines(_Writer):
    def __init__(self, stream: TextIO, indent: int | None) -> None:
        self._stream = stream
        self._indent = indent

    def _failure_json(self, failure: Failure) -> str:
        return _json(failure_record(failure), self._indent)

    def letter(self, parsed: _Parsed) -> None:
        self._stream.write(parsed.text + "\n")

    def failure(self, failure: Failure) -> None:
        self._stream.write(self._failure_json(failure) + "\n")


class _JsonArray(_JsonLines):
    def __init__(self, stream: TextIO, indent: int | None) -> None:
        super().__init__(stream, indent)
        self._separator = "[\n"

    def _next(self) -> None:
        self._stream.write(self._separator)
        self._separator = ",\n"

    def letter(self, parsed: _Parsed) -> None:
        self._next()
        self._stream.write(parsed.text)

    def failure(self, failure: Failure) -> None:
        self._next()
        self._stream.write(self._failure_json(failure))

    def finish(self) -> None:
        self._stream.write("[]\n" if self._separator == "[\n" else "\n]\n")


class _Csv(_Writer):
    def __init__(self, stream: TextIO) -> None:
        self._csv = csv.writer(stream, lineterminator="\n")
        self._csv.writerow(COLUMN_NAMES)

    def letter(self, parsed: _Parsed) -> None:
        self._csv.writerows(csv_cells(row) for row in parsed.rows)


class _Parquet(_Writer):
    def __init__(self, path: str) -> None:
        import pyarrow.parquet

        self._schema = arrow_table([]).schema
        self._file = pyarrow.parquet.ParquetWriter(path, self._schema)
        self._rows: list[Row] = []

    def letter(self, parsed: _Parsed) -> None:
        self._rows.extend(parsed.rows)
        if len(self._rows) >= _ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._file.write_table(arrow_table(self._rows))
            self._rows = []

    def finish(self) -> None:
        self._flush()

    def close(self) -> None:
        self._file.close()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _atomic(path: str) -> Iterator[str]:
    """A temporary path beside ``path``, renamed to it if the block completes.

    The temporary file is removed when the block raises (a failure with
    ``--fail-fast``, Ctrl-C, an error), so an unfinished run never leaves a
    file at ``path`` that looks complete.
    """
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(
        dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".part"
    )
    os.close(handle)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def _writer(fmt: str, output: str | None, indent: int | None) -> Iterator[_Writer]:
    if fmt == "parquet":
        assert output is not None  # checked with the arguments
        with _atomic(output) as temporary:
            parquet = _Parquet(temporary)
            try:
                yield parquet
            finally:
                parquet.close()
        return
    with contextlib.ExitStack() as stack:
        stream: TextIO = sys.stdout
        if output is not None:
            temporary = stack.enter_context(_atomic(output))
            stream = stack.enter_context(open(temporary, "w", encoding="utf-8", newline=""))
        if fmt == "csv":
            yield _Csv(stream)
        elif fmt == "json":
            yield _JsonArray(stream, indent)
        else:
            yield _JsonLines(stream, indent)
        stream.flush()


# ------------------------------------------------------------------- report


class _Report:
    """Counts, the progress bar, and messages that do not garble it."""

    def __init__(self, stream: IO[str], *, quiet: bool = False, progress: bool = True) -> None:
        self.parsed = self.failed = self.warnings = self.skipped = 0
        self.decisions: int | None = None  # counted by ``stats``
        self.quiet = quiet
        self._progress = progress and not quiet
        self._stream = stream
        self._bar: Any = None

    def _skip(self, path: str) -> None:
        self.skipped += 1

    def letters(self, paths: Sequence[str]) -> Iterable[str]:
        """The letters the arguments name; listed up front, with a progress bar, when
        ``stream`` is a terminal and there is more than one, else walked lazily."""
        if not (self._progress and self._stream.isatty()):
            return _walk(paths, self._skip)
        letters = list(_walk(paths, self._skip))
        if len(letters) > 1:
            from tqdm import tqdm

            self._bar = tqdm(
                total=len(letters), file=self._stream, unit="letter", dynamic_ncols=True
            )
        return letters

    def say(self, message: str, stream: IO[str]) -> None:
        """Print a line on ``stream`` (stdout or stderr), clear of the bar; nothing
        on stderr with ``--quiet``."""
        if self.quiet and stream is not sys.stdout:
            return
        if self._bar is not None:
            self._bar.write(message, file=stream)
        else:
            print(message, file=stream)

    def count(self, result: _Parsed | Failure) -> None:
        if isinstance(result, Failure):
            self.failed += 1
        else:
            self.parsed += 1
            self.warnings += len(result.warnings)
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def summary(self) -> str:
        counts = f"{self.parsed} parsed, {self.failed} failed, {self.warnings} warnings"
        if self.skipped:
            counts += f", {self.skipped} skipped (not .pdf or .txt)"
        if self.decisions is not None:
            counts += f"; {self.decisions} decisions"
        return counts


# ----------------------------------------------------------------- commands


def _run(
    args: argparse.Namespace, letters: Iterable[str], shape: str, report: _Report
) -> Iterator[_Parsed | Failure]:
    """Every result, counted; ``_Stop`` after the first failure with ``--fail-fast``."""
    with _stdin_as_file(args.paths) as names:
        task = functools.partial(
            _read,
            strict=args.strict,
            shape=shape,
            indent=getattr(args, "indent", None),
            text=not getattr(args, "no_text", False),
            names=names,
        )
        paths = (names.get(letter, letter) for letter in letters)
        with contextlib.closing(imap(task, paths, workers=args.jobs)) as results:
            for result in results:
                if isinstance(result, Failure) and result.source in names:
                    result = attrs.evolve(result, source=names[result.source])
                report.count(result)
                yield result
                if isinstance(result, Failure) and args.fail_fast:
                    raise _Stop


def _parse(args: argparse.Namespace, letters: Iterable[str], report: _Report) -> None:
    shape = "table" if args.format in ("csv", "parquet") else "json"
    with contextlib.ExitStack() as stack:
        failures = None
        if args.failures is not None:
            temporary = stack.enter_context(_atomic(args.failures))
            failures = stack.enter_context(open(temporary, "w", encoding="utf-8"))
        writer = stack.enter_context(_writer(args.format, args.output, args.indent))
        for result in _run(args, letters, shape, report):
            if isinstance(result, Failure):
                report.say(f"imrparse: {result}", sys.stderr)
                writer.failure(result)
                if failures is not None:
                    failures.write(_json(failure_record(result), None) + "\n")
            else:
                writer.letter(result)
        writer.finish()


def _validate(args: argparse.Namespace, letters: Iterable[str], report: _Report) -> None:
    for result in _run(args, letters, "none", report):
        if isinstance(result, Failure):
            report.say(str(result), sys.stdout)
        else:
            for warning in result.warnings:
                report.say(f"{result.source}: warning: {warning}", sys.stdout)


def _is_table(path: str) -> bool:
    """Whether ``stats`` reads ``path`` as a table rather than as a letter."""
    return path.lower().endswith(TABLE_SUFFIXES) and os.path.isfile(path)


def _stats(args: argparse.Namespace, report: _Report) -> None:
    import pandas

    letters = [path for path in args.paths if not _is_table(path)]
    table_rows: list[Row] = []
    frames = []
    if letters:
        for result in _run(args, report.letters(letters), "table", report):
            if isinstance(result, Failure):
                report.say(f"imrparse: {result}", sys.stderr)
            else:
                table_rows.extend(result.rows)
    for path in args.paths:
        if not _is_table(path):
            continue
        try:
            if path.lower().endswith(".parquet"):
                read = pandas.read_parquet(path)
                report.parsed += read["source"].nunique()
                frames.append(read)
                continue
            for det in read_jsonl(path):
                if isinstance(det, Failure):
                    report.failed += 1
                    report.say(f"imrparse: {det}", sys.stderr)
                else:
                    report.parsed += 1
                    report.warnings += len(det.warnings)
                    table_rows.extend(rows(det))
        except (OSError, ValueError, KeyError) as exc:
            report.failed += 1
            report.say(f"imrparse: {path}: cannot read it: {exc}", sys.stderr)
    if report.parsed + report.failed == 0:
        return
    frames.insert(0, frame(table_rows))
    decisions = pandas.concat(frames, ignore_index=True)
    tables = stats.summary(decisions, by=args.by or stats.GROUPINGS)
    report.decisions = int(decisions["outcome"].notna().sum())
    if args.html is not None:
        page = stats.html_report(tables, read=_what_was_read(args.paths, report), top=args.top)
        with _atomic(args.html) as temporary, open(temporary, "w", encoding="utf-8") as f:
            f.write(page)
    if args.output is None:
        if args.html is None:
            print("\n\n".join(_text_table(grouping, table) for grouping, table in tables.items()))
        return
    with _atomic(args.output) as temporary, open(temporary, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("grouping", *stats.COLUMNS))
        for grouping, table in tables.items():
            for row in table.itertuples(index=False):
                writer.writerow((grouping, *(_cell(value) for value in row)))


def _what_was_read(paths: Sequence[str], report: _Report) -> dict[str, object]:
    """The inputs and counts an HTML report of ``stats`` lists."""
    read: dict[str, object] = {
        "inputs": ", ".join(STDIN_SOURCE if path == STDIN else path for path in paths),
        "letters parsed": report.parsed,
        "letters failed": report.failed,
        "warnings": report.warnings,
    }
    if report.skipped:
        read["files skipped (not .pdf or .txt)"] = report.skipped
    read["decisions"] = report.decisions
    return read


def _cell(value: object) -> str:
    """A value of a statistics table as text; rates with four decimals."""
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _text_table(grouping: str, table: pandas.DataFrame) -> str:
    """A table as aligned text under a title: groups to the left, numbers to the right."""
    title = f"Uphold rate by {grouping.replace('_', ' ')}"
    lines = [[*stats.COLUMNS]] + [
        [str(row[0]), *(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row[1:])]
        for row in table.itertuples(index=False)
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(stats.COLUMNS))]
    text = [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    ]
    return "\n".join([title, *text])


def _check_output(parser: argparse.ArgumentParser, option: str, path: str | None) -> None:
    """Exit with a usage error when ``path`` cannot be a file to write."""
    if path is None:
        return
    if os.path.isdir(path):
        parser.error(f"{option} {path}: is a folder; give a file name")
    if not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        parser.error(f"{option} {path}: its folder does not exist")


def _show(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """``imrparse show``: one letter's outline, or its annotated page."""
    _check_output(parser, "--html", args.html)
    try:
        if args.path == STDIN:
            det = loads(sys.stdin.buffer.read(), source=STDIN_SOURCE)
        else:
            det = load(args.path)
    except (ParseError, OSError) as exc:
        print(f"imrparse: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if args.html is None:
        print(view.outline(det))
        return EXIT_OK
    page = view.to_html(det)
    with _atomic(args.html) as temporary, open(temporary, "w", encoding="utf-8") as f:
        f.write(page)
    print(
        f"imrparse: {det.source}: {len(det.decisions)} decisions, {len(det.warnings)} "
        f"warnings; wrote {args.html}",
        file=sys.stderr,
    )
    return EXIT_OK


def _check_stats_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """A usage error in ``stats``' options, or a missing extra (None if neither)."""
    _check_output(parser, "-o", args.output)
    _check_output(parser, "--html", args.html)
    both = args.output is not None and args.html is not None
    if both and os.path.abspath(args.output) == os.path.abspath(args.html):
        parser.error("--html and -o name the same file")
    try:
        import pandas  # noqa: F401
    except ImportError:
        return "stats needs pandas: pip install 'imrparse[pandas]'"
    if args.html is not None:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            return "stats --html needs matplotlib: pip install 'imrparse[report]'"
    if any(_is_table(path) and path.lower().endswith(".parquet") for path in args.paths):
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            return "reading Parquet needs pyarrow: pip install 'imrparse[parquet]'"
    return None


def _check_parse_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """A usage error in ``parse``'s options, or a problem that is not (None if none).

    Sets ``args.format`` from ``-o``'s extension when ``--format`` is not given.
    """
    _check_output(parser, "-o", args.output)
    _check_output(parser, "--failures", args.failures)
    same = args.failures is not None and args.output is not None
    if same and os.path.abspath(args.failures) == os.path.abspath(args.output):
        parser.error("--failures and -o name the same file")
    if args.format is None:
        args.format = FORMATS[0]
        if args.output is not None:
            suffix = os.path.splitext(args.output)[1].lower()
            if suffix not in SUFFIX_FORMATS:
                parser.error(
                    f"-o {args.output}: cannot tell the format from its extension; name it "
                    f"{', '.join(SUFFIX_FORMATS)} or give --format"
                )
            args.format = SUFFIX_FORMATS[suffix]
    for option, given in (("--indent", args.indent is not None), ("--no-text", args.no_text)):
        if given and args.format in ("csv", "parquet"):
            parser.error(f"{option} applies to JSON output, not --format {args.format}")
    if args.format == "parquet":
        if args.output is None:
            parser.error("--format parquet needs -o OUT (Parquet is not written to a terminal)")
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            return "--format parquet needs pyarrow: pip install 'imrparse[parquet]'"
    return None


def _silence_stdout() -> None:
    """Send what is left in stdout's buffer nowhere, so exiting does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    0 when every input parsed, 1 when any failed or the output could not be
    written, 2 on a usage error (or when ``--format parquet`` lacks pyarrow),
    130 when interrupted, 141 when the output was closed early
    (``imrparse parse ... | head``).
    """
    parser, args = _parse_args(argv)
    if args.command == "schema":
        print(json.dumps(json_schema(), indent=2))
        return EXIT_OK
    if args.command == "show":
        try:
            return _show(parser, args)
        except BrokenPipeError:  # the reader went away (``| head``)
            _silence_stdout()
            return EXIT_BROKEN_PIPE
        except OSError as exc:
            print(f"imrparse: cannot write the output: {exc}", file=sys.stderr)
            return EXIT_FAILED
    if args.command in ("parse", "stats"):
        check = _check_parse_options if args.command == "parse" else _check_stats_options
        problem = check(parser, args)
        if problem is not None:
            print(f"imrparse: {problem}", file=sys.stderr)
            return EXIT_USAGE
    report = _Report(sys.stderr, quiet=args.quiet, progress=not args.no_progress)
    try:
        if args.command == "stats":
            _stats(args, report)
        elif args.command == "parse":
            _parse(args, report.letters(args.paths), report)
        else:
            _validate(args, report.letters(args.paths), report)
    except _Stop:
        pass
    except KeyboardInterrupt:
        report.close()
        report.say(f"imrparse: interrupted; {report.summary()}", sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (``| head``)
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # the output cannot be written (a full disk, say)
        _silence_stdout()
        print(f"imrparse: cannot write the output: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        report.close()
    if report.parsed + report.failed == 0:
        print(
            "imrparse: no letters found (folders are searched for .pdf and .txt files)",
            file=sys.stderr,
        )
        report.say(f"imrparse: {report.summary()}", sys.stderr)
        return EXIT_FAILED
    report.say(f"imrparse: {report.summary()}", sys.stderr)
    return EXIT_FAILED if report.failed else EXIT_OK
