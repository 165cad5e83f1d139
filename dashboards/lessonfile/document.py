"""The frame every lesson file shares: one self-contained HTML page and what travels in it.

A file is Bokeh's standalone HTML (every script and style inline) placed by a Jinja
template whose source holds only this module's own names: every text comes in as a
variable, already escaped (Bokeh's template does not escape, and text put into a template's
source would be run as template code). The page's controls are native HTML (a range input
with its label, radio buttons in a fieldset), wired by one script that runs once the
document is ready; the script writes text with ``textContent`` only and shows or hides
pieces of HTML written here.

Around every page: a header (the case's title, the caveat, how sure it is and the evidence
behind it), the reading switch with the note of the reading in force, and a footer saying
which version of the model made the file and when.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bokeh.document import Document
from bokeh.embed import file_html
from bokeh.events import DocumentReady
from bokeh.model import Model
from bokeh.models import CustomJS
from bokeh.resources import INLINE

from dashboards.pagemodel import READING_SWITCH_NAME
from dashboards.theme import APP_CSS
from dashboards.pagemodel.lesson import HIGHLIGHT, PLAIN, evidence_html
from dashboards.report import with_lang, without_external_files
from dashboards.text import caveat, escape, reading_choice, reading_note_html, status_word
from sim import MODEL_VERSION, __version__
from sim.evidence import EVIDENCE, STATUS_ORDER
from sim.i18n import _, current
from sim.vocabulary import READING, READINGS

CSS = """
body { overflow-wrap: anywhere; }
td, th { overflow-wrap: break-word; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  margin: 0 auto; padding: 0.4em 1em 2em 1em; max-width: 1800px; color: #1a1a1a; background: #ffffff; font-size: 16px;
  line-height: 1.4; }
