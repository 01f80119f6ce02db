"""The built wheel carries the grammar, and an installed copy finds it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import imrparse
from imrparse._grammar import grammar_files
from letters import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("imrparse-*.whl")
    return built


def test_wheel_holds_every_grammar_file_and_the_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in grammar_files():
        assert f"imrparse/grammar/{path.name}" in names
    assert "imrparse/py.typed" in names


def test_installed_package_reads_its_own_grammar(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    example = EXAMPLES / "issues_decisions_rationales.txt"
    code = (
        "import imrparse, imrparse._grammar as g; "
        f"assert imrparse.__file__.startswith({str(site)!r}), imrparse.__file__; "
        f"assert g.grammar_dir() == __import__('pathlib').Path({str(site)!r}) / 'imrparse' / "
        "'grammar'; "
        f"print(len(imrparse.load({str(example)!r}).decisions))"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "IMRPARSE_CACHE_DIR": ""}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"


def test_version_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    assert imrparse.__version__ == version("imrparse")
