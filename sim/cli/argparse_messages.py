"""argparse's own messages (Python 3.11's msgids), marked so that they are extracted into the
catalog: the usage line, the headings of ``--help`` and argparse's errors then read in the
chosen language too (:func:`install` points argparse's gettext at the language in force)."""

from __future__ import annotations

import argparse

from sim.i18n import N_, current, n_

#: The messages argparse passes through its module-level ``_`` (what a user can see).
MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"), N_("not allowed with argument %s"), N_("ignored explicit argument %r"),
    N_("one of the arguments %s is required"), N_("expected one argument"), N_("expected at most one argument"),
    N_("expected at least one argument"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"), N_("%(prog)s: error: %(message)s\n"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"), N_("can't open '%(filename)s': %(error)s"),
)


def _plural_messages() -> None:  # pragma: no cover - never called: marks argparse's plural messages
    n_("expected %s argument", "expected %s arguments", 1)
    n_("conflicting option string: %s", "conflicting option strings: %s", 1)


def _gettext(message: str) -> str:
    return current().translations.gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return current().translations.ngettext(singular, plural, n)


def install() -> None:
    """Make argparse phrase its messages in the language in force (argparse reads its
    module-global ``_`` and ``ngettext`` each time it phrases one)."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
