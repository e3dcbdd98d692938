"""Reproducible output: the same sources give the same HTML, byte for byte.

Two clean builds of the real edition with the same ``SOURCE_DATE_EPOCH`` (and their
doctrees kept apart) give identical HTML and data files; a build with ``-j 2`` gives the
same as a serial one.
"""

from __future__ import annotations

from pathlib import Path

from conftest import PROJECT, build_app, warnings_of

EPOCH = "1700000000"


def outputs(outdir: Path) -> dict[str, bytes]:
    """The HTML pages and exported data files of a build, by relative path."""
    files = [*outdir.rglob("*.html"), *(outdir / "data").glob("*")]
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(files)}


def build(tmp: Path, name: str, **kwargs) -> dict[str, bytes]:
    app = build_app("html", PROJECT / "docs", tmp / name, **kwargs)
    assert warnings_of(app) == []
    return outputs(Path(app.outdir))


def test_two_clean_builds_are_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = build(tmp_path, "first")
    second = build(tmp_path, "second")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_parallel_build_equals_serial_build(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    serial = build(tmp_path, "serial")
    parallel = build(tmp_path, "parallel", parallel=2)
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []
