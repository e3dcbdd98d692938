"""The outputs: the HTML theme and its transforms, LaTeX, open data, and whole output folders."""
