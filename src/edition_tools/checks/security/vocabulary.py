"""The markup a contributed page may use: an allowlist of directives, roles and options.

MyST, docutils, Sphinx and every extension loaded register directives and roles, and
each is a way into the output: ``container`` and ``rst-class`` put any class on source
text (one that hides it, or one that makes it look like the editors' words), ``meta``
writes into the page head, ``math`` loads a script from a CDN, ``role`` makes new
roles. A denylist of them would miss the next one an extension adds. Instead, every name
a page uses is looked up through :class:`EditionVocabulary`, a dispatcher of the kind
Sphinx's own intersphinx installs (:class:`sphinx.util.docutils.CustomReSTDispatcher`):
a directive or role outside ``edition_allowed_directives`` / ``edition_allowed_roles``
is refused with its line, and its content is kept as plain text, so that no word of a
source is lost; an allowed directive loses any option that sets classes
(``:class:``, ``:figclass:``, sphinx-design's ``:class-card:``...), since only the
edition's own directives may mark text as paratext or editorial matter.

``{eval-rst}`` is not a directive MyST looks up but a fence it renders itself; it is
renamed in the text the parser receives (lines keep their numbers) to a directive that
shows the reStructuredText as a literal block and reports it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.utils import Reporter
from markdown_it import MarkdownIt
from sphinx.application import Sphinx
from sphinx.util.docutils import CustomReSTDispatcher, SphinxDirective
from sphinx.util.typing import RoleFunction

from edition_tools.checks.hostile import block_parser, markdown_directives
from edition_tools.store.lines import EditionRole
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning

__all__ = [
    "EditionVocabulary",
    "setup_vocabulary",
]

#: The name ``{eval-rst}`` is renamed to.
REFUSED_EVAL_RST = "edition-refused-eval-rst"


def _sets_classes(option: str) -> bool:
    return "class" in option


class RefusedDirective(SphinxDirective):
    """A directive outside the vocabulary: reported, its content kept as Markdown text."""

    #: The name the page used.
    refused_name: ClassVar[str] = ""

    def run(self) -> list[nodes.Node]:
        """Warn; give back the content, parsed, so that no text is lost."""
        warn_at(
            self.env,
            EditionWarning.UNTRUSTED,
            f"the directive {self.refused_name!r} is not in the edition's vocabulary "
            "(see 'Annotating the edition' for the directives a page may use)",
            self.get_location(),
        )
        if not self.content:
            return []
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        return list(holder.children)


#: The classes made for each directive, so that each is made once a process.
_REFUSED: dict[tuple[str, type[Directive]], type[Directive]] = {}
_CLASS_FREE: dict[type[Directive], type[Directive]] = {}


def _refused(name: str, original: type[Directive]) -> type[Directive]:
    """A :class:`RefusedDirective` that parses what ``original`` would have parsed."""
    if (name, original) in _REFUSED:
        return _REFUSED[name, original]
    made = _REFUSED[name, original] = type(
        "Refused" + "".join(part.title() for part in name.replace(":", "-").split("-")),
        (RefusedDirective,),
        {
            "refused_name": name,
            "required_arguments": 0,
            "optional_arguments": original.required_arguments + original.optional_arguments,
            "final_argument_whitespace": True,
            "has_content": True,
            "option_spec": original.option_spec,
        },
    )
    return made


def _without_classes(original: type[Directive]) -> type[Directive]:
    """``original``, refusing the options that would set classes on what it makes."""
    if original in _CLASS_FREE:
        return _CLASS_FREE[original]

    def run(self: Any) -> list[nodes.Node]:
        for option in [name for name in self.options if _sets_classes(name)]:
            warn_at(
                self.state.document.settings.env,
                EditionWarning.UNTRUSTED,
                f"the option :{option}: of {self.name!r} is not allowed: only the edition's "
                "own directives set classes",
                "{}:{}".format(*self.state_machine.get_source_and_line(self.lineno)),
            )
            del self.options[option]
        return list(original.run(self))

    made = _CLASS_FREE[original] = type(
        original.__name__, (original,), {"run": run, "__module__": original.__module__}
    )
    return made


class RefusedEvalRst(SphinxDirective):
    """``{eval-rst}``, renamed: its reStructuredText shown as text, never parsed."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        """Warn; show the content as a literal block."""
        warn_at(
            self.env,
            EditionWarning.UNTRUSTED,
            "eval-rst is not allowed in the edition: write MyST Markdown",
            self.get_location(),
        )
        text = "\n".join(self.content)
        return [nodes.literal_block(text, text)] if text else []


class EditionVocabulary(CustomReSTDispatcher):
    """Look up directives and roles as Sphinx does, then hold them to the allowlists."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app
        self.allowed_directives = frozenset(app.config.edition_allowed_directives)
        self.allowed_roles = frozenset(app.config.edition_allowed_roles)

    def directive(
        self, directive_name: str, language_module: ModuleType, document: nodes.document
    ) -> tuple[type[Directive] | None, list[nodes.system_message]]:
        """The directive, refused or without class options."""
        found, messages = super().directive(directive_name, language_module, document)
        if found is None:
            return found, messages
        name = directive_name.lower()
        if name not in self.allowed_directives:
            return _refused(name, found), messages
        return _without_classes(found), messages

    def role(
        self, role_name: str, language_module: ModuleType, lineno: int, reporter: Reporter
    ) -> tuple[RoleFunction, list[nodes.system_message]]:
        """The role, or a refusal that keeps the role's text."""
        found, messages = super().role(role_name, language_module, lineno, reporter)
        if found is None or role_name.lower() in self.allowed_roles:
            return found, messages
        return _refused_role(role_name.lower()), messages


