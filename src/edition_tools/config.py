"""The extension's configuration: every value registered and checked here, in one table.

A value that is not what it must be is an ``edition.config`` warning at its line in
``conf.py``, and its default is used instead, so that no build ends in a traceback for a
mistyped setting.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from edition_tools.model.markup import web_url
from edition_tools.model.vocabulary import ALLOWED_DIRECTIVES, ALLOWED_ROLES, FRONT_MATTER_KEYS
from edition_tools.warnings_ import EditionWarning, warn

__all__ = [
    "CONFIG_VALUES",
    "DEFAULT_GC_THRESHOLD",
    "USAGE_SCOPES",
    "ConfigValue",
    "add_repository_links",
    "catalogue_path",
    "setup_config",
]

#: The first threshold of the garbage collector during a build (patches/memory.py).
DEFAULT_GC_THRESHOLD = 20_000

_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:[-:][a-z0-9]+)*$")
_BRANCH = re.compile(r"^[A-Za-z0-9._/-]+$")


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "a non-empty string"


def _names(value: Any) -> str | None:
    if isinstance(value, list | tuple | set | frozenset) and all(
        isinstance(item, str) and _SLUG.match(item) for item in value
    ):
        return None
    return "a list of names (lower case, digits, '-' or ':')"


def _repository(value: Any) -> str | None:
    if value == "" or (isinstance(value, str) and web_url(value)):
        return None
    return "an http(s) address, or '' for none"


def _licence(value: Any) -> str | None:
    return None if isinstance(value, str) and web_url(value) else "an http(s) address"


def _branch(value: Any) -> str | None:
    return None if isinstance(value, str) and _BRANCH.match(value) else "a branch name"


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else "True or False"


#: Where a glossary entry or an event must be mentioned to count as used (the lint).
USAGE_SCOPES = ("auto", "sources", "pages")


def _usage_scope(value: Any) -> str | None:
    return None if value in USAGE_SCOPES else "one of " + ", ".join(map(repr, USAGE_SCOPES))


def _threshold(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return None
    return "a whole number, 0 or more"


@dataclass(frozen=True)
class ConfigValue:
    """One configuration value of the extension: default, rebuild, what it must be."""

    name: str
    default: Any
    rebuild: Literal["", "env", "html"]
    check: Callable[[Any], str | None]
    meaning: str

    @property
    def types(self) -> tuple[type, ...]:
        """What Sphinx's own type check accepts (ours is stricter: :attr:`check`)."""
        if isinstance(self.default, list):
            return (list, tuple, set, frozenset)
        return (type(self.default),)


#: Every configuration value of the extension, registered and checked here alone.
CONFIG_VALUES: tuple[ConfigValue, ...] = (
    # "env": every source page depends on the catalogue, so a new path rereads them all.
    ConfigValue(
        "edition_catalogue",
        "../sources/catalogue.toml",
        "env",
        _text,
        "the source catalogue, relative to docs/",
    ),
    ConfigValue(
        "edition_repository_url",
        "",
        "html",
        _repository,
        "where the edition's sources live, for 'Edit this page' and 'Suggest an annotation'",
    ),
    ConfigValue("edition_repository_branch", "main", "html", _branch, "the branch to edit"),
    ConfigValue(
        "edition_lint", True, "env", _flag, "every note cites, every work and entry is used"
    ),
    ConfigValue(
        "edition_usage_scope",
        "auto",
        "env",
        _usage_scope,
        "where a glossary entry or event must be mentioned to count as used: on source "
        "pages ('sources'), on any page ('pages'), or 'auto': source pages once the "
        "edition has one, else any page",
    ),
    ConfigValue(
        "edition_allowed_directives",
        sorted(ALLOWED_DIRECTIVES),
        "env",
        _names,
        "the directives a page may use",
    ),
    ConfigValue(
        "edition_allowed_roles", sorted(ALLOWED_ROLES), "env", _names, "the roles a page may use"
    ),
    ConfigValue(
        "edition_front_matter_keys",
        [],
        "env",
        _names,
        f"front-matter keys a page may set, besides {', '.join(sorted(FRONT_MATTER_KEYS))}",
    ),
    ConfigValue(
        "edition_licence",
        "https://creativecommons.org/licenses/by/4.0/",
        "env",
        _licence,
        "the address of the editorial matter's licence, stated by every export",
    ),
    ConfigValue(
        "edition_licence_name",
        "Creative Commons Attribution 4.0 International",
        "env",
        _text,
        "the name of that licence, in the TEI headers",
    ),
    ConfigValue(
        "edition_latex_fallback_font",
        "Symbola",
        "env",
        _text,
        "the font LaTeX sets symbols and emoji in",
    ),
    ConfigValue(
        "edition_gc_threshold",
        DEFAULT_GC_THRESHOLD,
        "",
        _threshold,
        "the collector's first threshold during a build; 0 leaves it as Python sets it",
    ),
)


def setup_config(app: Sphinx) -> None:
    """Register the extension's configuration values, and check them when read."""
    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, value.rebuild, types=value.types)
    # Before every other handler of config-inited, which read these values.
    app.connect("config-inited", check_config, priority=0)
    app.connect("html-page-context", add_repository_links)


def check_config(app: Sphinx, config: Config) -> None:
    """Warn about each value that is not what it must be, and use its default instead.

    ``edition.config``, at the value's line in ``conf.py`` (or ``conf.py`` itself when
    the value was given another way, with ``-D``).
    """
    conf = Path(app.confdir) / "conf.py"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    for value in CONFIG_VALUES:
        problem = value.check(config[value.name])
        if problem is None:
            continue
        line = next((n for n, text in enumerate(lines, start=1) if text.startswith(value.name)), 1)
        warn(
            EditionWarning.CONFIG,
            f"{value.name} must be {problem} ({value.meaning}); its default is used: "
            f"{value.default!r}",
            f"{conf}:{line}",
        )
        config[value.name] = value.default


def add_repository_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the page template its edit and suggestion links (``html-page-context``)."""
    repository = app.config.edition_repository_url.rstrip("/")
    if not repository or doctree is None:
        return
    source = f"docs/{pagename}{context.get('page_source_suffix', '.md')}"
    branch = app.config.edition_repository_branch
    title = quote(f"Annotation: {context.get('title', pagename)}")
    context["edition_edit_url"] = f"{repository}/edit/{branch}/{source}"
    context["edition_suggest_url"] = (
        f"{repository}/issues/new?template=new-annotation.yml&title={title}"
    )


def catalogue_path(env: BuildEnvironment) -> Path:
    """The catalogue file: ``edition_catalogue``, relative to the source directory."""
    relative: str = env.config.edition_catalogue
    return _resolved(str(env.srcdir), relative)


@functools.lru_cache(maxsize=32)
def _resolved(srcdir: str, relative: str) -> Path:
    # Asked for several times a page; resolving walks the path, one system call for each part.
    return (Path(srcdir) / relative).resolve()
