"""The HTML edition: the theme, sidenotes, and what each page loads."""
