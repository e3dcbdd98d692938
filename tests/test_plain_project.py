"""The extension in any Sphinx project: registers, claims and AI records without sources.

A project that adds ``edition_tools`` for its events, disputed claims, AI records and
glossary need not have a source catalogue: the catalogue is asked for only by a page
that uses ``source-text`` or the catalogue directive, and there a missing one is
reported at the page's line. The lint counts an entry as used where the project can
mention it: on any page until the edition has source pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_app, warnings_of

CONF = """\
project = "Plain"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "edition_tools"]
bibtex_bibfiles = ["refs.bib"]
myst_enable_extensions = ["colon_fence"]
"""

BIB = """\
@book{smith2001,
  author = {Smith, Jane},
  title = {A Book},
  year = {2001},
  publisher = {Press},
}
"""

INDEX = """\
# A plain project

:::{ai-content}
:scope: document
:source-type: trainedAlgorithmicMedia
:basis: editorial-assessment
This page was drafted with a language model {cite:p}`smith2001`.
:::

The war ended in {event}`June 1999 <war-ends>`, after {claim}`78 days <days>` of
bombing, says {term}`NATO` {cite:p}`smith2001`.

:::{disputed} days
:level: disputed
:claimant: Someone
:status: open
Others count 79 {cite:p}`smith2001`.
:::

```{toctree}
events
glossary
```

```{bibliography}
```
"""

EVENTS = """\
# Events

:::{event} war-ends
:date: 1999-06
The war ends
It ended {cite:p}`smith2001`.
:::
"""

GLOSSARY = """\
# Glossary

```{glossary}
NATO
  The North Atlantic Treaty Organization.
```
"""


def _project(root: Path, **pages: str) -> Path:
    files = {
        "conf.py": CONF,
        "refs.bib": BIB,
        "index.md": INDEX,
        "events.md": EVENTS,
        "glossary.md": GLOSSARY,
    }
    files.update({f"{name}.md": text for name, text in pages.items()})
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_a_project_without_a_catalogue_builds_without_warnings(tmp_path, builder):
    src = _project(tmp_path / "src")
    app = build_app(builder, src, tmp_path / "out", confoverrides={"nitpicky": True})
    assert warnings_of(app) == []
    assert app.statuscode == 0


def test_a_page_that_needs_the_catalogue_is_told_where(tmp_path):
    index = INDEX.replace("events\n", "events\nsource\n")
    src = _project(
        tmp_path / "src",
        index=index,
        source="# A source\n\n:::{source-text} missing-source\nWords.\n:::\n",
    )
    found = warnings_of(build_app("html", src, tmp_path / "out"))
    assert len(found) == 1, found
    assert "source.md:3" in found[0]
    assert "needs the source catalogue" in found[0]
    assert "catalogue.toml does not exist" in found[0]
    assert "Words." in (tmp_path / "out" / "html" / "source.html").read_text(encoding="utf-8")


def test_an_entry_mentioned_on_no_page_is_reported(tmp_path):
    src = _project(
        tmp_path / "src",
        index=INDEX.replace("{event}`June 1999 <war-ends>`", "June 1999").replace(
            "{term}`NATO`", "NATO"
        ),
    )
    found = warnings_of(build_app("html", src, tmp_path / "out"))
    assert any("event 'war-ends' is mentioned on no page" in line for line in found), found
    assert any("glossary entry 'NATO' is mentioned on no page" in line for line in found)


@pytest.mark.parametrize("suppressed", [True, False])
def test_an_empty_glob_warns_unless_suppressed_as_sphinx_documents(tmp_path, suppressed):
    """A new edition's glob of source pages matches nothing until its first source."""
    src = _project(
        tmp_path / "src",
        index=INDEX.replace("glossary\n", "glossary\nsources/index\n"),
    )
    (src / "sources").mkdir()
    (src / "sources" / "index.md").write_text(
        "# Sources\n\n```{toctree}\n:glob:\n\n*\n```\n", encoding="utf-8"
    )
    if suppressed:
        (src / "conf.py").write_text(CONF + 'suppress_warnings = ["toc.empty_glob"]\n')
    found = warnings_of(build_app("html", src, tmp_path / "out"))
    if suppressed:
        assert found == []
    else:
        assert len(found) == 1, found
        assert "didn't match any documents" in found[0]
