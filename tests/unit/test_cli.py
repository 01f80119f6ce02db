"""The ``imrparse`` command: formats, folders, exit statuses, -o, progress.

Ctrl-C is tested with load_many's, in test_batch.py.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import random
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import attrs
import pyarrow.parquet
import pytest

import imrparse
from imrparse._table import COLUMN_NAMES, arrow_table, csv_cells, rows
from imrparse.cli import main
from letters import EXAMPLES
from pdfs import letter_pdf, same_letter

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = EXAMPLES / "issues_decisions_rationales.txt"
BIN = Path(sys.executable).parent


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two good letters (2 and 1 decisions) and a file of random bytes."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    one_decision = text[: text.index("Physical therapy for the lumbar spine, two")].rstrip()
    (corpus / "b.txt").write_text(one_decision + "\n", encoding="utf-8")
    (corpus / "noise.txt").write_bytes(random.Random(5).randbytes(4096))
    return corpus


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_jsonl_has_a_record_per_letter_and_per_failure(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "parse", str(folder))
    assert status == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [Path(r["source"]).name for r in records] == ["a.txt", "b.txt", "noise.txt"]
    assert [len(r["decisions"]) for r in records[:2]] == [2, 1]
    assert imrparse.from_dict(records[0]) == imrparse.load(folder / "a.txt")
    assert [r["kind"] for r in records] == ["determination", "determination", "failure"]
    assert records[2]["error"]["type"] == "ParseError"
    assert set(records[2]["error"]) == {"type", "message", "line", "column", "page"}
    assert err.splitlines()[-1] == "imrparse: 2 parsed, 1 failed, 0 warnings"
    assert "noise.txt" in err


def test_csv_has_a_header_and_a_row_per_decision(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "parse", str(folder), "--format", "csv")
    assert status == 1
    header, *body = list(csv.reader(io.StringIO(out)))
    assert tuple(header) == COLUMN_NAMES
    assert [(Path(r[0]).name, r[COLUMN_NAMES.index("decision_number")]) for r in body] == [
        ("a.txt", "1"),
        ("a.txt", "2"),
        ("b.txt", "1"),
    ]
    expected = [
        csv_cells(row) for name in ("a.txt", "b.txt") for row in rows(imrparse.load(folder / name))
    ]
    assert body == expected


def test_a_clean_run_exits_0_and_ends_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "parse", str(EXAMPLE), str(EXAMPLE))
    assert (status, err) == (0, "imrparse: 2 parsed, 0 failed, 0 warnings\n")
    assert len(out.splitlines()) == 2


def test_quiet_reports_nothing_on_stderr(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "parse", str(folder), "--quiet")
    assert (status, err) == (1, "")
    assert len(out.splitlines()) == 3


def test_files_skipped_for_their_extension_are_counted(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "notes.md").write_text("notes\n", encoding="utf-8")
    (folder / "scan.tiff").write_bytes(b"II*\x00")
    _, _, err = run(capsys, "validate", str(folder))
    assert err.splitlines()[-1] == (
        "imrparse: 2 parsed, 1 failed, 0 warnings, 2 skipped (not .pdf or .txt)"
    )


def test_a_dash_reads_a_letter_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, _ = run(capsys, "parse", "-", str(EXAMPLE))
    assert status == 0
    from_stdin, from_file = (json.loads(line) for line in out.splitlines())
    assert from_stdin["source"] == "<stdin>"
    assert {**from_stdin, "source": None} == {**from_file, "source": None}


def test_a_failure_on_standard_input_is_named_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"not a letter\n")))
    status, out, err = run(capsys, "parse", "-")
    assert status == 1
    assert json.loads(out)["source"] == "<stdin>"
    assert err.startswith("imrparse: <stdin>:1:1: ParseError: ")


def test_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"imrparse {imrparse.__version__}\n"


def test_json_is_one_array(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "parse", str(folder), "--format", "json", "-j", "2")
    assert status == 1
    records = json.loads(out)
    assert [("error" in r) for r in records] == [False, False, True]


def test_json_of_no_letters_is_an_empty_array(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "parse", str(tmp_path), "--format", "json")
    assert json.loads(out) == []
    assert status == 1 and "no letters found" in err


def test_indent_pretty_prints_records(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "parse", str(EXAMPLE), "--indent", "2")
    assert status == 0
    assert out.startswith('{\n  "kind": "determination",\n  "template": ')
    assert imrparse.from_json(out) == imrparse.load(EXAMPLE)


def test_parquet_holds_the_csv_rows_typed(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letters.parquet"
    status, stdout, _ = run(capsys, "parse", str(folder), "--format", "parquet", "-o", str(out))
    assert (status, stdout) == (1, "")
    table = pyarrow.parquet.read_table(out)
    expected = [row for name in ("a.txt", "b.txt") for row in rows(imrparse.load(folder / name))]
    assert table.schema == arrow_table([]).schema
    assert [tuple(r.values()) for r in table.to_pylist()] == expected


def test_folders_are_walked_recursively_in_sorted_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for name in ("b/z.txt", "b/a/y.TXT", "a.txt", "c.txt", "b/notes.md", "b/m.txt"):
        path = tmp_path / "root" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    named = tmp_path / "named.letter"
    named.write_text(text, encoding="utf-8")
    status, out, _ = run(capsys, "parse", str(tmp_path / "root"), str(named))
    assert status == 0
    sources = [Path(json.loads(line)["source"]) for line in out.splitlines()]
    root = tmp_path / "root"
    assert [str(p.relative_to(tmp_path)) for p in sources] == [
        "root/a.txt",
        "root/b/a/y.TXT",
        "root/b/m.txt",
        "root/b/z.txt",
        "root/c.txt",
        "named.letter",
    ]
    assert root.is_dir()


def test_pdf_letters_are_read_in_worker_processes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "a.pdf").write_bytes(letter_pdf(text, lines_per_page=30))
    (tmp_path / "b.PDF").write_bytes(b"%PDF-1.4\n" + random.Random(3).randbytes(2000))
    (tmp_path / "c.txt").write_text(text, encoding="utf-8")
    status, out, _ = run(capsys, "parse", str(tmp_path), "-j", "2")
    assert status == 1
    pdf, broken, txt = (json.loads(line) for line in out.splitlines())
    assert pdf["source"] == str(tmp_path / "a.pdf")
    assert same_letter(imrparse.from_dict(pdf), imrparse.from_dict(txt))
    assert broken["source"] == str(tmp_path / "b.PDF")
    assert broken["error"]["type"] == "ParseError"


def test_a_missing_path_is_a_failure_not_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "parse", str(tmp_path / "gone.txt"), str(EXAMPLE))
    assert status == 1
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["error"]["type"] == "FileNotFoundError"
    assert second["decisions"]
    assert err.splitlines()[-1] == "imrparse: 1 parsed, 1 failed, 0 warnings"


def test_jobs_do_not_change_the_output(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("jsonl", "csv"):
        one = run(capsys, "parse", str(folder), str(folder), "--format", fmt)
        two = run(capsys, "parse", str(folder), str(folder), "--format", fmt, "-j", "2")
        assert one == two


@pytest.mark.parametrize("lenient", [[], ["--lenient"]], ids=["default", "old-lenient-option"])
def test_problems_are_counted_warnings_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lenient: list[str]
) -> None:
    letter = tmp_path / "page.txt"
    letter.write_text("By fax.\n\n" + EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    status, out, err = run(capsys, "parse", str(letter), *lenient)
    assert status == 0
    assert json.loads(out)["warnings"][0]["code"] == "unplaced_text"
    assert err == "imrparse: 1 parsed, 0 failed, 1 warnings\n"


def test_strict_fails_a_letter_at_its_first_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = tmp_path / "page.txt"
    letter.write_text("By fax.\n\n" + EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    status, out, err = run(capsys, "parse", str(letter), "--strict")
    assert status == 1
    assert json.loads(out)["error"]["line"] == 1
    assert err.splitlines()[-1] == "imrparse: 0 parsed, 1 failed, 0 warnings"


def test_the_cli_passes_strict_whatever_the_library_default(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[object] = []

    def load(path: str, **options: object) -> imrparse.Determination:
        seen.append(options.get("strict"))
        return imrparse.load(path, strict=True)

    monkeypatch.setattr("imrparse.cli.load", load)
    run(capsys, "parse", str(EXAMPLE))
    run(capsys, "parse", str(EXAMPLE), "--strict")
    assert seen == [False, True]


def test_records_read_back_with_read_jsonl(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letters.jsonl"
    assert run(capsys, "parse", str(folder), "-o", str(out))[0] == 1
    a, b, noise = imrparse.read_jsonl(out)
    assert (a, b) == (imrparse.load(folder / "a.txt"), imrparse.load(folder / "b.txt"))
    with pytest.raises(imrparse.ParseError) as raised:
        imrparse.load(folder / "noise.txt")
    assert noise == imrparse.Failure.from_exception(raised.value, str(folder / "noise.txt"))


def test_no_text_leaves_the_letter_text_out(capsys: pytest.CaptureFixture[str]) -> None:
    _, full, _ = run(capsys, "parse", str(EXAMPLE))
    status, out, _ = run(capsys, "parse", str(EXAMPLE), "--no-text")
    assert status == 0
    record = json.loads(out)
    assert "text" not in record
    assert {**record, "text": json.loads(full)["text"]} == json.loads(full)
    assert len(out) < len(full) - len(EXAMPLE.read_text(encoding="utf-8")) // 2
    assert imrparse.from_json(out) == attrs.evolve(imrparse.load(EXAMPLE), text="")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_failures_go_to_their_own_file(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    (folder / "m.txt").write_text("not a letter\n", encoding="utf-8")
    failures = tmp_path / "failures.jsonl"
    out = tmp_path / f"letters.{fmt}"
    status, _, err = run(capsys, "parse", str(folder), "-o", str(out), "--failures", str(failures))
    assert status == 1
    records = [json.loads(line) for line in failures.read_text(encoding="utf-8").splitlines()]
    assert [(r["kind"], Path(r["source"]).name) for r in records] == [
        ("failure", "m.txt"),
        ("failure", "noise.txt"),
    ]
    assert set(records[0]["error"]) == {"type", "message", "line", "column", "page"}
    assert [f.source for f in imrparse.read_jsonl(failures)] == [r["source"] for r in records]
    assert err.splitlines()[-1] == "imrparse: 2 parsed, 2 failed, 0 warnings"


def test_a_run_without_failures_writes_an_empty_failures_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failures = tmp_path / "failures.jsonl"
    assert run(capsys, "parse", str(EXAMPLE), "--failures", str(failures))[0] == 0
    assert failures.read_text(encoding="utf-8") == ""


# ------------------------------------------------------------------- -o


def test_output_file_is_written_with_the_usual_permissions(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letters.csv"
    status, stdout, _ = run(capsys, "parse", str(folder), "--format", "csv", "-o", str(out))
    assert (status, stdout) == (1, "")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "letters.csv"]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_fail_fast_stops_and_leaves_no_output_file(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    (folder / "m.txt").write_text("not a letter\n", encoding="utf-8")
    out = tmp_path / "letters.out"
    out.write_text("the previous run's\n", encoding="utf-8")
    argv = ["parse", str(folder), "--format", fmt, "-o", str(out), "--fail-fast"]
    status, _, err = run(capsys, *argv)
    assert status == 1
    assert "m.txt" in err and "noise.txt" not in err
    assert err.splitlines()[-1] == "imrparse: 2 parsed, 1 failed, 0 warnings"
    assert out.read_text(encoding="utf-8") == "the previous run's\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "letters.out"]


def test_fail_fast_on_stdout_stops_after_the_failure_record(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "m.txt").write_text("not a letter\n", encoding="utf-8")
    status, out, _ = run(capsys, "parse", str(folder), "--fail-fast", "-j", "2")
    assert status == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [Path(r["source"]).name for r in records] == ["a.txt", "b.txt", "m.txt"]


# -------------------------------------------------------- validate, schema


def test_validate_reports_problems_and_writes_no_data(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = folder / "page.txt"
    page.write_text("By fax.\n\n" + EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    status, out, err = run(capsys, "validate", str(folder), "--lenient")
    assert status == 1
    noise, warning = out.splitlines()
    assert noise.startswith(f"{folder / 'noise.txt'}:1:1: ParseError: the input is binary")
    assert warning.startswith(f"{page}: warning: unplaced_text: ")
    assert err == "imrparse: 3 parsed, 1 failed, 1 warnings\n"
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt", "noise.txt", "page.txt"]


def test_validate_of_good_letters_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", str(EXAMPLE)) == (
        0,
        "",
        "imrparse: 1 parsed, 0 failed, 0 warnings\n",
    )


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema")
    assert status == 0
    assert json.loads(out) == imrparse.json_schema()


# --------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param([], id="no-command"),
        pytest.param(["parse"], id="no-path"),
        pytest.param(["parse", "x.txt", "--no-such-option"], id="unknown-option"),
        pytest.param(["parse", "x.txt", "-j", "0"], id="no-workers"),
        pytest.param(["parse", "x.txt", "--format", "xml"], id="unknown-format"),
        pytest.param(["parse", "x.txt", "--format", "parquet"], id="parquet-without-o"),
        pytest.param(["parse", "x.txt", "--format", "csv", "--indent", "2"], id="indented-csv"),
        pytest.param(["parse", "x.txt", "--indent", "-1"], id="negative-indent"),
        pytest.param(["parse", "x.txt", "-o", "x.csv", "--no-text"], id="csv-without-text"),
        pytest.param(["parse", "x.txt", "-o", "x.jsonl", "--failures", "x.jsonl"], id="same-file"),
        pytest.param(["parse", "x.txt", "--failures", "no/such/f.jsonl"], id="failures-no-folder"),
        pytest.param(["parse", "x.txt", "-o", "no/such/folder/x.jsonl"], id="o-in-no-folder"),
        pytest.param(["parse", "x.txt", "-o", "."], id="o-is-a-folder"),
        pytest.param(["parse", "x.txt", "-o", "out.xlsx"], id="o-of-unknown-format"),
        pytest.param(["parse", "x.txt", "-o", "out"], id="o-without-extension"),
        pytest.param(["parse", "-", "x.txt", "-"], id="stdin-twice"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "usage: imrparse" in err
    if argv and argv[0] == "parse":  # the subcommand's usage, not the program's
        assert err.startswith("usage: imrparse parse ")


@pytest.mark.parametrize(
    ("name", "first_line"),
    [
        ("out.jsonl", '{"kind": "determination", '),
        ("out.JSON", "["),
        ("out.csv", ",".join(COLUMN_NAMES)),
    ],
)
def test_the_format_follows_the_output_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, first_line: str
) -> None:
    out = tmp_path / name
    assert run(capsys, "parse", str(EXAMPLE), "-o", str(out))[0] == 0
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith(first_line)


def test_an_output_named_parquet_is_parquet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "decisions.parquet"
    assert run(capsys, "parse", str(EXAMPLE), "-o", str(out))[0] == 0
    assert pyarrow.parquet.read_table(out).num_rows == 2


def test_format_overrides_the_output_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.txt"
    assert run(capsys, "parse", str(EXAMPLE), "-o", str(out), "--format", "csv")[0] == 0
    assert out.read_text(encoding="utf-8").startswith("source,")


def test_parquet_without_pyarrow_says_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    out = tmp_path / "x.parquet"
    status, _, err = run(capsys, "parse", str(EXAMPLE), "--format", "parquet", "-o", str(out))
    assert status == 2
    assert "pip install 'imrparse[parquet]'" in err
    assert not out.exists()


# ------------------------------------------------ as a program, in a terminal


@pytest.mark.parametrize(
    "command",
    [[str(BIN / "imrparse")], [sys.executable, "-m", "imrparse"]],
    ids=["console-script", "python-m"],
)
def test_the_program_runs_both_ways(command: list[str], folder: Path) -> None:
    done = subprocess.run(
        [*command, "parse", str(folder), "-j", "2"], capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr
    assert len(done.stdout.splitlines()) == 3
    assert done.stderr.splitlines()[-1] == "imrparse: 2 parsed, 1 failed, 0 warnings"


def _stderr_of_run_in_terminal(*argv: str) -> tuple[int, str]:
    """Run the program with stderr on a pseudo-terminal; its status and stderr."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "imrparse", *argv],
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the program has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    return process.wait(), b"".join(chunks).decode("utf-8", "replace")


