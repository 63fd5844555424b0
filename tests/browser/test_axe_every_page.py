"""Accessibility of every page, in every role: a crawler follows the links each role sees.

Starting from the dashboard, each person of the demo organisation follows every link inside
the app, one page per view (the first URL met for it), and every page is checked with axe
(WCAG 2.1 A and AA) and for Content Security Policy violations. The demo is set up so that
every kind of page exists: values, ideas, a round, a published catalogue edition and the next
one in review. New pages are covered as soon as a link leads to them.

Every role crawls all the pages it can reach (and must reach the pages its role is for), but
a page already checked at the same width in an earlier role of this module is not checked
again: the roles see the same templates, and checking each page once per width keeps the
crawl affordable. Pages only one role sees are checked in that role.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from core.management.commands.load_demo import DEMO_PASSWORD
from tests.browser.demo import load_demo_with_everything, membership

pytestmark = pytest.mark.browser

# Links that download files or change state through GET-less endpoints are not pages.
SKIP_VIEWS = {
    "logout",
    "set_language",
    "processes:process_ical",
    "processes:seminar_ical",
    "processes:document_download",
    "catalog:pdf",
    "catalog:export_csv",
    "catalog:export_xlsx",
    "spreading:meeting_ical",
    "spreading:story_image",
    "cycles:export",
    "join_short",
}
SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/i18n/")
# A ceiling, so a link explosion shows up as a failure rather than a slow build.
MAX_PAGES_PER_ROLE = 120


def view_of(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


# (view, width) pairs already checked by an earlier role in this module.
CHECKED: set[tuple[str, str]] = set()


def crawl(page, axe_check) -> list[str]:
    queue, seen_views, visited = ["/"], set(), []
    while queue:
        path = queue.pop(0)
        view = view_of(path)
        if view is None or view in seen_views or view in SKIP_VIEWS:
            continue
        seen_views.add(view)
        response = page.goto(path)
        assert response is not None and response.status < 400, f"{path}: {response.status}"
        if (view, page.qh_width) not in CHECKED:
            axe_check(page, f"{view} ({path})")
            CHECKED.add((view, page.qh_width))
        visited.append(view)
        assert len(visited) <= MAX_PAGES_PER_ROLE
        hrefs = page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.getAttribute('href'))"
        )
        for href in hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP_PREFIXES):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if view_of(parts.path) not in seen_views:
                queue.append(target)
    return visited


@pytest.fixture
def demo_with_everything(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return load_demo_with_everything()


@pytest.mark.parametrize(
    ("person", "width", "expected"),
    [
        (
            "facilitator",
            "desktop",
            {"catalog:edition", "live:seminar_control", "processes:composition"},
        ),
        ("leader", "desktop", {"catalog:preview", "debate:round_detail", "debate:given_frame"}),
        ("henrik", "desktop", {"catalog:edition", "debate:group_debate"}),
        ("sofie", "phone", {"catalog:catalogue", "debate:idea_detail", "debate:influence"}),
        ("jens", "desktop", {"debate:overview", "processes:seminar_detail"}),
    ],
)
def test_every_page_a_role_can_reach_passes_axe(
    page_at, login, axe_check, demo_with_everything, person, width, expected
):
    page = page_at(width)
    login(page, membership(person), DEMO_PASSWORD)
    visited = crawl(page, axe_check)
    print(f"{person}: {len(visited)} pages: {sorted(visited)}")
    missing = expected - set(visited)
    assert not missing, f"the crawl never reached {missing}; it visited {sorted(visited)}"
