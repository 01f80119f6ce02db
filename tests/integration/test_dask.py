"""The Dask recipe of the how-to, examples/dask_corpus.py, on local schedulers."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pandas
import pytest

import imrparse
from letters import EXAMPLES

EXAMPLE = EXAMPLES / "issues_decisions_rationales.txt"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def recipe() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dask_corpus", EXAMPLES / "dask_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def paths(tmp_path: Path) -> list[str]:
    """Twelve letters, one of which is broken, and a path that does not exist."""
    text = EXAMPLE.read_text(encoding="utf-8")
    found = []
    for n in range(12):
        path = tmp_path / "letters" / f"{n:02}.txt"
        path.parent.mkdir(exist_ok=True)
        body = text.replace("Tramadol ER", f"Tramadol ER {n}") if n != 7 else "no letter\n"
        path.write_text(body, encoding="utf-8")
        found.append(str(path))
    return [*found, str(tmp_path / "letters" / "missing.txt")]


@pytest.mark.parametrize("scheduler", ["synchronous", "processes"])
def test_the_recipe_writes_the_table_and_returns_the_failures(
    recipe: ModuleType, paths: list[str], tmp_path: Path, scheduler: str
) -> None:
    out = tmp_path / "decisions"
    failures = recipe.corpus_to_parquet(paths, str(out), partitions=3, scheduler=scheduler)

    assert [(Path(f.source).name, f.error_type) for f in failures] == [
        ("07.txt", "ParseError"),
        ("missing.txt", "FileNotFoundError"),
    ]
    table = pandas.read_parquet(out).reset_index(drop=True)
    letters = [r for r in imrparse.load_many(paths) if isinstance(r, imrparse.Determination)]
    pandas.testing.assert_frame_equal(table, imrparse.to_frame(letters))
    assert len(table) == 2 * 11


def test_each_letter_is_parsed_once(
    recipe: ModuleType, paths: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    parse_partition = recipe.parse_partition

    def counting(part: list[str]) -> list[object]:
        parsed.extend(part)
        return parse_partition(part)

    monkeypatch.setattr(recipe, "parse_partition", counting)
    recipe.corpus_to_parquet(paths, str(tmp_path / "out"), partitions=4, scheduler="synchronous")
    assert sorted(parsed) == sorted(paths)
