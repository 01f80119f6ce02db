"""The documentation and README say what the project does, and show it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
USER_DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]


def _pages() -> list[Path]:
    return [page for page in USER_DOCS if "_build" not in page.parts]


def test_user_docs_never_mention_internal_documents() -> None:
    for page in _pages():
        assert not re.search(r"\bSPEC\b", page.read_text(encoding="utf-8")), page


def test_the_index_opens_with_install_and_an_example_with_its_output() -> None:
    text = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings[:2] == ["Install", "An example"]
    assert text.index("pip install .") < text.index("```{doctest}") < text.index("```{toctree}")


def test_the_index_shows_real_command_output(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"^```console\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    command, *shown = block.splitlines()
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        ["bash", "-c", command.removeprefix("$ ")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert (done.stdout + done.stderr).splitlines() == shown


def test_the_readme_names_no_unpublished_package_and_has_a_quick_test_command() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "imrparse[pdf]" not in text
    assert "git+https://" in text
    setup = text.index("## Set-up")
    full = text.index('.venv/bin/pip install -q -e ".[test]" && .venv/bin/python -m pytest\n')
    quick = text.index('.venv/bin/python -m pytest -m "not slow"')
    assert setup < full < quick < text.index("## Use")


def test_the_slow_marker_is_registered_and_the_project_has_urls() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 and newer
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    markers = project["tool"]["pytest"]["ini_options"]["markers"]
    assert any(marker.startswith("slow:") for marker in markers)
    assert {"Repository", "Issues", "Documentation"} <= set(project["project"]["urls"])


def test_long_lines_wrap_in_code_blocks_and_tables() -> None:
    conf = (ROOT / "docs" / "conf.py").read_text(encoding="utf-8")
    assert 'html_css_files = ["wrap.css"]' in conf
    css = (ROOT / "docs" / "_static" / "wrap.css").read_text(encoding="utf-8")
    assert "white-space: pre-wrap" in css and "table.docutils td" in css


def test_reporting_a_letter_asks_for_personal_details_to_be_removed() -> None:
    page = (ROOT / "docs" / "how-to" / "report-a-letter.md").read_text(encoding="utf-8")
    assert "Remove personal details" in page
    assert "imrparse --version" in page


#: How-to pages whose console blocks a test runs, each command against what it prints.
RUN_PAGES = ("uphold-rates", "see-what-was-read")


@pytest.mark.parametrize("page", RUN_PAGES)
def test_how_to_pages_show_real_command_output(page: str, tmp_path: Path) -> None:
    text = (ROOT / "docs" / "how-to" / f"{page}.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```console\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    assert blocks
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for block in blocks:
        # Each command is followed by what it prints, standard error last.
        runs = re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]
        for run in runs:
            command, *shown = run.splitlines()
            done = subprocess.run(
                ["bash", "-c", command],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, (command, done.stderr)
            assert (done.stdout + done.stderr).splitlines() == shown, command


@pytest.mark.parametrize("page", RUN_PAGES)
def test_how_to_pages_are_in_the_table_of_contents(page: str) -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert f"how-to/{page}\n" in index


def test_the_annotated_view_page_shows_its_screenshot() -> None:
    text = (ROOT / "docs" / "how-to" / "see-what-was-read.md").read_text(encoding="utf-8")
    (image,) = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", text)
    png = (ROOT / "docs" / "how-to" / image).resolve()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
