"""Wheel build step: ship the analysed grammar tables with the package.

Runs the grammar stage of the source tree (``src/imrparse/_grammar.py``, which
imports nothing else of imrparse) to build every grammar in its ``BUNDLED``
list and writes the tables into the wheel's ``imrparse/_tables``, so that an
installed copy never analyses a grammar at run time. Editable installs skip
it: they build the tables on first use, or with
``python -m imrparse._grammar --build``.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class GrammarTablesHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        source = Path(self.root) / "src" / "imrparse" / "_grammar.py"
        spec = importlib.util.spec_from_file_location("_imrparse_build_grammar", source)
        assert spec is not None and spec.loader is not None
        grammar = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = grammar
        try:
            spec.loader.exec_module(grammar)
            self._folder = Path(tempfile.mkdtemp(prefix="imrparse-tables-"))
            for name, start in grammar.BUNDLED:
                for path in grammar.write_tables(self._folder, name, start):
                    build_data["force_include"][str(path)] = f"imrparse/_tables/{path.name}"
        finally:
            del sys.modules[spec.name]

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