class RefusedRole(EditionRole):
    """A role outside the vocabulary: reported, its text kept."""

    def __init__(self, name: str) -> None:
        self.refused_name = name

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Warn; keep the text."""
        warn_at(
            self.env,
            EditionWarning.UNTRUSTED,
            f"the role {self.refused_name!r} is not in the edition's vocabulary",
            self.get_location(),
        )
        return [nodes.Text(self.text)], []


@functools.cache
def _refused_role(name: str) -> RoleFunction:
    return RefusedRole(name)


def install_vocabulary(app: Sphinx, docname: str, source: list[str]) -> None:
    """Hold the page to the vocabulary (``source-read``, inside Sphinx's dispatcher).

    Sphinx enables its own dispatcher before ``source-read`` and, when the page has been
    parsed, puts back what it found, which removes this one too (as for intersphinx's).
    """
    EditionVocabulary(app).enable()
    path = Path(app.env.doc2path(docname))
    if path.suffix == ".md":
        source[0] = _rename_eval_rst(source[0], block_parser(app))


def rename_eval_rst_included(
    app: Sphinx, relative_path: Path, parent: str, content: list[str]
) -> None:
    """The same renaming in a file a page includes (``include-read``)."""
    if relative_path.suffix == ".md":
        content[0] = _rename_eval_rst(content[0], block_parser(app))


def _rename_eval_rst(text: str, parser: MarkdownIt) -> str:
    """``text`` with each ``{eval-rst}`` fence renamed to :data:`REFUSED_EVAL_RST`."""
    if "{eval-rst}" not in text:
        return text
    lines = text.split("\n")
    for line, name, _argument in markdown_directives(text, parser=parser):
        if name == "eval-rst":
            lines[line - 1] = lines[line - 1].replace("{eval-rst}", "{" + REFUSED_EVAL_RST + "}", 1)
    return "\n".join(lines)


def setup_vocabulary(app: Sphinx) -> None:
    """Register the dispatcher (the allowlists are configuration: see config.py)."""
    app.add_directive(REFUSED_EVAL_RST, RefusedEvalRst)
    app.connect("source-read", install_vocabulary, priority=100)
    app.connect("include-read", rename_eval_rst_included, priority=100)
