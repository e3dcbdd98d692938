extensions = ["myst_parser", "edition_tools"]
smartquotes = False
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
edition_catalogue = "sources/catalogue.toml"
html_baseurl = "https://example.org/edition/"
nitpicky = True
suppress_warnings = ["edition.uncited_note"]  # the notes here need no evidence
