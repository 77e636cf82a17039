"""Open report HTML in real headless Chromium with the network blocked (test helper)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        message = "Chromium not installed: `make test` installs Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class PageCheck:
    blocked: list[str] = field(default_factory=list)  # requests to anything but the file itself
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    text: str = ""
    images: int = 0
    broken_images: int = 0
    visible_code: int = 0
    toc_links: int = 0
    broken_toc_links: list[str] = field(default_factory=list)


def check_page(path: Path, screenshot: Path | None = None) -> PageCheck:
    """Load ``path`` offline and collect what a reader would run into."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    result = PageCheck()
    url = path.resolve().as_uri()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 1600})

        def route(r):
            if r.request.url.split("#")[0] == url:
                r.continue_()
            else:
                result.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("requestfailed", lambda req: result.failed.append(req.url))
        page.on("console", lambda msg: result.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: result.page_errors.append(str(exc)))
        page.on("dialog", lambda d: (result.dialogs.append(d.message), d.dismiss()))
        page.goto(url, wait_until="load")
        result.text = page.inner_text("body")
        result.images = page.locator("img").count()
        result.broken_images = page.evaluate(
            "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).length"
        )
        result.visible_code = page.evaluate(
            "Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputArea, .jp-InputPrompt, "
            ".jp-OutputPrompt, .jp-CodeMirrorEditor'))"
            ".filter(e => e.offsetParent !== null && e.innerText.trim() !== '').length"
        )
        hrefs = page.eval_on_selector_all(".rapport-toc a", "els => els.map(e => e.getAttribute('href'))")
        result.toc_links = len(hrefs)
        for href in hrefs:
            page.click(f".rapport-toc a[href='{href}']")
            target = page.evaluate(
                "() => { const f = location.hash.slice(1); const el = document.getElementById(f) || "
                "document.getElementById(decodeURIComponent(f)); if (!el) return null; "
                "const r = el.getBoundingClientRect(); return r.top; }"
            )
            # The heading is scrolled to the top, or as far as the end of the page allows.
            if target is None or not -2 <= target < page.viewport_size["height"]:
                result.broken_toc_links.append(href)
        if screenshot is not None:
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    return result


#: axe-core, installed from package-lock.json by `make browser` (npm ci); test-only.
AXE_SCRIPT = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
#: The rules axe runs: WCAG 2.0/2.1 A and AA plus axe's best practices (landmarks, regions).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(path: Path) -> list[dict]:
    """Run axe-core on ``path`` offline in headless Chromium; its violations at every impact
    level, each as {id, impact, help, nodes: [css target, ...]}."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    if not AXE_SCRIPT.exists():
        message = "axe-core not installed: `make browser` runs npm ci"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    url = path.resolve().as_uri()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # The reports forbid scripts (Content-Security-Policy); axe is the tester's own script.
        page = browser.new_page(viewport={"width": 1200, "height": 1600}, bypass_csp=True)
        page.route("**/*", lambda r: r.continue_() if r.request.url.split("#")[0] == url else r.abort())
        page.goto(url, wait_until="load")
        page.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
        found = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})).violations.map(v => ({id: v.id, impact: v.impact,"
            " help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))",
            AXE_TAGS,
        )
        browser.close()
    return found
