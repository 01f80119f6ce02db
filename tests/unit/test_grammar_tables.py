"""Parser tables: written once, found again by the next process, never rebuilt."""

from __future__ import annotations

import re
from pathlib import Path

import lark
import pytest

from imrparse import _grammar
from imrparse._grammar import BUNDLED, START_RULES, load_grammar
from imrparse.model import Template
from letters import example

NOTICE = Template.NOTICE_2013.value


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("lark analysed a grammar")


def test_every_grammar_a_letter_is_read_with_is_bundled() -> None:
    from imrparse._grammar import DOCUMENT_RULES, FIELD_RULES

    whole_letter = {
        (t.value, START_RULES) for t in (Template.NOTICE_2013, Template.PROFESSIONAL_REVIEW)
    }
    assert {("document", DOCUMENT_RULES), ("fields", FIELD_RULES)} | whole_letter == set(BUNDLED)


def test_a_second_load_reads_the_cached_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMRPARSE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(_grammar, "tables_dir", lambda: tmp_path / "not-shipped")
    built = load_grammar.__wrapped__(NOTICE, START_RULES)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert sorted(n.rsplit(".", 1)[1] for n in names) == ["lark-tables", "re-code"]
    # The next process: the same tables, without lark analysing anything.
    monkeypatch.setattr(lark.Lark, "__init__", _refuse)
    loaded = load_grammar.__wrapped__(NOTICE, START_RULES)
    text = example(NOTICE)
    assert loaded.parse(text, start="start") == built.parse(text, start="start")
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def test_tables_of_another_grammar_are_not_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMRPARSE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(_grammar, "tables_dir", lambda: tmp_path / "not-shipped")
    monkeypatch.setattr(_grammar, "_grammar_digest", lambda: b"another grammar")
    load_grammar.__wrapped__(NOTICE, START_RULES)
    monkeypatch.setattr(_grammar, "_grammar_digest", lambda: b"the grammar changed")
    monkeypatch.setattr(lark.Lark, "__init__", _refuse)
    with pytest.raises(AssertionError, match="analysed"):
        load_grammar.__wrapped__(NOTICE, START_RULES)


def test_without_a_cache_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMRPARSE_CACHE_DIR", "")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(_grammar, "tables_dir", lambda: tmp_path / "not-shipped")
    parser = load_grammar.__wrapped__(NOTICE, START_RULES)
    assert parser.parse(example(NOTICE), start="start").data == "start"
    assert list(tmp_path.iterdir()) == []


def test_precompiled_expressions_match_as_re_compiles_them() -> None:
    parser = load_grammar(NOTICE, START_RULES)
    patterns = [(t.pattern.to_regexp(), 0) for t in parser.terminals][:40]
    patterns.append(("|".join(f"(?P<G{i}>{p})" for i, (p, _) in enumerate(patterns[:20])), 0))
    shim = _grammar._Precompiled({key: _grammar._code_of(*key) for key in patterns})
    text = example(NOTICE)
    for pattern, flags in patterns:
        ours, theirs = shim.compile(pattern, flags), re.compile(pattern, flags)
        assert ours is not theirs
        assert (ours.pattern, ours.flags, ours.groupindex) == (
            theirs.pattern,
            theirs.flags,
            theirs.groupindex,
        )
        for start in range(0, len(text), 97):
            a, b = ours.match(text, start), theirs.match(text, start)
            assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup))
