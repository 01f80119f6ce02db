"""Hypothesis strategies over :mod:`imrparse.testing`'s synthetic letters."""

from __future__ import annotations

import random

from hypothesis import strategies as st

from imrparse.testing import Layout, Letter, random_letter, render

#: Sources of randomness whose every draw Hypothesis records, replays and shrinks.
randoms = st.randoms(use_true_random=False)

#: Values of one letter of the sample letters' template.
letters: st.SearchStrategy[Letter] = randoms.map(random_letter)

#: A layout to print a letter in.
layouts = st.sampled_from(Layout)


@st.composite
def rendered(draw: st.DrawFn) -> tuple[Letter, str]:
    """A letter and its text, in any layout, with random wording and page breaks."""
    letter = draw(letters)
    layout = draw(layouts)
    rng: random.Random = draw(randoms)
    return letter, render(letter, layout, rng=rng)
