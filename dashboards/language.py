"""The app's language: which one a session reads, the selector in every page's header, the
``<html lang>`` of the page, tick labels in the reader's number format, and the model's words
(declared in English in :mod:`sim.vocabulary`, marked there for the catalog) as the page shows them.

A session's language is chosen once, when its page is built: ``?lang=`` in the address first,
then the browser's ``Accept-Language``, then English (:func:`choose`). It is kept per Bokeh
document (:func:`bind`) and read by :func:`sim.i18n.current` through the resolver this module
registers (:func:`install`), so code that runs in a session phrases in its language; work sent to
a thread runs inside ``sim.i18n.use(code)``. Choosing another language in the selector reloads
the page at the same address with ``lang=`` changed (every other setting kept).
"""

from __future__ import annotations

import weakref
from typing import Any

from sim.i18n import CODES, DEFAULT, SHIPPED, N_, _, current, from_accept_language, set_resolver

#: Bokeh document -> the code of the language its session reads.
_DOC_CODE: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()

#: The selector's accessible name (and visible label).
SELECTOR_NAME = N_("Language")


def link_code() -> str | None:
    """The shipped language the session's address asks for (``?lang=``), if it names one."""
    from dashboards.links import url_arg

    raw = url_arg("lang")
    return raw if raw in CODES else None


def browser_code() -> str:
    """The language the browser asks for (``Accept-Language``), else English."""
    import panel as pn

    try:
        headers = pn.state.headers if pn.state.curdoc is not None else {}
    except Exception:  # noqa: BLE001 - no request (a test, a script): English
        headers = {}
    return from_accept_language((headers or {}).get("Accept-Language")) or DEFAULT


def choose() -> str:
    """The session's language: the link's, else the browser's, else English."""
    return link_code() or browser_code()


def bind(doc: Any, code: str) -> None:
    """Remember that ``doc``'s session reads ``code``."""
    if doc is not None:
        _DOC_CODE[doc] = code


def session_code() -> str | None:
    """The language of the session whose code runs now (``None`` outside a session)."""
    import panel as pn

    doc = pn.state.curdoc
    if doc is None:
        return None
    code = _DOC_CODE.get(doc)
    if code is None:
        code = choose()
        bind(doc, code)
    return code


def install() -> None:
    """Let :func:`sim.i18n.current` read the session's language (the app calls this once)."""
    set_resolver(session_code)


# ---- the page's HTML: <html lang> and the title ------------------------------------------------


def lang_base():
    """Panel's base template with ``<html lang>`` a variable (Panel writes ``lang="en"``, and a
    second ``lang`` attribute would be ignored: the first wins)."""
    from panel.io.resources import _env

    source = _env.loader.get_source(_env, "base.html")[0]
    if '<html lang="en"' not in source:  # Panel changed its template: say so rather than ship lang="en"
        raise RuntimeError("Panel's base template has no <html lang=\"en\">: revisit dashboards.language")
    return _env.from_string(source.replace('<html lang="en"', '<html lang="{{ coreg_lang | e }}"', 1))


def set_document(doc: Any, head_template: str, title: str) -> None:
    """Give ``doc`` the app's head, ``<html lang>`` of the language in force and ``title``
    (``pn.serve`` overwrites ``doc.title`` with its route's title after the page is built, so the
    title goes into the template's title block too)."""
    from panel.io.resources import _env

    doc.template = _env.from_string(head_template)
    doc.template_variables.update(coreg_base=_lang_base(), coreg_lang=current().html_lang, coreg_title=title)
    doc.title = title


_BASE = None


def _lang_base():
    global _BASE
    if _BASE is None:
        _BASE = lang_base()
    return _BASE


# ---- the selector ----------------------------------------------------------------------------


def names() -> dict[str, str]:
    """Each shipped language's name in itself -> its code."""
    return {SHIPPED[c].name: c for c in CODES}


#: Reloads the page at the same address with ``lang=`` changed (every other setting kept).
SWITCH_JS = """
const url = new URL(window.location.href);
url.searchParams.set('lang', codes[cb_obj.value] || cb_obj.value);
window.location.assign(url.toString());
"""


def selector(code: str):
    """The language selector of a page's header (each language named in itself); choosing one
    reloads the same address with ``lang=`` changed."""
    import panel as pn

    select = pn.widgets.Select(label=_(SELECTOR_NAME), options=names(), value=code, width=150,
                               css_classes=["coreg-language"], align="center", margin=(0, 5))
    select.jscallback(args={"codes": names()}, value=SWITCH_JS)  # the browser's value is the shown name
    return select


# ---- numbers on the figures ------------------------------------------------------------------


def intl_ticks(digits: int | None = None, whole_plain: bool = False):
    """A tick formatter in the reader's number format, by the browser's ``Intl.NumberFormat``
    (BokehJS formats ticks in English whatever the language). ``digits`` fixed, or as many as
    the tick needs (at most two); ``whole_plain``: a whole number without decimals (``12``, ``1.50``:
    as a Bokeh slider shows its value)."""
    from bokeh.models import CustomJSTickFormatter

    lo, hi = (digits, digits) if digits is not None else (0, 2)
    return CustomJSTickFormatter(args={"lang": current().html_lang, "lo": lo, "hi": hi, "plain": whole_plain}, code=(
        "const d = plain && Number.isInteger(tick) ? 0 : lo;\n"
        "return new Intl.NumberFormat(lang, {minimumFractionDigits: d, maximumFractionDigits: Math.max(d, hi)})"
        ".format(tick);"))


def localize_axes(fig, x_digits: int | None = None, y_digits: int | None = None) -> None:
    """Every axis of ``fig`` with tick labels in the reader's number format."""
    for ax in fig.xaxis:
        ax.formatter = intl_ticks(x_digits)
    for ax in fig.yaxis:
        ax.formatter = intl_ticks(y_digits)
