"""HTML that changes often (live summaries, tables of numbers), cheap to update in the browser.

Changing a Bokeh Div's text, or a Panel HTML pane (which also re-sends its stylesheets),
makes the browser lay out the whole page again: ~20 ms per change on a full page, which
adds up when twenty sessions update at once. :class:`QuickHtml` with ``fast=True`` keeps a
slot in a Div; new HTML travels in a one-row data source and a small script puts it into
the slot. Usable anywhere a Panel object is (``__panel__``).
"""

from __future__ import annotations

import panel as pn
from bokeh.models import ColumnDataSource, CustomJS, Div, InlineStyleSheet

from dashboards.theme import APP_CSS

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


class QuickHtml:
    """A Div showing HTML; with ``fast=True`` its text changes through a data source (see module)."""

    def __init__(
        self,
        text: str = "",
        *,
        css_classes: list[str] | None = None,
        visible: bool = True,
        sizing_mode: str = "stretch_width",
        margin=(5, 10),
        styles: dict | None = None,
        fast: bool = False,
    ):
        self.fast = fast
        live = "coreg-live" in (css_classes or [])
        self.source = ColumnDataSource({"html": [text]}, name="coreg-live-html" if live else "coreg-html")
        self.div = Div(
            text=f"<div class='coreg-slot'>{text}</div>",
            css_classes=list(css_classes or []),
            visible=visible,
            stylesheets=[InlineStyleSheet(css=APP_CSS)],
            sizing_mode=sizing_mode,
            margin=margin,
            styles=dict(styles or {}),
            render_as_text=False,
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
