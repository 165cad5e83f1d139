"""The frame every page shares: navigation, projector toggle, caveat, error box, live summary.

:class:`PageView` is the base of every page (a Panel ``Viewer``): a page subclass declares
its settings and results as parameters, builds its widgets and figures, and returns them
from :meth:`PageView.controls` and :meth:`PageView.body`; the frame around them is built
here. One page object is made per session (per browser tab): nothing here is shared
between sessions.
"""

from __future__ import annotations

import html
from typing import ClassVar

import panel as pn
import param
from bokeh.models import CustomJS

from dashboards import theme
from dashboards.quick_html import QuickHtml
from sim.printable import one_line
from sim.vocabulary import CAVEAT

#: (key, route, title in the navigation)
PAGES = (
    ("compare", "/", "Compare responses"),
    ("quiet", "/quiet", "Quiet \u2260 regulated"),
    ("nights", "/nights", "Across nights"),
    ("population", "/population", "Population"),
    ("build", "/build", "Build your own"),
    ("lesson", "/lesson", "Lesson mode"),
    ("about", "/about", "About the model & evidence"),
)
PAGE_TITLES = {key: title for key, _, title in PAGES}
ROUTE_OF = {key: route for key, route, _ in PAGES}

#: Gives every control an accessible name where Bokeh leaves it without one (slider
#: handles, checkboxes, spinner arrows), marks the landmarks (banner, main), the live
#: summary and the error box for screen readers. Re-run every second so controls that
#: appear later are covered too.
A11Y_JS = r"""
function fix(root) {
  root.querySelectorAll('[role=slider]').forEach(h => {
    if (h.getAttribute('aria-label')) return;
    const t = root.querySelector('.bk-slider-title');
    if (t) h.setAttribute('aria-label', t.textContent.split(':')[0].trim());
  });
  root.querySelectorAll('input[type=checkbox]').forEach(cb => {
    if (cb.getAttribute('aria-label')) return;
    const lab = cb.parentNode.querySelector('.bk-label') || cb.parentNode;
    const text = (lab.textContent || '').trim();
    if (text) cb.setAttribute('aria-label', text);
  });
  root.querySelectorAll('button.bk-spin-btn').forEach(b => {
    if (b.getAttribute('aria-label')) return;
    const lab = root.querySelector('label');
    const name = lab ? lab.textContent.trim() : 'value';
    b.setAttribute('aria-label', (b.classList.contains('bk-spin-btn-up') ? 'Increase ' : 'Decrease ') + name);
    b.setAttribute('tabindex', '-1');
  });
  root.querySelectorAll('.coreg-live').forEach(el => {
    el.setAttribute('aria-live', 'polite'); el.setAttribute('role', 'status');
  });
  root.querySelectorAll('.coreg-error').forEach(el => { el.setAttribute('role', 'alert'); });
  root.querySelectorAll('.coreg-banner').forEach(el => { el.setAttribute('role', 'banner'); });
  root.querySelectorAll('.coreg-main').forEach(el => { el.setAttribute('role', 'main'); });
  root.querySelectorAll('canvas').forEach(c => {
    if (!c.getAttribute('aria-hidden')) c.setAttribute('aria-hidden', 'true');
  });
}
function walk(root) {
  fix(root);
  root.querySelectorAll('*').forEach(el => { if (el.shadowRoot) walk(el.shadowRoot); });
}
walk(document);
if (window.__coreg_a11y === undefined) {
  // controls can appear later (cards, lesson columns): look again, often at first, then rarely
  let runs = 0;
  window.__coreg_a11y = setInterval(() => {
    runs += 1;
    if (runs <= 10 || runs % 5 === 0) walk(document);
  }, 1000);
}
"""

HEAD_TEMPLATE = """{% extends base %}
{% block postamble %}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="Co-Regulation Lab: a conceptual teaching simulator. Not advice.">
<style>
  html, body { background: #ffffff; }
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
  .coreg-skip { position: absolute; left: -9999px; }
  .coreg-skip:focus { left: 8px; top: 8px; background: #fff; padding: 6px; z-index: 10000; }
</style>
{% endblock %}
"""


def nav_html(current: str, projector: bool) -> str:
    """The page navigation: a list of links, the current page marked, projector mode kept."""
    query = "?projector=true" if projector else ""
    items = []
    for key, route, title in PAGES:
        href = "./" + query if route == "/" else "." + route + query
        cur = ' aria-current="page"' if key == current else ""
        items.append(f'<li><a href="{html.escape(href)}"{cur}>{html.escape(title)}</a></li>')
    return f'<nav class="coreg-nav" aria-label="Pages"><ul>{"".join(items)}</ul></nav>'


