"""The independent checks: what the model claims, and second implementations to hold it against.

* :mod:`~sim.checks.claims` -- the model's fifteen claims, each a function of one baby in one reading;
* :mod:`~sim.checks.robustness` -- how well each claim holds away from the default baby (its
  shipped report: ``robustness_report.json``);
* :mod:`~sim.checks.transcription` -- the equations written again from their documentation;
* :mod:`~sim.checks.reference` -- the accuracy oracle (DOP853) and the LSODA peer on those equations;
* :mod:`~sim.checks.night_logic_check` -- the night's logic (policies, stressors, accounting,
  summary) written again from its documentation.
"""
