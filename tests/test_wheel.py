"""The package from its wheel, in a fresh virtual environment: a toolkit for any edition.

The wheel is built from this checkout (``pip wheel``, hatchling fetched by pip) and
installed into a new virtual environment that sees nothing of this one; pip brings the
dependencies from the package index. From there, outside this repository: ``edition
--version``, ``edition init``, an HTML build of the new edition with warnings as errors,
and ``edition check``. A file the wheel left out (the theme, its static files, the
skeleton) shows as a failure of one of them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, require
from edition_tools import __version__
from edition_tools.cli.init import skeleton_files

# Installing Sphinx and the rest from the index takes a minute or more.
pytestmark = pytest.mark.slow


def _run(command: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    # Nothing of this checkout or its environment may leak into the fresh one.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory) -> Path:
    """The bin folder of a new virtual environment with the wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work), str(PROJECT)],
        work,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = work.glob("edition_tools-*.whl")
    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", str(venv)], work)
    assert made.returncode == 0, made.stderr
    installed = _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], work)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return venv / "bin"


def test_the_package_comes_from_the_fresh_environment(fresh_venv):
    found = _run(
        [str(fresh_venv / "python"), "-c", "import edition_tools; print(edition_tools.__file__)"],
        fresh_venv,
    )
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).is_relative_to(fresh_venv.parent)


def test_version(fresh_venv, tmp_path):
    result = _run([str(fresh_venv / "edition"), "--version"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"edition {__version__}\n"


def test_init_build_and_check_from_the_wheel(fresh_venv, tmp_path):
    made = _run([str(fresh_venv / "edition"), "init", "edition", "--title", "A Wheel"], tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "edition"
    written = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert written == {p.as_posix().removesuffix(".tmpl") for p in skeleton_files()}

    out = tmp_path / "html"
    sphinx_build = [str(fresh_venv / "sphinx-build"), "-W", "--keep-going", "-n", "-q"]
    built = _run([*sphinx_build, "-b", "html", str(root / "docs"), str(out)], root)
    assert built.returncode == 0, built.stdout + built.stderr
    assert built.stderr == ""
    # The theme and its static files came with the wheel.
    assert (out / "_static" / "edition.css").is_file()
    assert 'href="_static/edition.css' in (out / "index.html").read_text(encoding="utf-8")

    checked = _run([str(fresh_venv / "edition"), "check"], root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("no problems")


def test_make_test_in_a_new_edition_as_its_readme_gives_it(fresh_venv, tmp_path):
    """``make test`` makes its own .venv from requirements.txt, here the wheel."""
    require(shutil.which("make") is not None, "make")
    made = _run([str(fresh_venv / "edition"), "init", "edition", "--title", "Make"], tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "edition"
    [wheel] = fresh_venv.parent.parent.glob("edition_tools-*.whl")
    # As the README says an edition installs a toolkit that is not on the package index.
    (root / "requirements.txt").write_text(f"{wheel}\n", encoding="utf-8")
    result = _run(["make", "test"], root, timeout=1200)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert list((root / "docs" / "_build" / "epub").glob("*.epub"))
    assert (root / "docs" / "_build" / "html" / "index.html").is_file()
