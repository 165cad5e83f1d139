"""Running a scenario and checking what it claims to demonstrate (its ``[[expect]]`` entries).

A "time to ..." metric that never happened counts as infinitely long (the vocabulary
marks which metrics mean "never" when missing); any other missing value fails the
comparison with a message saying so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from sim.i18n import _, current
from sim.scenario.checks import number_text
from sim.scenario.limits import DEFAULT_LABEL
from sim.scenario.objects import Expect, Scenario
from sim.vocabulary import NEVER_MEANS_INFINITE


def evaluate_expect(expect: Expect, results: Mapping[str, Any], base_label: str = DEFAULT_LABEL,
                    shown: Callable[[str], str] = str) -> tuple[bool, str]:
    """Whether ``expect`` holds in ``results`` (label -> RunResult), and what was measured (each
    variant named by ``shown(label)``: its label in the reader's language)."""
    e = expect
    label = e.variant or base_label
    other = e.than_variant or label
    for who in (label,) + ((other,) if e.value is None else ()):
        if who not in results:
            return False, _("variant {label} was not run", label=repr(who))
    left_night = e.night or len(results[label].nights)
    left = measure(results[label], left_night, e.metric)
    if e.value is not None:
        right, right_text = e.value, number_text(e.value)
    else:
        right_night = e.than_night or e.night or len(results[other].nights)
        metric = e.than_metric or e.metric
        right = measure(results[other], right_night, metric)
        right_text = _("{variant} night {night} {metric} = {value}", variant=shown(other), night=current().number(right_night),
                       metric=metric, value=_value_text(right))
    left_text = _("{variant} night {night} {metric} = {value}", variant=shown(label), night=current().number(left_night),
                  metric=e.metric, value=_value_text(left))
    if left is None or right is None:
        return False, _("{left}; {right}: a value does not exist, so nothing to compare", left=left_text,
                        right=right_text)
    ok = compare(left, e.op, e.factor * right, e.tol or 0.0)
    if e.factor != 1:
        return ok, _("{left} {op} {factor} x ({right})", left=left_text, op=e.op, factor=number_text(e.factor),
                     right=right_text)
    return ok, _("{left} {op} ({right})", left=left_text, op=e.op, right=right_text)


def measure(result: Any, night: int, metric: str) -> float | None:
    """``metric`` of ``night`` in ``result``; a "time to ..." that never came is infinite."""
    value = result.night(night).summary.get(metric)
    if value is None and metric in NEVER_MEANS_INFINITE:
        return math.inf
    return None if value is None else float(value)


def compare(left: float, op: str, right: float, tol: float) -> bool:
    """``left op right``; ``~=`` is equal within ``tol`` (two infinities are equal, one is not close)."""
    if op == ">":
        return left > right
    if op == ">=":
        return left >= right
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if math.isinf(left) or math.isinf(right):
        return left == right
    return abs(left - right) <= tol


def _value_text(x: float | None) -> str:
    if x is None:
        return _("does not exist")
    if math.isinf(x):
        return _("never")
    return current().decimal(x, 4)


def run_scenario(scenario: Scenario, only_base: bool = False) -> dict[str, Any]:
    """Run the base (and, unless ``only_base``, every variant): label -> RunResult."""
    from sim.engine.simulate import simulate

    setups = scenario.setups()
    if only_base:
        setups = {scenario.label: setups[scenario.label]}
    return {label: simulate(setup) for label, setup in setups.items()}


def check_expectations(scenario: Scenario, results: Mapping[str, Any],
                       shown: Callable[[str], str] = str) -> list[tuple[Expect, bool, str]]:
    """Each expectation with whether it holds in ``results`` and what was measured."""
    return [(e, *evaluate_expect(e, results, scenario.label, shown)) for e in scenario.expects]
