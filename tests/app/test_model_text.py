"""The About page renders its equations, between-night rules and readings from the model's own
constants: every constant the model's code uses is shown, a changed constant changes the page, and
no template types a number of its own."""

from __future__ import annotations

import dataclasses
import inspect
import re

import numpy as np
import pytest

from dashboards import model_text
from dashboards.pages import about
from sim.engine import kernel, model, nights, stressors
from sim.engine.layout import NREC, State
from sim.presets import bedtime
from sim.vocabulary import READINGS

NAME = re.compile(r"\b([A-Z][A-Z0-9_]+)\b")
#: Constants the code uses that are not numbers of the model: array sizes, indices and codes of the
#: night's accumulators, and the two derived from SIGNAL_CLEAR and SIGNAL_WIDTH (shown as s0).
NOT_SHOWN = {"NACC", "NSTATE", "NOT_YET", "UNHELD", "HELD", "CLEAR_AT_SILENCE", "CLEAR_SCALE"}


def numeric_constants(*functions) -> set[str]:
    """The module-level numeric constants (and tables of them) the functions' code reads."""
    used = set()
    for fn in functions:
        source = inspect.getsource(getattr(fn, "py_func", fn))
        for name in NAME.findall(source):
            for module in model_text.MODULES:
                value = getattr(module, name, None)
                if isinstance(value, (int, float, dict)) and not isinstance(value, bool):
                    used.add(name)
    return {n for n in used if not n.startswith("ACC_")} - NOT_SHOWN


EQUATION_CODE = (model.rhs, model.capacity, model.sleep_pressure)
NIGHT_CODE = (nights.next_night, nights.initial_state, kernel.observe)


def every_template() -> list[str]:
    rows = model_text.EQUATIONS + model_text.BETWEEN_NIGHTS
    return [part for row in rows for part in row] + [model_text.NOTATION]


def rendered() -> str:
    """All the About page's model text as rendered now."""
    parts = [t for row in model_text.equations() + model_text.between_nights() for t in row]
    return "\n".join([*parts, model_text.notation(), model_text.readings_html()])


def test_every_constant_of_the_equations_and_the_night_rules_is_on_the_page():
    """Each numeric constant that rhs (with capacity and sleep pressure), the between-night rules and the
    night's counting read appears as a placeholder in the page's texts: a constant the lead adds to
    the model fails this test until the About page shows it."""
    shown = set().union(*(model_text.names_used(t) for t in every_template()))
    shown |= {"QUIET_COUNTS"}  # shown per reading in the Two readings section
    missing = (numeric_constants(*EQUATION_CODE) | numeric_constants(*NIGHT_CODE)) - shown
    assert missing == set()
    assert {"DRIVE_GAIN", "SETTLING_RELIEF", "CALLING", "SETTLING_FULL_S", "PRACTICE_LOW"} <= shown


def test_no_template_types_a_number_of_its_own():
    """Outside the placeholders the templates hold no number but the structural 0, 1, 2 and 3
    (1 - x, squares, cubes, ln 2, E2)."""
    for template in every_template() + [model_text.SHARED]:
        bare = model_text.PLACEHOLDER.sub("", template)
        assert set(re.findall(r"\d+(?:\.\d+)?", bare)) <= {"0", "1", "2", "3"}, template


def test_changing_any_constant_changes_the_rendered_page(monkeypatch):
    """Every constant shown, set to a new value, appears with that value (or as its reciprocal, a rate
    shown as a time) in the rendered text: the page reads the model's values when it is built."""
    shown = sorted(set().union(*(model_text.names_used(t) for t in every_template())) - set(model_text.FROM_FUNCTIONS))
    before = rendered()
    for i, name in enumerate(shown):
        value = 7.0 + 0.0137 * (i + 1)
        module = next(m for m in model_text.MODULES if hasattr(m, name))
        monkeypatch.setattr(module, name, value)
        text = rendered()
        assert f"{value:g}" in text or f"{1 / value:g}" in text, name
        monkeypatch.undo()
    assert rendered() == before


def test_the_readings_section_shows_each_readings_weight_of_a_quiet_aroused_second(monkeypatch):
    """The Two readings section shows QUIET_COUNTS per reading, from sim/engine/nights.py."""
    html = model_text.readings_html()
    for reading in READINGS:
        assert f"q = {nights.QUIET_COUNTS[reading]:g}" in html
    monkeypatch.setattr(nights, "QUIET_COUNTS", {"stress_stays": 0.37, "learns_to_settle": 0.91})
    html = model_text.readings_html()
    assert "q = 0.37" in html and "q = 0.91" in html


def test_the_about_pages_equations_are_the_rendered_ones(monkeypatch):
    """The page's equation column typesets model_text's equations; a changed constant reaches it."""
    monkeypatch.setattr(model, "DRIVE_GAIN", 9.87)
    column = about.equations_column()
    latex = " ".join(obj.object for obj in column.objects if hasattr(obj, "renderer"))
    assert "9.87" in latex
    for _, tex, _ in model_text.equations():
        assert tex in latex
    for _, tex, _ in model_text.between_nights():
        assert tex in latex


@pytest.mark.parametrize("reading", READINGS)
def test_the_expectancy_rule_the_page_describes_is_what_next_night_does(reading):
    """Between nights expectancy relaxes toward where that night started, in both readings
    (not toward night 1's value), as the Between nights section says."""
    setup = bedtime("absent").with_values(reading=reading, infant={"expectancy_start": 0.6})
    carry = dataclasses.replace(nights.Carry.first(setup), expectancy=0.8)
    last = np.zeros(NREC)
    last[State.EXPECTANCY] = 0.1
    nxt = nights.next_night(setup, carry, last, np.zeros(kernel.NACC))
    assert nxt.expectancy == pytest.approx(0.1 + setup.infant.expectancy_relax * (0.8 - 0.1))
    assert "where that night started" in " ".join(words for _, _, words in model_text.between_nights())
    assert stressors.HELD_CONTACT > 0  # the put-down rule's threshold is shown from stressors
