"""Configuration a page cannot change: front matter, ``docutils.conf``, page formats.

The threat model (``docs/security.md``) puts every page under ``docs/`` among the
untrusted files, and everything that configures a parser among the code only a
maintainer may change. MyST, docutils and Sphinx each let a page or a file beside the
pages reach that configuration; this module closes each way:

* **Front matter** is an allowlist of keys (:data:`FRONT_MATTER_KEYS`, extended by
  ``edition_front_matter_keys``) holding plain values. Any other key, MyST's own
  ``myst:`` first (which switches on ``substitution``, whose Jinja templates reach
  Python, or writes ``<meta http-equiv>`` tags), is refused with its line, and taken out
  of the text the parser receives (commented out, so that lines keep their numbers).
* **docutils.conf**: Sphinx points docutils at ``docs/docutils.conf``; any such file
  under ``docs/`` is refused, and docutils is told to read no configuration file at all.
* **Symbolic links** under ``docs/`` are refused, and neither read nor copied.
* **Templates**: a static file named ``*.jinja`` (or ``*_t``) is rendered by Sphinx with
  the build's context; under ``docs/`` it is refused.
* **Page formats**: only MyST Markdown (``.md``). A reStructuredText page would take a
  field list as metadata and bring its own parser's ways in; it is reported and left out.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from edition_tools.model.markup import markup_in_value
from edition_tools.model.vocabulary import FRONT_MATTER_KEYS
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning, warn

__all__ = [
    "PAGE_SUFFIX",
    "allowed_front_matter",
    "setup_page_config",
]

#: The one page format of the edition.
PAGE_SUFFIX = ".md"

_FRONT_MATTER = MarkdownIt("commonmark").use(front_matter_plugin)
_PLAIN_VALUES = (str, int, float, bool, type(None))


def _front_matter_lines(text: str) -> tuple[int, str] | None:
    """(first line of the YAML, 0-based, in the page; the YAML) of ``text``'s front matter."""
    if not text.startswith(("---", "\ufeff---")):
        return None  # the quick way out: front matter opens the page or is not there
    for token in _FRONT_MATTER.parse(text):
        if token.type == "front_matter" and token.map:
            return token.map[0] + 1, token.content
    return None


def allowed_front_matter(text: str, allowed: frozenset[str]) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with the front-matter keys outside ``allowed`` commented out.

    Returns the new text and the refusals, (1-based line, message). Lines keep their
    numbers. YAML that does not parse is left to MyST, which reports it and reads none
    of it.
    """
    found = _front_matter_lines(text)
    if found is None:
        return text, []
    first, content = found
    try:
        mapping = yaml.compose(content, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text, []
    if not isinstance(mapping, yaml.MappingNode):
        return text, []
    lines = text.split("\n")
    refusals: list[tuple[int, str]] = []
    for key_node, value_node in mapping.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        reason = _refusal(key, value_node, allowed)
        if reason is None:
            continue
        start = first + key_node.start_mark.line
        end = first + value_node.end_mark.line
        if value_node.end_mark.column == 0 and end > start:
            end -= 1  # the mark is at the start of the next line
        refusals.append((start + 1, reason))
        for index in range(start, end + 1):
            lines[index] = "# " + lines[index]
    if refusals and len(refusals) == len(mapping.value):
        # Nothing left: an empty mapping, which MyST accepts (an empty text it does not).
        line = refusals[0][0] - 1
        lines[line] = "{} " + lines[line]
    return "\n".join(lines), refusals


def _refusal(key: str | None, value: yaml.Node, allowed: frozenset[str]) -> str | None:
    """Why a front-matter entry may not stand, or ``None``."""
    shown = repr(key) if key is not None else "a key that is not a plain name"
    keys = ", ".join(sorted(allowed))
    if key == "myst":
        return (
            "MyST configuration in a page's front matter is not allowed: the parser is "
            "configured in conf.py, by the maintainers"
        )
    if key not in allowed:
        return f"front-matter key {shown} is not allowed (a page may set: {keys})"
    if not isinstance(value, yaml.ScalarNode):
        return f"front-matter key {shown} must have a plain value"
    loaded: Any = yaml.safe_load(yaml.serialize(value))
    found = markup_in_value(str(loaded)) if isinstance(loaded, _PLAIN_VALUES) else None
    if found:
        return f"front-matter key {shown} holds markup: {found!r}"
    return None


def refuse_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """Refuse front-matter keys outside the allowlist (``source-read``)."""
    allowed = FRONT_MATTER_KEYS | frozenset(app.config.edition_front_matter_keys)
    text, refusals = allowed_front_matter(source[0], allowed)
    for line, message in refusals:
        warn_at(app.env, EditionWarning.UNTRUSTED, message, (docname, line))
    source[0] = text


def refuse_front_matter_included(
    app: Sphinx, relative_path: Path, parent: str, content: list[str]
) -> None:
    """The same in a file a page includes (``include-read``)."""
    allowed = FRONT_MATTER_KEYS | frozenset(app.config.edition_front_matter_keys)
    text, refusals = allowed_front_matter(content[0], allowed)
    for line, message in refusals:
        warn_at(app.env, EditionWarning.UNTRUSTED, message, f"{app.srcdir / relative_path}:{line}")
    content[0] = text


def refuse_other_formats(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Leave out every page that is not MyST Markdown (``env-before-read-docs``)."""
    for docname in list(docnames):
        path = Path(env.doc2path(docname))
        if path.suffix == PAGE_SUFFIX:
            continue
        warn_at(
            env,
            EditionWarning.UNTRUSTED,
            f"only MyST Markdown pages ({PAGE_SUFFIX}) are allowed in the edition; "
            f"{path.name} was not read: write it as {path.stem}{PAGE_SUFFIX}",
            f"{path}:1",
        )
        docnames.remove(docname)
        env.found_docs.discard(docname)


