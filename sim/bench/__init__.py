"""Measuring the engine's speed: ``python -m sim.bench`` (:mod:`~sim.bench.engine`).

Measurement only: nothing of the model or the app imports it.
"""
