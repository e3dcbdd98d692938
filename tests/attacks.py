"""A corpus of attacks on the edition by a contributor, each with its exact outcome.

Five families, as the threat model (docs/security.md) names them: markup in every field
a contributor writes, configuration injection, active files, fidelity bypasses, and
structural faults. Each attack is a set of files written into a small edition, and the
security warnings it must give: (file, line, subtype), exactly; an attack that the
parsers already make harmless expects none, and the browser test checks that it is.

Payloads that would run call ``alert()`` or request ``evil.example``, so that the
browser test sees any that gets through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ATTACKS", "SOURCE_TEXT", "Attack"]

#: The text of every source an attack puts on a page (one file per attack).
SOURCE_TEXT = "First line of the source.\n\nSecond line of the source.\n"
_SOURCE_BODY = "First line of the source.\n\nSecond line of the source.\n"


@dataclass(frozen=True)
class Attack:
    """Files an attacker writes, and the security warnings each must give."""

    name: str
    family: str
    files: dict[str, str]
    #: (path relative to the project, line, subtype) of every security warning.
    expected: frozenset[tuple[str, int, str]] = field(default_factory=frozenset)
    #: Whether the attack's page uses a source of its own (``sources/<name>.txt``).
    needs_source: bool = False
    #: Symbolic links to make: path in the project to what it points to.
    links: dict[str, str] = field(default_factory=dict)


def _page(
    name: str, family: str, body: str, *refused: tuple[int, str], source: bool = False
) -> Attack:
    """An attack on one page, ``docs/<name>.md``; ``body`` starts on line 3."""
    text = f"# {name}\n\n{body}"
    expected = frozenset((f"docs/{name}.md", line, subtype) for line, subtype in refused)
    return Attack(name, family, {f"docs/{name}.md": text}, expected, source)


def _source(name: str, family: str, inside: str, *refused: tuple[int, str]) -> Attack:
    """An attack inside a source-text block; ``inside`` starts on line 4."""
    body = f"::::{{source-text}} {name}\n{inside}::::\n"
    return _page(name, family, body, *refused, source=True)


U, H, F = "untrusted", "hostile", "fidelity"
#: MyST reports a directive that opens another directive's content one line late (it
#: counts the opening fence's line twice); the tests hold the line MyST reports.
LATE = 1

MARKUP = "markup"
_MARKUP = [
    _page("m-script-block", MARKUP, "<script>alert(1)</script>\n", (3, H)),
    _page("m-img-onerror", MARKUP, "Text <img src=x onerror=alert(1)> more.\n", (3, H)),
    _page("m-svg-onload", MARKUP, "<svg onload=alert(1)></svg>\n", (3, H)),
    _page("m-upper-script", MARKUP, "<SCRIPT>alert(1)</SCRIPT>\n", (3, H)),
    _page("m-heading-html", MARKUP, "## A <b onclick=alert(1)>heading</b>\n", (3, H)),
    _page(
        "m-note-html",
        MARKUP,
        "Words.[^1]\n\n[^1]: A note <script>alert(1)</script>.\n",
        (5, H),
    ),
    _page("m-html-comment", MARKUP, "<!-- <script>alert(1)</script> -->\n", (3, H)),
    _page("m-iframe", MARKUP, '<iframe src="https://evil.example/"></iframe>\n', (3, H)),
    _page("m-object", MARKUP, '<object data="evil.swf"></object>\n', (3, H)),
    _page("m-form", MARKUP, '<form action="https://evil.example"><input></form>\n', (3, H)),
    _page("m-base", MARKUP, '<base href="https://evil.example/">\n', (3, H)),
    _page(
        "m-meta-refresh",
        MARKUP,
        '<meta http-equiv="refresh" content="0; url=https://evil.example">\n',
        (3, H),
    ),
    _page(
        "m-style-import", MARKUP, "<style>@import 'https://evil.example/x.css';</style>\n", (3, H)
    ),
    _page("m-link-js", MARKUP, "[click](javascript:alert(1))\n", (3, H)),
    _page("m-link-js-case", MARKUP, "[click](JaVaScRiPt:alert(1))\n", (3, H)),
    _page("m-link-js-space", MARKUP, "[click](<javascript :alert(1)>)\n", (3, H), (3, "myst")),
    _page("m-link-vbscript", MARKUP, "[click](vbscript:msgbox(1))\n", (3, H)),
    _page("m-link-data", MARKUP, "[click](data:text/html;base64,PHNjcmlwdD4=)\n", (3, H)),
    _page("m-autolink-js", MARKUP, "<javascript:alert(1)>\n", (3, H)),
    _page("m-refdef-js", MARKUP, "[click][x]\n\n[x]: javascript:alert(1)\n", (5, H)),
    # markdown-it decodes the reference before it validates the link: no link is made.
    _page("m-link-js-entity", MARKUP, "[click](javascript&colon;alert(1))\n"),
    _page("m-link-js-tab-entity", MARKUP, "[click](jav&#x09;ascript:alert(1))\n", (3, "myst")),
    # markdown-it refuses file: links: the words stay text.
    _page("m-link-file", MARKUP, "[click](file:///etc/passwd)\n"),
    _page("m-link-ftp", MARKUP, "[click](ftp://evil.example/x)\n", (3, U)),
    _page("m-image-js", MARKUP, "![x](javascript:alert(1))\n", (3, H)),
    _page("m-image-remote", MARKUP, "![x](https://evil.example/pixel.png)\n", (3, U)),
    _page("m-image-protocol-relative", MARKUP, "![x](//evil.example/pixel.png)\n", (3, H)),
    _page("m-image-html", MARKUP, "![x](_static/page.html)\n", (3, U)),
    # An image's alt text and a link's title are attributes, escaped: harmless.
    _page("m-image-alt-html", MARKUP, "![<img src=x onerror=alert(1)>](_static/ok.png)\n"),
    _page(
        "m-link-title-html",
        MARKUP,
        '[x](https://example.org "<script>alert(1)</script>")\n',
    ),
    _page(
        "m-figure-target-js",
        MARKUP,
        "```{figure} _static/ok.png\n:target: javascript:alert(1)\n\nCaption.\n```\n",
        (3, U),
        (4, H),
    ),
    _page(
        "m-figure-target-svg",
        MARKUP,
        "```{figure} _static/ok.png\n:target: _static/ok.svg\n\nCaption.\n```\n",
        (3, U),
    ),
    _page("m-download-html", MARKUP, "{download}`get <_static/page.html>`\n", (3, U)),
    _page("m-download-xml", MARKUP, "{download}`get <_static/data.xml>`\n", (3, U)),
    _page("m-download-svg", MARKUP, "{download}`get <_static/ok.svg>`\n", (3, U)),
    _page("m-download-remote", MARKUP, "{download}`get <https://evil.example/x.exe>`\n", (3, U)),
    _page(
        "m-toctree-js",
        MARKUP,
        "```{toctree}\njavascript://%0aalert(1)\n```\n",
        (3, U),
        (4, H),
    ),
    _page(
        "m-toctree-js-titled",
        MARKUP,
        "```{toctree}\nClick <javascript://%0aalert(1)>\n```\n",
        (3, U),
        (4, H),
    ),
    _page(
        "m-admonition-title-html",
        MARKUP,
        "```{admonition} A <img src=x onerror=alert(1)>\nBody.\n```\n",
    ),  # a title is Markdown with HTML off: shown as text
    _page(
        "m-list-table-html",
        MARKUP,
        "```{list-table}\n* - <script>alert(1)</script>\n```\n",
        (4, H),
    ),
    _page(
        "m-glossary-html",
        MARKUP,
        "```{glossary}\nTerm\n   A <script>alert(1)</script> definition.\n```\n",
        (5, H),
    ),
    _page(
        "m-event-html",
        MARKUP,
        ":::{event} m-event\n:date: 2000\nA <script>alert(1)</script> title\n:::\n",
        (5, H),
    ),
    _page(
        "m-disputed-html",
        MARKUP,
        ":::{disputed} m-claim\n:level: disputed\n:claimant: <img src=x onerror=alert(1)>\n"
        ":status: open\nBody.\n:::\n",
        (5, H),
    ),
    # Controls: what a page may do gives no warning.
    _page("m-control-links", MARKUP, "[a](https://example.org) [b](mailto:a@example.org)\n"),
    _page("m-control-image", MARKUP, "![A picture](_static/ok.png)\n"),
]

CONFIG = "configuration"
_FRONT = "---\n{}---\n# {}\n\nText.\n"


def _front(name: str, yaml: str, *lines: int, hostile: tuple[int, ...] = ()) -> Attack:
    """An attack in a page's front matter: refused at ``lines``; HTML also at ``hostile``."""
    expected = frozenset(
        {(f"docs/{name}.md", line, U) for line in lines}
        | {(f"docs/{name}.md", line, H) for line in hostile}
    )
    return Attack(name, CONFIG, {f"docs/{name}.md": _FRONT.format(yaml, name)}, expected)


