"""Co-Regulation Lab's model: infant arousal co-regulated by a caregiver's response.

A conceptual illustration for teaching; it predicts nothing about a real child and is
not advice. Public entry points (imported lazily so the command line starts fast):

* :class:`sim.params.Setup` -- the immutable description of a run;
* :func:`sim.simulate.simulate` -- one baby over one or more nights;
* :func:`sim.population.simulate_population` -- many varied babies.
"""

__version__ = "0.1.0"
