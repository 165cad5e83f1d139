"""Measuring the app in a real browser and under load: ``python -m dashboards.bench``.

* :mod:`~dashboards.bench.landing` -- the command, and the landing page's slider latency, sessions
  releasing at once, and the server's memory over many sessions;
* :mod:`~dashboards.bench.load` -- a classroom on one laptop (``--load``);
* :mod:`~dashboards.bench.start` -- a first start on a fresh machine (``--first-start``);
* :mod:`~dashboards.bench.serve` -- the app with what only measuring needs (a stats endpoint);
* :mod:`~dashboards.bench.server` -- starting, asking and stopping it for them (and for the
  browser tests).

Measurement only: nothing of the app imports it.
"""
