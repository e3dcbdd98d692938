"""What ``edition check`` keeps between runs, so that the next check rereads only what changed.

The check builds into ``docs/_build/check/`` and keeps Sphinx's environment there. The
next check finds the same problems as a fresh one because:

* Sphinx rereads the pages that changed (and those depending on a changed file: the
  source texts, includes), and the dummy builder resolves every page on every run, so
  every warning given while resolving (a missing reference, a term a page no longer
  finds in the glossary) comes again; the checks over the records of all pages
  (``env-get-updated``) and the catalogue's (``builder-inited``) run on every build.
* A warning given while reading a page is given only when the page is read. The
  edition's own warnings bring their page back (:mod:`edition_tools.store.problems`), but
  MyST's and Sphinx's do not: :class:`KeptCheck` notes every page that had a warning and
  has the next check read it again (``env-get-outdated``).
* A change that touches what every page depends on starts afresh (the folder is
  deleted): the extension's code, the versions of Python and of the packages the build
  uses, ``conf.py``, ``docutils.conf``, the bibliography files and the catalogue; so
  does a check that was cut short (the state is removed when a check begins and written
  when it ends), and one whose warnings named no page.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sys
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.dummy import DummyBuilder
from sphinx.environment import BuildEnvironment
from sphinx.util.build_phase import BuildPhase

__all__ = ["KeptCheck", "fingerprint"]

#: The file, in the kept folder, saying what the last check was built with and which
#: pages it warned about; written only when a check ends.
STATE_NAME = "state.json"
#: Bumped when the state's shape changes: an older state is then thrown away.
STATE_VERSION = 1
#: The distributions whose code reads or checks the pages: a new version starts afresh.
_DISTRIBUTIONS = (
    "sphinx",
    "docutils",
    "myst-parser",
    "markdown-it-py",
    "mdit-py-plugins",
    "sphinxcontrib-bibtex",
    "pybtex",
    "pybtex-docutils",
    "sphinx-design",
)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def _package_files() -> list[Path]:
    """Every file of the installed ``edition_tools`` package, compiled files left out."""
    import edition_tools

    package = Path(edition_tools.__file__).parent
    return sorted(
        path
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def fingerprint(root: Path, inputs: Iterable[str]) -> str:
    """A digest of what every page's check depends on: code, versions and ``inputs``.

    ``inputs`` are paths relative to ``root`` (a file that is missing counts as such).
    """
    digest = hashlib.sha256()

    def add(label: str, content: bytes) -> None:
        digest.update(f"{label}\0{len(content)}\0".encode())
        digest.update(content)

    add("python", sys.version.encode())
    for distribution in _DISTRIBUTIONS:
        add(distribution, _version(distribution).encode())
    import edition_tools

    package = Path(edition_tools.__file__).parent
    for path in _package_files():
        add(f"package:{path.relative_to(package).as_posix()}", path.read_bytes())
    for name in sorted(set(inputs)):
        try:
            content = (root / name).read_bytes()
        except OSError:
            add(f"input:{name}", b"\0missing")
        else:
            add(f"input:{name}", content)
    return digest.hexdigest()


#: A problem as ``edition check`` prints it: path (from the edition's folder), line, message.
Finding = tuple[str, int, str]


@dataclass(frozen=True)
class _State:
    """What the last finished check left, to be compared with and replayed by the next."""

    fingerprint: str
    inputs: tuple[str, ...]
    #: A digest of every target a reference can resolve to, after the last check read.
    targets: str
    #: The pages that had a warning before they were resolved: read again next time.
    pages_to_read_again: tuple[str, ...]
    #: The warnings given while resolving each page: given again for a page not resolved.
    resolved_findings: dict[str, list[Finding]]

    @classmethod
    def load(cls, path: Path) -> _State | None:
        """The state in ``path``, or ``None`` if there is none or it cannot be read."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION:
                return None
            return cls(
                str(data["fingerprint"]),
                tuple(str(name) for name in data["inputs"]),
                str(data["targets"]),
                tuple(str(name) for name in data["pages_to_read_again"]),
                {
                    str(docname): [(str(p), int(line), str(m)) for p, line, m in findings]
                    for docname, findings in data["resolved_findings"].items()
                },
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, path: Path) -> None:
        """Write the state to ``path``."""
        data = {
            "version": STATE_VERSION,
            "fingerprint": self.fingerprint,
            "inputs": list(self.inputs),
            "targets": self.targets,
            "pages_to_read_again": list(self.pages_to_read_again),
            "resolved_findings": {
                docname: [list(finding) for finding in findings]
                for docname, findings in sorted(self.resolved_findings.items())
            },
        }
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def targets_digest(env: BuildEnvironment) -> str:
    """A digest of everything a reference on one page can resolve to on another.

    Every domain's objects (pages and their titles, labels, glossary terms, the
    edition's sources, events and claims) and sphinxcontrib-bibtex's citations. While
    it stays the same, an unchanged page resolves as it did, with the same warnings.
    """
    digest = hashlib.sha256()
    for name in sorted(env.domains):
        domain = env.domains[name]
        objects = sorted(tuple(str(part) for part in entry) for entry in domain.get_objects())
        digest.update(json.dumps([name, objects]).encode())
    cite = env.domains.get("cite")
    citations = getattr(cite, "citations", ())
    keys = sorted(
        (str(c.key), str(c.bibliography_key.docname), str(c.citation_id)) for c in citations
    )
    digest.update(json.dumps(["citations", keys]).encode())
    return digest.hexdigest()


