"""``edition new-source`` and the MyST escaping it relies on.

Texts dense with Markdown and MyST syntax go through ``add_source`` into a fresh mini
edition; the build must then pass the fidelity check, i.e. show every character.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from conftest import EditedRoot, warnings_of
from edition_tools.cli.main import main
from edition_tools.cli.new_source import NewSource, NewSourceError, add_source
from edition_tools.model.catalogue import load_catalogue
from edition_tools.model.myst_escape import escape_line

CONF = """\
extensions = ["myst_parser", "edition_tools"]
smartquotes = False
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
nitpicky = True
"""
INDEX = "# Mini edition\n\n```{toctree}\n:glob:\n\nsources/*\n```\n"

DENSE = """\
# A heading that is not one
## Nor this
> a quote mark at the start
- a dash bullet
+ a plus bullet
* a star bullet
1. a numbered line
2) another
10000000000. too long to be a list
---
***
___
===
:::
::::{note}
```python
~~~
    four spaces of indent
\tA tab first
% a MyST comment
+++ a block break
(target)=
[link]: https://example.org
[^1]: a footnote definition
$$
$2.5 million and $556 million
| a | table |
|---|---|
<script>alert(1)</script>
<div onclick="x()">html block</div>
A line with *stars*, _underscores_, `backticks`, and [brackets](url).
Roles: {term}`KLA` and {ref}`x` and {{ substitution }}.
Entities &amp; &nbsp; &#123; and AT&T stay as written.
A backslash \\ at the end \\
Trailing spaces that make a break\x20\x20
<https://example.org> and https://example.org
~~struck~~ and ^sup^ and ==mark==
: a definition line
Term
: its definition
\xa0leading and trailing non-breaking spaces\xa0
!exclamation [not a link]
@mention #hashtag
"""


def mini_edition(tmp_path: Path) -> EditedRoot:
    root = EditedRoot(tmp_path / "edition")
    root.write("docs/conf.py", CONF + 'edition_catalogue = "../sources/catalogue.toml"\n')
    root.write("docs/index.md", INDEX)
    root.write("sources/catalogue.toml", "# The catalogue.\n")
    return root


def add_and_build(tmp_path: Path, text: str, source_id: str = "dense-2024-markdown") -> list[str]:
    root = mini_edition(tmp_path)
    received = tmp_path / "received.txt"
    received.write_bytes(text.encode("utf-8"))
    add_source(
        received,
        NewSource(
            id=source_id, title="A *dense* text: [1] {x} `y` $z < w", genre="think-tank-essay"
        ),
        sources_dir=root.path / "sources",
        pages_dir=root.path / "docs" / "sources",
    )
    docs = EditedRoot(root.path / "docs")
    app = docs.build()
    return warnings_of(app)


def test_text_dense_with_markdown_survives(tmp_path):
    assert add_and_build(tmp_path, DENSE) == []


ALPHABET = (
    list("abc xyz ")
    + list("\\`*_[]<>{}()#+-=.:;!|~$%&^@'\"/")
    + [
        "\xa0",
        "\u2022",
        "\U0001f6e0\ufe0f",
        "š",
        "ć",
        "—",
        "“",
        "”",
        "1.",
        "1)",
        "[^",
        "](",
        "{term}`",
        ":::",
        "```",
        "&amp;",
        "&#x41;",
        "\t",
        "    ",
    ]
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_lines_of_syntax_survive(tmp_path, seed):
    rng = random.Random(seed)
    lines = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30))) for _ in range(300)]
    text = "\n".join(line for line in lines if line.strip())
    assert add_and_build(tmp_path, text, f"random-{seed}") == []


def test_catalogue_entry_and_file_are_byte_exact(tmp_path):
    root = mini_edition(tmp_path)
    received = tmp_path / "received.txt"
    data = "Line one\r\nLine\xa0two\n\n".encode()
    received.write_bytes(data)
    add_source(
        received,
        NewSource(id="a-2000-b", title="T", authors=("A. Person",), date="2000-02-20"),
        sources_dir=root.path / "sources",
        pages_dir=root.path / "docs" / "sources",
    )
    assert (root.path / "sources" / "a-2000-b.txt").read_bytes() == data
    catalogue = load_catalogue(root.path / "sources" / "catalogue.toml")
    assert catalogue.problems == ()
    record = catalogue.records["a-2000-b"]
    assert (record.authors, record.date, record.received_as) == (
        ("A. Person",),
        "2000-02-20",
        "received.txt",
    )


