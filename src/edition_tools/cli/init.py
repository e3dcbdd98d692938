"""``edition init DIR --title "..."``: start a new, empty edition from the skeleton.

The skeleton is a folder of real files in the package (``cli/skeleton/``): a Sphinx
project in ``docs/`` with the registers an edition has, an empty catalogue, a README,
a Makefile, ``.ci/run``, a CI workflow and the contributing files. A file whose name ends
in ``.tmpl`` is rendered with :class:`string.Template` (the suffix dropped); every other
file is copied byte for byte, so that a Makefile's or a shell script's own ``$`` needs no
escaping.

Nothing is written into ``DIR`` until the whole edition is made: it is built in a
temporary folder beside ``DIR`` and moved into place in one rename.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from string import Template

from sphinx.util import texescape

from edition_tools import __version__
from edition_tools.cli.new_source import has_visible_text, one_line_problem
from edition_tools.model.myst_escape import escape_heading

__all__ = ["SKELETON", "InitError", "create_edition", "skeleton_files"]

#: The files of a new edition, as they are kept in the package.
SKELETON = Path(__file__).with_name("skeleton")
_TEMPLATE_SUFFIX = ".tmpl"
#: Files that must stay executable, wherever the package's files lost their modes.
_EXECUTABLE = frozenset({".ci/run"})


class InitError(Exception):
    """A new edition cannot be made; the message says why, and nothing was written.

    ``refused`` when the arguments are at fault (the title, the folder), not the disk.
    """

    def __init__(self, message: str, *, refused: bool = True) -> None:
        super().__init__(message)
        self.refused = refused


@dataclass(frozen=True)
class _Fields:
    """What the templates are filled with, each written for the file it goes into."""

    title: str

    def mapping(self) -> dict[str, str]:
        # Sphinx fills its escape tables when a LaTeX builder starts; none has here.
        texescape.init()
        return {
            # A Python string literal (conf.py): repr() quotes and escapes any title.
            "title_python": repr(self.title),
            # A Markdown heading: characters that open MyST syntax are escaped.
            "title_markdown": escape_heading(self.title),
            # LaTeX text (the PDF's title page), as a Python literal: "&", "%", "#" and
            # commands such as "\\input" would otherwise be read by LaTeX.
            "title_latex": repr(texescape.escape(self.title, "xelatex")),
            "version": __version__,
        }


def skeleton_files() -> list[Path]:
    """Every file of the skeleton, relative to it, sorted."""
    return sorted(
        path.relative_to(SKELETON)
        for path in SKELETON.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def _check_title(title: str) -> None:
    if not has_visible_text(title):
        raise InitError(f"the title {title!r} is empty or shows nothing")
    problem = one_line_problem(title)
    if problem:
        raise InitError(f"the title {title!r} has {problem}; it must be one line")


#: What a folder may already hold for a new edition to be made in it: a git repository
#: made first (``git init && edition init .``).
_ALLOWED_BEFORE = frozenset({".git"})


def _check_target(target: Path) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InitError(f"{target} exists and is not a folder")
    if target.is_dir() and any(p.name not in _ALLOWED_BEFORE for p in target.iterdir()):
        raise InitError(f"{target} is not empty: give a new or an empty folder")
    if not target.parent.is_dir():
        raise InitError(f"{target.parent} does not exist: make it first")


def _render(into: Path, fields: _Fields) -> None:
    """Write every skeleton file into the folder ``into``."""
    mapping = fields.mapping()
    for relative in skeleton_files():
        source = SKELETON / relative
        if relative.name.endswith(_TEMPLATE_SUFFIX):
            target = into / relative.with_name(relative.name.removesuffix(_TEMPLATE_SUFFIX))
            # substitute(), not safe_substitute(): a placeholder the skeleton misspells
            # is an error of the toolkit, not a "$name" left in the new edition.
            text = Template(source.read_text(encoding="utf-8")).substitute(mapping)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        else:
            target = into / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        if relative.as_posix() in _EXECUTABLE:
            target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _move_into(scratch: Path, target: Path) -> None:
    """Move the made edition into the existing folder ``target``, item by item.

    The folder itself stays (its modes, its owner, a shell standing in it, a ``.git``);
    if a move fails, what was moved is taken out again, so that ``target`` is as it was.
    """
    moved: list[Path] = []
    try:
        for item in sorted(scratch.iterdir()):
            destination = target / item.name
            item.rename(destination)
            moved.append(destination)
    except OSError:
        for destination in moved:
            if destination.is_dir() and not destination.is_symlink():
                shutil.rmtree(destination, ignore_errors=True)
            else:
                destination.unlink(missing_ok=True)
        raise


def create_edition(target: Path, title: str) -> list[Path]:
    """Make a new edition in ``target`` (new or empty); the files written, relative.

    Raise :class:`InitError`, having written nothing, when the title is not one line of
    text, ``target`` is not empty, or its parent folder does not exist.
    """
    _check_title(title)
    target = target.absolute()
    _check_target(target)
    try:
        scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as error:
        raise InitError(
            f"cannot write in {target.parent}: {error.strerror}", refused=False
        ) from None
    try:
        _render(scratch, _Fields(title))
        if target.is_dir():
            _move_into(scratch, target)
        else:
            # mkdtemp makes a private folder; the edition gets the modes of a new folder.
            scratch.chmod(0o777 & ~_umask())
            # One rename onto a missing folder: DIR holds all of it, or nothing.
            scratch.replace(target)
    except OSError as error:
        raise InitError(f"cannot write the new edition: {error.strerror}", refused=False) from None
    finally:
        if scratch.exists():
            shutil.rmtree(scratch, ignore_errors=True)
    return sorted(
        path.relative_to(target)
        for path in target.rglob("*")
        if path.is_file() and path.relative_to(target).parts[0] not in _ALLOWED_BEFORE
    )
