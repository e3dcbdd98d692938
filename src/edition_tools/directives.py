"""The base of the edition's directives: warnings that name the directive and its id."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from edition_tools.domain import edition_domain
from edition_tools.warnings_ import EditionWarning, warn_at

__all__ = ["AggregateDirective", "EditionDirective"]


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


class AggregateDirective(SphinxDirective):
    """A directive that shows what the whole edition holds (a register, a catalogue).

    It cannot be built when its page is read, since other pages may not be read yet: it
    leaves a placeholder that a :class:`~edition_tools.page_filler.PageFiller` fills when
    the page is written, and records the page as showing ``aggregate``, so that the page
    is written again when what it shows changes.
    """

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}
    #: The node left in the page, which the filler replaces.
    placeholder: ClassVar[type[nodes.Element]]
    #: The name under which the domain records the pages that show this aggregate.
    aggregate: ClassVar[str]

    def run(self) -> list[nodes.Node]:
        """Leave the placeholder; record the page as showing the aggregate."""
        return [self.make_placeholder()]

    def make_placeholder(self) -> nodes.Element:
        """The placeholder node, with this directive's source and line."""
        node = self.placeholder()
        self.set_source_info(node)
        edition_domain(self.env).note_aggregate(self.aggregate, self.env.docname)
        return node
