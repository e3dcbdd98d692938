"""Every register reaches every output: each event and each claim record, in every builder.

The aggregate pages are filled from the records when a page is written; the LaTeX and
single-page HTML builders write one document assembled from every page, which the
fillers once passed over (the PDF's chronology and claims register were empty chapters).
"""

from __future__ import annotations

import html
import re

import pytest
from sphinx.util.texescape import escape

from conftest import PROJECT, build_app, warnings_of
from edition_tools.model.dates import date_range
from edition_tools.store.domain import edition_domain


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module", params=["latex", "singlehtml", "html"])
def built(request, tmp_path_factory):
    app = build_app(request.param, PROJECT / "docs", tmp_path_factory.mktemp(request.param))
    assert warnings_of(app) == []
    if request.param == "latex":
        text = (app.outdir / "kosovo-edition.tex").read_text(encoding="utf-8")
    elif request.param == "singlehtml":
        text = html.unescape((app.outdir / "index.html").read_text(encoding="utf-8"))
    else:
        text = html.unescape(
            "".join(
                (app.outdir / name).read_text(encoding="utf-8")
                for name in ("chronology.html", "claims.html", "contributors.html")
            )
        )
    return request.param, edition_domain(app.env), _flat(text)


#: Where each register starts and ends, in an assembled document.
_REGISTERS = {
    "latex": {
        "chronology": (r"\chapter{Chronology}", r"\chapter{Disputed claims}"),
        "claims": (r"\chapter{Disputed claims}", r"\chapter{Bibliography}"),
        "contributors": (r"\chapter{Contributors}", r"\chapter{Data}"),
    },
    "singlehtml": {
        "chronology": ('<section id="chronology">', '<section id="disputed-claims">'),
        "claims": ('<section id="disputed-claims">', '<section id="bibliography">'),
        "contributors": ('<section id="contributors">', '<section id="data">'),
    },
}


def _register(builder: str, text: str, name: str) -> str:
    """The register's own chapter: a record shown elsewhere (on its source's page) is not it."""
    if builder not in _REGISTERS:
        return text  # one page per register
    start, end = _REGISTERS[builder][name]
    assert start in text and end in text, (start, end)
    return text[text.index(start) : text.index(end)]


def _written(builder: str, text: str) -> str:
    return _flat(escape(text, "xelatex")) if builder == "latex" else _flat(text)


def test_every_event_reaches_the_output_with_its_date(built):
    builder, domain, text = built
    text = _register(builder, text, "chronology")
    assert len(domain.events) > 100
    missing = [
        event.id
        for event in domain.events.values()
        if _written(builder, date_range(event.date, event.end)) not in text
        or _written(builder, event.title.split(" {")[0][:40]) not in text
    ]
    assert missing == []


def test_every_claim_reaches_the_register_in_every_output(built):
    builder, domain, full = built
    text = _register(builder, full, "claims")
    # Every record the source pages open is collected (not a guessed floor that a
    # record turned into a note can cross).
    opened = sum(
        len(re.findall(r"(?m)^[:`]{3,}\{disputed\}", page.read_text(encoding="utf-8")))
        for page in (PROJECT / "docs" / "sources").glob("*.md")
    )
    assert opened > 0
    assert len(domain.claims) == opened
    if builder == "latex":  # each record framed, in the chapter of its source
        assert full.count(r"\begin{editionrecord}") >= len(domain.claims)
    elif builder == "singlehtml":
        assert full.count("edition-disputed-fields") >= len(domain.claims)
    spans = domain.first_span_of_claim()
    missing = [
        c for c in domain.claims if c in spans and _written(builder, spans[c].text) not in text
    ]
    assert missing == []
    missing = [c.id for c in domain.claims.values() if _written(builder, c.claimant) not in text]
    assert missing == []


def test_every_contributor_reaches_the_output(built):
    """Names from the pages' git history (.mailmap) and docs/contributors.toml."""
    builder, _domain, text = built
    assert "The editors" in _register(builder, text, "contributors")