class _ChangedPagesBuilder(DummyBuilder):
    """The dummy builder, resolving only the pages read in this build, one at a time.

    The pages that must be resolved again although unchanged are added after reading
    (``env-get-updated``): all of them when a reference's targets changed. Each page's
    warnings are told apart as it is resolved, so that they can be given again in a
    check that does not resolve it.
    """

    #: Called with each page's name before and after it is resolved.
    on_page: Callable[[str | None], None] = staticmethod(lambda docname: None)

    def get_outdated_docs(self) -> set[str]:
        """No page beyond those read (Sphinx adds them and their toctree parents)."""
        return set()

    def write_documents(self, docnames: Set[str]) -> None:
        """Resolve each page, its warnings written out before the next (not held back)."""
        for docname in sorted(docnames):
            self.on_page(docname)
            self.phase = BuildPhase.RESOLVING
            doctree = self.env.get_and_resolve_doctree(docname, builder=self, tags=self.tags)
            self.phase = BuildPhase.WRITING
            self.write_doc_serialized(docname, doctree)
            self.write_doc(docname, doctree)
            self.on_page(None)


class _KeptApplication(Sphinx):
    """A Sphinx application whose builder is :class:`_ChangedPagesBuilder`."""

    def __init__(self, *args: Any, on_page: Callable[[str | None], None], **kwargs: Any) -> None:
        # The builder is made within Sphinx's own ``__init__``.
        self._on_page = on_page
        super().__init__(*args, **kwargs)

    def create_builder(self, name: str) -> Builder:
        """The check's builder, whatever ``name`` (``dummy``)."""
        builder = _ChangedPagesBuilder(self, self.env)
        builder.on_page = self._on_page
        return builder