_CONFIG = [
    _front(
        "c-myst-substitution",
        'myst:\n  enable_extensions: ["substitution"]\n  substitutions:\n    x: "{{ 1 }}"\n',
        2,
    ),
    Attack(
        "c-jinja",
        CONFIG,
        {
            "docs/c-jinja.md": '---\nmyst:\n  enable_extensions: ["colon_fence", "substitution"]\n'
            "---\n# c-jinja\n\n"
            '{{ lipsum.__globals__.os.popen("touch PWNED").read() }}\n'
        },
        frozenset({("docs/c-jinja.md", 2, U)}),
    ),
    _front(
        "c-myst-html-meta",
        'myst:\n  html_meta:\n    "http-equiv=refresh": "0; url=https://evil.example"\n',
        2,
    ),
    _front("c-html-meta", 'html_meta:\n  "http-equiv=refresh": "0; url=https://evil.example"\n', 2),
    _front(
        "c-substitutions", 'substitutions:\n  x: "<script>alert(1)</script>"\n', 2, hostile=(3,)
    ),
    _front("c-og-key", '"og:x\\x22\\x3e\\x3cscript\\x3ealert(1)\\x3c/script\\x3e": "y"\n', 2),
    _front("c-og-description", 'og:description: "<script>alert(1)</script>"\n', 2, hostile=(2,)),
    _front("c-title", "title: A title\n", 2),
    _front("c-tocdepth-markup", 'tocdepth: "<img src=x onerror=alert(1)>"\n', 2, hostile=(2,)),
    _front("c-nested-value", "orphan:\n  x: 1\n", 2),
    _front("c-mystnb", "mystnb:\n  execution_mode: force\n", 2),
    _front("c-two-keys", "myst:\n  heading_anchors: 9\nhtml_theme: alabaster\n", 2, 4),
    _front("c-control-orphan", "orphan: true\n"),
    Attack(
        "c-docutils-conf",
        CONFIG,
        {"docs/docutils.conf": "[general]\nraw_enabled: yes\n"},
        frozenset({("docs/docutils.conf", 1, U)}),
    ),
    Attack(
        "c-docutils-conf-deep",
        CONFIG,
        {"docs/sub/docutils.conf": "[general]\nraw_enabled: yes\n"},
        frozenset({("docs/sub/docutils.conf", 1, U)}),
    ),
    Attack(
        "c-rst-page",
        CONFIG,
        {"docs/c-rst-page.rst": ':og:x: "><script>alert(1)</script>\n\nA page\n======\n'},
        frozenset({("docs/c-rst-page.rst", 1, U)}),
    ),
    _page(
        "c-eval-rst",
        CONFIG,
        "```{eval-rst}\n.. raw:: html\n\n   <script>alert(1)</script>\n```\n",
        (3, U),
        (6, H),
    ),
    _page(
        "c-eval-rst-meta",
        CONFIG,
        "```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; url=https://evil.example\n```\n",
        (3, U),
    ),
    _page(
        "c-eval-rst-tilde",
        CONFIG,
        "~~~{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n~~~\n",
        (3, U),
        (6, H),
    ),
    _page(
        "c-eval-rst-colon",
        CONFIG,
        ":::{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n:::\n",
        (3, U),
        (6, H),
    ),
    # Refused, its content shown as text (Markdown with HTML off).
    _page("c-raw", CONFIG, "```{raw} html\n<script>alert(1)</script>\n```\n", (3, U)),
    _page("c-raw-role", CONFIG, "A {raw}`<script>alert(1)</script>` role.\n", (3, U)),
    _page(
        "c-meta",
        CONFIG,
        "```{meta}\n:http-equiv=refresh: 0; url=https://evil.example\n```\n",
        (3, U),
    ),
    _page("c-math-role", CONFIG, "Math {math}`x^2` loads a script.\n", (3, U)),
    _page("c-math-directive", CONFIG, "```{math}\nx^2\n```\n", (3, U)),
    _page("c-role-directive", CONFIG, "```{role} x\n:class: sd-d-none\n```\n", (3, U)),
    _page("c-default-role", CONFIG, "```{default-role} math\n```\n", (3, U)),
    _page("c-highlight", CONFIG, "```{highlight} python\n```\n", (3, U)),
    _page("c-title-directive", CONFIG, "```{title} <script>alert(1)</script>\n```\n", (3, U)),
    _page("c-header", CONFIG, "```{header}\nInjected header.\n```\n", (3, U)),
    _page("c-contents", CONFIG, "```{contents}\n```\n", (3, U)),
    _page("c-tabularcolumns", CONFIG, "```{tabularcolumns} |l|\n```\n", (3, U)),
    _page("c-py-domain", CONFIG, "```{py:function} evil()\n```\n", (3, U)),
    _page("c-py-role", CONFIG, "A {py:func}`evil` role.\n", (3, U)),
    _page("c-bdg-role", CONFIG, "A {bdg-primary}`badge` role.\n", (3, U)),
    _page(
        "c-button-link",
        CONFIG,
        "```{button-link} javascript:alert(1)\nClick\n```\n",
        (3, H),
        (3, U),
    ),
    _page(
        "c-grid-card",
        CONFIG,
        "::::{grid} 1\n:::{grid-item-card} Card\n:link: https://evil.example\nBody.\n:::\n::::\n",
        (3, U),
        (4 + LATE, U),
    ),
    _page("c-replace", CONFIG, "```{replace} x\n```\n", (3, U)),
    _page("c-unicode", CONFIG, "```{unicode} 0x202E\n```\n", (3, U)),
    _page(
        "c-class-admonition",
        CONFIG,
        "```{admonition} Title\n:class: sd-d-none\nBody.\n```\n",
        (3, U),
    ),
    _page("c-class-note", CONFIG, "```{note}\n:class: edition-editorial\nBody.\n```\n", (3, U)),
    _page("c-class-image", CONFIG, "```{image} _static/ok.png\n:class: sd-d-none\n```\n", (3, U)),
    _page(
        "c-figclass",
        CONFIG,
        "```{figure} _static/ok.png\n:figclass: edition-paratext\n\nCaption.\n```\n",
        (3, U),
    ),
    _page("c-class-rubric", CONFIG, "```{rubric} Heading\n:class: sd-d-none\n```\n", (3, U)),
    _page(
        "c-class-code",
        CONFIG,
        "```{code-block} text\n:class: edition-editorial\nx\n```\n",
        (3, U),
    ),
    _page(
        "c-class-list-table",
        CONFIG,
        "```{list-table}\n:class: edition-term-preview\n* - a\n```\n",
        (3, U),
    ),
]

