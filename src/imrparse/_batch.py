"""Stage 6: many letters, in input order, in one process or several.

:func:`load_many` and the command line share :func:`imap`, which applies a
task to every path of a (possibly endless) iterable and yields the results in
input order. With more than one worker the paths go, a few at a time, to a
pool of processes; at most ``_WINDOW`` chunks per worker are in flight, so
memory stays bounded however long the input is, and the input is read only as
far as the work in flight needs.

An exception from one path's task becomes a :class:`Failure` for that path. A
worker process that dies (a crash, the out-of-memory killer) takes the chunks
it held with it: they are run again one path at a time in a fresh pool, so
only the path that kills a worker again becomes a failure. Worker processes
ignore SIGINT: Ctrl-C raises one ``KeyboardInterrupt`` in the caller, and the
workers are stopped with the work still queued.
"""

from __future__ import annotations

import collections
import concurrent.futures
import functools
import itertools
import multiprocessing
import os
import signal
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar, Union

import attrs

from ._api import load
from .errors import ParseError
from .model import Determination

__all__ = ["Failure", "PathInput", "imap", "load_many"]

T = TypeVar("T")

#: What :func:`load_many` accepts as one input.
PathInput = Union[str, "os.PathLike[str]"]

#: Paths sent to a worker process at a time.
_CHUNK = 8
#: Chunks in flight per worker process.
_WINDOW = 4


@attrs.frozen(kw_only=True)
class Failure:
    """An input of :func:`load_many` that could not be read.

    Attributes:
        source: The path as given.
        error_type: The name of the exception's class: ``"ParseError"`` for a
            file that is not a letter that can be read, ``"OSError"`` (or a
            subclass such as ``"FileNotFoundError"``) for one that cannot be
            opened, ``"BrokenProcessPool"`` for one whose worker process died.
        message: What was wrong, in a sentence; for a :class:`ParseError`,
            with what the grammar would have accepted.
        line: 1-based line of the problem in the file, where it has one.
        column: 1-based column of the problem, where it has one.
        page: 1-based page of the problem, for inputs that have pages.
    """

    source: str
    error_type: str
    message: str
    line: int | None = None
    column: int | None = None
    page: int | None = None

    @classmethod
    def from_exception(cls, exc: BaseException, source: str) -> Failure:
        """The failure of ``source`` that ``exc`` describes.

        Args:
            exc: The exception reading ``source`` raised.
            source: The path that was being read.
        """
        if isinstance(exc, ParseError):
            want = f"; expected {' or '.join(exc.expected)}" if exc.expected else ""
            return cls(
                source=source,
                error_type="ParseError",
                message=f"{exc.message}{want}",
                line=exc.line,
                column=exc.column,
                page=exc.page,
            )
        return cls(
            source=source, error_type=type(exc).__name__, message=str(exc) or type(exc).__name__
        )

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        if self.page is not None and self.page > 1:
            where += f" (page {self.page})"
        return f"{where}: {self.error_type}: {self.message}"


def _as_source(item: object) -> str | Failure:
    """A path as a string, or a failure for something that is not a path."""
    if isinstance(item, (str, os.PathLike)):
        path = os.fspath(item)
        if isinstance(path, str):
            return path
    return Failure(
        source=repr(item)[:200],
        error_type="TypeError",
        message=f"not a path: {type(item).__name__} (give str or os.PathLike[str])",
    )


def _apply(task: Callable[[str], T], item: str | Failure) -> T | Failure:
    if isinstance(item, Failure):
        return item
    try:
        return task(item)
    except Exception as exc:
        return Failure.from_exception(exc, item)


def _apply_all(task: Callable[[str], T], chunk: list[str | Failure]) -> list[T | Failure]:
    """Run in a worker process: one chunk of paths."""
    return [_apply(task, item) for item in chunk]


