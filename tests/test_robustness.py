"""No traceback on any input: the ``edition`` command run as a process on hostile input.

Each case runs the console script on a copy of a small edition (``test-annotations``
laid out as ``docs/`` and ``sources/``) and asserts the exit status, a ``path:line``
message naming the file at fault, and that no traceback was printed. Also here:
``edition check --base`` (the threat model of a change), the build lock, and builds
after a build that was cut short.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_bad_input import mini_edition

from edition_tools.cli.changes import Change, code_rule, content_rule, review_changes
from edition_tools.outputs.whole_output import LOCK_NAME, IncompleteMarker

CONSOLE_SCRIPT = Path(sys.executable).with_name("edition")
NESTS_TOO_DEEPLY = "the page nests too deeply"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: Added to the copy's conf.py: with EDITION_TEST_SLOW, reading each page takes a while
#: (time to interrupt); with EDITION_TEST_DIE_AT, the process dies as kill -9 would,
#: while writing that page.
TEST_HOOKS = """
import os as _os
import time as _time


def setup(app):
    if _os.environ.get("EDITION_TEST_SLOW"):
        app.connect("source-read", lambda *args: _time.sleep(0.4))
    die_at = _os.environ.get("EDITION_TEST_DIE_AT")
    if die_at:
        def die(app, pagename, *args):
            if pagename == die_at:
                _os._exit(137)
        app.connect("html-page-context", die)
