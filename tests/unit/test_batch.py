"""load_many and Failure: order, failures, laziness, worker processes; Ctrl-C."""

from __future__ import annotations

import itertools
import os
import pickle
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import imrparse
from imrparse import Determination, Failure
from imrparse._batch import _CHUNK, _WINDOW, imap
from imrparse.testing import Layout, Letter, random_letter, render
from letters import EXAMPLES

EXAMPLE = EXAMPLES / "issues_decisions_rationales.txt"


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, Path]:
    """Two letters, a file of random bytes, a text that is no letter."""
    good = EXAMPLE.read_text(encoding="utf-8")
    files = {
        "first": tmp_path / "first.txt",
        "second": tmp_path / "second.txt",
        "binary": tmp_path / "binary.txt",
        "prose": tmp_path / "prose.txt",
    }
    files["first"].write_text(good, encoding="utf-8")
    files["second"].write_text(good.replace("Tramadol ER", "Tramadol XR"), encoding="utf-8")
    files["binary"].write_bytes(bytes(range(256)) * 8)
    files["prose"].write_text("Dear Sir or Madam,\nthis is no letter.\n", encoding="utf-8")
    return files


def _crash_on_marked(path: str) -> str:
    """A task whose process dies on files named ``crash*``."""
    if Path(path).name.startswith("crash"):
        os._exit(3)
    return path


def _raise_on_marked(path: str) -> str:
    """A task with a bug that shows on files named ``bug*``."""
    if Path(path).name.startswith("bug"):
        raise RuntimeError("a bug in the task")
    return path


def _unpicklable_on_marked(path: str) -> object:
    """A task whose result for files named ``lambda*`` cannot be pickled."""
    return (lambda: path) if Path(path).name.startswith("lambda") else path


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_in_input_order_with_failures_in_place(
    corpus: dict[str, Path], tmp_path: Path, workers: int
) -> None:
    missing = tmp_path / "missing.txt"
    paths = [corpus["first"], corpus["binary"], missing, corpus["prose"], str(corpus["second"])]
    results = list(imrparse.load_many(paths, workers=workers))

    assert [type(r).__name__ for r in results] == [
        "Determination",
        "Failure",
        "Failure",
        "Failure",
        "Determination",
    ]
    first, binary, absent, prose, second = results
    assert isinstance(first, Determination) and isinstance(second, Determination)
    assert first.source == str(corpus["first"])
    assert second.decisions[0].request == "Tramadol XR 150 mg #30"
    assert isinstance(binary, Failure) and binary.error_type == "ParseError"
    assert binary.source == str(corpus["binary"])
    assert "binary" in binary.message
    assert isinstance(absent, Failure) and absent.error_type == "FileNotFoundError"
    assert absent.line is None and absent.column is None
    assert isinstance(prose, Failure) and prose.error_type == "ParseError"
    assert prose.line is not None and prose.column is not None
    assert "expected" in prose.message


def test_workers_keep_the_order_across_many_chunks(tmp_path: Path) -> None:
    rng = random.Random(5)
    letters, paths = [], []
    for n in range(3 * _CHUNK + 5):
        path = tmp_path / f"{n:03}.txt"
        if rng.random() < 0.1:
            path.write_text("not a letter\n", encoding="utf-8")
            letters.append(None)
        else:
            letter = random_letter(rng, max_items=4)
            path.write_text(render(letter, Layout.BLANK_LINE, rng=rng), encoding="utf-8")
            letters.append(letter)
        paths.append(path)
    results = list(imrparse.load_many(paths, workers=2))
    assert results == list(imrparse.load_many(paths))
    for path, letter, result in zip(paths, letters, results, strict=True):
        assert result.source == str(path)
        if letter is None:
            assert isinstance(result, Failure)
        else:
            assert isinstance(result, Determination)
            assert Letter.from_determination(result) == letter


