# The edition's commands. On a fresh machine with Python 3.11+ and make:
#   make html   build the HTML edition into docs/_build/html
#   make test   run the whole test suite
# Both create .venv and install the package with its test extra the first time.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SPHINXOPTS ?= -W --keep-going -n
BUILDDIR ?= docs/_build

.PHONY: html pdf epub tei annotations check stats bench test test-fast lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

html: $(STAMP)
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) docs $(BUILDDIR)/html
	@echo "The HTML edition is in $(BUILDDIR)/html/index.html"

# The print edition (needs TeX Live and fonts: see README).
pdf: $(STAMP)
	$(BIN)/sphinx-build -b latex $(SPHINXOPTS) docs $(BUILDDIR)/latex
	$(MAKE) -C $(BUILDDIR)/latex LATEXMKOPTS="-silent -halt-on-error" all-pdf
	@! grep -H "Missing character" $(BUILDDIR)/latex/*.log
	@echo "The PDF edition is in $(BUILDDIR)/latex/kosovo-edition.pdf"

# The doctrees apart: the EPUB builder packs every file of its output folder, and would
# warn (an error with -W) about each pickled page it found there.
epub: $(STAMP)
	$(BIN)/sphinx-build -b epub $(SPHINXOPTS) -d $(BUILDDIR)/doctrees/epub docs $(BUILDDIR)/epub
	@echo "The EPUB edition is in $(BUILDDIR)/epub"

# Open data: TEI P5 of each source and registers.xml; W3C Web Annotations (JSON-LD).
# The HTML build also writes both into docs/_build/html/data/.
tei: $(STAMP)
	$(BIN)/sphinx-build -b tei $(SPHINXOPTS) docs $(BUILDDIR)/tei

annotations: $(STAMP)
	$(BIN)/sphinx-build -b annotations $(SPHINXOPTS) docs $(BUILDDIR)/annotations

# Benchmarks (not run by the tests): synthetic editions of 50, 200 and 1000 sources, and
# what each kind of annotation costs plain Sphinx (floor.py, shown on the same page).
bench: $(STAMP)
	$(BIN)/python benchmarks/floor.py
	$(BIN)/python benchmarks/run.py

# Every check of the edition (build, fidelity, lint, hostile input): path:line per problem.
check: $(STAMP)
	$(BIN)/edition check

stats: $(STAMP)
	$(BIN)/edition stats

# One worker per core; the tests of a file stay together (they share its builds).
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile

# The same without the PDF and the browser (the tests marked slow).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks docs/conf.py
	$(BIN)/ruff format --check src tests benchmarks docs/conf.py
	$(BIN)/mypy

clean:
	rm -rf $(BUILDDIR) .pytest_cache .mypy_cache .ruff_cache