def _ignore_interrupts() -> None:
    """Worker initializer: Ctrl-C is the calling process's business."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context() -> multiprocessing.context.BaseContext:
    # Not "fork": the caller may have threads (a progress bar's, say), and
    # forking a threaded process can deadlock.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _crashed(source: str) -> Failure:
    return Failure(
        source=source,
        error_type="BrokenProcessPool",
        message="the worker process reading this file stopped abruptly (it crashed or was killed)",
    )


class _Pool(Generic[T]):
    """A process pool that is replaced when one of its processes dies."""

    def __init__(self, task: Callable[[str], T], workers: int) -> None:
        self._task = task
        self._workers = workers
        self._context = _context()
        self._executor = self._new_executor()

    def _new_executor(self) -> concurrent.futures.ProcessPoolExecutor:
        return concurrent.futures.ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=self._context,
            initializer=_ignore_interrupts,
        )

    def submit(self, chunk: list[str | Failure]) -> concurrent.futures.Future[list[T | Failure]]:
        try:
            return self._executor.submit(_apply_all, self._task, chunk)
        except BrokenProcessPool as exc:
            future: concurrent.futures.Future[list[T | Failure]] = concurrent.futures.Future()
            future.set_exception(exc)
            return future

    def replace(self) -> None:
        """Stop the current processes and start fresh ones."""
        self.terminate()
        self._executor = self._new_executor()

    def one_by_one(self, chunk: list[str | Failure]) -> Iterator[T | Failure]:
        """Run a chunk one path at a time, so a crash has a single culprit."""
        for item in chunk:
            try:
                (result,) = self.submit([item]).result()
            except BrokenProcessPool:
                result = _crashed(item) if isinstance(item, str) else item
                self.replace()
            yield result

    def close(self) -> None:
        self._executor.shutdown(wait=True)

    def terminate(self) -> None:
        """Stop now: cancel queued work, end the processes, wait for them."""
        # Python 3.14 has ``executor.terminate_workers()``; this does the
        # same. The processes are listed first: shutdown() forgets them.
        executor = self._executor
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join()


def _in_processes(
    task: Callable[[str], T], sources: Iterator[str | Failure], workers: int
) -> Generator[T | Failure, None, None]:
    chunks = iter(lambda: list(itertools.islice(sources, _CHUNK)), [])
    pool = _Pool(task, workers)
    in_flight: collections.deque[
        tuple[list[str | Failure], concurrent.futures.Future[list[T | Failure]]]
    ] = collections.deque()
    finished = False
    try:
        for chunk in chunks:
            in_flight.append((chunk, pool.submit(chunk)))
            if len(in_flight) < _WINDOW * workers:
                continue
            yield from _next_results(pool, in_flight)
        while in_flight:
            yield from _next_results(pool, in_flight)
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # an exception, Ctrl-C, or the caller stopped early
            pool.terminate()


def _next_results(
    pool: _Pool[T],
    in_flight: collections.deque[
        tuple[list[str | Failure], concurrent.futures.Future[list[T | Failure]]]
    ],
) -> Iterator[T | Failure]:
    """The results of the oldest chunk in flight; all of them after a crash."""
    chunk, future = in_flight.popleft()
    try:
        results = future.result()
    except BrokenProcessPool:
        pass
    else:
        yield from results
        return
    # Every chunk in flight went to the broken pool; those that did not
    # finish before it broke are run again, one path at a time.
    lost = [(chunk, future), *in_flight]
    in_flight.clear()
    pool.replace()
    for chunk, future in lost:
        if future.done() and not future.cancelled() and future.exception() is None:
            yield from future.result()
        else:
            yield from pool.one_by_one(chunk)


def imap(
    task: Callable[[str], T], paths: Iterable[PathInput], *, workers: int = 1
) -> Generator[T | Failure, None, None]:
    """``task(path)`` for every path, in input order, exceptions as failures.

    With ``workers > 1``, ``task`` runs in worker processes and must be
    picklable (a module-level function, or a ``functools.partial`` of one).

    Raises:
        ValueError: ``workers`` is less than 1.
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number of at least 1, not {workers!r}")
    sources = map(_as_source, paths)
    if workers == 1:
        return (_apply(task, item) for item in sources)
    return _in_processes(task, sources, workers)


def load_many(
    paths: Iterable[PathInput], *, workers: int = 1, strict: bool = True
) -> Iterator[Determination | Failure]:
    """Read and parse many letters, yielding one result per path, in order.

    The input is read lazily, and memory stays bounded however many paths
    there are: ``paths`` may be a generator over a corpus of any size. A path
    that cannot be read gives a :class:`Failure` and the batch carries on.

    >>> for result in imrparse.load_many(["a.txt", "b.txt"]):  # doctest: +SKIP
    ...     if isinstance(result, imrparse.Failure):
    ...         print("failed:", result)
    ...     else:
    ...         print(result.source, len(result.decisions))

    Args:
        paths: Paths of letters (``str`` or path-like; ``.txt`` or ``.pdf``).
            Anything else, a file object say, gives a :class:`Failure` of type
            ``TypeError``.
        workers: Processes to parse in. With 1 (the default) everything
            happens in the calling process; with more, in that many worker
            processes, started the "forkserver" way (or "spawn" where there is
            no forkserver): a script that calls this must guard its top level
            with ``if __name__ == "__main__":``. A worker that crashes costs
            only the failure of the file that crashed it.
        strict: As for :func:`load`.

    Returns:
        An iterator of :class:`Determination` and :class:`Failure` objects,
        one per path, in the order of ``paths``. Stopping early (``break``,
        Ctrl-C) stops the worker processes and leaves the rest unread.

    Raises:
        ValueError: ``workers`` is less than 1.

    .. versionadded:: 0.1.0
    """
    return imap(functools.partial(load, strict=strict), paths, workers=workers)
