"""Stage 6: many letters, in input order, in one process or several.

:func:`load_many` and the command line share :func:`imap`, which applies a
task to every path of a (possibly endless) iterable and yields the results in
input order. With more than one worker, the paths go in chunks to worker
processes, each of which runs one chunk at a time and has at most one more
waiting. At most ``_WINDOW`` chunks per worker are between the input and the
caller (read, being worked on, or done and waiting for their turn), so memory
stays bounded however long the input is, and the input is read only as far as
that window needs.

An exception from one path's task becomes a :class:`Failure` for that path. A
worker process that dies (a crash, the out-of-memory killer) loses the chunk
it was working on: its paths are run again one at a time, so only a path that
kills its worker again becomes a failure; the rest of the batch goes on in a
new worker. Worker processes ignore SIGINT:
Ctrl-C raises one ``KeyboardInterrupt`` in the caller, and the workers are
stopped with their work unfinished.

The pool is a few lines over :mod:`multiprocessing` rather than
:class:`concurrent.futures.ProcessPoolExecutor`: each worker has a pipe of its
own, so the parent knows which chunk a dead worker held, and stopping workers
mid-chunk cannot leave a shared result queue half-written (which deadlocks the
executor's management thread).
"""

from __future__ import annotations

import collections
import contextlib
import functools
import itertools
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any, Generic, TypeVar, Union

import attrs

from ._api import load
from .errors import ParseError, _place, _with_expected
from .model import Determination

__all__ = ["Failure", "PathInput", "imap", "load_many"]

T = TypeVar("T")

#: What :func:`load_many` accepts as one input.
PathInput = Union[str, "os.PathLike[str]"]

#: Paths sent to a worker process at a time: enough to make the cost of
#: sending work and results small beside the parsing.
_CHUNK = 32
#: Chunks between the input and the caller, per worker process.
_WINDOW = 3
#: Chunks a worker holds: the one it works on and the next.
_QUEUED = 2

#: What a worker process sends once it has started.
_STARTED = "started"
#: The exit code of a worker process that found itself re-running the script
#: that started it (no ``if __name__ == "__main__":`` guard).
_UNGUARDED_EXIT = 86

_UNGUARDED_MESSAGE = (
    "the worker processes of load_many (workers > 1) could not start: each one "
    "imports the script that calls load_many, so the script must guard its top level with "
    '\'if __name__ == "__main__":\' (see "Safe importing of main module" in the '
    "multiprocessing documentation), or use workers=1"
)

#: How worker processes are started.
_Context = Union[
    "multiprocessing.context.ForkServerContext", "multiprocessing.context.SpawnContext"
]

#: One chunk of work: paths, and failures for inputs that are not paths.
_Chunk = list[Union[str, "Failure"]]


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
            return cls(
                source=source,
                error_type="ParseError",
                message=_with_expected(exc.message, exc.expected),
                line=exc.line,
                column=exc.column,
                page=exc.page,
            )
        return cls(
            source=source, error_type=type(exc).__name__, message=str(exc) or type(exc).__name__
        )

    def __str__(self) -> str:
        where = _place(self.source, self.line, self.column, self.page)
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


def _serve(conn: multiprocessing.connection.Connection, task: Callable[[str], Any]) -> None:
    """A worker process: chunks in, their results out, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's business
    conn.send(_STARTED)
    while True:
        try:
            chunk: _Chunk | None = conn.recv()
        except EOFError:
            return
        if chunk is None:
            return
        results = [_apply(task, item) for item in chunk]
        try:
            conn.send(results)  # pickles everything before it writes anything
        except Exception:
            conn.send([_sendable(r, item) for r, item in zip(results, chunk, strict=True)])


def _sendable(result: object, item: str | Failure) -> object:
    """The result, or a failure if it cannot be sent to the parent process."""
    try:
        pickle.dumps(result)
    except Exception as exc:
        return Failure.from_exception(exc, item if isinstance(item, str) else item.source)
    return result


def _context() -> _Context:
    # Not "fork": the caller may have threads (a progress bar's, say), and
    # forking a threaded process can deadlock.
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _crashed(source: str) -> Failure:
    return Failure(
        source=source,
        error_type="BrokenProcessPool",
        message="the worker process reading this file stopped abruptly (it crashed or was killed)",
    )


class _Worker(Generic[T]):
    """A worker process and the chunks it holds, oldest (the one it runs) first."""

    def __init__(self, context: _Context, task: Callable[[str], T]):
        self.conn, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, task), daemon=True)
        self.process.start()
        theirs.close()  # so that the worker's death shows as the end of the pipe
        self.jobs: collections.deque[tuple[int, _Chunk]] = collections.deque()
        self.started = False

    def send(self, index: int, chunk: _Chunk) -> None:
        self.jobs.append((index, chunk))
        with contextlib.suppress(OSError):  # a dead worker shows when its results are read
            self.conn.send(chunk)

    def receive(self) -> list[T | Failure] | None:
        """The results of the oldest chunk; None if the worker died instead.

        Raises:
            RuntimeError: The worker found itself re-running the caller's
                unguarded script, and so did not start.
        """
        try:
            if not self.started:
                self.conn.recv()  # _STARTED
                self.started = True
            results: list[T | Failure] = self.conn.recv()
        except (EOFError, OSError):
            if not self.started:
                self.process.join()
                if self.process.exitcode == _UNGUARDED_EXIT:
                    raise RuntimeError(_UNGUARDED_MESSAGE) from None
            return None
        return results

    def stop(self) -> None:
        """End the worker once it has nothing left to do."""
        with contextlib.suppress(OSError):  # it may have ended already
            self.conn.send(None)
        self.process.join()
        self.conn.close()

    def kill(self) -> None:
        """End the worker now."""
        self.process.terminate()
        self.process.join()
        self.conn.close()


def _one_by_one(context: _Context, task: Callable[[str], T], chunk: _Chunk) -> list[T | Failure]:
    """Run a dead worker's chunk again, one path at a time, so a crash has one culprit."""
    results: list[T | Failure] = []
    worker: _Worker[T] | None = None
    try:
        for item in chunk:
            if isinstance(item, Failure):
                results.append(item)
                continue
            worker = worker or _Worker(context, task)
            worker.send(0, [item])
            received = worker.receive()
            if received is None:
                results.append(_crashed(item))
                worker.kill()
                worker = None
            else:
                results.extend(received)
    finally:
        if worker is not None:
            worker.kill()
    return results