@pytest.mark.parametrize("workers", [1, 2])
def test_lenient_parsing_reaches_the_workers(tmp_path: Path, workers: int) -> None:
    text = "By fax.\n\n" + EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "stray.txt"
    path.write_text(text, encoding="utf-8")
    (strict,) = imrparse.load_many([path], workers=workers, strict=True)
    (lenient,) = imrparse.load_many([path], workers=workers)
    assert isinstance(strict, Failure)
    assert isinstance(lenient, Determination)
    assert [w.code for w in lenient.warnings] == ["unplaced_text"]


@pytest.mark.parametrize("workers", [1, 2])
def test_anything_but_a_path_is_a_failure_not_the_end(
    corpus: dict[str, Path], workers: int
) -> None:
    results = list(imrparse.load_many([b"bytes", corpus["first"], 42], workers=workers))  # type: ignore[list-item]
    assert [type(r).__name__ for r in results] == ["Failure", "Determination", "Failure"]
    assert all(r.error_type == "TypeError" for r in results if isinstance(r, Failure))


@pytest.mark.parametrize("workers", [1, 2])
def test_an_exception_in_a_task_is_a_failure(tmp_path: Path, workers: int) -> None:
    paths = [str(tmp_path / name) for name in ("a", "bug", "b")]
    results = list(imap(_raise_on_marked, paths, workers=workers))
    assert results[0] == paths[0] and results[2] == paths[2]
    assert results[1] == Failure(
        source=paths[1], error_type="RuntimeError", message="a bug in the task"
    )


def test_a_crashed_worker_fails_only_its_own_file(tmp_path: Path) -> None:
    names = [f"ok{i}" for i in range(5 * _CHUNK)]
    names[_CHUNK + 11] = "crash"
    paths = [str(tmp_path / name) for name in names]
    results = list(imap(_crash_on_marked, paths, workers=2))
    assert len(results) == len(paths)
    for path, result in zip(paths, results, strict=True):
        if path.endswith("crash"):
            assert isinstance(result, Failure)
            assert (result.source, result.error_type) == (path, "BrokenProcessPool")
        else:
            assert result == path


def test_a_result_that_cannot_leave_its_worker_is_a_failure(tmp_path: Path) -> None:
    paths = [str(tmp_path / name) for name in ("a", "lambda", "b")]
    first, odd, last = imap(_unpicklable_on_marked, paths, workers=2)
    assert (first, last) == (paths[0], paths[2])
    assert isinstance(odd, Failure) and odd.source == paths[1]
    assert "pickle" in odd.message.lower() or "pickle" in odd.error_type.lower()


