"""Links that carry the setup: a page's settings in its address.

Each page names the settings its address carries (:class:`UrlSetting`; every page carries
projector mode and the reading). Opening a link applies them before the page computes
anything; a value that does not exist or lies outside what the page allows is said in the
page (never a traceback) and the page's own value is used. When a setting changes, the
address follows (Panel's ``pn.state.location``: a new entry in the browser's history, only
the settings that differ from the page's own); going back or forward reloads the page from
that address, which reproduces it.

Panel's ``Location.sync`` is not used: it writes every synced value into the address when a
page opens (a history entry of its own, which the Back button then returns to), applies the
values of a link all at once (one bad value loses the good ones) and does not follow the
browser's back and forward buttons.
"""

from __future__ import annotations

import math
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import panel as pn
import param

from sim.i18n import N_, _, current
from sim.printable import one_line

#: Longest part of a link's value repeated in a message.
SHOWN_CHARS = 60

#: Reloads the page when the browser goes back or forward to an address this page wrote.
HISTORY_JS = """
if (window.__coreg_history === undefined) {
  window.__coreg_history = true;
  window.addEventListener("popstate", () => window.location.reload());
}
"""


@dataclass(frozen=True)
class UrlSetting:
    """A page setting carried in its address: the parameter's name, its key in the address (the
    name unless given) and what is added to its value there (``shift``: the first lesson step,
    0 in the page, is ``step=1`` in a link)."""

    name: str
    key: str = ""
    shift: int = 0

    @property
    def query_key(self) -> str:
        return self.key or self.name

    def text(self, value: Any) -> str:
        """``value`` as the address writes it."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return f"{value + self.shift:g}"
        return str(value)


#: The settings every page's address carries (the language: :mod:`dashboards.language`).
SHARED = (UrlSetting("projector"), UrlSetting("reading"), UrlSetting("lang"))


def url_arg(key: str) -> str:
    """The value of ``key`` in the address the session was opened with ("" when none)."""
    args = pn.state.session_args if pn.state.curdoc is not None else {}
    raw = args.get(key, [b""])[0] if args else b""
    return raw.decode("utf-8", "replace").strip()


class Refused(ValueError):
    """Why a link's value cannot be used, as one whole sentence per reason: ``say(value=, setting=,
    default=)`` gives it in the language in force (the link's value, its key, what the page shows
    instead), so no translator has to bend a clause glued into another sentence."""

    def __init__(self, say: Callable[..., str]):
        self.say = say
        super().__init__(say(value="\u2026", setting="\u2026", default="\u2026"))


def _refused(message: str, **values: object) -> Refused:
    return Refused(lambda **shown: _(message, **shown, **values))


def url_value(parameter: param.Parameter, raw: str, shift: int = 0) -> Any:
    """The value ``raw`` from an address stands for, checked against ``parameter``; a
    :class:`Refused` (a ``ValueError``) says why it cannot be used."""
    if isinstance(parameter, param.Boolean):
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0"):
            return False
        raise _refused(N_("The link's value {value} for {setting} is neither true nor false; the page's own value "
                          "{default} is used."))
    if isinstance(parameter, param.Number):
        whole = isinstance(parameter, param.Integer)
        try:
            value = int(raw) if whole else float(raw)
        except ValueError:
            raise (_refused(N_("The link's value {value} for {setting} is not a whole number; the page's own value "
                               "{default} is used.")) if whole else
                   _refused(N_("The link's value {value} for {setting} is not a number; the page's own value "
                               "{default} is used."))) from None
        if not math.isfinite(value):
            raise _refused(N_("The link's value {value} for {setting} is not a finite number; the page's own value "
                              "{default} is used."))
        lo, hi = parameter.bounds or (None, None)
        value -= shift
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            num = current().number
            if lo is not None and hi is not None:
                raise _refused(N_("The link's value {value} for {setting} lies outside what the page allows (at least "
                                  "{lo} and at most {hi}); the page's own value {default} is used."),
                               lo=num(lo + shift, _digits(lo + shift)), hi=num(hi + shift, _digits(hi + shift)))
            if lo is not None:
                raise _refused(N_("The link's value {value} for {setting} lies outside what the page allows (at least "
                                  "{lo}); the page's own value {default} is used."),
                               lo=num(lo + shift, _digits(lo + shift)))
            raise _refused(N_("The link's value {value} for {setting} lies outside what the page allows (at most "
                              "{hi}); the page's own value {default} is used."), hi=num(hi + shift, _digits(hi + shift)))
        return value
    if isinstance(parameter, param.Selector):
        for value in parameter.objects:
            if str(value) == raw:
                return value
        raise _refused(N_("The link's value {value} for {setting} does not exist (choices: {choices}); the page's own "
                          "value {default} is used."), choices=", ".join(str(v) for v in parameter.objects))
    raise _refused(N_("This page cannot take {setting} from a link (its value {value}); the page's own value "
                      "{default} is used."))


def _digits(x: float) -> int:
    """The decimals ``x`` needs (at most three)."""
    for d in range(4):
        if abs(round(x, d) - x) < 1e-9:
            return d
    return 3


def settings_in_url(cls: type, settings: Iterable[UrlSetting],
                    start: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The values of ``settings`` the page's address gives, checked against the page class's
    parameters, and a message for each one that cannot be used (the page keeps ``start``)."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for s in settings:
        raw = url_arg(s.query_key)
        if not raw:
            continue
        try:
            values[s.name] = url_value(cls.param[s.name], raw, s.shift)
        except ValueError as e:
            problems.append(refusal(s, raw, e, start[s.name], cls.param[s.name]))
    return values, problems


def refusal(setting: UrlSetting, raw: Any, reason: Refused, kept: Any, parameter: param.Parameter) -> str:
    """A link's value the page cannot use, in words (``reason``'s own sentence), and what the page
    shows instead."""
    if setting.name == "reading":
        from dashboards.text import reading_choice

        names = {reading_choice(kept): kept}
    else:
        names = getattr(parameter, "names", None) or {}
    instead = next((f"\u201c{_(name)}\u201d" for name, value in names.items() if value == kept), setting.text(kept))
    shown = str(raw)[:SHOWN_CHARS] + ("\u2026" if len(str(raw)) > SHOWN_CHARS else "")
    return one_line(reason.say(value=repr(shown), setting=setting.query_key, default=instead))


def update_url(changes: Mapping[str, str | None]) -> None:
    """Keep choices in the page's address: a key with a value is set, with ``None`` left out
    (a convenience only: never fails)."""
    try:
        location = pn.state.location
        if location is None:
            return
        query = dict(urllib.parse.parse_qsl(location.search.lstrip("?"), keep_blank_values=True))
        for key, value in changes.items():
            if value is None:
                query.pop(key, None)
            else:
                query[key] = value
        text = urllib.parse.urlencode(query)
        location.search = f"?{text}" if text else ""
    except Exception:  # noqa: BLE001, S110 - the URL is a convenience only
        pass
