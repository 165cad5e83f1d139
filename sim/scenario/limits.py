"""What a scenario file may hold: its keys, and the limits that keep mistaken or hostile input cheap.

The setting groups come from :mod:`sim.vocabulary`; the bounds of each setting come from
its declaration (:mod:`sim.declare`), never from here.
"""

from __future__ import annotations

from sim.vocabulary import SETTING_GROUP_LIST, SETTING_GROUPS, VARIANT_GROUPS

MAX_FILE_CHARS = 1_000_000
MAX_DEPTH = 12
MAX_INT = 2**53
MAX_VARIANTS = 12
MAX_EXPECTS = 60
MAX_LESSONS = 40
MAX_QUESTIONS = 40
MAX_SCHEDULE = 64
MAX_LIST_ITEMS = 1000
MAX_SET_CHARS = 20_000
#: The longest text each field may hold, in characters.
TEXT_LIMITS = {
    "title": 200, "summary": 500, "learning_goal": 4000, "notes": 20_000, "questions": 2000,
    "label": 60, "lesson.title": 200, "lesson.text": 8000, "expect.why": 1000,
    "stressor.label": 60,
}

# Limits on the text itself, checked before the TOML reader runs (sim.scenario.toml_text): each
# keeps a hostile file cheap to refuse, and each is far beyond what a scenario needs.
#: The longest line: the longest text with every character written as a \uXXXX escape, and its key.
MAX_LINE_CHARS = 6 * max(TEXT_LIMITS.values()) + 200
#: The longest name in a key (the longest setting's name has 40 characters).
MAX_KEY_CHARS = 100
#: The most names in one dotted key (a scenario's deepest is compare.schedule.caregiver.actions.at_min).
MAX_KEY_PARTS = 6
#: The deepest nesting of lists and inline tables: far from the reader's recursion limit (the data's
#: own depth, MAX_DEPTH, is checked after reading, naming the key).
MAX_NESTING = 50
#: The most key/value pairs, list items, tables and dotted names (counted as '=', ',', '.', '[' and '{'
#: outside strings): the reader's time grows with them; the library's largest scenario has a few hundred.
MAX_ENTRIES = 50_000
#: The most characters a number may be written with (a whole number within MAX_INT has 16 digits).
MAX_NUMBER_CHARS = 100

#: The base variant's label when the file gives none.
DEFAULT_LABEL = "Base"
#: The title of scenario text read without a file name (a file's title defaults to its stem).
UNTITLED = "Untitled scenario"

META_KEYS = ("title", "summary", "learning_goal", "notes", "questions", "evidence", "status", "label")
#: The reading of the contested core (what lies under the surface when crying falls night after
#: night: sim.vocabulary.READINGS): one value for a whole run, at the top
#: of a file or in a ``[[compare]]`` variant.
READING_KEY = "reading"
GROUP_KEYS = SETTING_GROUPS
#: A file's own translations of its texts: ``[translations.<code>]`` (:mod:`sim.scenario.texts`).
TRANSLATIONS_KEY = "translations"
TOP_KEYS = META_KEYS + (READING_KEY,) + GROUP_KEYS + ("compare", "expect", "lesson", TRANSLATIONS_KEY)
#: What a ``[[compare]]`` variant may override: the reading and the groups that allow it.
VARIANT_SETTINGS = (READING_KEY,) + VARIANT_GROUPS
VARIANT_KEYS = ("label",) + VARIANT_SETTINGS
SCHEDULE_KEYS = ("first_night", "last_night", "caregiver")
#: Keys whose value is a list (a new item of a ``--set`` path below them is a list item).
LIST_KEYS = (tuple(g.name for g in SETTING_GROUP_LIST if g.is_list)
             + ("questions", "evidence", "compare", "expect", "lesson", "actions"))
