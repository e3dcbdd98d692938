"""The HTML the edition produces is valid, by the Nu Html Checker (npm package vnu-jar)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import PROJECT, build_app, require, warnings_of


def _vnu_jar() -> Path | None:
    candidates = [os.environ.get("VNU_JAR", "")]
    npm = shutil.which("npm")
    if npm:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, check=False)
        candidates.append(f"{root.stdout.strip()}/vnu-jar/build/dist/vnu.jar")
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def test_every_page_is_valid_html(tmp_path):
    jar = _vnu_jar()
    require(
        jar is not None and shutil.which("java") is not None,
        "java and vnu-jar (npm install -g vnu-jar)",
    )
    app = build_app("html", PROJECT / "docs", tmp_path)
    assert warnings_of(app) == []
    pages = sorted(str(p) for p in Path(app.outdir).rglob("*.html"))
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "text", *pages],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
