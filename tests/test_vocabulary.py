"""One vocabulary: every name the project uses for a policy, stressor, setting group, regime or
metric is declared in sim/vocabulary.py, and the settings, the scenario loader and the command
line (and the kernel's integer codes) agree with it. (The app is checked in the app's tests.)"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sim import cli, params, vocabulary
from sim.cli import parser as cli_parser
from sim.cli import render as cli_render
from sim.cli.commands import settings_tables
from sim.declare import declaration
from sim.errors import CoregError
from sim.scenario import NEVER_MEANS_INFINITE, SETTING_CLASSES, Expect, load_scenario, load_scenario_text
from sim.scenario import limits as scenario_limits
from sim.scenario.tables import READING_SETTING
from sim.vocabulary import (
    CAVEAT,
    DEFAULT_READING,
    METRIC_LIST,
    POLICIES,
    READINGS,
    REGIMES,
    RESOLUTIONS,
    SETTING_GROUP_LIST,
    SETTING_GROUPS,
    STRESSOR_KINDS,
    SUMMARY_KEYS,
    TABLE_METRICS,
    VARIANT_GROUPS,
)

NAME_LISTS = {"policies": POLICIES, "stressor kinds": STRESSOR_KINDS, "resolutions": RESOLUTIONS,
              "setting groups": SETTING_GROUPS, "regimes": REGIMES, "summary metrics": SUMMARY_KEYS}


@pytest.mark.parametrize("what", list(NAME_LISTS))
def test_each_name_is_declared_once(what):
    """Every list of names is non-empty and says each name once, as a lower-case identifier
    (what a scenario file, the CSV and JSON use)."""
    names = NAME_LISTS[what]
    assert names and len(set(names)) == len(names), names
    assert all(n.isidentifier() and n == n.lower() for n in names), names


def test_every_metric_has_a_label_and_distinct_heading():
    """Each metric has a label, the headings (label with unit) differ, and the table and "never"
    lists name only declared metrics."""
    headings = [m.heading for m in METRIC_LIST]
    assert all(m.label for m in METRIC_LIST) and len(set(headings)) == len(headings)
    assert set(TABLE_METRICS) <= set(SUMMARY_KEYS) and set(vocabulary.HEADLINE_METRICS) <= set(SUMMARY_KEYS)
    assert vocabulary.NEVER_MEANS_INFINITE == ("time_to_settle_min", "quiet_to_settled_min", "time_to_sleep_min")


def test_the_settings_use_the_vocabularys_names():
    """The parameter classes take their choices from the vocabulary: policies, stressor kinds and
    what resolves a stressor; every policy has its defaults and its list of keys."""
    assert params.POLICIES is POLICIES and params.STRESSOR_KINDS is STRESSOR_KINDS
    assert params.RESOLUTIONS is RESOLUTIONS
    assert declaration(params.CaregiverParams, "policy").choices == POLICIES
    assert declaration(params.Stressor, "kind").choices == STRESSOR_KINDS
    assert declaration(params.Stressor, "resolved_by").choices == RESOLUTIONS
    assert tuple(params.POLICY_DEFAULTS) == POLICIES and tuple(params.POLICY_KEYS) == POLICIES


def test_the_loader_reads_exactly_the_vocabularys_groups():
    """The scenario loader's group keys, its class for each group and the keys a [[compare]]
    variant may hold all come from the vocabulary's setting groups (a variant also takes the
    one top-level setting, ``reading``, whose values are the vocabulary's readings)."""
    assert scenario_limits.GROUP_KEYS == SETTING_GROUPS == tuple(SETTING_CLASSES)
    assert scenario_limits.VARIANT_KEYS == ("label", "reading", *VARIANT_GROUPS)
    assert READING_SETTING.choices == READINGS and READING_SETTING.default == DEFAULT_READING
    assert {g.name for g in SETTING_GROUP_LIST if g.is_list} <= set(scenario_limits.LIST_KEYS)
    assert set(SETTING_GROUPS) <= set(scenario_limits.TOP_KEYS)


@pytest.mark.parametrize("group", SETTING_GROUP_LIST, ids=lambda g: g.name)
def test_each_group_loads_as_declared_and_variants_take_only_their_groups(group):
    """A file may hold each group as the vocabulary says (a table, or a list of tables); a
    [[compare]] variant may override it exactly when the vocabulary says so."""
    value = "[]" if group.is_list else "{}"
    sc = load_scenario_text(f"{group.name} = {value}\n", "group.toml")
    assert sc.title == "group"
    variant = f'[[compare]]\nlabel = "V"\n{group.name} = {value}\n'
    if group.in_variants:
        assert load_scenario_text(variant, "variant.toml").variants[0].label == "V"
    else:
        with pytest.raises(CoregError, match=f"compare.1.{group.name}: unknown key"):
            load_scenario_text(variant, "variant.toml")