@pytest.mark.parametrize(
    ("source", "content", "message"),
    [
        (NewSource(id="Bad Id", title="T"), b"x", "id 'Bad Id' is not a lower-case slug"),
        (NewSource(id="a-b", title="T", genre="blog"), b"x", "unknown genre 'blog'"),
        (NewSource(id="a-b", title="T", date="2000-13"), b"x", "date '2000-13' has no month 13"),
        (NewSource(id="a-b", title="T"), b"caf\xe9", "is not UTF-8 (byte 3)"),
        (NewSource(id="a-b", title="T"), b"  \n", "is empty"),
        (
            NewSource(id="a-b", title="<script>x</script>"),
            b"x",
            "markup is not allowed in title: '<script>'",
        ),
        (
            NewSource(id="a-b", title="T", url="javascript:alert(1)"),
            b"x",
            "url 'javascript:alert(1)' must be an http(s) URL",
        ),
        (NewSource(id="a-b", title="T", url="ftp://x"), b"x", "must be an http(s) URL"),
    ],
)
def test_bad_new_sources_are_refused_and_nothing_written(tmp_path, source, content, message):
    root = mini_edition(tmp_path)
    received = tmp_path / "received.txt"
    received.write_bytes(content)
    before = sorted(p.name for p in root.path.rglob("*"))
    with pytest.raises(NewSourceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        add_source(
            received,
            source,
            sources_dir=root.path / "sources",
            pages_dir=root.path / "docs" / "sources",
        )
    assert sorted(p.name for p in root.path.rglob("*")) == before


def test_cli_new_source_then_refuses_the_same_id(tmp_path, capsys):
    root = mini_edition(tmp_path)
    received = tmp_path / "received.txt"
    received.write_text("Some text.\n", encoding="utf-8")
    args = [
        "--root",
        str(root.path),
        "new-source",
        str(received),
        "--id",
        "x-2001-y",
        "--title",
        "X",
        "--author",
        "A",
        "--date",
        "2001",
        "--genre",
        "newspaper-op-ed",
    ]
    assert main(args) == 0
    assert "added sources/x-2001-y.txt and docs/sources/x-2001-y.md" in capsys.readouterr().out
    assert main(args) == 1
    assert "source id 'x-2001-y' is already in" in capsys.readouterr().err
    assert main(["--root", str(root.path), "verify"]) == 0
    assert main(["--root", str(root.path), "nonsense"]) == 2


@pytest.mark.parametrize(
    ("line", "escaped"),
    [
        ("# heading", "\\# heading"),
        ("1999. The year", "1999\\. The year"),
        # Only ASCII digits make a Markdown list marker.
        ("\u0661\u0669\u0669\u0669. The year", "\u0661\u0669\u0669\u0669. The year"),
        ("  \u2022 bullet", "  \u2022 bullet"),
        ("      deep indent", "deep indent"),
        ("Fund: $2.5 million | more", "Fund: $2.5 million | more"),
        ("\xa0lead and tail\xa0", "&#xA0;lead and tail&#xA0;"),
        ("AT&T &amp; co", "AT&T \\&amp; co"),
        (
            "a *b* _c_ `d` [e] <f> {g} ~h~ \\",
            "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\] \\<f> \\{g\\} \\~h\\~ \\\\",
        ),
    ],
)
def test_escape_line(line, escaped):
    assert escape_line(line) == escaped


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"One\nTwo\x00three\n", 2, "a control character, NUL (U+0000)"),
        (b"One\nTwo\nA bell\x07\n", 3, "a control character, BEL (U+0007)"),
        (b"An escape \x1b[31m\n", 1, "a control character, ESC (U+001B)"),
        (b"Page one\n\x0cPage two\n", 2, "a control character, form feed (U+000C)"),
        (b"Tab\x0bvertical\n", 1, "a control character, vertical tab (U+000B)"),
        ("A C1 control \x85 here\n".encode(), 1, "NEXT LINE"),
        (b"Old Mac\rline ends\r", 1, "a carriage return not followed by a line feed"),
        (b"Mostly\r\nCR LF\r\nbut a lone\r here\r\n", 3, "a carriage return not followed"),
    ],
)
def test_a_text_that_cannot_be_kept_verbatim_is_refused(tmp_path, content, line, message):
    root = mini_edition(tmp_path)
    received = tmp_path / "received.txt"
    received.write_bytes(content)
    before = {p: p.read_bytes() for p in root.path.rglob("*") if p.is_file()}
    with pytest.raises(NewSourceError) as refused:
        add_source(
            received,
            NewSource(id="a-b", title="T"),
            sources_dir=root.path / "sources",
            pages_dir=root.path / "docs" / "sources",
        )
    assert str(refused.value).startswith(f"{received}:{line}: the text cannot be kept verbatim")
    assert message in str(refused.value)
    assert {p: p.read_bytes() for p in root.path.rglob("*") if p.is_file()} == before


