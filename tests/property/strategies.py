"""Hypothesis strategies over :mod:`imrparse.testing`'s synthetic letters."""

from __future__ import annotations

import random

from hypothesis import strategies as st

from imrparse import Template
from imrparse.testing import Layout, Letter, random_letter, render

#: Sources of randomness whose every draw Hypothesis records, replays and shrinks.
randoms = st.randoms(use_true_random=False)

#: Every template :func:`imrparse.testing.render` can print.
templates = st.sampled_from(list(Template))

#: A layout to print a letter in.
layouts = st.sampled_from(Layout)


@st.composite
def any_letters(draw: st.DrawFn) -> Letter:
    """Values of one letter of any template, with or without a header block, in
    the sample letters' wording or in the other wordings the parser reads."""
    template = draw(templates)
    header = draw(st.sampled_from([None, True, False]))
    varied = draw(st.booleans())
    return random_letter(draw(randoms), template=template, header=header, varied=varied)


@st.composite
def rendered(draw: st.DrawFn) -> tuple[Letter, str]:
    """A letter of any template and its text, in any layout, with random
    wording (the sample letters' or varied) and page breaks."""
    letter = draw(any_letters())
    layout = draw(layouts)
    rng: random.Random = draw(randoms)
    return letter, render(letter, layout, rng=rng, varied=draw(st.booleans()))
