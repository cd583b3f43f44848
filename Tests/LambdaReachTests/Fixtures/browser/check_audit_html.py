"""Opens an `audit --format html` page from file:// in Chromium and reports what it shows.

    python3 check_audit_html.py REPORT.html ARTIFACTS_DIR FILTERS.json

FILTERS.json is a list of {"verdict", "vpc", "target"} (the values of the page's three
selects, "" for all), each with an optional "screenshot" file name. The script reports; the
Swift test that runs it decides what is right (it knows the audit's JSON).

Prints one JSON object:
  consoleErrors   console errors and uncaught exceptions
  requests        every request the page made other than for the file itself
  matrix          {"tables", "rows", "cells"}: the matrix as first shown
  count           the page's "showing ..." line as first shown
  diagram         the first failing cell's path, opened by clicking its link in the matrix:
                  {"id", "open", "width", "height", "nodes", "blocked"}
  filters         per filter: {"rows": function ARNs shown, "cells": "ARN|target" of the
                  matrix cells shown, "paths": "ARN|target" of the failing paths shown, "findings": the
                  keys (rule|ARN|target|component) of the findings shown, "count"}
  screenshots     the files written
Exit status 0 when it could check, 77 when a tool is missing (browser.py).
"""

import json
import pathlib
import sys

import browser

SHOWN = """() => {
    const visible = (element) => element.checkVisibility({ visibilityProperty: true });
    const rows = [], cells = [], paths = [];
    document.querySelectorAll("#matrix tbody tr").forEach((row) => {
        if (!visible(row)) return;
        rows.push(row.dataset.function);
        row.querySelectorAll("td[data-verdict]").forEach((cell) => {
            if (visible(cell)) cells.push(row.dataset.function + "|" + cell.dataset.target);
        });
    });
    document.querySelectorAll("#paths details.cell").forEach((path) => {
        if (visible(path)) paths.push(path.dataset.function + "|" + path.dataset.target);
    });
    const findings = [...document.querySelectorAll("#findings li.finding")].filter(visible).map((f) => f.dataset.key);
    return { rows, cells, paths, findings, count: document.getElementById("filter-count").textContent };
}"""

MATRIX = """() => ({
    tables: [...document.querySelectorAll("#matrix table.matrix")].filter((t) => t.checkVisibility()).length,
    rows: [...document.querySelectorAll("#matrix tbody tr")].filter((r) => r.checkVisibility()).length,
    cells: document.querySelectorAll("#matrix td[data-verdict]").length,
})"""

# Two animation frames: the page has drawn what the last step changed. A page whose long
# sections are laid out only when on screen (content-visibility) must be let draw after each
# scroll, or the next step lays all of it out at once.
SETTLE = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"

DIAGRAM = """(id) => {
    const cell = document.getElementById(id);
    const svg = cell && cell.querySelector("svg.pd");
    const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    return {
        id,
        open: !!(cell && cell.open),
        // Laid out, and not skipped by content-visibility: what a person sees.
        painted: !!svg && svg.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }),
        width: box.width,
        height: box.height,
        nodes: svg ? svg.querySelectorAll("g").length : 0,
        blocked: svg ? svg.querySelectorAll("g.pd-blocked").length : 0,
    };
}"""


def main(report, artifacts, filters_file):
    artifacts = pathlib.Path(artifacts)
    artifacts.mkdir(parents=True, exist_ok=True)
    filters = json.loads(pathlib.Path(filters_file).read_text(encoding="utf-8"))
    url = pathlib.Path(report).resolve().as_uri()
    start = browser.sync_playwright()
    errors, requests, screenshots, results = [], [], [], []
    with start() as playwright:
        chromium = browser.launch(playwright)
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: request.url != url and requests.append(request.url))
        page.goto(url, wait_until="load", timeout=180_000)
        page.evaluate(SETTLE)

        matrix = page.evaluate(MATRIX)
        count = page.inner_text("#filter-count")
        top = artifacts / "audit-report.png"
        page.screenshot(path=str(top))
        screenshots.append(str(top))

        # A failing cell's link opens its path, whose drawing is then laid out.
        link = page.locator("#matrix td a").first
        target = link.get_attribute("href").lstrip("#")
        link.click()
        page.wait_for_selector(f"details#{target}[open] svg.pd", state="visible", timeout=30_000)
        page.evaluate("(id) => document.getElementById(id).scrollIntoView()", target)
        page.evaluate(SETTLE)
        diagram = page.evaluate(DIAGRAM, target)
        # The window, not the element: an element screenshot far down so tall a page (a
        # million pixels, with every path) came out blank.
        drawn = artifacts / "audit-report-path.png"
        page.screenshot(path=str(drawn))
        screenshots.append(str(drawn))

        page.evaluate("() => window.scrollTo(0, 0)")
        page.evaluate(SETTLE)
        for chosen in filters:
            for select in ("verdict", "vpc", "target"):
                page.select_option(f"#filter-{select}", chosen.get(select, ""))
                page.evaluate(SETTLE)
            results.append(page.evaluate(SHOWN))
            if chosen.get("screenshot"):
                shot = artifacts / chosen["screenshot"]
                page.screenshot(path=str(shot))
                screenshots.append(str(shot))
        chromium.close()
    print(
        json.dumps(
            {
                "consoleErrors": errors,
                "requests": requests,
                "matrix": matrix,
                "count": count,
                "diagram": diagram,
                "filters": results,
                "screenshots": screenshots,
            }
        )
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