def styled_html(text: str, **options) -> pn.pane.HTML:
    """A Panel HTML pane with the app's CSS, as wide as its column."""
    options.setdefault("sizing_mode", "stretch_width")
    return pn.pane.HTML(text, stylesheets=[theme.APP_CSS], **options)


def projector_in_url() -> bool:
    """Whether the page was opened with ``?projector=true``."""
    args = pn.state.session_args if pn.state.curdoc is not None else {}
    raw = args.get("projector", [b""])[0] if args else b""
    return raw in (b"true", b"1", b"True")


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
    return f"<div class='error'><strong>That did not work:</strong> {text}</div>"


def error_message(exc: BaseException, prefix: str = "") -> str:
    """An exception's message for the page; each problem of an error with several on its own line."""
    problems = getattr(exc, "problems", None) or ()
    if len(problems) > 1:
        return "\n".join([prefix or f"{len(problems)} problems:", *(one_line(str(p)) for p in problems)])
    return one_line(f"{prefix} {exc}".strip() if prefix else str(exc))


class PageView(pn.viewable.Viewer):
    """A page of the app inside the shared frame (see the module docstring)."""

    key: ClassVar[str] = ""
    intro: ClassVar[str] = ""
    shows_results: ClassVar[bool] = True

    projector = param.Boolean(default=False, doc="Projector mode: large fonts, thick lines, high contrast.")
    error = param.String(default="", doc="Why the last request was refused; empty when all is well.")
    said = param.String(default="", doc="The result in words: the live summary screen readers read.")

    def __init__(self, **params):
        params.setdefault("projector", projector_in_url())
        super().__init__(**params)
        self.title = PAGE_TITLES[self.key]
        self.projector_toggle = pn.widgets.Toggle.from_param(
            self.param.projector, label="Projector mode", width=170, align="center"
        )
        self.nav = styled_html(nav_html(self.key, self.projector), margin=(0, 5))
        self.heading = styled_html(
            f"<h1 class='coreg-header-title'>Co-Regulation Lab \u2014 {html.escape(self.title)}</h1>",
            sizing_mode=None,
            margin=(0, 5),
            styles={"flex": "1 1 auto"},
        )
        # always there (a hidden Div is not reliably shown again); empty when all is well
        self.error_box = QuickHtml("", css_classes=["coreg-error"])
        self.live = QuickHtml("", css_classes=["coreg-live"], fast=True)
        self._root: pn.Column | None = None

    # ---- what a page adds ----
    def controls(self) -> pn.viewable.Viewable | None:
        """The page's controls, shown above its body."""
        return None

    def body(self) -> list:
        """The page's figures and tables."""
        return []

    def restyle(self, projector: bool) -> None:
        """Restyle the page's figures for projector mode (or back)."""

    def live_html(self) -> str:
        """The live summary's HTML (pages may show more than the sentence)."""
        if not self.said:
            return ""
        return f"<p class='live'><strong>Result in words:</strong> {html.escape(self.said)}</p>"

    # ---- messages ----
    def refuse(self, exc: BaseException, prefix: str = "") -> None:
        """Show why a request was refused, in the page (never a traceback)."""
        self.error = error_message(exc, prefix)

    @param.depends("error", watch=True)
    def _show_error(self) -> None:
        self.error_box.object = error_html(self.error) if self.error else ""

    @param.depends("said", watch=True)
    def _show_said(self) -> None:
        self.live.object = self.live_html()

    @param.depends("projector", watch=True)
    def _projector_changed(self) -> None:
        on = self.projector
        self.nav.object = nav_html(self.key, on)
        if self._root is not None:
            self._root.styles = theme.root_styles(on)
        self.restyle(on)
        try:
            if pn.state.location is not None:
                pn.state.location.update_query(projector="true" if on else "false")
        except Exception:  # noqa: BLE001, S110 - the URL is a convenience only
            pass

    # ---- layout ----
    def __panel__(self) -> pn.Column:
        if self._root is None:
            self._root = self._compose()
        return self._root

    def _compose(self) -> pn.Column:
        header = pn.FlexBox(
            self.heading,
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
        if self.intro:
            parts.append(styled_html(f"<p class='lead'>{self.intro}</p>"))
        if self.shows_results:
            caveat = f"<p class='caveat' role='note'><strong>Please note:</strong> {html.escape(CAVEAT)}</p>"
            parts.append(styled_html(caveat))
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
            doc.js_on_event("document_ready", CustomJS(code=A11Y_JS))
        return root


def flex(*items, min_item: int = 320, gap: str = "12px") -> pn.FlexBox:
    """Items side by side on a wide screen, stacked on a narrow one."""
    for it in items:
        it.styles = {**(it.styles or {}), "flex": f"1 1 {min_item}px", "min-width": "0"}
        it.sizing_mode = "stretch_width"
    return pn.FlexBox(*items, flex_wrap="wrap", gap=gap, sizing_mode="stretch_width")