FIDELITY = "fidelity"
_FIDELITY = [
    _source(
        "f-only-latex",
        FIDELITY,
        ":::{only} latex\nFirst line of the source.\n:::\n\nSecond line of the source.\n",
        (4 + LATE, U),
    ),
    Attack(
        "f-only-around",
        FIDELITY,
        {
            "docs/f-only-around.md": "# f-only-around\n\n:::::{only} latex\n"
            "::::{source-text} f-only-around\n" + _SOURCE_BODY + "::::\n:::::\n"
        },
        frozenset({("docs/f-only-around.md", 3, U)}),
        needs_source=True,
    ),
    _source(
        "f-hidden-container",
        FIDELITY,
        ":::{container} sd-d-none\nFirst line of the source.\n:::\n\nSecond line of the source.\n",
        (4 + LATE, U),
    ),
    _source(
        "f-preview-container",
        FIDELITY,
        ":::{container} edition-term-preview\nFirst line of the source.\n:::\n\n"
        "Second line of the source.\n",
        (4 + LATE, U),
    ),
    _source(
        "f-editorial-container",
        FIDELITY,
        "First line of the source.\n\n:::{container} edition-editorial\n"
        "Second line of the source.\n:::\n",
        (6, U),
    ),
    _source(
        "f-paratext-container",
        FIDELITY,
        ":::{container} edition-paratext\nFirst line of the source.\n:::\n\n"
        "Second line of the source.\n",
        (4 + LATE, U),
    ),
    _source(
        "f-div",
        FIDELITY,
        ":::{div} edition-editorial\nFirst line of the source.\n:::\n\nSecond line of the source.\n",
        (4 + LATE, U),
    ),
    _source(
        "f-invented-box",
        FIDELITY,
        "First line of the source.\n\n:::{note}\n:class: edition-editorial\nInvented words.\n:::\n\n"
        "Second line of the source.\n",
        (6, U),
        (8, F),
    ),
    _source(
        "f-invented-line",
        FIDELITY,
        "First line of the source.\n\nInvented line.\n\nSecond line of the source.\n",
        (6, F),
    ),
    _source("f-lost-line", FIDELITY, "First line of the source.\n", (4, F)),
    _source(
        "f-comment-hides",
        FIDELITY,
        "First line of the source.\n\n% Second line of the source.\n",
        (4, F),
    ),
    _source(
        "f-in-footnote",
        FIDELITY,
        "First line of the source.[^1]\n\n[^1]: Second line of the source.\n",
        (4, F),
    ),
    _source(
        "f-bidi-override",
        FIDELITY,
        "First line of the \u202esource.\n\nSecond line of the source.\n",
        (4, F),
    ),
    _source(
        "f-zero-width",
        FIDELITY,
        "First line of the\u200b source.\n\nSecond line of the source.\n",
        (4, F),
    ),
    _source(
        "f-html-comment",
        FIDELITY,
        "First line of the source.\n\n<!--\nSecond line of the source.\n-->\n",
        (6, H),
        (6, F),
    ),
    _source(
        "f-eval-rst-class",
        FIDELITY,
        "```{eval-rst}\n.. rst-class:: edition-editorial\n\nFirst line of the source.\n```\n\n"
        "Second line of the source.\n",
        (4, U),
        (3, U),  # the literal block the refused rST is shown in
        (3, F),  # the refused rST, shown as a literal block, is not the source's first line
    ),
    _source(
        "f-admonition-class",
        FIDELITY,
        "```{admonition} Note\n:class: edition-paratext\nFirst line of the source.\n```\n\n"
        "Second line of the source.\n",
        (4, U),
        (4, F),
    ),
    _source("f-control", FIDELITY, _SOURCE_BODY),
]

