"""What the browser tests share: finding Chromium, Playwright and mermaid.js, and saying
what is missing.

A missing tool is exit status 77 with one line on stderr saying what to install; the Swift
test that runs the script skips on it, or fails when CI=true. Nothing is ever downloaded:
Playwright drives the Chromium the system has (Debian's `chromium` package), never one of its
own (`playwright install` is not needed).
"""

import importlib.util
import os
import shutil
import sys

MISSING = 77


def missing(what):
    print(f"missing: {what}", file=sys.stderr)
    sys.exit(MISSING)


def chromium_path():
    """LAMBDA_REACH_CHROMIUM, else the first Chromium on PATH."""
    given = os.environ.get("LAMBDA_REACH_CHROMIUM")
    if given:
        if not os.access(given, os.X_OK):
            missing(f"LAMBDA_REACH_CHROMIUM={given} is not an executable")
        return given
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    missing("no chromium on PATH: apt-get install chromium (or set LAMBDA_REACH_CHROMIUM)")


def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError:
        missing("python3 cannot import playwright: pip install playwright")
    return start


def mermaid_js():
    """mermaid.js as the PyPI package mmdc bundles it (LAMBDA_REACH_MERMAID_JS overrides)."""
    given = os.environ.get("LAMBDA_REACH_MERMAID_JS")
    if given:
        if not os.path.isfile(given):
            missing(f"LAMBDA_REACH_MERMAID_JS={given} is not a file")
        return given
    # Found without importing the package: its import starts a JavaScript engine of its own.
    spec = importlib.util.find_spec("mmdc")
    if spec is None or not spec.submodule_search_locations:
        missing("python3 has no mmdc package, which bundles mermaid.js: pip install mmdc==0.7.0")
    for root in spec.submodule_search_locations:
        for directory, _, files in os.walk(root):
            if "mermaid.js" in files:
                return os.path.join(directory, "mermaid.js")
            if "mermaid.min.js" in files:
                return os.path.join(directory, "mermaid.min.js")
    missing("the mmdc package holds no mermaid.js: pip install mmdc==0.7.0")


def launch(playwright):
    # No sandbox: the tests run as root in containers, where Chromium's sandbox cannot start.
    return playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