"""


def edition(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``edition --root ROOT ARGS`` to its end; assert it printed no traceback."""
    result = subprocess.run(
        [str(CONSOLE_SCRIPT), "--root", str(root), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        env={**os.environ, **(env or {})},
        timeout=300,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    result.stdout, result.stderr = ANSI.sub("", result.stdout), ANSI.sub("", result.stderr)
    return result


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A small edition that builds clean, with the test hooks in its conf.py."""
    root = mini_edition(tmp_path)
    conf = root / "docs" / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + '\nextensions.append("sphinx_sitemap")\n'
        + 'html_baseurl = "https://example.org/"\nsitemap_url_scheme = "{link}"\n'
        + 'sitemap_excludes = ["search.html", "genindex.html"]\n'
        + TEST_HOOKS,
        encoding="utf-8",
    )
    return root


def add_page(root: Path, name: str, text: str) -> None:
    (root / "docs" / name).write_text(text, encoding="utf-8")
    index = root / "docs" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("bibliography\n", f"bibliography\n{name[:-3]}\n"),
        encoding="utf-8",
    )


def nested_notes(depth: int) -> str:
    """``depth`` notes one inside another (MyST colon fences, longer outside)."""
    opening = [":" * (depth + 3 - level) + "{note}" for level in range(depth)]
    closing = [":" * (depth + 3 - level) for level in reversed(range(depth))]
    return "\n".join(["# Nested", "", *opening, "At the bottom.", *closing, ""])


# -- Recursion: pages that nest too deeply -----------------------------------------------


@pytest.mark.parametrize("command", ["check", "build"])
def test_two_hundred_nested_directives_are_the_pages_problem(root, command):
    add_page(root, "nested.md", nested_notes(200))
    result = edition(root, command)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert re.search(rf"^docs/nested\.md:3: {NESTS_TOO_DEEPLY}", output, re.MULTILINE), output


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_circular_include_is_the_pages_problem(root, command):
    add_page(root, "loop.md", "# A loop\n\n```{include} a.inc\n```\n")
    (root / "docs" / "a.inc").write_text("A.\n\n```{include} b.inc\n```\n", encoding="utf-8")
    (root / "docs" / "b.inc").write_text("B.\n\n```{include} a.inc\n```\n", encoding="utf-8")
    result = edition(root, command)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert re.search(rf"^docs/loop\.md:3: {NESTS_TOO_DEEPLY}", output, re.MULTILINE), output


def test_deep_quotes_and_lists_are_read(root):
    # markdown-it caps their nesting itself: no problem, and above all no traceback.
    deep = "> " * 2000 + "deep\n\n" + "".join("  " * level + "- item\n" for level in range(500))
    add_page(root, "deep.md", "# Deep\n\n" + deep)
    assert edition(root, "check").returncode in (0, 1)


# -- The bibliography ----------------------------------------------------------------


def break_a_brace(root: Path) -> None:
    bib = root / "docs" / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("title        = {Operation", "title        = {{Operation"))


BIB_PROBLEM = (
    r"docs/refs\.bib:8: (WARNING: )?this bibliography entry cannot be read: premature end of file"
)


@pytest.mark.parametrize("command", ["check", "build", "stats"])
def test_an_unbalanced_brace_in_the_bibliography_names_its_entry(root, command):
    break_a_brace(root)
    result = edition(root, command)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert re.search(BIB_PROBLEM, output), output
    assert "builder_inited_cite" not in output


def test_a_bibliography_error_is_reported_again_by_the_next_build(root):
    break_a_brace(root)
    assert edition(root, "build").returncode == 1
    again = edition(root, "build")
    assert again.returncode == 1
    assert re.search(BIB_PROBLEM, again.stderr), again.stderr


# -- Interruptions and terminals -------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "build", "stats"])
def test_ctrl_c_ends_quietly_with_130(root, command):
    process = subprocess.Popen(
        [str(CONSOLE_SCRIPT), "--root", str(root), command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "EDITION_TEST_SLOW": "1"},
        start_new_session=True,
    )
    time.sleep(2)
    assert process.poll() is None, "the command ended before it could be interrupted"
    # As a terminal's Ctrl-C: the whole process group (sphinx-sitemap's helper process too).
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=120)
    with contextlib.suppress(ProcessLookupError):  # a helper left behind holds the pipes
        os.killpg(process.pid, signal.SIGKILL)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.rstrip().endswith("edition: interrupted"), err
    assert "Traceback" not in out + err


def test_a_terminal_that_cannot_show_the_text_gets_escapes(root):
    with (root / "docs" / "extra.md").open("a", encoding="utf-8") as page:
        page.write("\nA glossary term that is not there: {term}`Mitrovicë`.\n")
    result = edition(
        root, "check", env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C", "PYTHONUTF8": "0"}
    )
    assert result.returncode == 1
    assert "UnicodeEncodeError" not in result.stderr
    assert re.search(r"^docs/extra\.md:[0-9]+: .*Mitrovic\\xeb", result.stdout, re.M), result.stdout


def test_a_usage_message_with_text_the_terminal_cannot_show(root):
    result = edition(root, "check", "docs/Mitrovicë.md", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 2
    assert "Mitrovic\\xeb" in result.stderr


# -- One build at a time ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "stats"])
def test_a_second_build_into_the_same_folder_is_refused(root, command):
    lock = root / "docs" / "_build" / LOCK_NAME
    lock.parent.mkdir(parents=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running `edition build` holds it
        result = edition(root, command)
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "edition: another build of this edition is running (docs/_build/.edition.lock); "
        "wait for it to finish"
    )
    # Sphinx makes the (empty) output folder before the lock is asked for: nothing is in it.
    out = root / "docs" / "_build" / "html"
    assert not out.exists() or [path for path in out.rglob("*") if path.is_file()] == []


def test_two_builds_at_once_one_refused_the_other_whole(root):
    env = {**os.environ, "EDITION_TEST_SLOW": "1"}
    command = [str(CONSOLE_SCRIPT), "--root", str(root), "build"]
    first = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    _wait_until_held(root / "docs" / "_build" / LOCK_NAME, first)
    second = edition(root, "build")
    out, err = first.communicate(timeout=120)
    assert "another build of this edition is running" in second.stderr
    assert second.returncode == 1
    assert first.returncode == 0, err
    assert "Traceback" not in out + err


def _wait_until_held(lock: Path, process: subprocess.Popen[str], limit: float = 120) -> None:
    """Return once ``process`` holds the build lock (not after a guessed delay: on a busy
    machine starting Sphinx takes seconds)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert process.poll() is None, "the first build ended before it took the lock"
        if lock.exists():
            with lock.open("a") as probe:
                try:
                    fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return  # held by the first build
                fcntl.flock(probe, fcntl.LOCK_UN)
        time.sleep(0.1)
    pytest.fail("the first build never took the lock")


def test_check_needs_no_lock(root):
    lock = root / "docs" / "_build" / LOCK_NAME
    lock.parent.mkdir(parents=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert edition(root, "check").returncode == 0


# -- After a build that was cut short ----------------------------------------------------


def pages_of(root: Path) -> set[str]:
    """The docnames of the edition's pages."""
    docs = root / "docs"
    return {p.relative_to(docs).with_suffix("").as_posix() for p in docs.rglob("*.md")}


def search_index_pages(out: Path) -> set[str]:
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return set(index["docnames"])


def sitemap_pages(out: Path) -> set[str]:
    text = (out / "sitemap.xml").read_text(encoding="utf-8")
    links = re.findall(r"<loc>https://example\.org/([^<]+)</loc>", text)
    return {link.removesuffix(".html") for link in links}


def assert_output_whole(root: Path) -> None:
    out = root / "docs" / "_build" / "html"
    pages = pages_of(root)
    assert {page for page in pages if (out / f"{page}.html").is_file()} == pages
    assert search_index_pages(out) == pages
    assert sitemap_pages(out) == pages
    assert not IncompleteMarker(out).path.exists()


def build_killed_while_writing(root: Path, command: str = "build") -> None:
    """``edition build`` dying while it writes the glossary, as with ``kill -9``."""
    process = subprocess.Popen(
        [str(CONSOLE_SCRIPT), "--root", str(root), command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "EDITION_TEST_DIE_AT": "glossary"},
        start_new_session=True,
    )
    assert process.wait(timeout=120) == 137
    # sphinx-sitemap's multiprocessing manager outlives a killed build: end it too.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def test_a_build_killed_while_writing_is_followed_by_a_whole_one(root):
    build_killed_while_writing(root)
    out = root / "docs" / "_build" / "html"
    assert IncompleteMarker(out).path.exists()
    assert not (out / "glossary.html").exists()
    result = edition(root, "build")
    assert result.returncode == 0, result.stderr
    assert "did not finish; building afresh" in result.stdout + result.stderr
    assert_output_whole(root)


def test_an_incremental_build_keeps_every_page_in_the_sitemap(root):
    assert edition(root, "build").returncode == 0
    with (root / "docs" / "extra.md").open("a", encoding="utf-8") as page:
        page.write("\nOne more sentence.\n")
    result = edition(root, "build")
    assert result.returncode == 0, result.stderr
    assert "did not finish" not in result.stderr
    assert_output_whole(root)


def test_stats_after_an_interrupted_build_starts_afresh(root):
    build_killed_while_writing(root)
    result = edition(root, "stats")
    assert result.returncode == 0, result.stderr
    assert_output_whole(root)


def sphinx_build(root: Path) -> subprocess.CompletedProcess[str]:
    """``make html``'s command: sphinx-build itself, not the edition's CLI."""
    docs = root / "docs"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            str(docs),
            str(docs / "_build" / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_sphinx_build_itself_is_guarded_the_same(root):
    """The lock, the fresh start and the whole sitemap are the extension's: make html too."""
    build_killed_while_writing(root)
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    assert_output_whole(root)
    with (root / "docs" / "extra.md").open("a", encoding="utf-8") as page:
        page.write("\nOne more sentence.\n")
    assert sphinx_build(root).returncode == 0
    assert_output_whole(root)
    lock = root / "docs" / "_build" / LOCK_NAME
    docs = root / "docs"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        waiting = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-b",
                "html",
                str(docs),
                str(docs / "_build" / "html"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Released only once the build says it waits (not after a guessed delay).
        assert waiting.stdout is not None
        said: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and waiting.poll() is None:
            ready, _, _ = select.select([waiting.stdout], [], [], 1.0)
            if not ready:
                continue  # no line yet: never block past the deadline
            line = waiting.stdout.readline()
            said.append(line)
            if "waiting for another build to finish" in line:
                break
        assert waiting.poll() is None, "".join(said)  # it waits for the lock
    out, err = waiting.communicate(timeout=300)
    out = "".join(said) + out
    assert waiting.returncode == 0, err
    assert "waiting for another build to finish (docs/_build/.edition.lock)" in out
    assert "Traceback" not in out + err
    assert_output_whole(root)


# -- edition check --base: the threat model of a change ------------------------------------


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(root: Path) -> Path:
    """The small edition as a git repository, its first commit on the branch ``main``."""
    git(root, "init", "--quiet", "--initial-branch=main")
    (root / ".gitignore").write_text("docs/_build/\n", encoding="utf-8")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "The edition")
    git(root, "checkout", "--quiet", "-b", "contribution")
    return root


def test_a_contribution_of_content_only_passes(repo):
    (repo / "docs" / "extra.md").write_text(
        (repo / "docs" / "extra.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8"
    )
    git(repo, "commit", "--quiet", "-am", "An edit to a page")
    (repo / "docs" / "map.png").write_bytes(b"\x89PNG\r\n")  # not committed yet
    result = edition(repo, "check", "--base", "main")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("no problems")


def test_every_code_file_a_change_touches_is_listed(repo):
    (repo / "docs" / "conf.py").write_text("extensions = []\n", encoding="utf-8")
    (repo / "Makefile").write_text("all:\n\ttrue\n", encoding="utf-8")
    (repo / "docs" / "helper.py").write_text("print(1)\n", encoding="utf-8")
    (repo / "docs" / "docutils.conf").write_text("[general]\n", encoding="utf-8")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "Code")
    (repo / ".gitignore").unlink()  # not committed: still part of the change
    result = edition(repo, "check", "--base", "main")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "[edition.untrusted_code]" in line]
    assert [line.split(":")[0] for line in lines] == [
        ".gitignore",
        "Makefile",
        "docs/conf.py",
        "docs/docutils.conf",
        "docs/helper.py",
    ]
    assert all(":1: a change to code that only a maintainer may make (" in line for line in lines)
    assert "(deleted)" in lines[0] and "(added)" in lines[1] and "(modified)" in lines[2]
    assert "so it was not built" in result.stderr  # building would run that code


@pytest.mark.parametrize("change", ["modify", "delete", "rename"])
def test_an_existing_source_text_may_not_change(repo, change):
    sample = repo / "sources" / "sample.txt"
    if change == "modify":
        sample.write_bytes(sample.read_bytes() + b"An invented sentence.\n")
    elif change == "delete":
        sample.unlink()
    else:
        sample.rename(repo / "sources" / "renamed.txt")
    result = edition(repo, "check", "--base", "main")
    assert result.returncode == 1
    assert re.search(
        r"^sources/sample\.txt:1: an existing source text may not be changed \((modified|deleted)\)"
        r".*\[edition\.source_change\]$",
        result.stdout,
        re.MULTILINE,
    ), result.stdout


def test_a_catalogue_record_may_not_change_its_checksum(repo):
    catalogue = repo / "sources" / "catalogue.toml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(re.sub(r'sha256 = "[0-9a-f]+"', 'sha256 = "' + "0" * 64 + '"', text))
    result = edition(repo, "check", "--base", "main")
    assert result.returncode == 1
    assert re.search(
        r"^sources/catalogue\.toml:1: the record of source 'sample' changed its file or sha256",
        result.stdout,
        re.MULTILINE,
    ), result.stdout


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=x", "HEAD~5"])
def test_a_bad_base_is_a_usage_error(repo, ref):
    result = edition(repo, "check", f"--base={ref}")
    assert result.returncode == 2
    assert result.stderr.startswith("edition check: --base"), result.stderr
    assert not (repo / "x").exists()


def test_base_outside_a_repository_is_a_usage_error(root):
    result = edition(root, "check", "--base", "main")
    assert result.returncode == 2
    assert "is not in a git repository" in result.stderr


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("docs/conf.py", True),
        ("src/edition_tools/cli/main.py", True),
        ("tests/conftest.py", True),
        ("docs/sources/evil.py", True),
        ("docs/_templates/page.html", True),
        ("docs/_static/edition.js", True),
        ("docs/docutils.conf", True),
        (".github/workflows/ci.yml", True),
        (".readthedocs.yaml", True),
        ("pyproject.toml", True),
        ("docs/glossary.md", False),
        ("docs/sources/new-2024-x.md", False),
        ("docs/references.bib", False),
        ("docs/images/map.png", False),
        ("sources/new.txt", False),
    ],
)
def test_the_threat_model(path, code):
    assert (code_rule(path) is not None) is code
    assert (content_rule(path) is not None) is not code


def test_a_file_of_no_known_kind_is_treated_as_code():
    (problem,) = review_changes([Change("docs/page.rst", "A")], None, None)
    assert "treated as code" in problem.message


def test_new_catalogue_records_are_welcome_and_old_ones_stay():
    before = '[[source]]\nid = "a"\nfile = "a.txt"\nsha256 = "1"\n'
    added = before + '\n[[source]]\nid = "b"\nfile = "b.txt"\nsha256 = "2"\n'
    changes = [Change("sources/catalogue.toml", "M")]
    assert review_changes(changes, before, added) == []
    retitled = before.replace('sha256 = "1"', 'sha256 = "1"\ntitle = "A better title"')
    assert review_changes(changes, before, retitled) == []
    (removed,) = review_changes(changes, added, before)
    assert removed.line == 6
    assert "the record of source 'b' was removed" in removed.message