ACTIVE = "active files"
_ACTIVE = [
    _page("a-link-static-svg", ACTIVE, "[x](_static/ok.svg)\n", (3, U)),
    _page("a-link-static-xml", ACTIVE, "[x](_static/data.xml)\n", (3, U)),
    _page("a-link-static-js", ACTIVE, "[x](_static/evil.js)\n", (3, U)),
    _page("a-image-xml", ACTIVE, "![x](_static/data.xml)\n", (3, U)),
    _page("a-image-js", ACTIVE, "![x](_static/evil.js)\n", (3, U)),
    _page("a-image-no-suffix", ACTIVE, "![x](_static/ok)\n", (3, U)),
    _page("a-download-js", ACTIVE, "{download}`x <_static/evil.js>`\n", (3, U)),
    _page("a-download-htm-case", ACTIVE, "{download}`x <_static/PAGE.HTM>`\n", (3, U)),
    _page("a-download-control", ACTIVE, "{download}`x <_static/ok.png>`\n"),
]


def _static(name: str, files: dict[str, str], *refused: tuple[str, int, str]) -> Attack:
    """Files put among the static files, which an HTML build copies into the output."""
    expected = frozenset((f"docs/_static/{path}", line, subtype) for path, line, subtype in refused)
    return Attack(
        name, ACTIVE, {f"docs/_static/{path}": text for path, text in files.items()}, expected
    )


