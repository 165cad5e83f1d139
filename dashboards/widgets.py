"""Widgets generated from declarations: the model's (Build your own) and the pages' parameters.

Bounds, units, choices and help text come from :func:`sim.declare.declarations` only;
nothing here repeats them. A widget's value is read back and checked by the same
declaration (:func:`sim.declare.check_value`), so a bad entry gives the model's own
message naming the key and what is allowed. A page's own numeric settings are ``param``
parameters; :func:`release_slider` makes the slider for one of them.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import panel as pn
import param
from bokeh.models import CustomJSTickFormatter

from sim.declare import Declaration, check_value, declarations, unit_text
from sim.errors import CoregError
from sim.i18n import _, current


class ReleaseSlider(pn.widgets.FloatSlider):
    """A slider whose release is handled at once (Panel otherwise waits 50 ms to batch events).

    Watch ``value_throttled``: it changes when the slider is let go (or a key is released).
    """

    _debounce = 0
    _priority_changes: ClassVar[list[str]] = ["value_throttled"]

    def __init__(self, **params):
        # the handle jumps instead of gliding: a 300 ms transition would repaint for 300 ms
        params.setdefault("stylesheets", [NO_TRANSITION_CSS])
        super().__init__(**params)


NO_TRANSITION_CSS = """
.noUi-state-tap .noUi-connect, .noUi-state-tap .noUi-origin, .noUi-connect, .noUi-origin, .noUi-handle {
  transition: none !important;
}
.bk-slider-title { white-space: normal; }
"""


def release_slider(parameter: param.Parameter, css_class: str, **options: Any) -> ReleaseSlider:
    """A slider for a page's numeric parameter, applied when released (never while dragging).

    Label, bounds and step come from the parameter; the slider and the parameter stay linked
    both ways (``from_param``), so setting the parameter moves the slider too.
    """
    from dashboards.language import intl_ticks

    options.setdefault("sizing_mode", "stretch_width")
    options.setdefault("format", intl_ticks(2, whole_plain=True))  # its value in the reader's number format (as Bokeh: 0.00)
    return ReleaseSlider.from_param(parameter, throttled=True, css_classes=[css_class], **options)


def shown_in_minutes() -> CustomJSTickFormatter:
    """A slider's format that shows a value kept in seconds as minutes, in the reader's number
    format (``7,5``): the value, the page's parameter and the model's setting stay in seconds (one
    per slider: a Bokeh model belongs to one page)."""
    return CustomJSTickFormatter(args={"lang": current().html_lang}, code=(
        "const m = tick / 60, d = Number.isInteger(m) ? 0 : 2;\n"
        "return new Intl.NumberFormat(lang, {minimumFractionDigits: d, maximumFractionDigits: 2}).format(m);"))


def setting_name(key: str) -> str:
    """A setting's shown name (``reactivity`` -> ``Reactivity``) in the language in force."""
    from dashboards.setting_labels import SETTING_LABELS

    if key in SETTING_LABELS:
        return _(SETTING_LABELS[key])
    words = key.replace("_", " ")
    return words[:1].upper() + words[1:]


def label_for(decl: Declaration) -> str:
    words = setting_name(decl.name)
    if decl.unit and decl.unit != "x":
        return _("{setting} ({unit})", setting=words, unit=unit_text(decl.unit))
    return words


def choice_names(decl: Declaration) -> dict[str, str] | list[str]:
    """A choice's options as shown: a caregiver policy, a stressor's kind and its resolution by their
    labels in the language in force (the value stays the key that files and links carry); other
    choices by their keys."""
    from sim.vocabulary import POLICIES, RESOLUTION_LIST, STRESSOR_KIND_LIST, policy_label

    if set(decl.choices) <= set(POLICIES):
        return {policy_label(c): c for c in decl.choices}
    for listed in (STRESSOR_KIND_LIST, RESOLUTION_LIST):
        labels = {item.name: item.label for item in listed}
        if set(decl.choices) <= set(labels):
            return {_(labels[c]): c for c in decl.choices}
    return list(decl.choices)


# ---- a list of numbers typed in one field (the check-in intervals) ----
def comma_decimals() -> bool:
    """Whether the language in force writes a decimal comma (``2,5``): then a list's items are
    separated by ``;`` only."""
    return "," in current().number(0.5, 1)


def list_text(values) -> str:
    """A list of numbers as the field shows it: the language's decimals, ``; `` between the items
    where the decimal is a comma, ``, `` elsewhere."""
    lang = current()
    return ("; " if comma_decimals() else ", ").join(lang.decimal(float(v)) for v in values)


#: Full-width list separators (Chinese keyboards) and the narrow ones they stand for.
FULL_WIDTH_SEPARATORS = str.maketrans({"\uff0c": ",", "\uff1b": ";", "\u3001": ","})


