"""Layout of a night's record: one row per second, states then inputs and derived values."""

from sim import model as m

(R_P, R_U, R_C, R_NEED, R_DSLEEP, R_DWAKE, R_DALONE, R_COREG, R_PRESSURE) = range(m.NSTATE, m.NSTATE + 9)
NREC = m.NSTATE + 9
REC_NAMES = m.STATE_NAMES + ("presence", "contact", "contingency", "need", "need_asleep",
                             "need_awake", "need_alone", "coregulation", "sleep_pressure")
