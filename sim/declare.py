"""Declaring a parameter once: default, bounds, unit and help text.

Every setting of the model is a field of a frozen dataclass made with :func:`param`.
Validation (here), the scenario loader and the app's widgets all read the same
declaration, so a bound is written in exactly one place.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from dataclasses import dataclass
from typing import Any

from sim.errors import CoregError
from sim.i18n import _, current, p_
from sim.printable import describe_char, first_unprintable


@dataclass(frozen=True)
class Variation:
    """How a setting varies from baby to baby in the documented population (``spread`` 1;
    0 gives identical babies): ``log`` -- the value times a lognormal of this width;
    ``normal`` -- plus a normal of this standard deviation; ``relative`` -- times a uniform
    factor within +-``width``; ``around`` -- plus a uniform within +-``width`` (in the
    setting's unit). Draws are clipped to the declared bounds."""

    kind: str  # "log" | "normal" | "relative" | "around"
    width: float

    def draw(self, base: float, n: int, spread: float, rng: Any) -> Any:
        w = self.width * spread
        if self.kind == "log":
            return base * rng.lognormal(0.0, w, n)
        if self.kind == "normal":
            return base + rng.normal(0.0, w, n)
        if self.kind == "relative":
            return base * rng.uniform(1.0 - w, 1.0 + w, n)
        return base + rng.uniform(-w, w, n)

    def describe(self, unit: str = "") -> str:
        """In words, for the README and the app: ``x lognormal(0, 0.1)`` (a formula: its numbers
        are written as Python writes them, in every language)."""
        u = f" {unit_text(unit)}" if unit and self.kind in ("normal", "around") else ""
        return {"log": f"x lognormal(0, {self.width:g})", "normal": f"+ normal(0, {self.width:g}{u})",
                "relative": f"x uniform({1 - self.width:g}, {1 + self.width:g})",
                "around": f"+ uniform(-{self.width:g}, {self.width:g}{u})"}[self.kind]


#: The population's variation of a physiological time scale or gain, unless declared otherwise.
TYPICAL = Variation("log", 0.1)


@dataclass(frozen=True)
class Declaration:
    """What one setting is: its name, default, bounds, unit and meaning."""

    name: str
    default: Any
    kind: str  # "float" | "int" | "bool" | "choice" | "text" | "float_list"
    lo: float | None = None
    hi: float | None = None
    unit: str = ""
    help: str = ""
    choices: tuple[str, ...] = ()
    optional: bool = False
    one_line: bool = False  # a text: one line, without line breaks or control characters
    vary: Variation | None = None  # how it varies from baby to baby in the documented population

    def allowed(self) -> str:
        """A short human sentence of what values this setting takes (in the language in force)."""
        if self.kind == "bool":
            return _("true or false")
        if self.kind == "choice":
            return " | ".join(self.choices)
        if self.kind == "text":
            return _("one line of text") if self.one_line else _("a string")
        values = {"lo": _fmt(self.lo), "hi": _fmt(self.hi), "unit": unit_text(self.unit)}
        if self.kind == "int":
            if self.unit:
                return _("a whole number from {lo} to {hi} {unit}", **values)
            return _("a whole number from {lo} to {hi}", **values)
        if self.kind == "float_list":
            if self.unit:
                return _("a non-empty list of numbers, each from {lo} to {hi} {unit}", **values)
            return _("a non-empty list of numbers, each from {lo} to {hi}", **values)
        if self.unit:
            return _("a number from {lo} to {hi} {unit}", **values)
        return _("a number from {lo} to {hi}", **values)

    def help_text(self) -> str:
        """The help in the language in force."""
        return _(self.help) if self.help else ""


def unit_text(unit: str) -> str:
    """A unit as shown in the language in force (``min``, ``s``; the keys are the English units)."""
    return {
        "min": lambda: p_("unit", "min"), "s": lambda: p_("unit", "s"), "h": lambda: p_("unit", "h"),
        "x": lambda: p_("unit", "x"), "months": lambda: p_("unit", "months"),
        "nights": lambda: p_("unit", "nights"), "0-1": lambda: p_("unit", "0-1"),
    }.get(unit, lambda: unit)()


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    return current().decimal(x)


def param(
    default: Any,
    lo: float | None = None,
    hi: float | None = None,
    *,
    unit: str = "",
    help: str,
    kind: str | None = None,
    choices: tuple[str, ...] = (),
    optional: bool = False,
    one_line: bool = False,
    vary: Variation | None = None,
) -> Any:
    """A dataclass field that carries its own declaration in its metadata."""
    if kind is None:
        if isinstance(default, bool):
            kind = "bool"
        elif choices:
            kind = "choice"
        elif isinstance(default, int) and not optional:
            kind = "int"
        elif isinstance(default, str):
            kind = "text"
        elif isinstance(default, tuple):
            kind = "float_list"
        else:
            kind = "float"
    meta = {"lo": lo, "hi": hi, "unit": unit, "help": help, "kind": kind,
            "choices": choices, "optional": optional, "one_line": one_line, "vary": vary}
    return dataclasses.field(default=default, metadata={"declared": meta})


def declarations(cls_or_obj: Any) -> list[Declaration]:
    """The declared settings of a parameter dataclass, in declaration order."""
    out = []
    for f in dataclasses.fields(cls_or_obj):
        meta = f.metadata.get("declared")
        if meta is None:
            continue
        out.append(Declaration(name=f.name, default=f.default, **meta))
    return out


def declaration(cls_or_obj: Any, name: str) -> Declaration:
    for d in declarations(cls_or_obj):
        if d.name == name:
            return d
    raise KeyError(name)


def check_value(decl: Declaration, value: Any, key: str) -> Any:
    """Return ``value`` in its canonical type, or raise :class:`CoregError`."""
    if value is None and decl.optional:
        return None
    kind = decl.kind
    if kind == "bool":
        if not isinstance(value, bool):
            raise CoregError(key, _("expected true or false, got {value}", value=_show(value)), decl.allowed())
        return value
    if kind == "choice":
        if not isinstance(value, str) or value not in decl.choices:
            hint = _did_you_mean(value, decl.choices)
            raise CoregError(key, _("unknown value {value}{hint}", value=_show(value), hint=hint), decl.allowed())
        return value
    if kind == "text":
        if not isinstance(value, str):
            raise CoregError(key, _("expected a string, got {value}", value=_show(value)), decl.allowed())
        if decl.one_line:
            check_one_line(value, key)
        return value
    if kind == "float_list":
        if isinstance(value, list):
            value = tuple(value)
        if not isinstance(value, tuple) or not value:
            raise CoregError(key, _("expected a non-empty list, got {value}", value=_show(value)), decl.allowed())
        return tuple(_check_number(decl, v, f"{key}[{i + 1}]", as_int=False)
                     for i, v in enumerate(value))
    return _check_number(decl, value, key, as_int=(kind == "int"))


def _check_number(decl: Declaration, value: Any, key: str, *, as_int: bool) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CoregError(key, _("expected a number, got {value}", value=_show(value)), decl.allowed())
    if isinstance(value, float) and not math.isfinite(value):
        raise CoregError(key, _("{value} is not a finite number", value=value), decl.allowed())
    if as_int:
        if isinstance(value, float):
            if not value.is_integer():
                raise CoregError(key, _("expected a whole number, got {value}", value=current().decimal(value)),
                                 decl.allowed())
            value = int(value)
    else:
        value = float(value)
    if (decl.lo is not None and value < decl.lo) or (decl.hi is not None and value > decl.hi):
        raise CoregError(key, _("{value} is out of bounds", value=current().decimal(value)), decl.allowed())
    return value


def check_one_line(value: str, key: str) -> None:
    """Refuse a one-line text holding a line break or another character that cannot be shown."""
    at = first_unprintable(value)
    if at is not None:
        raise CoregError(key, _("holds {character} at character {position}", character=describe_char(value[at]),
                                position=current().number(at + 1)),
                         _("one line of text, without line breaks or control characters"))


def settings(prefix: str):
    """Make a class a group of declared settings: a frozen dataclass whose fields are checked
    against their declarations when it is built (a bad value names ``prefix.field``).

    A class may still define ``__post_init__`` for checks across fields; it runs after the
    per-field checks.
    """

    def wrap(cls):
        own = cls.__dict__.get("__post_init__")

        def __post_init__(self) -> None:
            validate_fields(self, prefix)
            if own is not None:
                own(self)

        cls.__post_init__ = __post_init__
        return dataclasses.dataclass(frozen=True)(cls)

    return wrap


def validate_fields(obj: Any, prefix: str) -> None:
    """Check every declared field of a frozen dataclass, normalising types in place.

    Called from ``__post_init__``; a bad value raises :class:`CoregError` naming
    ``prefix.field`` and what is allowed.
    """
    for decl in declarations(obj):
        value = getattr(obj, decl.name)
        clean = check_value(decl, value, f"{prefix}.{decl.name}" if prefix else decl.name)
        if clean is not value:
            object.__setattr__(obj, decl.name, clean)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _did_you_mean(value: Any, options: Any) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    # TRANSLATORS: appended to a message ("unknown key{hint}"); keep the leading space and the brackets
    return _(" (did you mean {name}?)", name=repr(close[0])) if close else ""


def did_you_mean(value: str, options: Any) -> str:
    """Public form of the suggestion used in unknown-key messages."""
    return _did_you_mean(value, options)
