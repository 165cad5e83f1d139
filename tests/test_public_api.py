"""The public API in ``sim/__init__.py``: cheap to import, every advertised name real."""

import subprocess
import sys
import types
from pathlib import Path

import pytest

import sim

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "numba", "scipy", "panel", "bokeh", "tomli_w")


def test_import_sim_loads_no_heavy_library():
    """`import sim` in a fresh process imports none of numpy, numba, scipy, panel, bokeh, tomli_w:
    the public names load only when used."""
    code = f"import sys, sim; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_every_public_name_resolves_and_is_listed():
    """Each name of sim.__all__ resolves to a real object defined where the API says, dir(sim) lists
    it, and the headline names of the brief are among them."""
    for name in ("Setup", "simulate", "iter_nights", "simulate_population", "load_scenario", "CoregError",
                 "CaregiverParams", "InfantParams", "RunParams", "Stressor"):
        assert name in sim.__all__, name
    for name in sim.__all__:
        value = getattr(sim, name)
        assert value is not None and not isinstance(value, types.ModuleType), name
        assert name in dir(sim)
    assert sim.load_scenario("tears_together").base.caregiver.policy == "responsive"


def test_a_name_shared_with_a_submodule_stays_the_function():
    """`sim.simulate` is the function, before and after the module sim/engine/simulate.py is imported;
    the module itself is reachable by its full name; an unknown name is an AttributeError."""
    import importlib

    module = importlib.import_module("sim.engine.simulate")
    import sim.engine.simulate  # binds the submodule on its package, normally

    assert sim.simulate is module.simulate and callable(sim.simulate)
    assert sys.modules["sim.engine.simulate"] is module
    from sim.engine import model  # a submodule that is not a public name still imports as a module

    assert isinstance(model, types.ModuleType)
    with pytest.raises(AttributeError, match="no_such_thing"):
        sim.no_such_thing  # noqa: B018
