"""The model: records, vocabularies and dates of an edition, in plain Python (no Sphinx)."""
