extensions = ["myst_parser", "sphinxcontrib.bibtex", "edition_tools"]
smartquotes = False
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
edition_catalogue = "sources/catalogue.toml"
edition_lint = False
bibtex_bibfiles = ["refs.bib"]
nitpicky = True
