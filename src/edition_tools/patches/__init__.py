"""Patches to other packages: Sphinx, sphinxcontrib-bibtex, pybtex, the search stemmer.

Each says the versions it was written for, and leaves the package alone where it finds
something else.
"""