_SVG = '<svg xmlns="http://www.w3.org/2000/svg">\n{}\n</svg>\n'
_ACTIVE += [
    _static("a-static-html", {"page.html": "<script>alert(1)</script>"}, ("page.html", 1, H)),
    _static("a-static-htm-case", {"PAGE.HTM": "<script>alert(1)</script>"}, ("PAGE.HTM", 1, H)),
    _static(
        "a-static-xml",
        {"data.xml": '<x xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></x>'},
        ("data.xml", 1, H),
    ),
    _static("a-static-js", {"evil.js": "alert(1)"}, ("evil.js", 1, H)),
    _static("a-static-no-suffix", {"ok": "\udc89PNG\r\n\x1a\n"}, ("ok", 1, H)),
    _static(
        "a-static-svg-script",
        {"evil.svg": _SVG.format("<script>alert(1)</script>")},
        ("evil.svg", 2, H),
    ),
    _static(
        "a-static-svg-onload",
        {"onload.svg": _SVG.format('<rect onload="alert(1)" width="1" height="1"/>')},
        ("onload.svg", 2, H),
    ),
    _static(
        "a-static-svg-foreign-object",
        {"foreign.svg": _SVG.format("<foreignObject><p>x</p></foreignObject>")},
        ("foreign.svg", 2, H),
    ),
    _static(
        "a-static-svg-remote-image",
        {"remote.svg": _SVG.format('<image href="https://evil.example/x.png"/>')},
        ("remote.svg", 2, H),
    ),
    _static(
        "a-static-svg-js-link",
        {"link.svg": _SVG.format('<a href="javascript:alert(1)"><text>x</text></a>')},
        ("link.svg", 2, H),
    ),
    _static(
        "a-static-svg-entities",
        {
            "laughs.svg": '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaa">]>\n'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>\n'
        },
        ("laughs.svg", 2, H),
    ),
    _static(
        "a-static-css-import",
        {"extra.css": "@import url('https://evil.example/x.css');\n"},
        ("extra.css", 1, H),
    ),
    _static(
        "a-static-template",
        {"x.css.jinja": "body { color: {{ project }} }\n"},
        ("x.css.jinja", 1, U),
        ("x.css.jinja", 1, H),  # and it would be a style sheet of the project's
    ),
    _static(
        "a-static-control",
        {
            "ok.png": "\udc89PNG\r\n\x1a\n",
            "ok.svg": _SVG.format('<rect width="1" height="1"/>'),
        },
    ),
]

