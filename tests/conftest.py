"""Shared fixtures: Sphinx test roots, and builds of edited copies of them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
ROOTS = TESTS / "roots"
SHARED = PROJECT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def require(condition: bool, reason: str) -> None:
    """Skip when a tool or file is missing, but fail in CI, where it must be there."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def warnings_of(app: SphinxTestApp) -> list[str]:
    """The warning lines of a test build, colour codes removed."""
    text = _ANSI.sub("", app.warning.getvalue())  # type: ignore[attr-defined]
    return [line for line in text.splitlines() if line.strip()]


def build_app(
    buildername: str,
    srcdir: Path,
    builddir: Path,
    *,
    freshenv: bool = True,
    before_build: Callable[[SphinxTestApp], None] | None = None,
    **kwargs: Any,
) -> SphinxTestApp:
    """Build ``srcdir`` into ``builddir``; return the finished app (warnings captured).

    ``before_build`` is given the app once it is set up, before it builds.
    """
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=builddir,
        freshenv=freshenv,
        status=StringIO(),
        warning=StringIO(),
        **kwargs,
    )
    try:
        if before_build is not None:
            before_build(app)
        app.build()
    finally:
        app.cleanup()
    return app


def compile_pdf(outdir: Path, name: str) -> Path:
    """Run the LaTeX builder's Makefile in ``outdir``: no error, no missing character."""
    result = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf", "LATEXMKOPTS=-silent -halt-on-error"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    log = (outdir / f"{name}.log").read_text(errors="replace")
    assert re.findall(r"(?m)^! .*", log) == []
    assert re.findall(r"Missing character.*", log) == []
    return outdir / f"{name}.pdf"


@pytest.fixture(scope="session")
def open_data_traps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of ``test-open-data``: sources with CRLF, CR, runs of spaces, controls."""
    app = build_app("html", ROOTS / "test-open-data", tmp_path_factory.mktemp("traps"))
    assert warnings_of(app) == []
    return Path(app.outdir)


@pytest.fixture(scope="session")
def built_edition(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """The HTML edition built once per test process, for tests that only read it.

    Its output folder (``Path(app.outdir)``) must not be changed: copy it first.
    """
    app = build_app("html", PROJECT / "docs", tmp_path_factory.mktemp("edition-html"))
    assert warnings_of(app) == []
    return app


class EditedRoot:
    """A writable copy of a test root, to edit and build."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def replace(self, name: str, old: str, new: str, count: int = 1) -> None:
        """Replace ``old`` by ``new`` in file ``name``; fail if ``old`` is absent."""
        file = self.path / name
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        file.write_text(text.replace(old, new, count), encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        """Write file ``name`` (creating folders)."""
        file = self.path / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")

    def build(self, buildername: str = "html", **kwargs: Any) -> SphinxTestApp:
        """Build the copy from scratch; return the finished app."""
        return build_app(buildername, self.path, self.path / "_build", **kwargs)


@pytest.fixture
def edited_root(tmp_path: Path) -> Iterator[Callable[[str], EditedRoot]]:
    """Copy ``tests/roots/test-<name>`` into a temporary folder that tests may edit."""

    def copy(name: str) -> EditedRoot:
        target = tmp_path / f"test-{name}"
        shutil.copytree(ROOTS / f"test-{name}", target)
        return EditedRoot(target)

    yield copy
