"""The frame every page shares: navigation, projector toggle, caveat, reading switch, error box,
live summary.

:class:`PageView` is the base of every page (a Panel ``Viewer``): a page subclass declares
its settings and results as parameters, builds its widgets and figures, and returns them
from :meth:`PageView.controls` and :meth:`PageView.body`; the frame around them is built
here. One page object is made per session (per browser tab): nothing here is shared
between sessions.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Hashable, TypeVar

import panel as pn
import param
from bokeh.models import CustomJS

from dashboards import language, theme
from dashboards.page_assets import DESCRIPTION, HEAD_TEMPLATE, PRESSED_JS, a11y_js  # noqa: F401 - app.py reads the head here
from dashboards.links import HISTORY_JS, SHARED, Refused, UrlSetting, refusal, settings_in_url, update_url
from dashboards.pagemodel import READING_SWITCH_NAME
from dashboards.pages import PAGE, PAGES
from dashboards.quick_html import QuickHtml
from dashboards.text import caveat, reading_choice, reading_note_html
from sim.budget import check_runs
from sim.errors import CoregError
from sim.printable import one_line
from sim.i18n import CODES, DEFAULT, _, n_, use
from sim.vocabulary import DEFAULT_READING, READINGS

if TYPE_CHECKING:
    from sim.engine.simulate import RunResult
    from sim.params import Setup

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

def page_query(projector: bool, reading: str = DEFAULT_READING, lang: str = DEFAULT) -> str:
    """The part of a link that carries the user's choices to the next page: projector mode, the
    reading and the language (each only when not the default)."""
    parts = ((["projector=true"] if projector else []) + ([f"reading={reading}"] if reading != DEFAULT_READING else [])
             + ([f"lang={lang}"] if lang != DEFAULT else []))
    return "?" + "&".join(parts) if parts else ""


def nav_html(current: str, projector: bool, reading: str = DEFAULT_READING, lang: str = DEFAULT) -> str:
    """The page navigation: a list of links, the current page marked, projector mode, reading and
    language kept."""
    query = page_query(projector, reading, lang)
    items = []
    for key, route, title in PAGES:
        href = "./" + query if route == "/" else "." + route + query
        cur = ' aria-current="page"' if key == current else ""
        items.append(f'<li><a href="{html.escape(href)}"{cur}>{html.escape(_(title))}</a></li>')
    label = html.escape(_("Pages"))
    return f'<nav class="coreg-nav" aria-label="{label}"><ul>{"".join(items)}</ul></nav>'


def said_html(said: str) -> str:
    """The result in words, with its heading (HTML)."""
    return _("<strong>Result in words:</strong> {said}", said=html.escape(said))


def styled_html(text: str, **options) -> pn.pane.HTML:
    """A Panel HTML pane with the app's CSS, as wide as its column."""
    options.setdefault("sizing_mode", "stretch_width")
    return pn.pane.HTML(text, stylesheets=[theme.APP_CSS], **options)


def error_html(message: str) -> str:
    """The error box's content: one line, or one line per problem of a file with several."""
    lines = [line for line in message.split("\n") if line.strip()]
    if len(lines) <= 1:
        text = html.escape(message)
    else:
        text = (
            html.escape(lines[0])
            + "<ul>"
            + "".join(f"<li>{html.escape(x)}</li>" for x in lines[1:])
            + "</ul>"
        )
    return "<div class='error'>" + _("<strong>That did not work:</strong> {message}", message=text) + "</div>"


def error_message(exc: BaseException, prefix: str = "") -> str:
    """An exception's message for the page; each problem of an error with several on its own line."""
    problems = getattr(exc, "problems", None) or ()
    if len(problems) > 1:
        return "\n".join([prefix or n_("{n} problem:", "{n} problems:", len(problems)),
                          *(one_line(str(p)) for p in problems)])
    return one_line(f"{prefix} {exc}".strip() if prefix else str(exc))


