"""The checks: hostile input, untrusted contributions, the lint, and the lines of warnings."""
