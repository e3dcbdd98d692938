extensions = ["myst_parser", "edition_tools"]
smartquotes = False
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
edition_catalogue = "sources/catalogue.toml"
nitpicky = True