class PageView(pn.viewable.Viewer):
    """A page of the app inside the shared frame (see the module docstring)."""

    key: ClassVar[str] = ""
    intro: ClassVar[str] = ""
    shows_results: ClassVar[bool] = True

    projector = param.Boolean(default=False, doc="Projector mode: large fonts, thick lines, high contrast.")
    lang = param.Selector(default=DEFAULT, objects=list(CODES), doc="The language the page is shown in.")
    reading = param.Selector(
        default=DEFAULT_READING,
        objects={reading_choice(name): name for name in READINGS},
        label=READING_SWITCH_NAME,
        doc="The reading of the contested core in force (sim.vocabulary.READINGS).",
    )
    error = param.String(default="", doc="Why the last request was refused; empty when all is well.")
    said = param.String(default="", doc="The result in words: the live summary screen readers read.")

    def __init__(self, **params):
        # the language first: every word below (a link's refusals too) is in it
        params.setdefault("lang", language.session_code() or DEFAULT)
        settings = self.linked_settings()
        start = {s.name: params.get(s.name, type(self).param[s.name].default) for s in settings}
        url_values, url_problems = settings_in_url(type(self), settings, start)
        params.update(url_values)
        super().__init__(**params)
        self._translate_parameters()
        self._url_start = start  # what the page shows without a link: left out of its address
        self.param.watch(self._setting_changed, [s.name for s in settings if s.name != "lang"])
        self.title = _(PAGE[self.key].title)
        self.projector_toggle = pn.widgets.Toggle.from_param(
            self.param.projector, label=_("Projector mode"), width=170, align="center"
        )
        self.language_select = language.selector(self.lang)
        self.reading_switch = pn.widgets.RadioButtonGroup.from_param(
            self.param.reading,
            color="primary",
            variant="outline",
            css_classes=["coreg-reading-switch"],
            stylesheets=[READING_SWITCH_CSS],
            sizing_mode="stretch_width",
            margin=(2, 5),
        )
        self.reading_switch.jscallback(value=PRESSED_JS)
        self.reading_note = QuickHtml("", css_classes=["reading-pane"], fast=True)
        self.nav = styled_html(nav_html(self.key, self.projector, self.reading, self.lang), margin=(0, 5))
        self.heading = styled_html(
            "<h1 class='coreg-header-title'>"
            + html.escape(_("Co-Regulation Lab \u2014 {page}", page=self.title)) + "</h1>",
            sizing_mode=None,
            margin=(0, 5),
            styles={"flex": "1 1 auto"},
        )
        # always there (a hidden Div is not reliably shown again); empty when all is well
        self.error_box = QuickHtml("", css_classes=["coreg-error"])
        self.live = QuickHtml("", css_classes=["coreg-live"], fast=True)
        self._root: pn.Column | None = None
        self._url_problems = url_problems  # said in the reading note (results clear the error box)

    def _translate_parameters(self) -> None:
        """The page's parameters' labels and choices in the session's language (on this page's own
        copies: the class keeps its English, marked for the catalog where it is declared)."""
        for name, parameter in self.param.objects("existing").items():
            if name in ("name", "lang"):
                continue
            if name == "reading":
                self.param.reading.objects = {reading_choice(r): r for r in READINGS}
                self.param.reading.label = _(READING_SWITCH_NAME)
                continue
            if parameter.label and name != parameter.label:
                self.param[name].label = _(parameter.label)
            names = getattr(parameter, "names", None)
            if names:
                self.param[name].objects = {_(k): v for k, v in names.items()}

    # ---- what a page adds ----
    #: The page's own settings carried in its address (besides projector mode and the reading).
    url_settings: ClassVar[tuple[UrlSetting, ...]] = ()

    def intro_html(self) -> str:
        """The page's introduction (HTML) in the session's language."""
        return _(self.intro) if self.intro else ""

    def controls(self) -> pn.viewable.Viewable | None:
        """The page's controls, shown above its body."""
        return None

    def body(self) -> list:
        """The page's figures and tables."""
        return []

    def restyle(self, projector: bool) -> None:
        """Restyle the page's figures for projector mode (or back)."""

    def reading_remark(self) -> str:
        """A sentence the page adds to the reading note (e.g. that its runs last one night)."""
        return ""

    def live_html(self) -> str:
        """The live summary's HTML (pages may show more than the sentence)."""
        if not self.said:
            return ""
        return f"<p class='live'>{said_html(self.said)}</p>"

    # ---- the page's address ----
    @classmethod
    def linked_settings(cls) -> tuple[UrlSetting, ...]:
        """Every setting the page's address carries (:mod:`dashboards.links`)."""
        return SHARED + cls.url_settings

    def _setting_changed(self, *events: param.parameterized.Event) -> None:
        changes = {}
        for e in events:
            setting = next(s for s in self.linked_settings() if s.name == e.name)
            text = setting.text(e.new)
            changes[setting.query_key] = None if text == setting.text(self._url_start[e.name]) else text
        update_url(changes)

    def refuse_link(self, name: str, raw: Any, reason: Refused) -> None:
        """Say that the link's value of setting ``name`` cannot be used, and go back to the page's own."""
        setting = next(s for s in self.linked_settings() if s.name == name)
        self._url_problems.append(refusal(setting, raw, reason, self._url_start[name], self.param[name]))
        setattr(self, name, self._url_start[name])
        self.show_reading()

    # ---- messages ----
    def refuse(self, exc: BaseException, prefix: str = "") -> None:
        """Show why a request was refused, in the page (never a traceback)."""
        self.error = error_message(exc, prefix)

    # ---- running a request within the budget ----
    def run_within_budget(self, setups: Callable[[], Mapping[K, Setup]],
                          keep: Mapping[K, RunResult] | None = None) -> dict[K, RunResult] | None:
        """The runs of one request: the setups ``setups()`` builds, checked against what one request
        of the app may compute (:func:`sim.budget.check_runs`) before anything runs, each simulated or,
        where its setup is unchanged, taken from ``keep``. ``None`` if the model refuses a setting or
        the request is over the budget: the page then says why."""
        checked = self._within_budget(setups)
        if checked is None:
            return None
        keep = keep or {}
        return self.refusing(lambda: {key: keep[key] if key in keep and keep[key].setup == setup
                                       else _simulate(setup) for key, setup in checked.items()})

    async def run_within_budget_off_loop(
        self, setups: Callable[[], Mapping[K, Setup]], started: Callable[[], None] | None = None
    ) -> dict[K, RunResult] | None:
        """As :meth:`run_within_budget`, the runs off the event loop (other sessions answer
        meanwhile); ``started()`` is called once the budget allows them, before they start."""
        checked = self._within_budget(setups)
        if checked is None:
            return None
        if started is not None:
            started()
        return await self.off_loop(lambda: {key: _simulate(setup) for key, setup in checked.items()})

    async def off_loop(self, work: Callable[[], T],
                       refused: tuple[type[Exception], ...] = (CoregError,)) -> T | None:
        """``work()`` in a worker thread (other sessions answer meanwhile); ``None`` if it raised one
        of ``refused``, which the page then shows."""
        def in_language() -> T:
            with use(self.lang):
                return work()

        try:
            return await asyncio.to_thread(in_language)
        except refused as exc:
            with pn.io.unlocked():  # an async callback: the message is pushed at once
                self.refuse(exc)
            return None

    def _within_budget(self, setups: Callable[[], Mapping[K, Setup]]) -> Mapping[K, Setup] | None:
        def checked() -> Mapping[K, Setup]:
            built = setups()
            check_runs(built.values())
            return built

        return self.refusing(checked)

    def refusing(self, work: Callable[[], T]) -> T | None:
        """``work()``, or ``None`` if the model refused it (a :class:`~sim.errors.CoregError`),
        which the page then shows."""
        try:
            return work()
        except CoregError as exc:
            self.refuse(exc)
            return None

    @param.depends("error", watch=True)
    def _show_error(self) -> None:
        self.error_box.object = error_html(self.error) if self.error else ""

    @param.depends("said", watch=True)
    def _show_said(self) -> None:
        self.live.object = self.live_html()

    @param.depends("projector", watch=True)
    def _projector_changed(self) -> None:
        on = self.projector
        self.nav.object = nav_html(self.key, on, self.reading, self.lang)
        if self._root is not None:
            self._root.styles = theme.root_styles(on)
        self.restyle(on)

    @param.depends("reading", watch=True)
    def _reading_changed(self) -> None:
        """The nav links, the note and the address follow the reading; each page re-runs its
        results from its own ``@param.depends("reading")``."""
        self.nav.object = nav_html(self.key, self.projector, self.reading, self.lang)
        self._url_problems = []
        self.show_reading()

    def show_reading(self) -> None:
        """Say which reading is in force (and the page's remark, and a link's unknown reading)."""
        problem = "".join(f"<p class='error url-problem'>{html.escape(p)}</p>" for p in self._url_problems)
        self.reading_note.object = problem + reading_note_html(self.reading, self.reading_remark())

    # ---- layout ----
    def __panel__(self) -> pn.Column:
        if self._root is None:
            self._root = self._compose()
        return self._root

    def _compose(self) -> pn.Column:
        header = pn.FlexBox(
            self.heading,
            self.language_select,
            self.projector_toggle,
            flex_wrap="wrap",
            align_items="center",
            justify_content="space-between",
            sizing_mode="stretch_width",
        )
        banner = pn.Column(
            header, self.nav, sizing_mode="stretch_width", css_classes=["coreg-banner"], margin=0
        )
        parts: list = []
        intro = self.intro_html()
        if intro:
            parts.append(styled_html(f"<p class='lead'>{intro}</p>"))
        if self.shows_results:
            note = _("<strong>Please note:</strong> {caveat}", caveat=html.escape(caveat()))
            parts.append(styled_html(f"<p class='caveat' role='note'>{note}</p>"))
            self.show_reading()
            ask = _("<strong>{name}:</strong>", name=html.escape(_(READING_SWITCH_NAME)))
            ask = styled_html(f"<p class='reading-ask'>{ask}</p>",
                              sizing_mode=None, margin=(2, 5), styles={"flex": "0 1 auto"})
            self.reading_switch.styles = {"flex": "1 1 420px", "min-width": "0"}
            row = pn.FlexBox(ask, self.reading_switch, flex_wrap="wrap", align_items="center",
                             sizing_mode="stretch_width")
            parts.append(pn.Column(row, self.reading_note, sizing_mode="stretch_width",
                                   css_classes=["coreg-reading"], styles=READING_BOX_STYLES, margin=(4, 10)))
        parts.append(self.error_box)
        controls = self.controls()
        if controls is not None:
            parts.append(controls)
        parts.extend(self.body())
        if self.shows_results:
            self.live.object = self.live_html()
            parts.append(self.live)
        main = pn.Column(*parts, sizing_mode="stretch_width", css_classes=["coreg-main"], margin=0)
        root = pn.Column(
            banner,
            main,
            sizing_mode="stretch_width",
            styles=theme.root_styles(self.projector),
            stylesheets=[theme.APP_CSS],
            css_classes=["coreg-root"],
            margin=(0, 8),
        )
        self.restyle(self.projector)
        doc = pn.state.curdoc
        if doc is not None:
            doc.js_on_event("document_ready", CustomJS(code=a11y_js() + HISTORY_JS))
        return root


def _simulate(setup: Setup) -> RunResult:
    """:func:`sim.simulate`, imported when a page first runs the model (not when the app starts)."""
    from sim import simulate

    return simulate(setup)


#: The reading switch: two buttons whose labels may wrap on a phone, the pressed one filled.
READING_SWITCH_CSS = """
.bk-btn-group { display: flex; flex-wrap: wrap; gap: 4px; }
.bk-btn-group > .bk-btn { flex: 1 1 240px; white-space: normal; border-radius: 6px !important; min-height: 2.2em; }
"""
READING_BOX_STYLES = {"border": "1px solid #c9d6e3", "border-radius": "8px", "background": "#f7f9fb"}


def flex(*items, min_item: int = 320, gap: str = "12px") -> pn.FlexBox:
    """Items side by side on a wide screen, stacked on a narrow one."""
    for it in items:
        it.styles = {**(it.styles or {}), "flex": f"1 1 {min_item}px", "min-width": "0"}
        it.sizing_mode = "stretch_width"
    return pn.FlexBox(*items, flex_wrap="wrap", gap=gap, sizing_mode="stretch_width")
