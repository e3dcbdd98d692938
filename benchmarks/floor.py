"""What each kind of annotation costs plain Sphinx, without the edition's extension.

The stock corpus of ``generate.py`` has the edition's annotations in Sphinx's own markup
and none of the extension: it is the floor under the edition's build time. This script
builds it again with one kind of annotation at a time left out (written as the plain
word it marked), and the baseline (plain paragraphs), and writes what each kind adds to
a full HTML build: how far the floor itself is above the baseline, and why.

    python benchmarks/floor.py [--size 1000] [--repeat 3] [--work /tmp/edition-floor]
                               [--out benchmarks/floor.md]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from generate import positive, write  # noqa: E402
from run import FLOOR_TABLE, Run, full_builds  # noqa: E402

#: Each kind of annotation of the stock corpus, as it is written there, and how it is left
#: out: a role becomes the word it marked, a note reference and its note disappear.
KINDS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "citations (`{cite:p}`)": [(re.compile(r" ?\{cite:p\}`[^`]*`"), "")],
    "notes (footnotes, with their citations)": [
        (re.compile(r"^\[\^n\d+\]:.*\n", re.MULTILINE), ""),
        (re.compile(r"\[\^n\d+\]"), ""),
    ],
    "glossary references (`{term}`)": [(re.compile(r"\{term\}`([^`<]*?) <[^`>]*>`"), r"\1")],
    "event and claim references (`{ref}`)": [(re.compile(r"\{ref\}`([^`<]*?) <[^`>]*>`"), r"\1")],
}


def leave_out(stock: Path, out: Path, substitutions: list[tuple[re.Pattern[str], str]]) -> Path:
    """Copy the stock project to ``out``, each page with ``substitutions`` applied."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(stock, out, ignore=shutil.ignore_patterns("_build"))
    for page in (out / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for pattern, replacement in substitutions:
            text = pattern.sub(replacement, text)
        page.write_text(text, encoding="utf-8")
    return out


def measure_floor(n: int, repeat: int, work: Path) -> dict[str, Run]:
    """Full serial HTML builds of the stock corpus, of each variant, and of the baseline."""
    out = work / f"n{n}"
    shutil.rmtree(out, ignore_errors=True)
    write(n, out)
    builds: dict[str, tuple[Path, tuple[str, ...]]] = {"stock corpus": (out / "stock", ())}
    for index, (kind, substitutions) in enumerate(KINDS.items()):
        variant = leave_out(out / "stock", out / f"stock-{index}", substitutions)
        builds[f"stock corpus without {kind}"] = (variant, ())
    builds["baseline"] = (out / "baseline", ())
    return full_builds(builds, repeat)


def table(n: int, repeat: int, results: dict[str, Run]) -> str:
    """The figures as Markdown, with the command that made them."""
    stock, baseline = results["stock corpus"].seconds, results["baseline"].seconds
    lines = [
        f"Command: `python benchmarks/floor.py --size {n} --repeat {repeat}` (N = {n}; "
        + (f"medians of {repeat} runs)." if repeat > 1 else "single runs)."),
        "",
        "| corpus | time (s) | × baseline | the kind left out cost (s) |",
        "|---|---:|---:|---:|",
    ]
    # What leaving a kind out saved is what that kind cost.
    costs = {
        name: stock - run.seconds
        for name, run in results.items()
        if name.startswith("stock corpus without")
    }
    for name, run in results.items():
        cost = f"{costs[name]:.1f}" if name in costs else ""
        lines.append(f"| {name} | {run.seconds:.1f} | {run.seconds / baseline:.2f} | {cost} |")
    budget = 0.15 * baseline
    parts = costs.values()
    lines += [
        "",
        f"The issue's target, 1.15 × the baseline, leaves {budget:.1f} s for all that the "
        f"annotations and the edition's layer cost; Sphinx alone spends "
        f"{stock - baseline:.1f} s on the annotations, and each kind by itself "
        f"{min(parts):.1f} to {max(parts):.1f} s.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=positive, default=1000, help="sources (default 1000)")
    parser.add_argument("--repeat", type=positive, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/edition-floor"))
    parser.add_argument(
        "--out", type=Path, default=FLOOR_TABLE, help="the table, shown on the page"
    )
    args = parser.parse_args(argv)
    results = measure_floor(args.size, args.repeat, args.work)
    text = table(args.size, args.repeat, results)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