STRUCTURE = "structure"
_STRUCTURE = [
    _page("s-nul", STRUCTURE, "A NUL \x00 character.\n", (3, H)),
    Attack(
        "s-not-utf8",
        STRUCTURE,
        {"docs/s-not-utf8.md": "# s-not-utf8\n\nLatin-1: caf\udce9.\n"},
        frozenset({("docs/s-not-utf8.md", 3, "encoding")}),
    ),
    _page("s-include-outside", STRUCTURE, "```{include} ../sources/catalogue.toml\n```\n", (3, H)),
    _page("s-include-absolute", STRUCTURE, "```{include} /etc/hostname\n```\n", (3, H)),
    _page("s-literalinclude-outside", STRUCTURE, "```{literalinclude} /etc/passwd\n```\n", (3, H)),
    _page(
        "s-csv-url",
        STRUCTURE,
        "```{csv-table}\n:url: https://evil.example/x.csv\n```\n",
        (3, H),
    ),
    Attack(
        "s-include-front-matter",
        STRUCTURE,
        {
            "docs/s-include-front-matter.md": "# s-include-front-matter\n\n"
            "```{include} parts/front.txt\n```\n",
            "docs/parts/front.txt": '---\nmyst:\n  html_meta:\n    "http-equiv=refresh": "0"\n'
            "---\nIncluded.\n",
        },
        frozenset({("docs/parts/front.txt", 2, U)}),
    ),
]

# Found by a red-team pass after the first corpus: each once succeeded.
_FOUND_LATER = [
    _page("s-include-upper-case", STRUCTURE, "```{Include} /etc/hostname\n```\n", (3, H)),
    _page(
        "s-include-in-a-footnote",
        STRUCTURE,
        "A remark.[^leak]\n\n[^leak]: See this.\n\n    ```{include} /etc/hostname\n    ```\n",
        (7, H),
    ),
    Attack(
        "s-symbolic-link-static",
        STRUCTURE,
        {},
        frozenset({("docs/_static/linked.txt", 1, U)}),
        links={"docs/_static/linked.txt": "/etc/hostname"},
    ),
    Attack(
        "s-symbolic-link-folder",
        STRUCTURE,
        {"outside-pages/page.md": "# Outside\n\nText from outside docs.\n"},
        frozenset({("docs/outside", 1, U)}),
        links={"docs/outside": "../outside-pages"},
    ),
    _source(
        "f-ref-in-source",
        FIDELITY,
        "First line of the {ref}`source <elsewhere>`.\n\nSecond line of the source.\n",
        (4, U),
    ),
    _source(
        "f-doc-in-source",
        FIDELITY,
        "First line of the {doc}`source <index>`.\n\nSecond line of the source.\n",
        (4, U),
    ),
    _source(
        "f-warning-box",
        FIDELITY,
        "First line of the source.\n\n:::{warning}\nSecond line of the source.\n:::\n",
        (6, U),
    ),
    _source(
        "f-list-in-source",
        FIDELITY,
        "- First line of the source.\n\nSecond line of the source.\n",
        (4, U),
    ),
    # Controls: a titled toctree entry and HTML shown as code are not raw HTML.
    _page(
        "c-control-toctree-title", CONFIG, "```{toctree}\nAn example <https://example.org>\n```\n"
    ),
    _page("c-control-code-html", CONFIG, "```{code-block} html\n<b>bold</b>\n```\n"),
]

ATTACKS: tuple[Attack, ...] = (
    *_MARKUP,
    *_CONFIG,
    *_FIDELITY,
    *_ACTIVE,
    *_STRUCTURE,
    *_FOUND_LATER,
)