[hidden] { display: none !important; }
h1 { font-size: 1.45em; margin: 0.2em 0 0.4em 0; }
h2 { font-size: 1.15em; margin: 0.6em 0 0.3em 0; }
.lf-kicker { margin: 0.4em 0 0 0; color: #444; font-size: 0.9em; }
.lf-header > * + * { margin-top: 0.5em; }
.lf-evidence .badge { margin-right: 0.2em; }
.lf-header details { margin-bottom: 0.8em; }
caption { text-align: left; font-weight: 600; padding: 0.2em 0; }
.regime-key { margin: 0.7em 0; }
.lf-panel { border: 1px solid #c9d6e3; border-radius: 8px; background: #f7f9fb; padding: 0.4em 0.8em;
  margin: 0.6em 0; }
fieldset.lf-reading { margin: 0.6em 0 0.2em 0; }
fieldset { border: 1px solid #c9d6e3; border-radius: 8px; padding: 0.3em 0.8em 0.5em 0.8em; margin: 0; }
legend { font-weight: 700; padding: 0 0.3em; }
.lf-options { display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; }
.lf-options label { display: inline-flex; align-items: center; gap: 0.4em; min-height: 2.2em; }
input[type=radio], input[type=checkbox] { width: 1.2em; height: 1.2em; margin: 0; }
.lf-controls { display: flex; flex-wrap: wrap; gap: 0.6em 1.6em; align-items: flex-end; margin: 0.6em 0; }
.lf-control { display: flex; flex-direction: column; gap: 0.2em; flex: 1 1 240px; min-width: 0; }
.lf-control label { font-weight: 600; }
.lf-control output { font-weight: 400; }
.lf-control input[type=range] { width: 100%; min-height: 2em; margin: 0; }
.lf-control select { font-size: 1em; padding: 0.3em; max-width: 100%; align-self: flex-start; }
.lf-control.lf-narrow { flex: 0 1 420px; }
.lf-check { display: inline-flex; align-items: center; gap: 0.4em; min-height: 2.2em; font-weight: 600; }
.lf-columns { display: flex; flex-wrap: wrap; gap: 12px; }
.lf-columns > .lf-column { flex: 1 1 300px; min-width: 0; }
.lf-scroll { max-width: 100%; overflow-x: auto; }
.lf-buttons { display: flex; flex-wrap: wrap; gap: 0.6em; margin: 0.5em 0; }
.lf-buttons button { font-size: 1em; padding: 0.45em 1.1em; border-radius: 6px; border: 1px solid #0b4f94;
  background: #ffffff; color: #0b4f94; cursor: pointer; min-width: 7em; }
.lf-buttons button.lf-primary { background: #0b4f94; color: #ffffff; }
.lf-buttons button:disabled { border-color: #999; color: #666; background: #eeeeee; cursor: default; }
button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible {
  outline: 3px solid #e69f00; outline-offset: 2px; }
.nights-tables > .lf-table { flex: 1 1 520px; min-width: 0; overflow-x: auto; }
.lf-fixed { margin: 0; min-height: 2.2em; display: flex; align-items: center; }
.lf-lesson { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
.lf-steps { flex: 1 1 300px; max-width: 520px; min-width: 0; background: #f7f9fb; border-radius: 8px;
  padding: 8px 12px; }
.lf-plots { flex: 3 1 420px; min-width: 0; }
.lf-columns > .lf-variant { flex: 1 1 300px; min-width: 0; }
@media (max-width: 600px) {
  body { padding: 0.3em 0.6em 1.5em 0.6em; }
  table.coreg { font-size: 0.88em; }
  table.coreg th, table.coreg td { padding: 0.2em 0.25em; }
}
.lf-footer { margin-top: 1.5em; border-top: 1px solid #ccc; color: #333; font-size: 0.92em; }
"""

#: The column a lesson step talks about is outlined, as in the app.
CSS += (".lf-variant { " + "; ".join(f"{k}: {v}" for k, v in PLAIN.items()) + " }\n"
        ".lf-variant.lf-highlight { " + "; ".join(f"{k}: {v}" for k, v in HIGHLIGHT.items()) + " }\n")

#: What every page's script uses: an element by id, the reading chosen, and showing one of the
#: pieces of HTML written by :func:`choice_blocks`.
COMMON_JS = """
const el = id => document.getElementById(id);
const reading = () => document.querySelector("input[name=reading]:checked").value;
function showChoice(attr, value) {
  document.querySelectorAll(".lf-choice[data-" + attr + "]").forEach(b => { b.hidden = b.dataset[attr] !== value; });
}
"""


@dataclass(frozen=True)
class Origin:
    """What a file shows and where it comes from: the case's title, how sure it is and the
    evidence behind it, and what it was made from (said in the footer)."""

    title: str
    status: str
    evidence: tuple[str, ...]
    made_from: str

    @classmethod
    def of(cls, scenario: Any, made_from: str | None = None) -> Origin:
        """The origin of a scenario (``made_from`` defaults to its name)."""
        from sim.scenario import scenario_texts

        return cls(scenario_texts(scenario).title, scenario.status, tuple(scenario.evidence),
                   made_from or _("the scenario \u201c{name}\u201d", name=scenario.name))

    @classmethod
    def of_readings(cls, title: str, made_from: str) -> Origin:
        """The origin of a page that rests on the readings' evidence only (Across nights)."""
        keys = tuple(READING[r].evidence for r in READINGS)
        status = max((EVIDENCE[k].status for k in keys), key=STATUS_ORDER.index)
        return cls(title, status, keys, made_from)


def version_line(origin: Origin, today: datetime.date | None = None) -> str:
    """Which version of the model made the file, when, and from what."""
    day = current().date(today or datetime.date.today())
    return _("Made with Co-Regulation Lab {version} (model {model}) on {day} from {origin}. Every result in this "
             "file was computed then and is stored inside it: it needs no internet, no installation and no server.",
             version=__version__, model=MODEL_VERSION, day=day, origin=origin.made_from)


def choice_blocks(attribute: str, blocks: Mapping[str, str], shown: str, tag: str = "div") -> str:
    """One piece of HTML per value of a choice, only the ``shown`` one visible; the script shows
    another with ``showChoice(attribute, value)``."""
    return "".join(
        f"<{tag} class='lf-choice' data-{attribute}='{escape(value)}'{'' if value == shown else ' hidden'}>"
        f"{html}</{tag}>"
        for value, html in blocks.items()
    )


def reading_switch(reading: str, remark: str = "") -> str:
    """The reading switch (a named group of radio buttons) and the note of each reading."""
    options = "".join(
        f"<label><input type='radio' name='reading' value='{name}'{' checked' if name == reading else ''}> "
        f"{escape(reading_choice(name))}</label>"
        for name in READINGS
    )
    notes = choice_blocks("reading", {name: reading_note_html(name, remark) for name in READINGS}, reading)
    return (f"<div class='lf-panel'><fieldset class='lf-reading'><legend>{escape(_(READING_SWITCH_NAME))}</legend>"
            f"<div class='lf-options'>{options}</div></fieldset>{notes}</div>")


def evidence_line(origin: Origin) -> str:
    """How sure the case is, and each evidence key with its status, then the entries in full."""
    statuses = {k: EVIDENCE[k].status for k in origin.evidence if k in EVIDENCE}
    badges = " ".join(f"<span class='badge status-{escape(s)}'>{escape(k)} {escape(status_word(s))}</span>"
                      for k, s in statuses.items())
    status = f"<span class='badge status-{escape(origin.status)}'>{escape(status_word(origin.status))}</span>"
    line = _("How sure: {status} Evidence behind it: {keys}", status=status,
             keys=badges or escape(_("none (illustrative)")))
    return (
        f"<p class='lf-evidence'>{line}</p>"
        f"<details><summary>" + escape(_('What that evidence says')) + f"</summary>{evidence_html(origin.evidence)}</details>"
    )


def lesson_page(page_title: str, origin: Origin, parts: Iterable[str | Model], *, script: str,
                args: dict[str, Any], today: datetime.date | None = None) -> str:
    """The whole file: the header, ``parts`` (HTML already escaped, or Bokeh layouts) in a main
    landmark, the footer; ``script`` runs once every figure exists, after :data:`COMMON_JS`, with
    ``args`` (its data and the figures' models) as variables, and ends by setting
    ``window.__coreg_ready``."""
    header = (
        "<header class='lf-header'><p class='lf-kicker'>"
        + escape(_("Co-Regulation Lab \u2014 a lesson in one file")) + "</p>"
        "<h1>" + escape(_("{page}: {title}", page=page_title, title=origin.title)) + "</h1>"
        "<p class='caveat' role='note'>" + _("<strong>Please note:</strong> {caveat}", caveat=escape(caveat()))
        + "</p>"
        f"{evidence_line(origin)}</header><main>"
    )
    footer = (f"</main><footer class='lf-footer'><p class='lf-version'>{escape(version_line(origin, today))}</p>"
              "</footer>")
    doc = Document()
    html_parts: list[str] = []
    source = []
    for part in [header, *parts, footer]:
        if isinstance(part, Model):
            part.name = f"root{len(doc.roots)}"
            doc.add_root(part)
            source.append(f"{{{{ embed(roots.{part.name}) }}}}")
        else:
            source.append(f"{{{{ parts[{len(html_parts)}] }}}}")
            html_parts.append(part)
    code = COMMON_JS + script + "\nwindow.__coreg_ready = true;"
    doc.js_on_event(DocumentReady, CustomJS(args=args, code=code))
    template = (
        "{% block preamble %}<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<meta name='description' content='{{ description }}'>{% endblock %}"
        "{% block postamble %}<style>{{ app_css }}{{ css }}</style>{% endblock %}"
        "{% block contents %}" + "".join(source) + "{% endblock %}"
    )
    page = file_html(doc, INLINE, title=_("{page}: {title} \u2014 Co-Regulation Lab", page=page_title, title=origin.title),
                     template=template,
                     template_variables={"parts": html_parts, "css": CSS, "app_css": APP_CSS,
                                         "description": escape(_("Co-Regulation Lab: {caveat}", caveat=caveat()))})
    return with_lang(without_external_files(page))
