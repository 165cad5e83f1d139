"""Small helpers shared by the browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import expect

INTERACTIVE_ROLES = (
    "button",
    "slider",
    "checkbox",
    "textbox",
    "combobox",
    "spinbutton",
    "switch",
    "radio",
    "link",
    "listbox",
)
_UNNAMED = re.compile(r"^\s*- (%s)(?:\s*:?\s*$|\s+\[)" % "|".join(INTERACTIVE_ROLES))


def unnamed_controls(page) -> list[str]:
    """Lines of the page's accessibility snapshot that show a control without an accessible name."""
    snapshot = page.locator("body").aria_snapshot()
    return [line.strip() for line in snapshot.splitlines() if _UNNAMED.match(line)]


def metric(page, policy: str, key: str) -> float | None:
    cell = page.locator(f".compare-results td[data-policy={policy}][data-metric={key}]")
    raw = cell.get_attribute("data-value")
    return float(raw) if raw not in (None, "") else None


def set_slider(page, css: str, key: str) -> None:
    """Focus a slider's handle and press a key: like a person using the keyboard (applied at once)."""
    page.locator(f"{css} [role=slider]").press(key)


def wait_changed(locator, attribute: str, old: str | None) -> str:
    """Wait until the attribute differs from ``old`` (the server answered) and return the new value."""
    if old is None:
        expect(locator).to_have_attribute(attribute, re.compile(".+"))
    else:
        expect(locator).not_to_have_attribute(attribute, old)
    return locator.get_attribute(attribute)
