"""The model: records, vocabularies, dates, the catalogue, text comparison; no Sphinx.

Only :mod:`.editorial` knows docutils' node classes: what counts as the editorial layer
of a doctree, which every layer above reads.
"""