def _in_processes(
    task: Callable[[str], T], sources: Iterator[str | Failure], workers: int
) -> Generator[T | Failure, None, None]:
    context = _context()
    chunks = iter(lambda: list(itertools.islice(sources, _CHUNK)), [])
    pool: list[_Worker[T]] = []
    again: collections.deque[tuple[int, _Chunk]] = collections.deque()  # a dead worker's
    done: dict[int, list[T | Failure]] = {}
    read = yielded = 0  # chunks read from the input; chunks given to the caller
    exhausted = finished = False
    try:
        while True:
            # Hand out work while the window has room: to idle workers first,
            # starting workers as they are needed, at most _QUEUED chunks each.
            while again or (not exhausted and read - yielded < _WINDOW * workers):
                worker = min(pool, key=lambda w: len(w.jobs), default=None)
                if len(pool) == workers and worker is not None and len(worker.jobs) >= _QUEUED:
                    break
                if again:
                    job = again.popleft()
                else:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                        break
                    job = (read, chunk)
                    read += 1
                if worker is None or (worker.jobs and len(pool) < workers):
                    worker = _Worker(context, task)
                    pool.append(worker)
                worker.send(*job)
            if yielded in done:
                yield from done.pop(yielded)
                yielded += 1
                continue
            if exhausted and not again and yielded == read:
                break
            busy = {w.conn: w for w in pool if w.jobs}
            for conn in multiprocessing.connection.wait(list(busy)):
                worker = busy[conn]  # type: ignore[index]
                index, chunk = worker.jobs.popleft()
                results = worker.receive()
                if results is None:  # the worker died on this chunk
                    again.extend(worker.jobs)
                    worker.jobs.clear()
                    worker.kill()
                    pool.remove(worker)
                    results = _one_by_one(context, task, chunk)
                done[index] = results
        finished = True
    finally:
        for worker in pool:
            if finished:
                worker.stop()
            else:  # an exception, Ctrl-C, or the caller stopped early
                worker.kill()


def imap(
    task: Callable[[str], T], paths: Iterable[PathInput], *, workers: int = 1
) -> Generator[T | Failure, None, None]:
    """``task(path)`` for every path, in input order, exceptions as failures.

    With ``workers > 1``, ``task`` runs in worker processes and must be
    picklable (a module-level function, or a ``functools.partial`` of one).

    Raises:
        ValueError: ``workers`` is less than 1.
        RuntimeError: With ``workers > 1``, the calling script has no
            ``if __name__ == "__main__":`` guard (the worker processes could
            not start).
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number of at least 1, not {workers!r}")
    sources = map(_as_source, paths)
    if workers == 1:
        return (_apply(task, item) for item in sources)
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        # This is a worker process being started, importing the caller's
        # script, which has no __main__ guard and so calls this again: leave
        # quietly, with an exit code that tells the caller why.
        os._exit(_UNGUARDED_EXIT)
    return _in_processes(task, sources, workers)


def load_many(
    paths: Iterable[PathInput], *, workers: int = 1, strict: bool = False
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
        RuntimeError: With ``workers > 1``, the calling script has no
            ``if __name__ == "__main__":`` guard: raised on the first result,
            once, instead of a failure for every path.

    .. versionadded:: 0.1.0
    """
    return imap(functools.partial(load, strict=strict), paths, workers=workers)
