"""How age shapes the baby (``infant.age_months``, 0-36): every age rule in one place.

* **Resting heart rate** falls from ~150 bpm at birth to ~120 at one year (E12) and on
  to ~110 at three.
* **The load's answer to the same arousal** shrinks over the first two years:
  ``1 / (1 + age / 12)`` -- 0.86 at 2 months, 0.6 at 8, 0.5 at 12, 0.33 at 24 (E16:
  inoculation raised cortisol at 2 and 6 months, not at 12 or 24).
* **Self-soothing** starts higher and can grow further with age (E13): the typical
  starting capacity is ``0.03 + 0.012 age`` (0.03 at birth, 0.13 at 8 months, 0.32 at two
  years), scaled by the baby's own ``infant.self_soothing`` (1 = typical for the age);
  the ceiling it can grow to by practice is ``min(1, 0.15 + 0.025 age)``. The growth with
  age is months of supported practice summed up (self-regulation grows out of
  co-regulation, E13): with the mechanism ``supported_practice_builds_self_soothing`` off,
  a baby of any age starts where a newborn does.

These are illustrative shapes with the direction the evidence gives, not fitted curves.
"""

from __future__ import annotations

import numpy as np


def resting_heart_rate(age_months: float) -> float:
    """Resting heart rate in bpm at this age."""
    first_year = 30.0 * min(age_months, 12.0) / 12.0
    later = 10.0 * min(max(age_months - 12.0, 0.0), 24.0) / 24.0
    return 150.0 - first_year - later


def load_factor(age_months):
    """How strongly the load answers the same arousal, relative to a newborn (float or array)."""
    return 1.0 / (1.0 + np.asarray(age_months, dtype=float) / 12.0) if isinstance(age_months, np.ndarray) \
        else 1.0 / (1.0 + age_months / 12.0)


def self_soothing_ceiling(age_months):
    """How far self-soothing can grow by practice at this age (float or array)."""
    return np.minimum(1.0, 0.15 + 0.025 * age_months)


def typical_self_soothing(age_months: float) -> float:
    """The self-soothing capacity a typical baby of this age starts a first night with."""
    return 0.03 + 0.012 * age_months


def starting_self_soothing(age_months: float, relative: float = 1.0, practised: bool = True):
    """Self-soothing at night 1: typical for the age times ``relative``, within the ceiling
    (``practised=False``: without supported practice, what a newborn has)."""
    typical = typical_self_soothing(age_months if practised else 0.0)
    return np.minimum(typical * relative, self_soothing_ceiling(age_months))
