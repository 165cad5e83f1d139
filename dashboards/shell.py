"""The frame every page shares: navigation, projector toggle, caveat, errors, live summary.

One :class:`Page` is made per session (per browser tab). Nothing here is shared
between sessions.
"""

from __future__ import annotations

import html
from typing import Callable

import panel as pn
from bokeh.models import ColumnDataSource, CustomJS, Div, InlineStyleSheet

from dashboards import theme
from dashboards.text import CAVEAT

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
#: handles, checkboxes, spinner arrows), marks the live summary and the error box for
#: screen readers. Re-run every second so controls that appear later are covered too.
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

PAGE_CSS = """
:host { display: block; }
.coreg-header-title { font-size: 1.35em; font-weight: 700; margin: 0; }
nav.coreg-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.3em 0.6em; margin: 0; padding: 0; }
nav.coreg-nav a { display: inline-block; padding: 0.3em 0.6em; border-radius: 6px; color: #0b4f94;
  text-decoration: none; border: 1px solid #c9d6e3; background: #f5f8fb; }
nav.coreg-nav a[aria-current=page] { background: #0b4f94; color: #ffffff; border-color: #0b4f94; font-weight: 700; }
nav.coreg-nav a:focus-visible { outline: 3px solid #e69f00; outline-offset: 2px; }
.caveat { border-left: 6px solid #E69F00; background: #fff7e6; padding: 0.5em 0.8em; margin: 0; }
.error { border-left: 6px solid #D55E00; background: #fdecea; padding: 0.5em 0.8em; margin: 0;
  color: #7a1e00; white-space: pre-wrap; }
.live { background: #f3f6f9; padding: 0.5em 0.8em; border-radius: 6px; margin: 0; }
.numbers .num { margin: 0.15em 0; }
.numbers .k { color: #333; }
.lead { margin: 0.2em 0 0.4em 0; max-width: 70em; }
.status-robust { background: #d8efe6; } .status-mixed { background: #fdf1cf; }
.status-contested { background: #f7dde9; } .status-illustrative { background: #e8e8e8; }
.badge { display: inline-block; padding: 0.05em 0.5em; border-radius: 0.8em; border: 1px solid #555;
  font-size: 0.85em; }
.bk-clearfix { display: block !important; max-width: 100%; }
.coreg-slot { max-width: 100%; overflow-x: auto; }
table.coreg { border-collapse: collapse; width: 100%; }
table.coreg th, table.coreg td { border-bottom: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left;
  vertical-align: top; }
"""


def _nav_html(current: str, projector: bool) -> str:
    query = "?projector=true" if projector else ""
    items = []
    for key, route, title in PAGES:
        href = "." + route + ("" if route != "/" else "") + query if route != "/" else "./" + query
        cur = ' aria-current="page"' if key == current else ""
        items.append(f'<li><a href="{html.escape(href)}"{cur}>{html.escape(title)}</a></li>')
    return f'<nav class="coreg-nav" aria-label="Pages"><ul>{"".join(items)}</ul></nav>'


class Page:
    """A page's shared frame. Build the body, then call :meth:`layout`."""

    def __init__(self, key: str, *, results: bool = True, intro: str = ""):
        self.key = key
        self.title = PAGE_TITLES[key]
        self.results = results
        self.projector = pn.widgets.Toggle(
            label="Projector mode", value=False, button_type="default", width=170, align="center"
        )
        self._projector_hooks: list[Callable[[bool], None]] = []
        args = pn.state.session_args if pn.state.curdoc is not None else {}
        raw = args.get("projector", [b""])[0] if args else b""
        if raw in (b"true", b"1", b"True"):
            self.projector.value = True
        self.nav = pn.pane.HTML(
            _nav_html(key, self.projector.value),
            sizing_mode="stretch_width",
            stylesheets=[PAGE_CSS],
            margin=(0, 5),
        )
        self.heading = pn.pane.HTML(
            f"<h1 class='coreg-header-title'>Co-Regulation Lab \u2014 {html.escape(self.title)}</h1>",
            stylesheets=[PAGE_CSS],
            margin=(0, 5),
            styles={"flex": "1 1 auto"},
        )
        self.intro = pn.pane.HTML(
            f"<p class='lead'>{intro}</p>" if intro else "",
            stylesheets=[PAGE_CSS],
            sizing_mode="stretch_width",
            visible=bool(intro),
        )
        self.caveat = pn.pane.HTML(
            f"<p class='caveat' role='note'><strong>Please note:</strong> {html.escape(CAVEAT)}</p>",
            stylesheets=[PAGE_CSS],
            sizing_mode="stretch_width",
            visible=results,
        )
        # always there (a hidden Div is not reliably shown again); empty when all is well
        self.error = Html("", css_classes=["coreg-error"])
        self.live = Html("", css_classes=["coreg-live"], fast=True)
        self.projector.param.watch(self._on_projector, "value")

    # ---- projector mode ----
    def on_projector(self, hook: Callable[[bool], None]) -> None:
        """Call ``hook(projector)`` now and whenever projector mode changes."""
        self._projector_hooks.append(hook)

    def _on_projector(self, event) -> None:
        on = bool(event.new)
        self.nav.object = _nav_html(self.key, on)
        if self._root is not None:
            self._root.styles = theme.root_styles(on)
        for hook in self._projector_hooks:
            hook(on)
        try:
            if pn.state.location is not None:
                pn.state.location.update_query(projector="true" if on else "false")
        except Exception:  # the URL is a convenience only
            pass

    # ---- messages ----
    def show_error(self, message: str) -> None:
        self.error.object = (
            f"<div class='error'><strong>That did not work:</strong> {html.escape(message)}</div>"
        )

    def clear_error(self) -> None:
        self.error.object = ""

    def say(self, text: str) -> None:
        """Update the live text summary (read by screen readers when it changes)."""
        self.live.object = f"<p class='live'><strong>Result in words:</strong> {html.escape(text)}</p>"

    # ---- layout ----
    _root: pn.Column | None = None

    def layout(self, *body, controls=None) -> pn.Column:
        header = pn.FlexBox(
            self.heading,
            self.projector,
            flex_wrap="wrap",
            align_items="center",
            justify_content="space-between",
            sizing_mode="stretch_width",
        )
        parts = [header, self.nav, self.intro]
        if self.results:
            parts.append(self.caveat)
        parts.append(self.error)
        if controls is not None:
            parts.append(controls)
        parts.extend(body)
        if self.results:
            parts.append(self.live)
        root = pn.Column(
            *parts,
            sizing_mode="stretch_width",
            styles=theme.root_styles(self.projector.value),
            stylesheets=[PAGE_CSS],
            css_classes=["coreg-root"],
            margin=(0, 8),
        )
        self._root = root
        hooks = list(self._projector_hooks)
        for hook in hooks:
            hook(self.projector.value)
        doc = pn.state.curdoc
        if doc is not None:
            doc.js_on_event("document_ready", CustomJS(code=A11Y_JS))
        return root


