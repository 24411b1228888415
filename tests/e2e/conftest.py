"""Browser tests: the app on a live server in a thread, Debian's Chromium driven by Playwright.

Never downloads a browser: Chromium is /usr/bin/chromium (installed by .ci/run).
Every page a test visits can be checked with `check_a11y(page)` (axe-core, WCAG 2.1 AA),
and any Content-Security-Policy violation or page error fails the test.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
ARTIFACTS = Path(__file__).parent / "artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def _server(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def live_server(app, _server) -> Iterator[str]:
    """The running server's address; links in e-mails, feeds and badges point at it during the test."""
    previous = app.config["BASE_URL"]
    app.config["BASE_URL"] = _server
    yield _server
    app.config["BASE_URL"] = previous


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield b
        b.close()


class PageProblems(list):
    pass


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server, locale="nb-NO", timezone_id="Europe/Oslo",
                                  viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems = PageProblems()
    pg.on("console", lambda msg: problems.append(msg.text)
          if msg.type == "error" and ("Content Security Policy" in msg.text or "Refused" in msg.text) else None)
    pg.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    pg.problems = problems
    yield pg
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"), full_page=True)
    context.close()
    assert not problems, problems


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


def check_a11y(page, context_label: str = "") -> None:
    """Run axe-core on the current page; fail with a readable list of WCAG 2.1 AA violations."""
    page.evaluate(AXE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not violations, f"axe on {context_label or page.url}:\n" + "\n".join(violations)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