class _Counting:
    """An endless iterable of paths that counts how many were taken."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.taken = 0

    def __iter__(self) -> Iterator[Path]:
        for _ in itertools.count():
            self.taken += 1
            yield self.path


@pytest.mark.parametrize("workers", [1, 2])
def test_input_is_read_only_as_far_as_the_work_in_flight(
    corpus: dict[str, Path], workers: int
) -> None:
    paths = _Counting(corpus["first"])
    results = imrparse.load_many(paths, workers=workers)
    assert paths.taken == 0  # nothing happens before the first result is asked for
    wanted = 3 * _CHUNK * _WINDOW * workers
    got = list(itertools.islice(results, wanted))
    assert all(isinstance(r, Determination) for r in got)
    ahead = paths.taken - wanted
    assert 0 <= ahead <= (_CHUNK * _WINDOW * workers if workers > 1 else 0)


@pytest.mark.parametrize("workers", [0, -1, 1.5, True])
def test_workers_must_be_a_positive_whole_number(workers: object) -> None:
    with pytest.raises(ValueError, match="workers"):
        imrparse.load_many([], workers=workers)  # type: ignore[arg-type]


def test_failure_reads_well_and_pickles(corpus: dict[str, Path]) -> None:
    (failure,) = imrparse.load_many([corpus["prose"]])
    assert isinstance(failure, Failure)
    assert str(failure).startswith(
        f"{corpus['prose']}:{failure.line}:{failure.column}: ParseError: "
    )
    assert pickle.loads(pickle.dumps(failure)) == failure


def test_failure_from_an_error_on_a_later_page_names_the_page() -> None:
    error = imrparse.ParseError("unexpected text", 40, 2, ("a line",), "x.pdf", "", 3)
    failure = Failure.from_exception(error, "x.pdf")
    assert (failure.line, failure.column, failure.page) == (40, 2, 3)
    assert failure.message == "unexpected text; expected a line"
    assert str(failure) == "x.pdf:40:2 (page 3): ParseError: unexpected text; expected a line"


# ------------------------------------------------------------ no main guard

_UNGUARDED_SCRIPT = textwrap.dedent(
    """
    import sys
    import imrparse

    # One write a line: the workers print this too, and print() writes a line
    # and its end apart, so that two processes' lines could interleave.
    sys.stdout.write("top level\\n")
    sys.stdout.flush()
    for result in imrparse.load_many(sys.argv[1:] * 40, workers=2):
        sys.stdout.write(type(result).__name__ + "\\n")
        sys.stdout.flush()
    """
)


def test_a_script_without_a_main_guard_gets_one_clear_error(
    corpus: dict[str, Path], tmp_path: Path
) -> None:
    script = tmp_path / "unguarded.py"
    script.write_text(_UNGUARDED_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(corpus["first"]), str(corpus["second"])],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    # The workers run the script's top level too, as far as load_many; no results.
    assert set(done.stdout.splitlines()) == {"top level"}
    assert done.stderr.count("Traceback") == 1, done.stderr
    last = done.stderr.rstrip().splitlines()[-1]
    assert last.startswith("RuntimeError: the worker processes of load_many"), last
    assert 'if __name__ == "__main__":' in last
    assert "BrokenProcessPool" not in done.stderr


# ------------------------------------------------------------------ Ctrl-C

_SCRIPT = textwrap.dedent(
    """
    import sys
    import imrparse

    if __name__ == "__main__":
        workers, *paths = sys.argv[1:]
        for result in imrparse.load_many(paths, workers=int(workers)):
            print(type(result).__name__, flush=True)
    """
)


def _wait_for_reader(fifo: Path, process: subprocess.Popen[str]) -> int:
    """Open the FIFO for writing once a reader has it open; the writer's fd."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def interrupt_while_reading(
    command: list[str], fifo: Path, cwd: Path
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` until it blocks reading ``fifo``, then press Ctrl-C.

    Ctrl-C in a terminal sends SIGINT to the whole foreground process group,
    worker processes included; so does this.
    """
    os.mkfifo(fifo)
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    writer = _wait_for_reader(fifo, process)
    try:
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        os.close(writer)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_stops_the_batch_with_one_clean_interrupt(
    corpus: dict[str, Path], tmp_path: Path, workers: int
) -> None:
    script = tmp_path / "batch.py"
    script.write_text(_SCRIPT, encoding="utf-8")
    fifo = tmp_path / "blocks.txt"
    paths = [str(corpus["first"]), str(fifo)] + [str(corpus["second"])] * 200
    done = interrupt_while_reading(
        [sys.executable, str(script), str(workers), *paths], fifo, tmp_path
    )
    assert done.returncode == -signal.SIGINT, done.stderr
    assert done.stderr.count("Traceback") == 1, done.stderr
    assert done.stderr.rstrip().endswith("KeyboardInterrupt")
    assert len(done.stdout.splitlines()) < len(paths)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_the_command_and_leaves_no_output_file(
    corpus: dict[str, Path], tmp_path: Path, jobs: str
) -> None:
    fifo = tmp_path / "blocks.txt"
    out = tmp_path / "out" / "letters.jsonl"
    out.parent.mkdir()
    letters = [str(corpus["first"]), str(fifo), *[str(corpus["second"])] * 200]
    command = [sys.executable, "-m", "imrparse", "parse", *letters, "-o", str(out), "-j", jobs]
    done = interrupt_while_reading(command, fifo, tmp_path)
    assert done.returncode == 130, done.stderr
    assert done.stderr.startswith("imrparse: interrupted; "), done.stderr
    assert "Traceback" not in done.stderr
    assert list(out.parent.iterdir()) == []