def test_tabs_and_mixed_line_ends_are_kept(tmp_path):
    root = mini_edition(tmp_path)
    received = tmp_path / "received.txt"
    data = b"A\ttab\r\nCR LF then LF\nend\n"
    received.write_bytes(data)
    add_source(
        received,
        NewSource(id="a-b", title="T"),
        sources_dir=root.path / "sources",
        pages_dir=root.path / "docs" / "sources",
    )
    assert (root.path / "sources" / "a-b.txt").read_bytes() == data


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--title", "Two\nlines", "the title 'Two\\nlines' has a line break (line feed (U+000A))"),
        ("--title", "A\rB", "the title 'A\\rB' has a line break (carriage return (U+000D))"),
        ("--title", "Sep\u2028arated", "has a line break (LINE SEPARATOR"),
        ("--title", "Bell\x07", "the title 'Bell\\x07' has a control character"),
        ("--author", "A. Person\nB. Other", "the author 'A. Person\\nB. Other' has a line break"),
        ("--outlet", "Out\x1blet", "the outlet 'Out\\x1blet' has a control character"),
    ],
)
def test_cli_refuses_a_field_on_several_lines_and_writes_nothing(
    tmp_path, capsys, option, value, message
):
    root = mini_edition(tmp_path)
    received = tmp_path / "received.txt"
    received.write_text("Some text.\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in root.path.rglob("*") if p.is_file()}
    args = ["--root", str(root.path), "new-source", str(received), "--id", "x-2001-y"]
    args += ["--title", "X"] if option != "--title" else []
    assert main([*args, option, value]) == 1
    error = capsys.readouterr().err
    assert error.startswith("edition new-source: ") and message in error, error
    assert {p: p.read_bytes() for p in root.path.rglob("*") if p.is_file()} == before


def test_cli_names_the_file_and_line_of_a_text_it_refuses(tmp_path, capsys):
    root = mini_edition(tmp_path)
    received = tmp_path / "received.txt"
    received.write_bytes(b"Line one\nLine two\x00\n")
    args = ["--root", str(root.path), "new-source", str(received), "--id", "x-2001-y"]
    assert main([*args, "--title", "X"]) == 1
    assert capsys.readouterr().err.startswith(f"{received}:2: the text cannot be kept verbatim")
    assert not (root.path / "sources" / "x-2001-y.txt").exists()
    assert not (root.path / "docs" / "sources").exists()


def test_a_file_name_that_is_not_utf8_is_refused_and_nothing_written(tmp_path):
    """A name of bytes that are not UTF-8 (a surrogate in Python) once emptied the catalogue."""
    root = mini_edition(tmp_path)
    received = Path(os.fsdecode(bytes(tmp_path) + b"/bad\xffname.txt"))
    received.write_bytes(b"Hello world.\n")
    catalogue = root.path / "sources" / "catalogue.toml"
    before = catalogue.read_bytes()
    files = sorted(p.name for p in root.path.rglob("*"))
    with pytest.raises(NewSourceError, match=r"file name .* not UTF-8"):
        add_source(
            received,
            NewSource(id="bad-name", title="Bad"),
            sources_dir=root.path / "sources",
            pages_dir=root.path / "docs" / "sources",
        )
    assert catalogue.read_bytes() == before
    assert sorted(p.name for p in root.path.rglob("*")) == files
