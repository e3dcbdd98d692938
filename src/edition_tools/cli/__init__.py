"""The ``edition`` command line."""