#: Puts new HTML into a Div's slot without asking Bokeh to lay out the page again.
SLOT_JS = r"""
const html = source.data.html[0];
const view = Bokeh.index.find_one(div);
const root = view === null ? null : (view.shadow_el || view.el.shadowRoot || view.el);
const slot = root === null ? null : root.querySelector('.coreg-slot');
if (slot !== null) {
  if (slot.innerHTML !== html) slot.innerHTML = html;
} else {
  // no view yet (e.g. just made visible): fall back to the ordinary, slower way
  div.text = "<div class='coreg-slot'>" + html + "</div>";
}
"""


class Html:
    """HTML whose text changes often, cheap to update in the browser.

    With ``fast=True`` a Bokeh ``Div`` holds a slot; new HTML travels in a one-row data
    source and a small script puts it into the slot (for text that changes on every slider
    release or replay step, in Divs that stay visible). Otherwise the Div's text is set. Changing a Div's text, or a Panel HTML pane (which
    also re-sends its stylesheets), makes the browser re-run the whole page's layout:
    ~20 ms per change on a full page, which adds up when twenty sessions update at once.
    Usable anywhere a Panel object is (``__panel__``).
    """

    def __init__(
        self,
        text: str = "",
        *,
        css_classes: list[str] | None = None,
        visible: bool = True,
        sizing_mode: str = "stretch_width",
        margin=(5, 10),
        styles: dict | None = None,
        height: int | None = None,
        fast: bool = False,
        **_ignored,
    ):
        self.fast = fast
        live = "coreg-live" in (css_classes or [])
        self.source = ColumnDataSource({"html": [text]}, name="coreg-live-html" if live else "coreg-html")
        self.div = Div(
            text=f"<div class='coreg-slot'>{text}</div>",
            css_classes=list(css_classes or []),
            visible=visible,
            stylesheets=[InlineStyleSheet(css=PAGE_CSS)],
            sizing_mode=sizing_mode,
            margin=margin,
            styles=dict(styles or {}),
            render_as_text=False,
            height=height,
        )
        self.source.js_on_change(
            "data", CustomJS(args={"div": self.div, "source": self.source}, code=SLOT_JS)
        )
        self.div.tags = [self.source]  # so that the source belongs to the page's document
        self._text = text
        self._pane = pn.pane.Bokeh(self.div, sizing_mode=sizing_mode, margin=0)

    def __panel__(self) -> pn.pane.Bokeh:
        return self._pane

    @property
    def object(self) -> str:
        return self._text

    @object.setter
    def object(self, text: str) -> None:
        if text != self._text:
            self._text = text
            if self.div.document is None:  # not shown yet: the text goes out with the page
                self.div.text = f"<div class='coreg-slot'>{text}</div>"
                self.source.data = {"html": [text]}
                return
            with pn.io.unlocked():  # also safe from an async callback
                if self.fast:
                    self.source.data = {"html": [text]}
                else:
                    self.div.text = f"<div class='coreg-slot'>{text}</div>"

    @property
    def visible(self) -> bool:
        return self.div.visible

    # Only the Div changes: Panel's Bokeh pane would copy the Div's properties back into
    # its own parameters on a layout change, and trips over the Div's stylesheet objects.
    @visible.setter
    def visible(self, on: bool) -> None:
        if self.div.document is None:
            self.div.visible = on
        else:
            with pn.io.unlocked():
                self.div.visible = on

    @property
    def styles(self) -> dict:
        return dict(self.div.styles)

    @styles.setter
    def styles(self, value: dict) -> None:
        self.div.styles = dict(value)

    @property
    def sizing_mode(self):
        return self.div.sizing_mode

    @sizing_mode.setter
    def sizing_mode(self, value) -> None:
        self.div.sizing_mode = value


def html_pane(obj: str = "", **kwargs) -> Html:
    """HTML that carries the page's styles (tables, badges, notes) and can change quickly."""
    return Html(obj, **kwargs)


def flex(*items, min_item: int = 320, gap: str = "12px") -> pn.FlexBox:
    """Items side by side on a wide screen, stacked on a narrow one."""
    for it in items:
        it.styles = {**(it.styles or {}), "flex": f"1 1 {min_item}px", "min-width": "0"}
        it.sizing_mode = "stretch_width"
    return pn.FlexBox(*items, flex_wrap="wrap", gap=gap, sizing_mode="stretch_width")
