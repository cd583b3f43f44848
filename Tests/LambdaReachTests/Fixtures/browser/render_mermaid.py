"""Renders Mermaid files with mermaid.js in Chromium, as GitHub would draw them.

    python3 render_mermaid.py DIAGRAM.mmd...

Prints one JSON object: {"mermaidJs": the script used, "consoleErrors": [...], "results": one
per file, {"file", "ok", "error": mermaid's parse or render error, "svg": the rendered SVG's
length, "text": the text the drawing shows, "nodes": how many nodes mermaid drew}}. Exit
status 0 when every file renders, 1 when one does not, 77 when a tool is missing (browser.py).
"""

import json
import pathlib
import sys

import browser

RENDER = """async ([id, text]) => {
    try {
        await mermaid.parse(text);
        const { svg } = await mermaid.render(id, text);
        const holder = document.createElement("div");
        holder.innerHTML = svg;
        document.body.appendChild(holder);
        const drawn = holder.querySelector("svg");
        // The text the diagram shows, without its stylesheet's.
        if (drawn) drawn.querySelectorAll("style").forEach((style) => style.remove());
        const result = {
            ok: !!drawn && !svg.includes("Syntax error"),
            error: null,
            svg: svg.length,
            text: drawn ? drawn.textContent : "",
            nodes: holder.querySelectorAll("g.node").length,
        };
        holder.remove();
        return result;
    } catch (error) {
        return { ok: false, error: String((error && error.message) || error), svg: 0, text: "", nodes: 0 };
    }
}"""


def main(files):
    script = browser.mermaid_js()
    start = browser.sync_playwright()
    errors = []
    results = []
    with start() as playwright:
        chromium = browser.launch(playwright)
        page = chromium.new_page()
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.set_content("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>")
        page.add_script_tag(path=script)
        page.evaluate("() => mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' })")
        for index, name in enumerate(files):
            text = pathlib.Path(name).read_text(encoding="utf-8")
            result = page.evaluate(RENDER, [f"diagram{index}", text])
            result["file"] = name
            results.append(result)
        chromium.close()
    print(json.dumps({"mermaidJs": script, "results": results, "consoleErrors": errors}))
    return 0 if all(r["ok"] for r in results) and not errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