def refuse_docutils_conf(app: Sphinx, config: Config) -> None:
    """Refuse any ``docutils.conf`` under ``docs/``; read none (``config-inited``).

    Sphinx points docutils at ``docs/docutils.conf`` for the length of a build
    (``DOCUTILSCONFIG``); an empty value makes docutils read no configuration file.
    Sphinx gives the variable back its former value when the build ends.
    """
    srcdir = Path(app.srcdir)
    outdir = Path(app.outdir).resolve()
    for path in sorted(srcdir.rglob("docutils.conf")):
        if path.resolve().is_relative_to(outdir) or "_build" in path.relative_to(srcdir).parts:
            continue
        warn(
            EditionWarning.UNTRUSTED,
            "a docutils.conf configures the parser and is not allowed under docs/: the "
            "parser is configured in conf.py, by the maintainers",
            f"{path}:1",
        )
    os.environ["DOCUTILSCONFIG"] = ""
    for path in _templates_among_static_files(app, config):
        warn(
            EditionWarning.UNTRUSTED,
            "a template among the static files is rendered with the build's context and "
            "is not allowed under docs/: templates are the maintainers' (in the theme)",
            f"{path}:1",
        )


def refuse_symbolic_links(app: Sphinx, config: Config) -> None:
    """Refuse every symbolic link under ``docs/``, and read and copy none (``config-inited``).

    Sphinx follows them: a link among the static files publishes whatever it points to
    (``/etc/passwd``), a linked folder makes pages of files outside ``docs/``. Each is
    added to ``exclude_patterns``, which Sphinx applies both to the pages it reads and to
    the static and extra files it copies, so that a build that ignores the warning still
    takes nothing through it.
    """
    srcdir = Path(app.srcdir)
    outdir = Path(app.outdir).resolve()
    copied = [srcdir / entry for entry in [*config.html_static_path, *config.html_extra_path]]
    for folder, subfolders, files in os.walk(srcdir):
        here = Path(folder)
        subfolders[:] = [
            name
            for name in subfolders
            if name != "_build" and not (here / name).resolve().is_relative_to(outdir)
        ]
        for name in [*subfolders, *files]:
            path = here / name
            if not path.is_symlink():
                continue
            warn(
                EditionWarning.UNTRUSTED,
                "a symbolic link is not allowed under docs/: the build would read or publish "
                "what it points to; copy the file in instead",
                f"{path}:1",
            )
            relative = path.relative_to(srcdir).as_posix()
            patterns = [relative, f"{relative}/**"]
            for entry in copied:
                if path.is_relative_to(entry) and path != entry:
                    inside = path.relative_to(entry).as_posix()
                    patterns += [inside, f"{inside}/**"]
            config.exclude_patterns.extend(patterns)


def _templates_among_static_files(app: Sphinx, config: Config) -> list[Path]:
    """The files Sphinx would render as Jinja templates when it copies the static files.

    Sphinx renders a static file whose name ends in ``.jinja`` (or the older ``_t``);
    under ``docs/`` that would be a template a contributor wrote.
    """
    srcdir = Path(app.srcdir)
    found: list[Path] = []
    for entry in [*config.html_static_path, *getattr(config, "html_extra_path", [])]:
        folder = (srcdir / entry).resolve()
        if not folder.is_relative_to(srcdir.resolve()):
            continue
        files = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        found += [path for path in files if path.name.endswith((".jinja", "_t"))]
    return found


def setup_page_config(app: Sphinx) -> None:
    """Register the checks (``edition_front_matter_keys`` is in config.py)."""
    app.connect("config-inited", refuse_docutils_conf)
    app.connect("config-inited", refuse_symbolic_links)
    app.connect("source-read", refuse_front_matter, priority=100)
    app.connect("include-read", refuse_front_matter_included, priority=100)
    app.connect("env-before-read-docs", refuse_other_formats)
