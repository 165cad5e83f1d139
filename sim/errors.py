"""Errors a user can act on: each names the setting and what is allowed."""

from __future__ import annotations


class CoregError(ValueError):
    """A problem with the user's input, phrased so they can fix it.

    ``key`` is the dotted setting name (``infant.reactivity``), ``allowed`` says what
    would be accepted, ``source`` is the file it came from, if any.
    """

    def __init__(self, key: str, problem: str, allowed: str = "", source: str = ""):
        self.key = key
        self.problem = problem
        self.allowed = allowed
        self.source = source
        super().__init__(self._text())

    def _text(self) -> str:
        where = f"{self.source}: " if self.source else ""
        text = f"{where}{self.key}: {self.problem}"
        if self.allowed:
            text += f" (allowed: {self.allowed})"
        return text

    def with_source(self, source: str) -> "CoregError":
        """The same error, told about the file it came from."""
        return CoregError(self.key, self.problem, self.allowed, source)

    def with_prefix(self, prefix: str) -> "CoregError":
        """The same error with its key nested under ``prefix`` (``compare[2].caregiver``)."""
        key = f"{prefix}.{self.key}" if self.key else prefix
        return CoregError(key, self.problem, self.allowed, self.source)
