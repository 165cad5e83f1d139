"""The kernel's vectors are declared once (sim.engine.layout): indices, packing and lane tuples
all come from the declaration, so a new parameter is one line there."""

import dataclasses

import numba
import numpy as np

from helpers import random_setup
from sim.engine import layout
from sim.engine.layout import CONVERSIONS, NPARAM, NSTATE, PARAMS, Param, lane_params, lane_state
from sim.engine.nights import Carry
from sim.engine.pack import pack_params
from sim.params import MAX_ACTIONS, Setup


def test_indices_are_the_declaration_order():
    """Param.X, State.X, Input.X and Rec.X are the positions of the declared names."""
    assert [getattr(Param, p.name.upper()) for p in PARAMS] == list(range(NPARAM))
    assert [getattr(layout.State, s.name.upper()) for s in layout.STATES] == list(range(NSTATE))
    assert layout.REC_NAMES[:NSTATE] == layout.STATE_NAMES
    assert layout.REC_NAMES[NSTATE:NSTATE + layout.NINPUT] == layout.INPUT_NAMES


def test_every_table_of_slots_gives_its_entries_their_positions():
    """Each declared table (the policy vector, the caregiver's memory, the stressor table and its state,
    the accumulators, the summary's running part) gives each name the position of its first entry,
    a block as many entries as it declares, and a size that is all of them: no two names share an entry."""
    tables = [(layout.POLICY, layout.PolicyParam, layout.NPOLICY), (layout.ACTION, layout.Action, layout.NACTION),
              (layout.MEMORY, layout.Memory, layout.NMEMORY), (layout.STRESSOR, layout.StressorCol, layout.NSTRESSOR),
              (layout.STRESSOR_STATE, layout.StressorState, layout.NSTRESSOR_STATE),
              (layout.ACCUMULATORS, layout.Acc, layout.NACC), (layout.RUNNING, layout.Running, layout.NRUNNING)]
    for slots, indices, size in tables:
        at = 0
        for slot in slots:
            assert getattr(indices, slot.name.upper()) == at and slot.meaning, slot
            at += slot.size
        assert at == size
    assert layout.NPOLICY == layout.PolicyParam.ACTIONS + layout.NACTION * MAX_ACTIONS


def test_every_slot_names_an_existing_setting_and_conversion():
    """Each parameter slot reads a setting that exists (group.setting of a Setup, the
    night's caregiver, a slow state carried between nights, or the numerics) through a
    known unit conversion."""
    setup = Setup()
    carry = dataclasses.asdict(Carry.first(setup))
    for slot in PARAMS:
        assert slot.convert in CONVERSIONS, slot
        if slot.group == "carry":
            assert slot.setting in carry, slot
        elif slot.group == "numerics":
            assert slot.setting == "substeps"
        else:
            assert hasattr(getattr(setup, slot.group), slot.setting), slot


def test_packing_follows_the_declaration():
    """pack_params puts at each slot's index its setting converted by its declared
    conversion (random setups; the sub-steps come from the numerics)."""
    rng = np.random.default_rng(5)
    for _ in range(5):
        setup = random_setup(rng)
        P = pack_params(setup, self_soothing=0.3, fatigue=0.2, self_settling=0.4)
        for i, slot in enumerate(PARAMS):
            if slot.group == "numerics":
                assert P[i] >= 1 and P[i] == int(P[i])
                continue
            if slot.group == "carry":
                raw = {"self_soothing": 0.3, "fatigue": 0.2, "self_settling": 0.4}[slot.setting]
            else:
                raw = getattr(getattr(setup, slot.group), slot.setting)
            assert P[i] == CONVERSIONS[slot.convert](raw), slot


@numba.njit
def _lanes(pt, ys, j, block):
    return lane_params(pt, j, block), lane_state(ys, j, block)


def test_block_lanes_carry_every_parameter_and_state():
    """The compiled lane tuples (generated from NPARAM and NSTATE) hold every entry, in
    order, of a lane-major block: a parameter added to the declaration is carried too."""
    block = 16
    pt = np.arange(NPARAM * block, dtype=float)
    ys = np.arange(NSTATE * block, dtype=float) + 0.5
    for lane in (0, block - 1):
        params, state = _lanes(pt, ys, lane, block)
        assert params == tuple(float(i * block + lane) for i in range(NPARAM))
        assert state == tuple(float(i * block + lane) + 0.5 for i in range(NSTATE))
