"""Widgets generated from the parameter declarations: bounds in one place, checked the same way."""

from __future__ import annotations

import panel as pn
import pytest

from dashboards.widgets import Group, read_value, widget_for
from sim.declare import declarations
from sim.errors import CoregError
from sim.params import CaregiverParams, InfantParams, Mechanisms, Regimes, RunParams, SleepParams, Stressor

CLASSES = (RunParams, InfantParams, SleepParams, CaregiverParams, Regimes, Mechanisms, Stressor)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_declaration_gets_a_widget_with_its_own_bounds(cls):
    """Numeric widgets take their start/end from the declaration; choices their options."""
    group = Group(cls, cls.__name__.lower(), cls())
    for decl in declarations(cls):
        w = group.widgets[decl.name]
        if decl.kind in ("float", "int"):
            assert (w.start, w.end) == (decl.lo, decl.hi)
        elif decl.kind == "choice":
            values = list(w.options.values()) if isinstance(w.options, dict) else list(w.options)
            assert values == list(decl.choices)  # shown by name (a policy by its label), kept by key
        elif decl.kind == "bool":
            assert isinstance(w, pn.widgets.Checkbox)
        assert w.name


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_widgets_read_back_the_defaults_unchanged(cls):
    """Building from the widgets' values gives back the dataclass they were made from."""
    group = Group(cls, cls.__name__.lower(), cls())
    assert cls(**group.values()) == cls()


def test_out_of_bounds_value_raises_the_models_message():
    """A value beyond the declared bound is refused with the key and what is allowed."""
    decl = next(d for d in declarations(InfantParams) if d.name == "reactivity")
    w = widget_for(decl, 1.0, "infant.reactivity")
    w.end = None  # a browser could still send anything
    w.value = 99.0
    with pytest.raises(CoregError, match=r"infant\.reactivity.*allowed"):
        read_value(decl, w, "infant.reactivity")


def test_a_list_setting_reads_comma_separated_numbers():
    """Check-in intervals are typed as "2, 4, 6" and read as numbers; letters are refused."""
    decl = next(d for d in declarations(CaregiverParams) if d.name == "checkin_intervals_min")
    w = widget_for(decl, (2.0, 4.0, 6.0), "caregiver.checkin_intervals_min")
    assert w.value == "2, 4, 6"
    w.value = "1, 3"
    assert read_value(decl, w, "k") == (1.0, 3.0)
    w.value = "1, soon"
    with pytest.raises(CoregError, match="could not read"):
        read_value(decl, w, "caregiver.checkin_intervals_min")
