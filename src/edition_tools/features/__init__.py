"""The features: each owns its directive, role, nodes and the filler of its aggregate page."""
