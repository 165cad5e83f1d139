"""What every page's document carries besides its content: the script that names controls for
screen readers and lets long words wrap inside each component, the head template (``<html
lang>``, title, viewport, description) and the description itself."""

from __future__ import annotations

import json

from dashboards.pagemodel import READING_SWITCH_NAME
from sim.i18n import N_, _


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
    const name = lab ? lab.textContent.trim() : WORDS.value;
    b.setAttribute('aria-label', (b.classList.contains('bk-spin-btn-up') ? WORDS.increase : WORDS.decrease).replace('{name}', name));
    b.setAttribute('tabindex', '-1');
  });
  root.querySelectorAll('.coreg-reading-switch').forEach(host => {
    [host, host.shadowRoot].forEach(r => { if (r) r.querySelectorAll('.bk-btn-group').forEach(g => {
      g.setAttribute('role', 'group');
      g.setAttribute('aria-label', READING_SWITCH_NAME);
      g.querySelectorAll('button').forEach(b => {
        b.setAttribute('aria-pressed', b.classList.contains('bk-active') ? 'true' : 'false');
      });
    }); });
  });
  // a box that scrolls sideways (a wide table or equation on a phone) can be scrolled from the keyboard
  root.querySelectorAll('.katex-display, .coreg-slot, .nights-table-box, .table-scroll, .coreg-scroll').forEach(el => {
    if (el.scrollWidth > el.clientWidth + 1) el.setAttribute('tabindex', '0');
    else if (el.getAttribute('tabindex') === '0') el.removeAttribute('tabindex');
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
// long words (German) and text without spaces (Chinese) wrap inside every component: each renders
// in its own shadow root, which the page's CSS does not reach
const WRAP = new CSSStyleSheet();
WRAP.replaceSync(WRAP_CSS);
function walk(root) {
  fix(root);
  if (root !== document && root.adoptedStyleSheets && !root.adoptedStyleSheets.includes(WRAP)) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, WRAP];
  }
  root.querySelectorAll('*').forEach(el => { if (el.shadowRoot) walk(el.shadowRoot); });
}
window.__coreg_walk = walk;
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

#: The words the script writes (translated where the page is built: :func:`a11y_js`).
A11Y_WORDS = {"increase": N_("Increase {name}"), "decrease": N_("Decrease {name}"), "value": N_("value")}


def a11y_js() -> str:
    """The accessibility script with its words in the language in force (passed as data)."""
    words = {k: _(v) for k, v in A11Y_WORDS.items()}
    return (f"const READING_SWITCH_NAME = {json.dumps(_(READING_SWITCH_NAME))};\n"
            f"const WORDS = {json.dumps(words)};\nconst WRAP_CSS = {json.dumps(WRAP_CSS)};\n" + A11Y_JS)


#: Inside every component: buttons, labels and links wrap long words instead of widening the page
#: (CSS ``hyphens: auto`` does nothing in Debian's Chromium; ``overflow-wrap: anywhere`` breaks a word
#: only where it would not fit). Table cells break a word only when it is wider than its column
#: (``break-word``), so columns never shrink below their longest word: wide tables scroll in
#: their own box instead. Chinese breaks between its characters by itself; Latin words and
#: numbers inside it stay whole.
WRAP_CSS = """
.bk-btn { white-space: normal !important; overflow-wrap: anywhere; height: auto; }
label, .bk-slider-title, .bk-description, .bk-input-group, a, p, li, caption, h1, h2, h3, summary {
  overflow-wrap: anywhere; }
td, th { overflow-wrap: break-word; }
.bk-input-group label, .bk-checkbox-group label, .bk-slider-title { white-space: normal; }
.bk-input, select.bk-input { max-width: 100%; }
"""
#: Marks the pressed button of the reading switch for screen readers as soon as it changes.
PRESSED_JS = "setTimeout(() => { if (window.__coreg_walk) window.__coreg_walk(document); }, 30);"

#: The page's head: ``<html lang>`` (a copy of Panel's base template, :mod:`dashboards.language`),
#: the title of the session's language, the viewport, and what long words and CJK need to wrap.
HEAD_TEMPLATE = """{% extends coreg_base %}
{% block title %}{{ coreg_title | e }}{% endblock %}
{% block postamble %}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{{ coreg_description | e }}">
<style>
  html, body { background: #ffffff; }
  body { overflow-wrap: anywhere; word-break: normal; }
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
  .coreg-skip { position: absolute; left: -9999px; }
  .coreg-skip:focus { left: 8px; top: 8px; background: #fff; padding: 6px; z-index: 10000; }
</style>
{% endblock %}
"""


#: The page's description for search engines and link previews.
DESCRIPTION = N_("Co-Regulation Lab: a conceptual teaching simulator. Not advice.")
