"""The base of the edition's directives: warnings that name the directive and its id."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any, ClassVar

from docutils import nodes
from myst_parser.mocking import MockState
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from edition_tools.model.catalogue import ID_PATTERN
from edition_tools.store.domain import AggregatePage, edition_domain
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning

__all__ = [
    "AggregateDirective",
    "EditionDirective",
    "IdentifiedDirective",
    "add_placeholder_nodes",
    "link_to",
    "option_lines",
    "set_source_info_below",
]

#: An option line of a ``:key: value`` options block (MyST's, or reST's indented one).
_FIELD_OPTION = re.compile(r"\s*:([A-Za-z0-9_-]+):(?:\s|$)")
#: A key of a MyST ``---`` (YAML) options block.
_YAML_OPTION = re.compile(r"([A-Za-z0-9_-]+)\s*:")


def set_source_info_below(directive: SphinxDirective, node: nodes.Element) -> None:
    """Give ``node``, and every node below it with no source yet, the directive's line.

    For the nodes a directive makes itself (a box's title, its fields): a warning about
    one then names the directive's line, and Sphinx's read transforms need not patch
    them up (``ApplySourceWorkaround`` renders each title or field name without a source
    as XML, for a debug message). Nodes parsed from the directive's content keep their
    own lines.
    """
    for element in node.findall(nodes.Element):
        if element.source is None:
            directive.set_source_info(element)


def option_lines(block_text: str, first_line: int) -> dict[str, list[int]]:
    """Each option written in a directive's options block, to the lines it is written on.

    ``block_text`` is the directive's whole text, whose first line (the one naming the
    directive) is source line ``first_line``. The parsers keep only an option's last
    value; the raw text still shows every time it was given.
    """
    lines = block_text.splitlines()[1:]
    found: dict[str, list[int]] = {}
    if lines and lines[0].startswith("---"):
        for number, line in enumerate(lines[1:], start=first_line + 2):
            if line.startswith("---"):
                break
            if match := _YAML_OPTION.match(line):
                found.setdefault(match[1], []).append(number)
        return found
    for number, line in enumerate(lines, start=first_line + 1):
        match = _FIELD_OPTION.match(line)
        if match is None or line.lstrip().startswith(":::"):
            break
        found.setdefault(match[1], []).append(number)
    return found


class EditionDirective(SphinxDirective):
    """A directive that reports problems as ``edition.<subtype>`` warnings at its line.

    Subclasses implement :meth:`render`; :meth:`run` first reports an option given
    more than once, which the parsers would otherwise settle silently.
    """

    #: The warning subtype of this directive's problems.
    warning_subtype: ClassVar[EditionWarning]
    #: How messages name the directive, e.g. ``"event"`` gives ``event 'racak': ...``.
    noun: ClassVar[str]

    def run(self) -> list[nodes.Node]:
        """Check the options as written, then render the directive."""
        for name, lines in self.written_options().items():
            for line in lines[1:]:
                self.problem(
                    f"option :{name}: is given again (first at line {lines[0]}); give it once",
                    line=line,
                )
        return self.render()

    def render(self) -> list[nodes.Node]:
        """The directive's nodes (its problems reported with :meth:`problem`)."""
        raise NotImplementedError

    def written_options(self) -> dict[str, list[int]]:
        """Each option as written in the source, to the lines it is given on."""
        return option_lines(self.block_text, self.lineno)

    def option_line(self, name: str) -> int:
        """The source line of option ``name`` (of its last value, the one used)."""
        return self.written_options().get(name, [self.lineno])[-1]

    def body_line(self, index: int = 0) -> int:
        """The source line of line ``index`` of the directive's body."""
        # MyST counts the body's offset from the directive's line; docutils from the
        # top of the file, zero-based.
        start = self.lineno if isinstance(self.state, MockState) else 0
        return start + self.content_offset + 1 + index

    def parse_inline_at(
        self, text: str, line: int
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Parse inline markup written on source line ``line``, so its warnings name it."""
        # MyST's inline parser numbers text from the line after the one it is given (as
        # for a block's offset); docutils' from that line itself.
        shift = 1 if isinstance(self.state, MockState) else 0
        return self.parse_inline(text, lineno=line - shift)

    def problem(self, message: str, line: int | None = None) -> None:
        """Warn about this directive, naming it (and its id, if it takes one).

        The warning is at the directive's line, or at ``line`` of its source.
        """
        name = f"{self.noun} {self.arguments[0]!r}" if self.arguments else self.noun
        location = self.get_location()
        if line is not None:
            location = f"{self.get_source_info()[0]}:{line}"
        warn_at(self.env, self.warning_subtype, f"{name}: {message}", location)

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


class IdentifiedDirective(EditionDirective):
    """An edition directive whose argument is the id of the record it defines.

    The id is optional to the parser, and may hold spaces, so that a missing id or one
    of several words is reported as this directive's problem (a warning of its
    subtype, at its line) rather than by the parser, which drops the whole directive.
    """

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    #: An id of the right form, for the messages.
    example_id: ClassVar[str]

    def checked_id(self) -> str | None:
        """The id as written (reported if malformed); ``None`` (reported) if missing."""
        if not self.arguments:
            self.problem(
                f"missing id: write the {self.noun}'s id after the directive's name, "
                f"like '{self.example_id}'"
            )
            return None
        record_id = self.arguments[0]
        if not ID_PATTERN.match(record_id):
            self.problem(f"the id must be a lower-case slug like '{self.example_id}'")
        return record_id


class AggregateDirective(SphinxDirective):
    """A directive that shows what the whole edition holds (a register, a catalogue).

    It cannot be built when its page is read, since other pages may not be read yet: it
    leaves a placeholder that a :class:`~edition_tools.features.page_filler.PageFiller` fills when
    the page is written, and records the page as showing ``aggregate``, so that the page
    is written again when what it shows changes.
    """

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}
    #: The node left in the page, which the filler replaces.
    placeholder: ClassVar[type[nodes.Element]]
    #: The name under which the domain records the pages that show this aggregate.
    aggregate: ClassVar[AggregatePage]

    def run(self) -> list[nodes.Node]:
        """Leave the placeholder; record the page as showing the aggregate."""
        return [self.make_placeholder()]

    def make_placeholder(self) -> nodes.Element:
        """The placeholder node, with this directive's source and line."""
        node = self.placeholder()
        self.set_source_info(node)
        edition_domain(self.env).note_aggregate(self.aggregate, self.env.docname)
        return node


def _placeholder_left_behind(translator: Any, node: nodes.Node) -> None:
    # A placeholder is replaced by a post-transform when the page is written; if a
    # builder ever meets one, it has nothing to show.
    raise nodes.SkipNode


def add_placeholder_nodes(app: Sphinx, *node_classes: type[nodes.Element]) -> None:
    """Register placeholder nodes, which every writer skips (post-transforms fill them)."""
    visitors = (_placeholder_left_behind, None)
    for node_class in node_classes:
        app.add_node(
            node_class, html=visitors, latex=visitors, text=visitors, man=visitors, texinfo=visitors
        )


def link_to(
    builder: Builder,
    fromdocname: str,
    todocname: str,
    targetid: str | None,
    child: nodes.Node | list[nodes.Node],
    title: str | None = None,
) -> nodes.Element:
    """A link to ``targetid`` on ``todocname``, or its words alone if that page is not out.

    Sphinx's ``make_refnode``, except for a page the output leaves out (a page outside
    the toctree has no place in the PDF): there the words stay, without a link.
    """
    try:
        return make_refnode(builder, fromdocname, todocname, targetid, child, title)
    except NoUri:
        children = child if isinstance(child, list) else [child]
        return nodes.inline("", "", *children)
