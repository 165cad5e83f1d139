"""The nights a lesson file can show, each stored once, small, and the script that draws one.

A file holds every night its controls can reach: the traces the app draws (thinned as the
app thins them, :func:`dashboards.figures.trace_data`), packed as one byte per point (the
plots are a few hundred pixels high: 1/255 of the axis is below a pixel), the regime band's
stretches, the caregiver's presence and the thresholds. Identical nights are stored once
(on a single night both readings give the same result; the attuned and absent columns do
not depend on the delayed caregiver's wait), with the words that go with them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

from dashboards import figures, theme
from sim.engine.simulate import NightResult
from sim.vocabulary import REGIMES, regime_label

#: The traces a run view draws, in their packed order.
SERIES = ("crying", "arousal", "load")
_TOP = 255

#: Draws slot ``k`` into a run view ``{traces, regimes, presence, spans}`` (the figures' models).
FILL_JS = """
function fill(view, k) {
  const S = slots, n = S.n[k], off = S.start[k], out = {t: S.t[S.tix[k]]};
  S.series.forEach((name, j) => {
    const y = new Float32Array(n), s = S.scales[j], o = off + j * n;
    for (let i = 0; i < n; i++) y[i] = S.packed[o + i] * s;
    out[name] = y;
  });
  view.traces.data = out;
  const r = S.reg[k], rd = {left: [], right: [], regime: [], label: [], color: [], hatch: [], minutes: []};
  for (let i = 0; i < r.length; i += 3) {
    const c = r[i + 2];
    rd.left.push(r[i]); rd.right.push(r[i + 1]); rd.minutes.push(r[i + 1] - r[i]);
    rd.regime.push(S.rt.regime[c]); rd.label.push(S.rt.label[c]); rd.color.push(S.rt.color[c]);
    rd.hatch.push(S.rt.hatch[c]);
  }
  view.regimes.data = rd;
  const p = S.pres[k], pd = {x0: [], x1: []};
  for (let i = 0; i < p.length; i += 2) { pd.x0.push(p[i]); pd.x1.push(p[i + 1]); }
  view.presence.data = pd;
  S.th[k].forEach((v, j) => { view.spans[j].location = v; });
}
"""


def view_models(view: figures.RunView) -> dict[str, Any]:
    """What the script changes in a run view: its sources, threshold lines and titles."""
    return {"traces": view.traces, "regimes": view.regimes, "presence": view.presence,
            "spans": [view.thresholds[name] for name in SERIES], "titles": [f.title for f in view.figures]}


class Slots:
    """The distinct nights of a file (see the module docstring); ``add`` returns a night's index."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._traces: list[dict[str, np.ndarray]] = []
        self._regimes: list[list[float]] = []
        self._presence: list[list[float]] = []
        self._thresholds: list[list[float]] = []
        self.info: list[Any] = []

    def add(self, night: NightResult, thresholds: tuple[float, float, float], info: Any = None) -> int:
        """Store ``night`` (drawn with ``thresholds``) and ``info`` (its words, JSON), once."""
        traces = figures.trace_data(night)
        regimes = figures.regime_data(night)
        presence = figures.presence_data(night)
        code = {name: i for i, name in enumerate(REGIMES)}
        reg = [v for left, right, name in zip(regimes["left"], regimes["right"], regimes["regime"])
               for v in (round(float(left), 4), round(float(right), 4), code[name])]
        pres = [round(float(v), 4) for pair in zip(presence["x0"], presence["x1"]) for v in pair]
        th = [float(v) for v in thresholds]
        digest = hashlib.sha256()
        for name in ("t", *SERIES):
            digest.update(np.ascontiguousarray(traces[name], dtype=np.float64).tobytes())
        digest.update(json.dumps([reg, pres, th, info]).encode())
        key = digest.hexdigest()
        if key not in self._index:
            self._index[key] = len(self._traces)
            self._traces.append({name: traces[name] for name in ("t", *SERIES)})
            self._regimes.append(reg)
            self._presence.append(pres)
            self._thresholds.append(th)
            self.info.append(info)
        return self._index[key]

    def __len__(self) -> int:
        return len(self._traces)

    def js(self) -> dict[str, Any]:
        """Every night packed for the script (``slots`` in :data:`FILL_JS`)."""
        times: list[np.ndarray] = []
        tix = []
        for tr in self._traces:
            t = np.asarray(tr["t"], dtype=np.float32)
            found = next((i for i, other in enumerate(times) if np.array_equal(other, t)), None)
            if found is None:
                times.append(t)
                found = len(times) - 1
            tix.append(found)
        tops = [max([1e-9] + [float(np.max(tr[name], initial=0.0)) for tr in self._traces]) for name in SERIES]
        packed, start, lengths = [], [], []
        offset = 0
        for tr in self._traces:
            n = len(tr["t"])
            start.append(offset)
            lengths.append(n)
            for name, top in zip(SERIES, tops):
                y = np.clip(np.asarray(tr[name], dtype=np.float64) / top, 0.0, 1.0)
                packed.append(np.rint(y * _TOP).astype(np.uint8))
            offset += 3 * n
        return {
            "series": list(SERIES),
            "t": times,
            "tix": np.asarray(tix, dtype=np.int32),
            "packed": np.concatenate(packed) if packed else np.zeros(0, dtype=np.uint8),
            "start": np.asarray(start, dtype=np.int32),
            "n": np.asarray(lengths, dtype=np.int32),
            "scales": [top / _TOP for top in tops],
            "reg": self._regimes,
            "pres": self._presence,
            "th": self._thresholds,
            "rt": {"regime": list(REGIMES), "label": [regime_label(r) for r in REGIMES],
                   "color": [theme.REGIME_STYLE[r][0] for r in REGIMES],
                   "hatch": [theme.REGIME_STYLE[r][1] for r in REGIMES]},
        }
