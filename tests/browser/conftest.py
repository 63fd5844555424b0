"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server.

Without Chromium the browser tests are skipped with a loud, counted message, except in CI
(env CI set), where a missing browser fails them: a green CI must have run them.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.live_servers import live_servers, servers  # noqa: F401 - fixtures used here

# Playwright's sync API runs an asyncio loop in this thread; Django would otherwise refuse
# the ORM calls that tests and fixtures make next to it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("QH_ARTIFACTS") or ROOT / "artifacts" / "screenshots").resolve()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IN_CI = bool(os.environ.get("CI"))

_skip_reasons: set[str] = set()
_screenshots: list[Path] = []


def _missing(what: str, how: str):
    """Fail in CI; elsewhere skip, loudly, so nobody mistakes a skip for a pass."""
    message = f"BROWSER TESTS NOT RUN: {what}. {how}"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    _skip_reasons.add(message)
    pytest.skip(message)


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if not executable or not Path(executable).exists():
        _missing(
            "Chromium is not installed",
            "Run `make test` as root (it installs Debian's chromium) or set CHROMIUM_PATH.",
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page_at(browser, live_server, request):
    """`page_at("phone")` or `page_at("desktop")`: a fresh browser context and page.

    Every page records Content Security Policy violations from the console; a test that
    causes any fails after its body has run (see pytest_runtest_call below).
    """
    contexts = []
    violations = request.node.qh_csp_violations = []

    def open_page(width: str = "desktop"):
        context = browser.new_context(base_url=live_server.url, locale="da-DK", **VIEWPORTS[width])
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()

        def on_console(message):
            if "Content Security Policy" in message.text:
                violations.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.qh_width = width
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    violations = getattr(item, "qh_csp_violations", None)
    if violations:
        pytest.fail(
            "Content Security Policy violations:\n" + "\n".join(f"  - {v}" for v in violations),
            pytrace=False,
        )
    return result


@pytest.fixture
def login():
    """Log in through the real login form: `login(page, membership_or_user)`.

    Returns the response of the page the form leads to (after redirects)."""

    def log_in(page, user, password=PASSWORD):
        user = getattr(user, "user", user)
        page.goto(reverse("login"))
        page.locator("#id_username").fill(user.get_username())
        page.locator("#id_password").fill(password)
        with page.expect_navigation() as navigation:
            page.locator("main form button[type=submit]").click()
        return navigation.value

    return log_in


@pytest.fixture
def axe_check():
    """Run axe-core's WCAG 2.1 A/AA rules on the page; fail with a readable list."""
    if not AXE_JS.exists():
        _missing("axe-core is not installed", "Run `npm ci` (or `make test`).")
    source = AXE_JS.read_text(encoding="utf-8")

    def check(page, context: str = ""):
        # evaluate() runs through the DevTools protocol, which the page's strict CSP
        # does not apply to; a <script> tag would be blocked (and reported as a violation).
        if not getattr(page.context, "qh_axe", False):
            # From now on every page of this context starts with axe loaded, instead of
            # sending its half a megabyte of script through the protocol after each load.
            page.context.add_init_script(script=source)
            page.context.qh_axe = True
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(source)
        violations = page.evaluate(
            """async (tags) => {
                const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
                return result.violations.map(v => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    targets: v.nodes.map(n => n.target.join(" ")),
                }));
            }""",
            WCAG_TAGS,
        )
        if violations:
            lines = [f"axe found {len(violations)} WCAG 2.1 A/AA problem(s) on {page.url}"]
            if context:
                lines[0] += f" ({context})"
            for v in violations:
                lines.append(f"  - {v['id']} [{v['impact']}]: {v['help']}")
                lines.extend(f"      at {target}" for target in v["targets"][:10])
            pytest.fail("\n".join(lines), pytrace=False)

    return check


@pytest.fixture
def screenshot(request):
    """`screenshot(page, "login")` saves a full-page PNG into the artefacts folder."""

    def take(page, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        width = getattr(page, "qh_width", "page")
        path = ARTIFACTS / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        _screenshots.append(path)
        return path

    return take


def pytest_terminal_summary(terminalreporter):
    if _skip_reasons:
        skipped = sum(
            "BROWSER TESTS NOT RUN" in str(report.longrepr)
            for report in terminalreporter.stats.get("skipped", [])
        )
        terminalreporter.section(f"{skipped} BROWSER TESTS SKIPPED", sep="!", red=True, bold=True)
        for reason in sorted(_skip_reasons):
            terminalreporter.write_line(reason, red=True, bold=True)
    terminalreporter.write_sep("-", "browser screenshots")
    terminalreporter.write_line(f"{len(_screenshots)} screenshot(s) in {ARTIFACTS}")
