"""``edition init``: a new edition that builds, checks clean and takes its first source.

An edition is made in a temporary folder, checked as it comes out of the box, then given
a source with ``edition new-source`` and annotated with each kind of record (a note, a
glossary term, an event, a disputed claim, an AI record); it must then build to HTML,
EPUB and PDF with warnings as errors and pass ``edition check``.

The test source is a short text written for these tests with the help of an AI tool, and
says so (hence its AI record). Its one claim, that the delegates signed the Declaration
of Independence on 4 July 1776, is contradicted by the National Archives' account cited
in the test bibliography: the engrossed copy was signed on 2 August 1776.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import build_app, compile_pdf, require, warnings_of
from edition_tools.cli.init import SKELETON, create_edition, skeleton_files
from edition_tools.cli.main import main
from htmltext import source_text_blocks

TITLE = "Trial Records: An *Annotated* Edition of `Sources` & $Papers"

TEXT = (
    "The Declaration of Independence\n"
    "\n"
    "The Continental Congress adopted the Declaration of Independence on July 4, 1776.\n"
    "The delegates signed it that same day.\n"
    "This text was written with the help of AI tools, for the tests of edition-tools.\n"
)
SOURCE_ID = "tests-2026-declaration"

PAGE = """\
# The Declaration of Independence

## Headnote

A short text written for the tests of edition-tools with the help of AI tools, as its
last line says.

:::{ai-content}
:scope: document
:basis: self-disclosed
:disclosure: This text was written with the help of AI tools, for the tests of edition-tools.
:source-type: compositeWithTrainedAlgorithmicMedia
The text says so in its last line.
:::

## The text

::::{source-text} tests-2026-declaration
The Declaration of Independence

The {term}`Continental Congress` adopted the Declaration of Independence on \
{event}`July 4, 1776 <declaration-adopted>`.[^adopted]

{claim}`The delegates signed it that same day. <signed-same-day>`

:::{disputed} signed-same-day
:level: contradicted
:claimant: The text
:status: resolved
The engrossed Declaration bears the date of 4 July 1776; it was signed on 2 August 1776 \
by the members of Congress present that day, and later by others \
{cite:p}`nara2013declaration`.
:::

This text was written with the help of AI tools, for the tests of edition-tools.
::::

[^adopted]: The Second Continental Congress adopted the Declaration on 4 July 1776 \
{cite:p}`nara2013declaration`.
"""

GLOSSARY = """\
# Glossary

```{glossary}
Continental Congress
  The congress of the American colonies that adopted the Declaration of Independence
  on 4 July 1776 {cite:p}`nara2013declaration`.
```
"""

CHRONOLOGY = """\
# Chronology

::::{chronology}

:::{event} declaration-adopted
:date: 1776-07-04
The Declaration of Independence is adopted
The Second Continental Congress adopted the Declaration of Independence
{cite:p}`nara2013declaration`.
:::

