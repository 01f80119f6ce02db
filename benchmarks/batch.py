"""Batch speed and memory: the ``imrparse parse`` command on a folder of letters.

Generates corpora of synthetic letters (``imrparse.testing``: one to four
decisions, the PDF-to-text layout, page breaks) in a temporary folder and runs
``python -m imrparse parse FOLDER -o OUT -j N`` on them:

* speed: letters per second with ``-j 1`` and ``-j 2`` (interleaved, several
  rounds), and the speedup of ``-j 2`` over ``-j 1``; before each round, how
  many cores a CPU-bound job could get at that moment (two busy loops in
  parallel against one), since other work on the machine caps the speedup;
* memory and CPU: the peak, during a run, of the resident memory of the
  command's whole process tree (the main process and its worker processes;
  proportional set size, so pages shared between processes count once), and
  of its largest single process, and the CPU time the tree used, sampled from
  ``/proc`` every 20 ms in a run of its own. Where other work holds cores the
  speedup cannot show; the CPU time gives the bound on two free cores.

* PDF speed: the same ``-j 1`` against ``-j 2`` on a folder of PDFs of
  generated letters (printed with fpdf2, ``tests/pdfs.py``; needs the
  ``test`` extra), the speedup as the median of the rounds' ratios.

    python benchmarks/batch.py [--letters 1000 10000] [--pdfs 2000] [--rounds 3]
                               [--format jsonl]

``--letters 0`` or ``--pdfs 0`` skips that part.

Figures are medians over the rounds; the machine's other load shows in them.
Memory sampling needs Linux's ``/proc``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import corpus

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

TICKS = os.sysconf("SC_CLK_TCK")


def write_corpus(folder: Path, letters: int, seed: int) -> int:
    """Write ``letters`` generated letters into sub-folders of 1,000; total bytes."""
    total = 0
    for n, text in enumerate(corpus(letters, seed)):
        path = folder / f"{n // 1000:03}" / f"{n:06}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        total += path.write_text(text, encoding="utf-8")
    return total


def write_pdf_corpus(folder: Path, letters: int, seed: int) -> int:
    """Write ``letters`` PDFs of generated letters into sub-folders of 1,000; total bytes."""
    import random

    from imrparse.testing import Layout, random_letter, render
    from pdfs import letter_pdf

    total = 0
    for n in range(letters):
        rng = random.Random(seed + n)
        text = render(random_letter(rng, max_items=4), Layout.PLAIN, rng=rng)
        path = folder / f"{n // 1000:03}" / f"{n:06}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        total += path.write_bytes(letter_pdf(text))
    return total


def speed(folder: Path, out: Path, letters: int, rounds: int, fmt: str) -> None:
    """Print letters per second with -j 1 and -j 2, and the speedup."""
    timed_run(command(folder, out, 2, fmt))  # warm-up: caches, page cache
    times: dict[int, list[float]] = {1: [], 2: []}
    cores = []
    for round_ in range(rounds):
        cores.append(available_cores())
        for jobs in (1, 2) if round_ % 2 == 0 else (2, 1):
            times[jobs].append(timed_run(command(folder, out, jobs, fmt)))
    ratios = [one / two for one, two in zip(times[1], times[2], strict=True)]
    for jobs in (1, 2):
        seconds = statistics.median(times[jobs])
        print(f"  -j {jobs}: {letters / seconds:,.0f} letters/s ({seconds:.2f} s)")
    print(
        f"  speedup of -j 2 over -j 1: {statistics.median(ratios):.2f}x "
        f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)}); "
        f"cores free for it: {', '.join(f'{c:.2f}' for c in cores)}"
    )


def resources(folder: Path, out: Path, letters: int, fmt: str) -> None:
    """Print the peak memory and the CPU time of -j 1 and -j 2."""
    cpu = {}
    for jobs in (1, 2):
        tree, largest, cpu[jobs], wall = sampled_run(command(folder, out, jobs, fmt))
        print(
            f"  -j {jobs} peak memory: {tree / 1e6:.0f} MB for the process tree (PSS), "
            f"{largest / 1e6:.0f} MB for its largest process (RSS); "
            f"CPU {cpu[jobs]:.2f} s ({cpu[jobs] / letters * 1000:.3f} ms per letter) "
            f"in {wall:.2f} s: {cpu[jobs] / wall:.2f} cores busy"
        )
    print(
        f"  -j 2 spends {cpu[2] / cpu[1]:.2f}x the CPU of -j 1: on two free cores "
        f"it could be at most {2 * cpu[1] / cpu[2]:.2f}x as fast"
    )


def command(folder: Path, out: Path, jobs: int, fmt: str) -> list[str]:
    return [
        sys.executable, "-m", "imrparse", "parse", str(folder),
        "--format", fmt, "-o", str(out), "-j", str(jobs),
    ]  # fmt: skip


def _spin(n: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - start


def available_cores() -> float:
    """How many cores a CPU-bound job gets now: two busy loops in parallel against one.

    2.0 on an idle two-core machine; about 1.0 when other work holds a core.
    """
    n = 5_000_000
    with multiprocessing.get_context("forkserver").Pool(2) as pool:
        pool.map(_spin, [1, 1])  # started
        one = min(pool.map(_spin, [n]))
        start = time.perf_counter()
        pool.map(_spin, [n, n])
        two = time.perf_counter() - start
    return 2 * one / two


def timed_run(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True)
    return time.perf_counter() - start


def _processes() -> dict[int, tuple[int, float]]:
    """Every process: its parent and the CPU seconds it has used."""
    found: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the name: state, ppid, ..., utime and stime are the 12th and 13th.
        found[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS)
    return found


def _memory(pid: int, field: str) -> int:
    """A field of /proc/PID/smaps_rollup (``Rss``, ``Pss``) in bytes; 0 if gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _descendants(root: int, processes: dict[int, tuple[int, float]]) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def sampled_run(argv: list[str]) -> tuple[int, int, float, float]:
    """Run ``argv``, sampling its process tree every 20 ms.

    The worker processes are children of the forkserver, which is a child of
    the command.

    Returns:
        The peak PSS of the whole tree and the peak RSS of its largest
        process, in bytes, the CPU seconds the tree used (as last seen: a
        process's last 20 ms may be missed), and the wall-clock seconds.
    """
    start = time.perf_counter()
    process = subprocess.Popen(argv)
    peak_tree = peak_process = 0
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree, peak_process
        while not done.is_set():
            processes = _processes()
            pids = _descendants(process.pid, processes)
            for pid in pids:
                cpu[pid] = processes[pid][1] if pid in processes else cpu.get(pid, 0.0)
            peak_tree = max(peak_tree, sum(_memory(pid, "Pss") for pid in pids))
            peak_process = max(peak_process, *(_memory(pid, "Rss") for pid in pids))
            done.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        if process.wait() != 0:
            raise subprocess.CalledProcessError(process.returncode, argv)
    finally:
        done.set()
        sampler.join()
    return peak_tree, peak_process, sum(cpu.values()), time.perf_counter() - start


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--letters", type=int, nargs="+", default=[1000, 10_000])
    args.add_argument("--pdfs", type=int, nargs="+", default=[2000])
    args.add_argument("--rounds", type=int, default=3)
    args.add_argument("--format", default="jsonl", choices=["jsonl", "json", "csv", "parquet"])
    options = args.parse_args()

    print(f"machine: {os.cpu_count()} cores, shared with other work; medians of {options.rounds}")
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        corpora = [
            ("pdfs", "PDFs", write_pdf_corpus, options.pdfs),
            ("corpus", "letters", write_corpus, options.letters),
        ]
        for name, kind, write, sizes in corpora:
            for letters in (n for n in sizes if n):
                folder = root / f"{name}-{letters}"
                size = write(folder, letters, seed=letters)
                out = root / f"out-{name}-{letters}.{options.format}"
                print(f"\n{letters:,} {kind}, {size / 1e6:.1f} MB, --format {options.format}")
                speed(folder, out, letters, options.rounds, options.format)
                resources(folder, out, letters, options.format)


if __name__ == "__main__":
    main()