def test_the_loader_choices_are_the_vocabularys():
    """Policy and stressor kind in a file are checked against the vocabulary (each one loads, a
    made-up one is refused), and an [[expect]] may name exactly the summary metrics."""
    for policy in POLICIES:
        extra = "\nactions = [{at_min = 0}]" if policy == "scripted" else ""
        text = f'[caregiver]\npolicy = "{policy}"{extra}\n[run]\nduration_min = 30\n'
        assert load_scenario_text(text).base.caregiver.policy == policy
    for kind in STRESSOR_KINDS:
        text = f'[[stressors]]\nkind = "{kind}"\nlabel = "x"\n'
        assert load_scenario_text(text).base.stressors[0].kind == kind
    with pytest.raises(CoregError, match="caregiver.policy"):
        load_scenario_text('[caregiver]\npolicy = "ignoring"\n')
    assert declaration(Expect, "metric").choices == SUMMARY_KEYS
    assert NEVER_MEANS_INFINITE is vocabulary.NEVER_MEANS_INFINITE


def _fake_results(summary: dict) -> dict:
    night = SimpleNamespace(night=1, summary=summary)
    setup = SimpleNamespace(reading=DEFAULT_READING)
    return {"Attuned": SimpleNamespace(nights=(night,), night=lambda n: night, setup=setup)}


def test_the_command_line_table_says_the_vocabularys_headings_and_caveat():
    """`coreg run`'s table has one row per TABLE_METRICS metric, in order, headed by the
    vocabulary's heading (the app's words); a "never" metric shows "never"; the caveat closes it."""
    sc = load_scenario("tears_together")
    summary = {m: 1.0 for m in SUMMARY_KEYS} | {m: None for m in NEVER_MEANS_INFINITE}
    lines = cli_render.render_summary(sc, _fake_results(summary), compare=False).splitlines()
    # title, underline, caregiver, reading, column heads, then the rows
    assert lines[3].startswith("Reading: ") and lines[4].split() == ["value"]
    rows = lines[5:5 + len(TABLE_METRICS)]
    assert lines[5 + len(TABLE_METRICS):] == ["", CAVEAT] and CAVEAT in cli_parser.build_parser().description
    for row, metric in zip(rows, TABLE_METRICS, strict=True):
        heading, cell = row.rsplit(maxsplit=1)
        assert heading == vocabulary.metric_heading(metric)
        assert (cell == "never") == (metric in NEVER_MEANS_INFINITE), row


def test_settings_command_and_its_help_cover_every_group(capsys):
    """`coreg settings GROUP` accepts the vocabulary's groups (plus actions, expect, lesson), its
    help lists the same, and each has a declaring class."""
    tables = settings_tables()
    assert tuple(tables) == cli_parser.SETTINGS_TABLES
    assert set(SETTING_GROUPS) <= set(tables)
    assert cli.main(["settings", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "only one group: " + ", ".join(tables) in help_text


@pytest.mark.parametrize("policy", POLICIES)
def test_a_caregiver_line_shows_the_policys_own_settings(policy):
    """A caregiver's one-line description (`coreg run`, `coreg show`) names the policy and the
    first of the settings that policy uses (POLICY_KEYS), never another policy's."""
    actions = (params.ScriptedAction(),) if policy == "scripted" else ()
    cg = params.CaregiverParams.for_policy(policy, actions=actions)
    text = cli_render.caregiver_summary(cg)
    assert text.startswith(policy)
    shown = [k for k in params.POLICY_KEYS[policy][:cli_render.SHOWN_POLICY_KEYS]
             if k != "actions" and getattr(cg, k) is not None]
    assert all(f"{k} = " in text for k in shown), text
    others = set().union(*params.POLICY_KEYS.values()) - set(params.POLICY_KEYS[policy])
    assert not any(f"{k} = " in text for k in others), text


def test_the_kernels_codes_come_from_the_vocabulary():
    """The compiled kernel's integer codes are the vocabulary's positions: each policy's code
    in the policy vector, each resolution's in the stressor table, each regime's in the
    summary, each metric's index in the summary vector, and a stressor kind's flags."""
    import numpy as np

    from sim.engine import policies, stressors, summary
    from sim.engine.layout import PolicyParam, StressorCol
    from sim.params import CaregiverParams, Stressor

    for name in POLICIES:
        if name == "scripted":
            continue  # needs a timeline; its code is checked through POLICY_CODE below
        q = policies.pack_policy(CaregiverParams.for_policy(name))
        assert q[PolicyParam.KIND] == vocabulary.POLICY_CODE[name]
    assert (policies.RESPONSIVE, policies.GRADUATED, policies.SCRIPTED) == tuple(
        vocabulary.POLICY_CODE[n] for n in ("responsive", "graduated", "scripted"))
    for kind in STRESSOR_KINDS:
        for resolution in RESOLUTIONS:
            s = Stressor(kind=kind, resolved_by=resolution, duration_min=5.0, label="x")
            row = stressors.pack_stressors([s])[0]
            assert row[StressorCol.RESOLVE] == vocabulary.RESOLUTION_CODE[resolution]
            assert row[StressorCol.FELT_ASLEEP] == float(vocabulary.STRESSOR_KIND[kind].felt_asleep)
            assert row[StressorCol.ALONE] == float(vocabulary.STRESSOR_KIND[kind].alone)
    assert [getattr(summary, r.upper()) for r in REGIMES] == list(range(len(REGIMES)))
    assert list(summary.Out._fields) == [k.upper() for k in SUMMARY_KEYS]
    assert np.array_equal(np.arange(summary.NSUMMARY), np.array(summary.Out))
