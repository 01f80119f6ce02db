"""Hostile input: mutated letters give a sound Determination or a ParseError.

The mutations (``tests/mutations.py``) delete, duplicate and shuffle lines and
paragraphs, truncate, inject characters, grammar tokens and bytes, change line
ends and encodings. The example count is bounded by the Hypothesis profile;
``fuzz/fuzz_load.py`` runs the same checks for as long as wanted.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imrparse.testing import Letter
from mutations import CHARACTERS, MUTATIONS, TOKENS, check, mutate

from .strategies import randoms, rendered

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
@given(case=rendered(), rng=randoms)
def test_a_mutated_letter_gives_a_sound_determination_or_a_parse_error(
    strict: bool, case: tuple[Letter, str], rng: random.Random
) -> None:
    check(mutate(case[1], rng), strict=strict)


@pytest.mark.parametrize("name", list(MUTATIONS))
@settings(max_examples=max(10, settings.default.max_examples // 10))
@given(case=rendered(), rng=randoms)
def test_each_mutation_alone_gives_a_sound_determination_or_a_parse_error(
    name: str, case: tuple[Letter, str], rng: random.Random
) -> None:
    check(MUTATIONS[name](case[1], rng))


@given(case=rendered(), data=st.binary(min_size=1, max_size=64), at=st.floats(0, 1))
def test_bytes_injected_into_a_letter_give_a_sound_determination_or_a_parse_error(
    case: tuple[Letter, str], data: bytes, at: float
) -> None:
    encoded = case[1].encode()
    cut = int(len(encoded) * at)
    check(encoded[:cut] + data + encoded[cut:])


@given(st.lists(st.sampled_from(CHARACTERS + TOKENS) | st.characters(), max_size=100).map("".join))
def test_any_text_gives_a_sound_determination_or_a_parse_error(text: str) -> None:
    check(text, strict=False)
