"""The built wheel carries the grammar and its tables, and an installed copy finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import imrparse
from imrparse import _grammar
from imrparse._grammar import BUNDLED, grammar_files
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


def test_wheel_holds_the_tables_of_every_bundled_grammar(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name, start in BUNDLED:
        key = _grammar._key(name, start)
        assert f"imrparse/_tables/{key}.lark-tables" in names
        assert f"imrparse/_tables/{key}-{_grammar._python_tag()}.re-code" in names


def test_installed_package_never_analyses_a_grammar(wheel: Path, tmp_path: Path) -> None:
    """A fresh process, no writable home, no cache: lark is never asked to build."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    home = tmp_path / "home"
    home.mkdir(mode=0o555)
    code = (
        "import lark, sys\n"
        "def refuse(*args, **kwargs):\n"
        "    raise AssertionError('lark analysed a grammar')\n"
        "lark.Lark.__init__ = refuse\n"  # Lark.load does without it
        "import imrparse, imrparse._grammar as g\n"
        f"assert imrparse.__file__.startswith({str(site)!r}), imrparse.__file__\n"
        "for path in sys.argv[1:]:\n"
        "    print(len(imrparse.load(path).decisions))\n"
        "for name, start in g.BUNDLED:\n"
        "    lexers = list(g._lexers(g.load_grammar(name, start)))\n"
        "    assert not lexers, 'lexers compile their own expressions'\n"
    )
    examples = [str(EXAMPLES / f"{template.value}.txt") for template in imrparse.Template]
    env = {**os.environ, "PYTHONPATH": str(site), "HOME": str(home), "IMRPARSE_CACHE_DIR": ""}
    env.pop("XDG_CACHE_HOME", None)
    done = subprocess.run(
        [sys.executable, "-c", code, *examples],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.split()) == len(examples)
    assert list(home.iterdir()) == []


def test_pdf_support_is_a_dependency_and_the_pdf_extra_still_resolves(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        lines = archive.read(name).decode().splitlines()
    assert "Requires-Dist: pypdfium2>=4.20" in lines
    assert "Provides-Extra: pdf" in lines
    assert not [line for line in lines if line.startswith("Requires-Dist:") and "'pdf'" in line]


def test_version_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    assert imrparse.__version__ == version("imrparse")
