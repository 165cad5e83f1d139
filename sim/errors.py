"""Errors a user can act on: each names the setting and what is allowed, all of them at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sim.i18n import _, current, n_
from sim.printable import one_line

T = TypeVar("T")

#: How many problems a message shows before it says how many more there are.
MAX_SHOWN = 20
#: How many problems a check collects before it stops looking (hostile input stays cheap).
MAX_COLLECTED = 200


class CoregError(ValueError):
    """A problem with the user's input, phrased so they can fix it.

    ``key`` is the dotted setting name (``infant.reactivity``), ``allowed`` says what
    would be accepted, ``source`` is the file it came from, if any.

    One error may carry several problems (:meth:`several`): ``problems`` lists each as
    a single-problem error, and ``key``/``problem``/``allowed``/``source`` are the
    first one's, so code that reads only one problem keeps working.
    """

    def __init__(self, key: str, problem: str, allowed: str = "", source: str = ""):
        self.key = key
        self.problem = problem
        self.allowed = allowed
        self.source = source
        self._problems: tuple[CoregError, ...] = ()
        self.uncounted = False
        super().__init__(self._line())

    @classmethod
    def several(cls, errors: Iterable[CoregError], uncounted: bool = False) -> CoregError:
        """One error reporting every problem of ``errors``; ``uncounted``: the search stopped
        early, so there may be more than are listed."""
        errors = list(errors)
        problems = tuple(p for e in errors for p in e.problems)
        if not problems:
            raise ValueError("CoregError.several needs at least one problem")
        uncounted = uncounted or any(e.uncounted for e in errors)
        if len(problems) == 1 and not uncounted:
            return problems[0]
        first = problems[0]
        combined = cls(first.key, first.problem, first.allowed, first.source)
        combined._problems = problems
        combined.uncounted = uncounted
        combined.args = ("\n".join(combined.lines()),)
        return combined

    @property
    def problems(self) -> tuple[CoregError, ...]:
        """Each problem as a single-problem error (this error alone, unless it holds several)."""
        return self._problems or (self,)

    def lines(self, limit: int = MAX_SHOWN) -> list[str]:
        """One line per problem, at most ``limit``, then a line saying how many more there are."""
        shown = [p._line() for p in self.problems[:limit]]
        hidden = len(self.problems) - len(shown)
        if hidden or self.uncounted:
            if self.uncounted:
                more = n_("at least {n} more problem not shown; fix these first",
                          "at least {n} more problems not shown; fix these first", hidden)
            else:
                more = n_("{n} more problem not shown; fix these first",
                          "{n} more problems not shown; fix these first", hidden)
            shown.append(_("{source}: {message}", source=self.source, message=more) if self.source else more)
        return shown

    def _line(self) -> str:
        """``source: key: problem (allowed: ...)`` in the language in force."""
        values = {"source": self.source, "key": self.key, "problem": self.problem, "allowed": self.allowed}
        if self.source and self.allowed:
            text = _("{source}: {key}: {problem} (allowed: {allowed})", **values)
        elif self.source:
            text = _("{source}: {key}: {problem}", **values)
        elif self.allowed:
            text = _("{key}: {problem} (allowed: {allowed})", **values)
        else:
            text = _("{key}: {problem}", **values)
        return one_line(text)

    def _each(self, change: Callable[[CoregError], CoregError]) -> CoregError:
        if not self._problems:
            return change(self)
        return CoregError.several([change(p) for p in self._problems], self.uncounted)

    def with_source(self, source: str) -> CoregError:
        """The same error(s), told about the file they came from."""
        return self._each(lambda p: CoregError(p.key, p.problem, p.allowed, source))

    def with_prefix(self, prefix: str) -> CoregError:
        """The same error(s) with the key nested under ``prefix`` (``compare.2.caregiver``)."""
        return self._each(lambda p: CoregError(f"{prefix}.{p.key}" if p.key else prefix, p.problem, p.allowed,
                                               p.source))


def at_most(limit: int) -> str:
    """``at most 12``: what is allowed where there is a limit, in the language in force."""
    return _("at most {n}", n=current().number(limit))


class Problems:
    """The problems found so far while checking one input, reported together at the end.

    Checks that do not depend on each other each run, and each adds what it finds;
    :meth:`raise_any` then raises one :class:`CoregError` holding all of them. After
    :data:`MAX_COLLECTED` problems it stops at once (a hostile file stays cheap).
    """

    def __init__(self) -> None:
        self.found: list[CoregError] = []
        self._full: CoregError | None = None

    def __len__(self) -> int:
        return len(self.found)

    def add(self, error: CoregError) -> None:
        """Record ``error`` (and every problem it holds); when full, stop by raising them all."""
        if self._full is not None:
            raise self._full
        self.found.extend(error.problems)
        if len(self.found) >= MAX_COLLECTED:
            del self.found[MAX_COLLECTED:]
            self._full = CoregError.several(self.found, uncounted=True)
            raise self._full

    def attempt(self, make: Callable[..., T], *args: Any) -> T | None:
        """``make(*args)``, or ``None`` after recording the :class:`CoregError` it raised."""
        try:
            return make(*args)
        except CoregError as e:
            if e is self._full:
                raise
            self.add(e)
            return None

    def raise_any(self) -> None:
        """Raise every problem found, as one :class:`CoregError`; nothing if there is none."""
        if self.found:
            raise CoregError.several(self.found)
