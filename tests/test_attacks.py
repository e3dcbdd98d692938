"""The corpus of attacks (tests/attacks.py), each held to its exact outcome.

All the attacks are written into one small edition, checked once with ``edition
check`` and built once to HTML without ``-W`` (what a reader would receive from a build
that ignored its warnings):

* every attack gives exactly the security warnings it lists, at its file and line;
* ``edition check`` exits 1, prints no traceback, and nothing the attacks try to run
  runs (no file is created);
* in Chromium, no page of the build runs a script, opens a dialog, leaves the page, or
  makes a request to anywhere but the edition itself.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from attacks import ATTACKS, SOURCE_TEXT, Attack
from browser import chromium, serve

from conftest import build_app
from edition_tools.cli.check import run_check

#: The warning subtypes that say an attack was refused.
SECURITY_SUBTYPES = ("untrusted", "hostile", "fidelity", "encoding")

CONF = """\
extensions = [
    "myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "sphinxext.opengraph",
    "edition_tools",
]
project = "Attacks"
smartquotes = False
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
edition_catalogue = "../sources/catalogue.toml"
edition_lint = False
bibtex_bibfiles = ["refs.bib"]
html_theme = "edition"
html_static_path = ["_static"]
ogp_site_url = "https://example.org/"
ogp_social_cards = {"enable": False}
exclude_patterns = ["_build", "parts"]
suppress_warnings = ["toc.not_included"]
"""


def _catalogue_entry(name: str, digest: str) -> str:
    return (
        f'[[source]]\nid = "{name}"\nfile = "{name}.txt"\nsha256 = "{digest}"\n'
        f'title = "Source {name}"\nauthors = ["An author"]\noutlet = "example.org"\n'
        'date = "2001"\ngenre = "newspaper-op-ed"\nlanguage = "en"\n'
        'url = "https://example.org/"\n\n'
    )


def write_edition(root: Path, attacks: tuple[Attack, ...]) -> None:
    """An edition at ``root`` holding every attack of ``attacks``."""
    docs, sources = root / "docs", root / "sources"
    (docs / "_static").mkdir(parents=True)
    sources.mkdir()
    (docs / "conf.py").write_text(CONF, encoding="utf-8")
    (docs / "refs.bib").write_text("", encoding="utf-8")
    (docs / "index.md").write_text(
        "# Attacks\n\n```{toctree}\n:glob:\n\n*\n```\n", encoding="utf-8"
    )
    catalogue = []
    digest = hashlib.sha256(SOURCE_TEXT.encode()).hexdigest()
    for attack in attacks:
        for relative, text in attack.files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
        for relative, target in attack.links.items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).symlink_to(target)
        if attack.needs_source:
            (sources / f"{attack.name}.txt").write_text(SOURCE_TEXT, encoding="utf-8")
            catalogue.append(_catalogue_entry(attack.name, digest))
    (sources / "catalogue.toml").write_text("".join(catalogue), encoding="utf-8")


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("attacks")
    write_edition(root, ATTACKS)
    return root


@pytest.fixture(scope="module")
def refusals(edition) -> dict[str, set[tuple[str, int, str]]]:
    """The security warnings of ``edition check``, by the attack whose file they name."""
    owner = {path: attack.name for attack in ATTACKS for path in [*attack.files, *attack.links]}
    found: dict[str, set[tuple[str, int, str]]] = defaultdict(set)
    for problem in run_check(edition):
        subtype = problem.message.rsplit("[", 1)[-1].rstrip("]")
        kind, _, name = subtype.partition(".")
        if problem.path in owner and (name in SECURITY_SUBTYPES or kind == "myst"):
            found[owner[problem.path]].add(
                (problem.path, problem.line, "myst" if kind == "myst" else name)
            )
    return found


def test_the_corpus_is_large_and_covers_every_family():
    assert len(ATTACKS) >= 100
    assert len({attack.name for attack in ATTACKS}) == len(ATTACKS)
    families = {attack.family for attack in ATTACKS}
    assert families == {"markup", "configuration", "active files", "fidelity", "structure"}


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda attack: attack.name)
def test_each_attack_has_its_exact_outcome(attack, refusals):
    assert refusals.get(attack.name, set()) == set(attack.expected)


def test_edition_check_refuses_the_corpus_and_runs_nothing(edition):
    result = subprocess.run(
        [sys.executable, "-m", "edition_tools.cli.main", "--root", str(edition), "check"],
        capture_output=True,
        text=True,
        cwd=edition / "docs",
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
        timeout=600,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for attack in ATTACKS:
        for path, line, _subtype in attack.expected:
            assert f"{path}:{line}: " in result.stdout, (attack.name, path, line)
    assert not list(edition.rglob("PWNED"))


@pytest.fixture(scope="module")
def built(edition, tmp_path_factory):
    """The corpus built to HTML, its warnings ignored, as a careless build would."""
    return build_app("html", edition / "docs", tmp_path_factory.mktemp("attacks-html"))


def test_no_attack_runs_or_leaves_the_site_in_chromium(built):
    pages = sorted(built.outdir.glob("*.html"))
    assert len(pages) >= len([a for a in ATTACKS if any(p.endswith(".md") for p in a.files)])
    events: list[str] = []
    with serve(built.outdir) as base, chromium() as browser:
        context = browser.new_context()
        page = context.new_page()
        page.on(
            "dialog", lambda dialog: (events.append(f"dialog {dialog.message}"), dialog.dismiss())
        )
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith((base, "data:", "about:"))
                else events.append(f"request {request.url}")
            ),
        )
        for path in pages:
            url = base + path.name
            page.goto(url, wait_until="load")
            page.wait_for_timeout(50)
            for link in page.locator("a[href]").all():
                href = (link.get_attribute("href") or "").strip().lower()
                if href.startswith(("javascript:", "vbscript:", "data:")):
                    events.append(f"{path.name}: a script link {href!r}")
            if page.url != url:
                events.append(f"{path.name}: navigated to {page.url}")
        context.close()
    assert events == []
    assert not list(built.outdir.rglob("PWNED"))
