"""Languages: which ship, how one is chosen, and how a message reads in it.

Messages are whole sentences with named ``{placeholders}`` (never glued fragments), looked up
in gettext catalogs (``sim/i18n/locale/<folder>/LC_MESSAGES/messages.mo``, compiled from the
``.po`` files beside them by :mod:`sim.i18n.catalogs`). Numbers and units are formatted by
Babel for the language.

Which language is in force: the innermost :func:`use` (a ``ContextVar``, carried into
``asyncio.to_thread``), else what a registered resolver says (the app registers one that
reads the browser session's choice; :mod:`sim` never imports the app), else English.

    from sim.i18n import _, n_, N_
    _("{name}: unknown key", name=key)
    n_("{n} night", "{n} nights", count)
    LABEL = N_("Crying")          # marked for the catalog, translated where shown: _(LABEL)
"""

from __future__ import annotations

import contextlib
import math
import os
import string
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DOMAIN = "messages"
DEFAULT = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@dataclass(frozen=True)
class Shipped:
    """A language the app ships: its code (links, ``--lang``), the Babel locale that formats its
    numbers, its catalog folder, its BCP 47 tag (``<html lang>``) and its name in itself."""

    code: str
    babel_id: str
    folder: str
    html_lang: str
    name: str


SHIPPED: dict[str, Shipped] = {s.code: s for s in (
    Shipped("en", "en", "en", "en", "English"),
    Shipped("es", "es", "es", "es", "Español"),
    Shipped("de", "de", "de", "de", "Deutsch"),
    Shipped("zh", "zh_Hans_CN", "zh_Hans", "zh-Hans", "简体中文"),
)}
#: The codes a user may choose, English first.
CODES = tuple(SHIPPED)


def N_(message: str) -> str:
    """Mark a constant for the catalog; it is translated where it is shown (``_(CONSTANT)``)."""
    return message


class Lang:
    """One language: its messages, plural forms and number formats (one object per language,
    shared by every session that reads it)."""

    def __init__(self, shipped: Shipped):
        from babel import Locale
        from babel.support import NullTranslations, Translations

        self.code = shipped.code
        self.html_lang = shipped.html_lang
        self.name = shipped.name
        self.locale = Locale.parse(shipped.babel_id)
        if shipped.code == DEFAULT:
            self.translations = NullTranslations()
        else:
            tr = Translations.load(str(LOCALE_DIR), [shipped.folder], DOMAIN)
            if not isinstance(tr, Translations):  # Babel gives NullTranslations when the .mo is missing
                raise FileNotFoundError(f"no compiled catalog for {shipped.code!r} "
                                        f"({LOCALE_DIR / shipped.folder / 'LC_MESSAGES' / DOMAIN}.mo)")
            self.translations = tr

    def __repr__(self) -> str:
        return f"Lang({self.code!r})"

    # ---- messages ----
    def gettext(self, message: str, /, **values: object) -> str:
        """``message`` in this language, its ``{placeholders}`` filled."""
        text = self.translations.gettext(message) if message else message
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: float, /, **values: object) -> str:
        """The form for ``n`` (``{n}`` is filled with ``n`` formatted for the language)."""
        count = int(n) if float(n).is_integer() else 2
        text = self.translations.ngettext(singular, plural, count)
        return text.format(n=self.number(n, 0 if float(n).is_integer() else 1), **values)

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        """``message`` in ``context`` (the same English word with two meanings)."""
        text = self.translations.pgettext(context, message)
        return text.format(**values) if values else text

    # ---- numbers and units ----
    def number(self, x: float, digits: int = 0) -> str:
        """``x`` with ``digits`` decimals and the language's separators."""
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(x, format=pattern, locale=self.locale)

    def decimal(self, x: float, significant: int = 6) -> str:
        """``x`` with as many decimals as it needs (at most ``significant`` significant digits,
        as ``{:g}`` would keep), the language's separators: a bound, a setting's value."""
        from decimal import Decimal

        if not math.isfinite(x) or (x and not 1e-6 <= abs(x) < 1e15):
            from babel.numbers import format_scientific

            return format_scientific(x, format="0.#####E0", locale=self.locale) if math.isfinite(x) else str(x)
        if float(x).is_integer():
            return self.number(x, 0)
        d = Decimal(f"{float(x):.{significant}g}")
        return self.number(d, max(0, -int(d.as_tuple().exponent)))

    def percent(self, share: float, digits: int = 0) -> str:
        """``share`` (0..1) as a percentage in the language's way (``12 %``, ``12%``)."""
        from babel.numbers import format_percent

        pattern = None if not digits else "#,##0." + "0" * digits + "%"
        return format_percent(share, format=pattern, locale=self.locale)

    def parse_number(self, text: str) -> float:
        """A number written in the language's way back to a float (the round trip of :meth:`number`)."""
        from babel.numbers import parse_decimal

        return float(parse_decimal(text, locale=self.locale, strict=False))

    def date(self, when, format: str = "medium") -> str:  # noqa: A002 - Babel's own name
        """A date in the language's way."""
        from babel.dates import format_date

        return format_date(when, format=format, locale=self.locale)

    def sentences(self, *parts: str) -> str:
        """Whole sentences one after another, as the language writes them (a space between them;
        none in Chinese, whose full stop ends a sentence by itself). Empty parts are left out."""
        return ("" if self.locale.language == "zh" else " ").join(p for p in parts if p)

    def list(self, items: Iterable[str]) -> str:
        """``a, b and c`` in the language's way."""
        from babel.lists import format_list

        return format_list(list(items), locale=self.locale)