def test_a_progress_bar_shows_in_a_terminal_for_several_letters(folder: Path) -> None:
    status, shown = _stderr_of_run_in_terminal("parse", str(folder))
    assert status == 1
    assert "3/3" in shown and "letter" in shown
    assert "noise.txt" in shown


def test_no_progress_bar_for_one_letter_or_off_a_terminal(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, shown = _stderr_of_run_in_terminal("parse", str(EXAMPLE))
    assert (status, shown) == (0, "imrparse: 1 parsed, 0 failed, 0 warnings\r\n")
    _, _, err = run(capsys, "parse", str(folder))
    assert "3/3" not in err


def test_no_progress_leaves_the_bar_out(folder: Path) -> None:
    status, shown = _stderr_of_run_in_terminal("parse", str(folder), "--no-progress")
    assert status == 1
    assert "3/3" not in shown
    assert shown.splitlines()[-1] == "imrparse: 2 parsed, 1 failed, 0 warnings"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_output_that_cannot_be_written_is_reported(folder: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "imrparse", "parse", str(folder / "a.txt")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 1
    assert done.stderr.startswith("imrparse: cannot write the output: ")
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_a_closed_pipe_ends_the_run_quietly(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "imrparse", "parse", *[str(EXAMPLE)] * 200],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait() == 141, err
    assert "Traceback" not in err


# ------------------------------------------------------------------ docs


def _console_examples(page: Path) -> list[tuple[str, list[str]]]:
    """The ``$ command`` lines of a page's console blocks, with their output."""
    examples: list[tuple[str, list[str]]] = []
    text = page.read_text(encoding="utf-8")
    for block in re.findall(r"^```console\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            else:
                examples[-1][1].append(line)
    return examples


def test_the_how_to_shows_real_output(tmp_path: Path) -> None:
    page = ROOT / "docs" / "how-to" / "corpus-to-table.md"
    text = EXAMPLE.read_text(encoding="utf-8")
    letters = {
        "2013/IMR-0001.txt": text,
        "2013/IMR-0002.txt": text[: text.index("Physical therapy for the lumbar spine, two")],
        "2014/IMR-0003.txt": "",
    }
    for name, body in letters.items():
        path = tmp_path / "letters" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    examples = _console_examples(page)
    assert len(examples) >= 5
    for command, shown in examples:
        done = subprocess.run(
            ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert (done.stdout + done.stderr).splitlines() == shown, command
