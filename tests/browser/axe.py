"""axe-core inside the browser tests: inject the npm package's axe.min.js and run every rule.

axe-core is a test-only npm package (package.json devDependencies); it is never served by the app.
The script is evaluated through Playwright (the page's CSP forbids inline scripts, and rightly: a
<script> tag would be blocked; an evaluation from the test is not). Results are reduced to one
readable line per violation.
"""

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# every rule axe has for WCAG 2.0/2.1 A and AA, plus its best practices (e.g. region)
RUN_AXE = """async () => {
    const result = await window.axe.run(document, {
        resultTypes: ['violations'],
        runOnly: {type: 'tag',
                  values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
    });
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
    }));
}"""


def violations(page: Page) -> list[dict[str, Any]]:
    """Return axe-core's violations on the page as it is now (every WCAG 2.1 A/AA rule)."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate("(source) => { (0, eval)(source); }", AXE_JS.read_text(encoding="utf-8"))
    return list(page.evaluate(RUN_AXE))


def report(found: list[dict[str, Any]]) -> str:
    """Return the violations as lines a failing assertion can show."""
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} ×{len(v['nodes'])}")
        lines += [f"    {n['target']}: {n['summary'].splitlines()[-1].strip()}"
                  for n in v["nodes"][:6]]
    return "\n".join(lines)
