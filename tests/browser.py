"""A built site served on 127.0.0.1 and opened in Debian's Chromium through playwright.

No browser is downloaded: playwright drives ``/usr/bin/chromium`` (Debian's package,
installed by ``.ci/run``), headless, with the flags that keep it off the network.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conftest import require

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (playwright ``Browser``)."""
    require(shutil.which(CHROMIUM) is not None, f"Debian's chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright package (test extra)")
        raise
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def browsing(folder: Path) -> Iterator[tuple[Path, str, Any]]:
    """``folder`` served and a browser to read it: (folder, base URL, browser)."""
    with serve(folder) as base, chromium() as browser:
        yield folder, base, browser


def html_pages(folder: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to it, in order."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