def parse_list(text: str) -> tuple[float, ...]:
    """The numbers of a list typed in the field: items separated by ``;`` always, and by ``,`` only
    where the language's decimal is a point; each item read in the language's number format
    (``2,5; 5`` is 2.5 and 5 in German). The full-width separators a Chinese keyboard types
    (``，`` ``；`` ``、``) count as their narrow forms. A ``ValueError`` when an item is not a number."""
    lang = current()
    text = text.translate(FULL_WIDTH_SEPARATORS)
    parts = text.split(";") if comma_decimals() else text.replace(";", ",").split(",")
    out = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        value = lang.parse_number(part)  # Babel: a NumberFormatError is a ValueError
        if not math.isfinite(value):
            raise ValueError(part)
        out.append(value)
    return tuple(out)


def list_placeholder() -> str:
    """An example of the list field's input, with the separator the language uses."""
    return _("e.g. 2; 4; 6") if comma_decimals() else _("e.g. 2, 4, 6")


def list_separator_help() -> str:
    """Which separator the list field takes, in words."""
    if comma_decimals():
        return _("Separate the numbers with a semicolon (;): the comma is the decimal comma, e.g. {example}.",
                 example=list_text((2.5, 5)))
    return _("Separate the numbers with commas or semicolons, e.g. {example}.", example=list_text((2.5, 5)))


def nice_step(lo: float | None, hi: float | None) -> float:
    if lo is None or hi is None or hi <= lo:
        return 0.1
    raw = (hi - lo) / 100.0
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def widget_for(decl: Declaration, value: Any, key: str) -> pn.widgets.Widget:
    """One widget for one declared setting, showing ``value``."""
    label = label_for(decl)
    common = {
        "label": label,
        "description": _("{help} Allowed: {allowed}.", help=decl.help_text(), allowed=decl.allowed()),
        "css_classes": [f"param-{key.replace('.', '-')}"],
        "sizing_mode": "stretch_width",
    }
    if decl.kind == "bool":
        return pn.widgets.Checkbox(
            value=bool(value), **{k: v for k, v in common.items() if k != "description"}
        )
    if decl.kind == "choice":
        return pn.widgets.Select(options=choice_names(decl), value=value, **common)
    if decl.kind == "text":
        return pn.widgets.TextInput(value=value or "", **common)
    if decl.kind == "float_list":
        common["description"] = current().sentences(common["description"], list_separator_help())
        return pn.widgets.TextInput(value=list_text(value), placeholder=list_placeholder(), **common)
    if decl.kind == "int":
        return pn.widgets.IntInput(value=int(value), start=int(decl.lo), end=int(decl.hi), step=1, **common)
    step = nice_step(decl.lo, decl.hi)
    if decl.optional:
        common["placeholder"] = _("leave empty for none")
    return pn.widgets.FloatInput(value=value, start=decl.lo, end=decl.hi, step=step, **common)


def read_value(decl: Declaration, widget: pn.widgets.Widget, key: str) -> Any:
    """The widget's value in the declaration's type, checked against its bounds."""
    value = widget.value
    if decl.kind == "float_list":
        text = (value or "").strip()
        try:
            value = parse_list(text)
        except ValueError:
            raise CoregError(key, _("could not read {text} as numbers", text=repr(text)), decl.allowed()) from None
    elif decl.kind == "text":
        value = value or ""
    elif decl.kind == "float" and value is None and not decl.optional:
        raise CoregError(key, _("needs a number"), decl.allowed())
    elif decl.kind == "float" and value is not None:
        value = float(value)
    return check_value(decl, value, key)


class Group:
    """The widgets of one parameter dataclass (``[infant]``, ``[caregiver]`` ...)."""

    def __init__(self, cls_or_obj: Any, prefix: str, current: Any):
        self.prefix = prefix
        self.decls = declarations(cls_or_obj)
        self.widgets = {
            d.name: widget_for(d, getattr(current, d.name), f"{prefix}.{d.name}") for d in self.decls
        }
        self._shown = list(self.widgets.values())
        self._grid: pn.GridBox | None = None

    def values(self) -> dict[str, Any]:
        return {d.name: read_value(d, self.widgets[d.name], f"{self.prefix}.{d.name}") for d in self.decls}

    def set_values(self, obj: Any) -> None:
        for d in self.decls:
            w = self.widgets[d.name]
            value = getattr(obj, d.name)
            if d.kind == "float_list":
                w.value = list_text(value)
            elif d.kind == "text":
                w.value = value or ""
            else:
                w.value = value

    def watch(self, callback) -> None:
        for w in self.widgets.values():
            w.param.watch(callback, "value", precedence=10)

    def show_only(self, names) -> None:
        """Show the widgets of ``names`` only (the others keep their values).

        The shown widgets replace the grid's children in one change: toggling each widget's
        ``visible`` would make the browser lay out the page once per widget.
        """
        shown = set(names)
        self._shown = [w for name, w in self.widgets.items() if name in shown]
        if self._grid is not None:
            self._grid.objects = list(self._shown)

    def shown(self) -> list[str]:
        """The names of the widgets shown."""
        return [name for name, w in self.widgets.items() if any(w is x for x in self._shown)]

    def panel(self, columns: int = 1) -> pn.layout.Panel:
        self._grid = pn.GridBox(*self._shown, ncols=columns, sizing_mode="stretch_width")
        return self._grid