::::
"""

# Seen on education.blogs.archives.gov, 3 July 2013: "On July 4, 1776, the Second
# Continental Congress adopted the Declaration of Independence ... Although it bears the
# date 'July 4, 1776,' the engrossed Declaration was signed on August 2, 1776".
REFERENCES = """\
@misc{nara2013declaration,
  author       = {{U.S. National Archives}},
  title        = {The {Declaration} of {Independence}},
  howpublished = {Education Updates, the blog of the National Archives' education team},
  year         = {2013},
  month        = jul,
  url          = {https://education.blogs.archives.gov/2013/07/03/declaration-of-independence/},
}
"""


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["--root", str(root), "check"])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# -- The command ------------------------------------------------------------------------


def test_init_writes_every_skeleton_file_and_fills_every_placeholder(tmp_path, capsys):
    target = tmp_path / "edition"
    assert main(["init", str(target), "--title", TITLE]) == 0
    assert "made a new edition" in capsys.readouterr().out
    written = _tree(target)
    expected = {path.as_posix().removesuffix(".tmpl") for path in skeleton_files()}
    assert set(written) == expected
    for name in (
        "docs/conf.py",
        "docs/index.md",
        "docs/glossary.md",
        "docs/chronology.md",
        "docs/claims.md",
        "docs/bibliography.md",
        "docs/references.bib",
        "docs/method.md",
        "docs/contributing.md",
        "sources/catalogue.toml",
        "README.md",
        "Makefile",
        ".ci/run",
        ".github/workflows/ci.yml",
        "CONTRIBUTING.md",
    ):
        assert name in written
    rendered = [p.as_posix().removesuffix(".tmpl") for p in skeleton_files() if p.suffix == ".tmpl"]
    assert "docs/conf.py" in rendered
    for name in rendered:
        assert not re.search(r"\$\{?[a-z_]+", written[name].decode("utf-8")), name
    assert os.access(target / ".ci" / "run", os.X_OK)
    assert written["docs/references.bib"] == b""


def test_the_title_reaches_conf_py_and_the_pages_unchanged(tmp_path):
    target = tmp_path / "edition"
    create_edition(target, TITLE)
    namespace: dict[str, object] = {}
    exec((target / "docs" / "conf.py").read_text(encoding="utf-8"), namespace)
    assert namespace["project"] == TITLE
    # Whether the build is clean is test_a_new_edition_builds_and_checks_clean's question.
    app = build_app("text", target / "docs", tmp_path / "out")
    index = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert index.splitlines()[0] == TITLE


def test_the_title_is_text_in_latex_too(tmp_path):
    """LaTeX reads "&", "%", "#" and commands: a title is escaped for the PDF's title page.

    Unescaped, "Kosovo & Serbia" stopped the PDF, and "\\input{/etc/hostname}" printed the
    machine's name on it.
    """
    title = r"Kosovo & Serbia: 100% #1 \input{/etc/hostname} ~ ^ _ $x {y}"
    target = tmp_path / "edition"
    create_edition(target, title)
    app = build_app("latex", target / "docs", tmp_path / "out")
    tex = (Path(app.outdir) / "edition.tex").read_text(encoding="utf-8")
    [line] = [line for line in tex.splitlines() if line.startswith(r"\title{")]
    assert r"\input{" not in line
    assert r"\&" in line
    assert r"\%" in line
    assert r"\#" in line


@pytest.mark.parametrize("title", ["Issue #", "A ## B ###"])
def test_a_heading_keeps_its_closing_hashes(tmp_path, title):
    """A space and "#" at the end of a Markdown heading would close it, not be its text."""
    target = tmp_path / "edition"
    create_edition(target, title)
    app = build_app("text", target / "docs", tmp_path / "out")
    index = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert index.splitlines()[0] == title


def test_a_folder_holding_only_git_is_filled_and_kept(tmp_path):
    """``git init && edition init .``: the folder, its modes and its repository stay."""
    target = tmp_path / "edition"
    (target / ".git").mkdir(parents=True)
    (target / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    target.chmod(0o700)
    before = target.stat()
    written = create_edition(target, "T")
    after = target.stat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert (target / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"
    assert (target / "docs" / "conf.py").is_file()
    assert not any(path.parts[0] == ".git" for path in written)
    assert [path.name for path in tmp_path.iterdir()] == ["edition"]


def test_readme_gives_the_two_commands(tmp_path):
    create_edition(tmp_path / "edition", "A Press Archive")
    readme = (tmp_path / "edition" / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# A Press Archive\n")
    assert "make html" in readme
    assert "make test" in readme
    makefile = (tmp_path / "edition" / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"(?m)^html:", makefile)
    assert re.search(r"(?m)^test:", makefile)


@pytest.mark.parametrize(
    "title",
    [
        "",
        "   ",
        "\u202e",
        "\u00a0\u200b",
        "Two\nlines",
        "A carriage\rreturn",
        "A bell\x07",
        "Next\u2028line",
        "Tab\x0b",
    ],
)
def test_a_title_that_is_not_one_line_of_text_is_refused(tmp_path, capsys, title):
    assert main(["init", str(tmp_path / "edition"), "--title", title]) == 2
    err = capsys.readouterr().err
    assert err.startswith("edition init: the title")
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path, capsys):
    target = tmp_path / "edition"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["init", str(target), "--title", "T"]) == 2
    assert "is not empty" in capsys.readouterr().err
    assert _tree(target) == {"notes.txt": b"mine\n"}
    assert [path.name for path in tmp_path.iterdir()] == ["edition"]


def test_an_empty_folder_is_filled(tmp_path):
    target = tmp_path / "edition"
    target.mkdir()
    create_edition(target, "T")
    assert (target / "docs" / "conf.py").is_file()
    assert [path.name for path in tmp_path.iterdir()] == ["edition"]


def test_a_file_or_a_missing_parent_is_refused(tmp_path, capsys):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["init", str(tmp_path / "file"), "--title", "T"]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "no" / "edition"), "--title", "T"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["file"]


def test_a_failure_while_writing_leaves_nothing_behind(tmp_path, monkeypatch, capsys):
    import edition_tools.cli.init as init

    def broken_copy(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(init.shutil, "copyfile", broken_copy)
    assert main(["init", str(tmp_path / "edition"), "--title", "T"]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_version_is_printed(capsys):
    from edition_tools import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"edition {__version__}\n"


def test_the_skeleton_holds_no_content_of_this_edition():
    for relative in skeleton_files():
        text = (SKELETON / relative).read_text(encoding="utf-8")
        assert not re.search(r"(?i)\b(kosovo|serbia|nato|kfor|unmik)\b", text), relative


# -- The new edition, out of the box ----------------------------------------------------


def test_a_new_edition_builds_and_checks_clean(tmp_path, capsys):
    root = tmp_path / "edition"
    create_edition(root, "A Press Archive")
    app = build_app("html", root / "docs", tmp_path / "html")
    assert warnings_of(app) == []
    status, output = _check(root, capsys)
    assert output.splitlines()[-1].startswith("no problems"), output
    assert status == 0


# -- The new edition with its first source, annotated ------------------------------------


@pytest.fixture(scope="module")
def annotated(tmp_path_factory) -> Path:
    """An edition from ``edition init``, with one source from ``new-source``, annotated."""
    root = tmp_path_factory.mktemp("annotated") / "edition"
    assert main(["init", str(root), "--title", "A Test Edition"]) == 0
    text = root.parent / "declaration.txt"
    text.write_bytes(TEXT.encode("utf-8"))
    status = main(
        [
            "--root",
            str(root),
            "new-source",
            str(text),
            "--id",
            SOURCE_ID,
            "--title",
            "The Declaration of Independence",
            "--author",
            "edition-tools tests",
            "--date",
            "2026",
            "--genre",
            "ai-assisted-web-article",
        ]
    )
    assert status == 0
    page = root / "docs" / "sources" / f"{SOURCE_ID}.md"
    assert page.is_file()
    page.write_text(PAGE, encoding="utf-8")
    (root / "docs" / "glossary.md").write_text(GLOSSARY, encoding="utf-8")
    (root / "docs" / "chronology.md").write_text(CHRONOLOGY, encoding="utf-8")
    (root / "docs" / "references.bib").write_text(REFERENCES, encoding="utf-8")
    return root


def test_the_first_source_is_in_the_catalogue_byte_for_byte(annotated):
    assert (annotated / "sources" / f"{SOURCE_ID}.txt").read_bytes() == TEXT.encode("utf-8")
    assert f'id = "{SOURCE_ID}"' in (annotated / "sources" / "catalogue.toml").read_text(
        encoding="utf-8"
    )


def test_the_annotated_edition_checks_clean(annotated, capsys):
    status, output = _check(annotated, capsys)
    assert output.splitlines()[-1].startswith("no problems"), output
    assert status == 0


def test_the_annotated_edition_builds_html_with_every_record(annotated, tmp_path):
    app = build_app("html", annotated / "docs", tmp_path)
    assert warnings_of(app) == []
    out = Path(app.outdir)
    page = (out / "sources" / f"{SOURCE_ID}.html").read_text(encoding="utf-8")
    blocks = source_text_blocks(out / "sources" / f"{SOURCE_ID}.html")[SOURCE_ID]
    # The annotations leave the text as it is: every line of the file, one block each.
    assert [" ".join(block.text.split()) for block in blocks] == [
        line for line in TEXT.splitlines() if line
    ]
    assert 'href="../glossary.html#term-Continental-Congress"' in page
    assert "declaration-adopted" in page
    assert "signed-same-day" in page
    assert "AI-assisted" in page
    chronology = (out / "chronology.html").read_text(encoding="utf-8")
    assert "The Declaration of Independence is adopted" in chronology
    claims = (out / "claims.html").read_text(encoding="utf-8")
    assert "signed-same-day" in claims
    index = (out / "sources" / "index.html").read_text(encoding="utf-8")
    assert f"{SOURCE_ID}.html" in index


def test_the_annotated_edition_builds_an_epub(annotated, tmp_path):
    app = build_app("epub", annotated / "docs", tmp_path)
    assert warnings_of(app) == []
    assert list(Path(app.outdir).glob("*.epub"))


@pytest.mark.slow
def test_the_annotated_edition_builds_a_pdf(annotated, tmp_path):
    require(
        all(shutil.which(tool) for tool in ("latexmk", "xelatex", "xindy")),
        "TeX Live and xindy (see README: the print edition)",
    )
    app = build_app("latex", annotated / "docs", tmp_path)
    assert warnings_of(app) == []
    assert compile_pdf(Path(app.outdir), "edition").stat().st_size > 0


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-workflows", ".github/workflows/ci.yml"),
        ("vendor.github-issue-config", ".github/ISSUE_TEMPLATE/config.yml"),
        ("vendor.github-issue-forms", ".github/ISSUE_TEMPLATE/correction.yml"),
    ],
)
def test_the_new_edition_s_workflow_files_match_their_schemas(tmp_path, schema, path):
    create_edition(tmp_path / "edition", "T")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            schema,
            str(tmp_path / "edition" / path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_exports_name_the_edition_and_its_licence(annotated, tmp_path):
    """Another edition's open data carry its own title and licence, not this project's."""
    licence = {"edition_licence": "https://example.org/licence/", "edition_licence_name": "L"}
    app = build_app("html", annotated / "docs", tmp_path, confoverrides=licence)
    assert warnings_of(app) == []
    data = Path(app.outdir) / "data"
    collection = json.loads((data / f"{SOURCE_ID}.annotations.jsonld").read_text("utf-8"))
    items = collection["first"]["items"]
    assert items
    rights = {collection["rights"], collection["first"]["rights"]} | {i["rights"] for i in items}
    assert rights == {"https://example.org/licence/"}
    tei = "{http://www.tei-c.org/ns/1.0}"
    for name in (f"{SOURCE_ID}.tei.xml", "registers.xml"):
        text = (data / name).read_text(encoding="utf-8")
        assert "Kosovo" not in text
        root = ET.fromstring(text.encode())
        assert root.find(f".//{tei}licence").get("target") == "https://example.org/licence/"
    registers = ET.parse(data / "registers.xml").getroot()
    assert registers.find(f".//{tei}titleStmt/{tei}title").text == "Registers of A Test Edition"
