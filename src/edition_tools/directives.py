"""The base of the edition's directives: warnings that name the directive and its id."""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

from sphinx.util.docutils import SphinxDirective

from edition_tools.warnings_ import EditionWarning, warn_at

__all__ = ["EditionDirective"]


class EditionDirective(SphinxDirective):
    """A directive that reports problems as ``edition.<subtype>`` warnings at its line."""

    #: The warning subtype of this directive's problems.
    warning_subtype: ClassVar[EditionWarning]
    #: How messages name the directive, e.g. ``"event"`` gives ``event 'racak': ...``.
    noun: ClassVar[str]

    def problem(self, message: str) -> None:
        """Warn about this directive, naming it (and its id, if it takes one)."""
        name = f"{self.noun} {self.arguments[0]!r}" if self.arguments else self.noun
        warn_at(self.env, self.warning_subtype, f"{name}: {message}", self.get_location())

    def required_option(self, name: str, choices: Collection[str] | None = None) -> str | None:
        """The value of option ``name``; ``None`` (having warned) if missing or not a choice."""
        value: str = self.options.get(name, "").strip()
        if not value:
            self.problem(f"missing required option :{name}:")
            return None
        if choices is not None and value not in choices:
            listed = ", ".join(choices)
            self.problem(f"unknown {name} {value!r} (one of: {listed})")
            return None
        return value
