"""Hostile scenario files for the fuzz tests of the loader and the CLI: values planted in parsed
files, and whole files with what an upload from anyone may hold."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterator
from typing import Any

import tomli_w
from hypothesis import strategies as st

from sim.printable import LINE_BREAKS


def paths_into(node: Any, prefix: tuple = (), leaves_only: bool = False) -> Iterator[tuple]:
    """Every path into nested dicts and lists (``("compare", 0, "label")``), the empty path
    first; only the paths to single values with ``leaves_only``."""
    inner = isinstance(node, (dict, list))
    if not (leaves_only and inner):
        yield prefix
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        yield from paths_into(child, prefix + (key,), leaves_only)


def plant(data: dict, path: tuple, value: Any, new_key: str | None = None) -> None:
    """Put ``value`` at ``path`` in ``data`` (in place); with ``new_key``, as that new key of the
    table at ``path`` instead (when there is a table there)."""
    node = data
    for step in path[:-1]:
        node = node[step]
    if not path:
        if new_key is not None:
            data[new_key] = value
        return
    last = path[-1]
    if new_key is not None and isinstance(node[last], dict):
        node[last][new_key] = value
    else:
        node[last] = value


# ---- whole hostile files: what an upload from anyone on the network may hold ---------------------------------

#: Characters that must never reach a terminal raw: line breaks of every kind, control and invisible characters.
ODD_CHARS = (*sorted(LINE_BREAKS), "\t", "\x00", "\x1b", "\x1b[31m", "\x7f", "\x9b", "\u200b", "\u200d", "\u202e",
             "\ufeff", "\U000e0001")
#: What may end a line of a file: TOML's own, and those a word processor or an old Mac writes.
LINE_ENDS = ("\n", "\r\n", "\r", "\u2028", "\u2029", "\x85")
#: Keys whose string values are texts (the one-line ones and the longer ones).
TEXT_KEYS = ("title", "summary", "label", "learning_goal", "notes", "questions", "why", "text")
#: A custom stressor, so that a stressor's label is among the texts.
LABELLED_STRESSOR = {"kind": "custom", "label": "Teething", "onset_min": 5.0, "intensity": 0.3, "resolved_by": "none"}
_PLACEHOLDER = 987654321012345  # written by tomli-w, then replaced by a number too long to read


def base_document() -> dict:
    """The library's landing scenario as data, with a labelled custom stressor."""
    from sim.scenario import library_dir

    doc = tomllib.loads((library_dir() / "tears_together.toml").read_text(encoding="utf-8"))
    doc["stressors"].append(dict(LABELLED_STRESSOR))
    return doc


def value_at(data: Any, path: tuple) -> Any:
    for step in path:
        data = data[step]
    return data


def text_paths(doc: dict) -> list[tuple]:
    """The paths of every text of ``doc`` (a title, a label, a question, a lesson's text...)."""
    return [p for p in paths_into(doc, leaves_only=True)
            if isinstance(value_at(doc, p), str) and any(k in TEXT_KEYS for k in p if isinstance(k, str))]


def number_paths(doc: dict) -> list[tuple]:
    return [p for p in paths_into(doc, leaves_only=True)
            if isinstance(value_at(doc, p), (int, float)) and not isinstance(value_at(doc, p), bool)]


@st.composite
def hostile_files(draw: Any, doc: dict | None = None) -> str:
    """A scenario file (``doc``, by default :func:`base_document`) with any of: odd characters in its
    texts, a number too long to read, a long dotted key, a byte order mark, other line ends."""
    doc = copy.deepcopy(doc if doc is not None else base_document())
    texts, numbers = text_paths(doc), number_paths(doc)
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(texts))
        value = value_at(doc, path)
        at = draw(st.integers(0, len(value)))
        plant(doc, path, value[:at] + draw(st.sampled_from(ODD_CHARS)) + value[at:])
    giant = draw(st.booleans())
    if giant:
        plant(doc, draw(st.sampled_from(numbers)), _PLACEHOLDER)
    text = tomli_w.dumps(doc)
    if giant:
        digits = "9" * draw(st.integers(17, 6000))
        if draw(st.booleans()):
            digits = "_".join(digits[i:i + 3] for i in range(0, len(digits), 3))
        literal = draw(st.sampled_from(["", "-", "+"])) + digits + draw(st.sampled_from(["", ".5", "e3", "."]))
        text = text.replace(str(_PLACEHOLDER), literal, 1)
    lines = text.split("\n")
    if draw(st.booleans()):
        parts = draw(st.one_of(st.integers(2, 12), st.integers(13, 450_000)))
        key = ".".join(draw(st.sampled_from(["k", '"k"', "'k k'", "0"])) for _ in range(min(parts, 3)))
        key += ".k" * (parts - min(parts, 3))
        form = draw(st.sampled_from(["{} = 1", "[{}]", "[[{}]]", "x = {{ {} = 1 }}", "{}"]))
        lines.insert(draw(st.integers(0, len(lines))), form.format(key))
    text = "\n".join(lines)
    ends = draw(st.sampled_from(["keep", "one", "mixed"]))
    if ends != "keep":
        end = draw(st.sampled_from(LINE_ENDS))
        pieces = text.split("\n")
        text = pieces[0] + "".join((draw(st.sampled_from(LINE_ENDS)) if ends == "mixed" else end) + p
                                   for p in pieces[1:])
    bom = draw(st.sampled_from(["", "start", "inside"]))
    if bom == "start":
        text = "\ufeff" + text
    elif bom == "inside":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + "\ufeff" + text[at:]
    return text


# ---- hostile text in a lesson file ---------------------------------------------------------------

#: A title a lesson file must show as text: markup, a script, an image with an error handler and
#: template code (the file's template must not run it).
LESSON_FILE_TITLE = ("Tears </script><script>alert(1)</script> {{ 7*7 }} {% for x in y %}{% endfor %} "
                     "<img src=x onerror=alert(2)>")


def lesson_file_scenario():
    """The landing scenario with :data:`LESSON_FILE_TITLE` as its title and a first lesson step that
    holds a terminal escape, a line separator, a script and a javascript: link."""
    from sim.scenario import library_dir, load_scenario_text

    data = tomllib.loads((library_dir() / "tears_together.toml").read_text(encoding="utf-8"))
    data["title"] = LESSON_FILE_TITLE
    data["lesson"][0]["text"] = "\x1b[31m red \u2028 <script>alert(3)</script> [x](javascript:alert(4)) {{ 7*7 }}"
    return load_scenario_text(tomli_w.dumps(data), "hostile.toml")
