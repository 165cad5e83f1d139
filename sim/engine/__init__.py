"""The engine: the compiled model and what drives it, night by night and baby by baby.

* :mod:`~sim.engine.layout` -- every kernel array declared once (states, inputs, parameters,
  the policy's, stressors' and accumulators' slots);
* :mod:`~sim.engine.model` -- the equations (right-hand side, RK4); :mod:`~sim.engine.numerics`
  -- how many sub-steps a parameter set needs; :mod:`~sim.engine.age` -- how age shapes the baby;
* :mod:`~sim.engine.policies`, :mod:`~sim.engine.stressors` -- what the caregiver does and what the
  baby needs, second by second;
* :mod:`~sim.engine.kernel` -- the night loop and the population's; :mod:`~sim.engine.summary` --
  regimes and the per-night metrics; :mod:`~sim.engine.jit` -- compiling and caching them;
* :mod:`~sim.engine.pack` -- settings into kernel vectors; :mod:`~sim.engine.nights` -- between two
  nights; :mod:`~sim.engine.simulate` -- one baby; :mod:`~sim.engine.population` -- many.

Users import the public names from :mod:`sim` (``from sim import simulate``).
"""
