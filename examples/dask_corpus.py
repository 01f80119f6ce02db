"""A corpus too big for one machine: letters to Parquet with Dask.

Each Dask task parses a partition of the paths with ``imrparse.load_many``
(so a bad file becomes a ``Failure`` instead of failing the task), turns the
letters into rows with ``imrparse.to_frame``, and the rows are written as a
Parquet dataset, one file per partition. The failures come back to the
caller. Letters are parsed once: the table and the failures are computed
together.

Needs ``pip install "imrparse[pandas,parquet]" "dask[bag,dataframe]"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import dask
import dask.bag
import dask.dataframe

import imrparse


def parse_partition(paths: Iterable[str]) -> list[imrparse.Determination | imrparse.Failure]:
    """Parse one partition's letters, in order; a bad file gives a Failure."""
    return list(imrparse.load_many(paths))


def corpus_to_parquet(
    paths: Sequence[str], out: str, *, partitions: int = 100, scheduler: str | None = None
) -> list[imrparse.Failure]:
    """Write every letter of ``paths`` to the Parquet dataset ``out``.

    Args:
        paths: The letters.
        out: A folder (local, or a URL Dask can write to) for the dataset.
        partitions: How many pieces to cut the work into; a few times the
            number of Dask workers, or more.
        scheduler: Passed to ``dask.compute``; None uses the active
            ``dask.distributed`` client, or else Dask's configured default.

    Returns:
        The letters that failed, in input order.
    """
    results = dask.bag.from_sequence(paths, npartitions=partitions).map_partitions(parse_partition)
    letters = results.filter(lambda r: isinstance(r, imrparse.Determination))
    failures = results.filter(lambda r: isinstance(r, imrparse.Failure))
    # Unoptimized graphs keep the parsing tasks shared by the table and the
    # failures, so that computing both together parses each letter once.
    frames = [
        dask.delayed(imrparse.to_frame)(part) for part in letters.to_delayed(optimize_graph=False)
    ]
    table = dask.dataframe.from_delayed(frames, meta=imrparse.to_frame([]))
    write = table.to_parquet(out, write_index=False, compute=False).to_delayed()
    failed_parts = failures.to_delayed(optimize_graph=False)
    _, failed = dask.compute(write, failed_parts, scheduler=scheduler)
    return [failure for part in failed for failure in part]


if __name__ == "__main__":
    import pathlib
    import sys

    folder, out = sys.argv[1:3]
    letters = sorted(
        str(p)
        for p in pathlib.Path(folder).rglob("*")
        if p.suffix.lower() in {".pdf", ".txt"} and p.is_file()
    )
    for failure in corpus_to_parquet(letters, out, scheduler="processes"):
        print(failure, file=sys.stderr)