@cache
def lang(code: str) -> Lang:
    """The shipped language ``code`` (cached: each catalog is read once per process)."""
    return Lang(SHIPPED[code])


def shipped(tag: str | None) -> str | None:
    """The shipped code for a language tag (``de-AT``, ``zh_CN.UTF-8``, ``zh-Hans``), or ``None``."""
    if not tag:
        return None
    tag = tag.split(".")[0].split("@")[0].strip()
    if tag in ("", "C", "POSIX", "*"):
        return None
    from babel import Locale, UnknownLocaleError

    try:
        loc = Locale.parse(tag.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    if loc.language == "zh":  # Simplified Chinese only (zh-TW, zh-HK and zh-Hant are Traditional)
        script = loc.script or {"TW": "Hant", "HK": "Hant", "MO": "Hant"}.get(loc.territory or "", "Hans")
        return "zh" if script == "Hans" else None
    return loc.language if loc.language in SHIPPED else None


def from_accept_language(header: str | None) -> str | None:
    """The best shipped language of an ``Accept-Language`` header (by weight, then order), or ``None``."""
    ranked = []
    for i, part in enumerate((header or "").split(",")[:50]):
        tag, _sep, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _sep, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if tag and q > 0:
            ranked.append((-q, i, tag))
    for _q, _i, tag in sorted(ranked):
        code = shipped(tag)
        if code:
            return code
    return None


def from_environment(environ: dict[str, str] | None = None) -> str:
    """The system's language for the command line: ``LANGUAGE`` (a GNU list, ignored under the C
    locale), else the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; English if none ships."""
    env = os.environ if environ is None else environ
    posix = next((env[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(k)), "")
    candidates: list[str] = [posix]
    if env.get("LANGUAGE") and posix.split(".")[0] not in ("", "C", "POSIX"):
        candidates = [*env["LANGUAGE"].split(":"), posix]
    for tag in candidates:
        code = shipped(tag)
        if code:
            return code
    return DEFAULT


# ---- the language in force ----
_CURRENT: ContextVar[Lang | None] = ContextVar("coreg_lang", default=None)
_resolver: Callable[[], str | None] | None = None


def set_resolver(resolver: Callable[[], str | None] | None) -> None:
    """Register how to find the language where no :func:`use` is in force (the app: the
    browser session's choice). ``None`` removes it."""
    global _resolver
    _resolver = resolver


def current() -> Lang:
    """The language in force (see the module's docstring)."""
    chosen = _CURRENT.get()
    if chosen is not None:
        return chosen
    if _resolver is not None:
        code = _resolver()
        if code in SHIPPED:
            return lang(code)
    return lang(DEFAULT)


@contextlib.contextmanager
def use(language: Lang | str) -> Iterator[Lang]:
    """Run the ``with`` block in ``language`` (a :class:`Lang` or a code)."""
    chosen = lang(language) if isinstance(language, str) else language
    token = _CURRENT.set(chosen)
    try:
        yield chosen
    finally:
        _CURRENT.reset(token)


def _(message: str, /, **values: object) -> str:
    """``message`` in the language in force, its ``{placeholders}`` filled."""
    return current().gettext(message, **values)


def n_(singular: str, plural: str, n: float, /, **values: object) -> str:
    """The plural form for ``n`` in the language in force."""
    return current().ngettext(singular, plural, n, **values)


def p_(context: str, message: str, /, **values: object) -> str:
    """``message`` in ``context`` in the language in force."""
    return current().pgettext(context, message, **values)


def placeholders(text: str) -> set[str]:
    """The named fields of a message (the catalog test compares them across languages)."""
    return {f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f is not None}
