"""The LaTeX the extension writes compiles with XeLaTeX (Sphinx's Makefile, latexmk)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import require, warnings_of


@pytest.mark.parametrize("root", ["annotations", "fidelity"])
def test_latex_compiles(edited_root, root):
    require(
        shutil.which("latexmk") is not None and shutil.which("xelatex") is not None,
        "latexmk and xelatex (Debian: latexmk texlive-xetex)",
    )
    app = edited_root(root).build("latex", confoverrides={"latex_engine": "xelatex"})
    assert warnings_of(app) == []
    result = subprocess.run(
        ["make", "-C", str(app.outdir)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    logs = "".join(p.read_text(errors="replace") for p in app.outdir.glob("*.log"))
    assert re.findall(r"(?m)^! .*", logs) == []
    assert list(app.outdir.glob("*.pdf"))