class KeptCheck:
    """The folder ``edition check`` builds into and keeps: ``docs/_build/check/``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "docs" / "_build" / "check"
        self._state: _State | None = None
        self._targets = ""
        self._stream: io.StringIO | None = None
        #: Where each resolved page's warnings are in the stream: (docname, start, end).
        self._pages: list[tuple[str, int, int]] = []
        self._page_began: tuple[str, int] | None = None

    @property
    def outdir(self) -> Path:
        """Sphinx's output folder (the dummy builder writes nothing there)."""
        return self.folder / "out"

    @property
    def doctreedir(self) -> Path:
        """Where Sphinx keeps the environment and the pages' doctrees (as ``edition build``)."""
        return self.outdir / ".doctrees"

    @property
    def afresh(self) -> bool:
        """Whether this check started from nothing."""
        return self._state is None

    def begin(self) -> None:
        """Keep the folder if nothing every page depends on changed; else start afresh.

        The state is removed either way, so that a check cut short leaves none and the
        next one starts afresh.
        """
        state_file = self.folder / STATE_NAME
        state = _State.load(state_file)
        if state is not None and state.fingerprint == fingerprint(self.root, state.inputs):
            self._state = state
            state_file.unlink()
        else:
            self._state = None
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)

    def application(
        self, docs: Path, warning: io.StringIO, confoverrides: dict[str, Any]
    ) -> Sphinx:
        """A Sphinx application building ``docs`` into the kept folder, warnings to ``warning``."""
        app = _KeptApplication(
            str(docs),
            str(docs),
            str(self.outdir),
            str(self.doctreedir),
            "dummy",
            confoverrides=confoverrides,
            status=None,
            warning=warning,
            freshenv=self._state is None,
            keep_going=True,
            on_page=self._note_page,
        )
        self._stream = warning
        app.connect("env-get-outdated", self._read_again)
        # After sphinxcontrib-bibtex has made its citations (``env-updated`` too).
        app.connect("env-get-updated", self._resolve_again, priority=900)
        return app

    def _read_again(
        self, app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], _: Set[str]
    ) -> list[str]:
        """The pages with a warning last time that came before resolving (``env-get-outdated``)."""
        if self._state is None:
            return []
        pages = set(self._state.pages_to_read_again)
        return sorted(pages & env.found_docs - added - changed)

    def _resolve_again(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Every page if a reference's targets changed, else none (``env-get-updated``)."""
        self._targets = targets_digest(env)
        if self._state is None or self._state.targets != self._targets:
            return sorted(env.found_docs)
        return []

    def _note_page(self, docname: str | None) -> None:
        """A page's resolution begins (its name) or ends (``None``)."""
        position = len(self._stream.getvalue()) if self._stream is not None else 0
        if docname is not None:
            self._page_began = (docname, position)
        elif self._page_began is not None:
            self._pages.append((*self._page_began, position))
            self._page_began = None

    def end(self, app: Sphinx, parse: Callable[[str], list[Finding]]) -> list[Finding]:
        """Every finding of this check, those of the pages not resolved again included.

        ``parse`` turns Sphinx's warning stream into findings. The state for the next
        check is written, unless a warning given outside the resolution of a page named
        no page, nor a file that starts afresh when it changes, nor a file a page depends
        on: reading a page again could not bring it back, so the next check starts afresh.
        """
        text = self._stream.getvalue() if self._stream is not None else ""
        env = app.env
        kept = self._state.resolved_findings if self._state is not None else {}
        resolved = {docname: parse(text[start:end]) for docname, start, end in self._pages}
        resolved_findings = {
            docname: findings
            for docname, findings in kept.items()
            if docname in env.found_docs and docname not in resolved
        }
        resolved_findings.update(resolved)
        # The rest of the stream: reading, the checks of all records, the build's end.
        outside, last = [], 0
        for _, start, end in self._pages:
            outside.append(text[last:start])
            last = end
        outside.append(text[last:])
        other = parse("".join(outside))
        findings = other + [f for page in resolved_findings.values() for f in page]
        inputs = self._inputs(app)
        to_read_again: set[str] = set()
        for finding in other:
            pages = self._pages_of(env, finding[0], inputs)
            if pages is None:
                return findings
            to_read_again |= pages
        state = _State(
            fingerprint(self.root, inputs),
            tuple(sorted(inputs)),
            self._targets,
            tuple(sorted(to_read_again)),
            {docname: found for docname, found in resolved_findings.items() if found},
        )
        state.save(self.folder / STATE_NAME)
        return findings

    def _inputs(self, app: Sphinx) -> set[str]:
        """The files whose change starts afresh, relative to the edition's folder."""
        srcdir = Path(app.srcdir)
        confdir = Path(app.confdir)
        files = [confdir / "conf.py", confdir / "docutils.conf", srcdir / "docutils.conf"]
        files += [srcdir / name for name in getattr(app.config, "bibtex_bibfiles", ())]
        catalogue = getattr(app.config, "edition_catalogue", None)
        if catalogue:
            files.append(srcdir / catalogue)
        return {self._relative(path) for path in files}

    def _relative(self, path: Path) -> str:
        absolute = path.resolve()
        root = self.root.resolve()
        if absolute.is_relative_to(root):
            return absolute.relative_to(root).as_posix()
        return str(absolute)

    def _pages_of(self, env: BuildEnvironment, path: str, inputs: Set[str]) -> set[str] | None:
        """The pages a warning about ``path`` belongs to; ``None`` if none.

        The page itself, or the pages that depend on the file (an include, a source
        text); no page for a file that starts afresh when it changes (those warnings
        come on every check).
        """
        if path == "docs":  # a warning with no location
            return None
        absolute = (self.root / path).resolve()
        docname = env.path2doc(absolute)
        if docname is not None and docname in env.found_docs:
            return {docname}
        if self._relative(absolute) in inputs:
            return set()
        dependents = {
            name
            for name, files in env.dependencies.items()
            if any(Path(file).resolve() == absolute for file in files)
        }
        return dependents or None
