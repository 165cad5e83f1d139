"""Figures and data preparation shared by the app and the report."""

from __future__ import annotations

import numpy as np
import pytest

from dashboards import figures, theme
from sim.presets import hungry_waking
from sim.engine.simulate import simulate
from sim.vocabulary import POLICIES, REGIME_LABEL, REGIMES


@pytest.fixture(scope="module")
def absent_night():
    return simulate(hungry_waking("absent")).nights[0]


def test_stretches_cover_every_step_exactly_once():
    """Run-length stretches tile the record: contiguous, in order, one code each."""
    codes = np.array([0, 0, 3, 3, 3, 1, 0])
    starts, ends, vals = figures.stretches(codes)
    assert list(starts) == [0, 2, 5, 6]
    assert list(ends) == [2, 5, 6, 7]
    assert list(vals) == [0, 3, 1, 0]


def test_regime_band_minutes_add_up_to_the_night(absent_night):
    """The band's stretches add up to the whole night and use the four regime names."""
    data = figures.regime_data(absent_night)
    assert sum(data["minutes"]) == pytest.approx(absent_night.record.shape[0] / 60.0)
    assert set(data["regime"]) <= set(REGIMES)
    assert "quiet_dysregulated" in data["regime"]


def test_traces_are_thinned_but_keep_the_last_step(absent_night):
    """Plotted traces stay under the point budget and end at the night's last second."""
    data = figures.trace_data(absent_night)
    assert len(data["t"]) <= figures.MAX_POINTS + 1
    assert data["t"][-1] == pytest.approx((absent_night.record.shape[0] - 1) / 60.0)
    assert data["crying"][-1] == pytest.approx(absent_night.column("crying")[-1])


def test_caregiver_presence_is_shaded_only_when_present():
    """Presence strips exist for an attuned caregiver and not for an absent one."""
    attuned = simulate(hungry_waking("responsive")).nights[0]
    absent = simulate(hungry_waking("absent")).nights[0]
    assert len(figures.presence_data(attuned)["x0"]) >= 1
    assert len(figures.presence_data(absent)["x0"]) == 0


def test_every_series_differs_by_more_than_colour():
    """Colour-blind safety: the traces differ by dash pattern, the regimes by hatch and marker too."""
    dashes = [dash for _, dash, _ in theme.SERIES.values()]
    assert len(set(dashes)) == len(dashes)
    assert len(set(theme.REGIME_HATCHES)) == len(REGIMES)
    assert len(set(theme.REGIME_MARKERS.values())) == len(REGIMES)
    assert len({(c, d) for c, d in theme.POLICY_STYLE.values()}) == len(theme.POLICY_STYLE)


def test_projector_look_is_larger_and_thicker():
    """Projector mode means larger fonts and thicker lines than the normal look."""
    assert theme.PROJECTOR.line > theme.NORMAL.line
    assert float(theme.PROJECTOR.font[:-2]) > float(theme.NORMAL.font[:-2])
    view = figures.run_view("x", projector=False)
    widths = [r.glyph.line_width for r in view.hidden.renderers if hasattr(r.glyph, "line_width") and r.tags]
    view.restyle(True)
    thick = [r.glyph.line_width for r in view.hidden.renderers if hasattr(r.glyph, "line_width") and r.tags]
    assert all(b > a for a, b in zip(widths, thick))
    assert view.signal.title.text_font_size == theme.PROJECTOR.title_font


def test_regime_key_names_each_regime_in_words():
    """The regime band's key says each regime in words (not colour alone)."""
    key = figures.regime_legend_html()
    for name in REGIMES:
        assert REGIME_LABEL[name] in key


def test_every_policy_and_regime_of_the_vocabulary_has_a_style():
    """Styles are keyed by the vocabulary's names: a new policy or regime without a colour fails here."""
    assert set(theme.POLICY_STYLE) == set(POLICIES)
    assert set(theme.REGIME_STYLE) == set(REGIMES)
    assert set(theme.REGIME_MARKERS) == set(REGIMES)
