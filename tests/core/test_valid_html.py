"""Valid HTML: the Nu HTML Checker (vnu-jar) finds no errors on the main pages, in every role.

The pages come from the same crawl as a user's: starting at the dashboard of the demo (with a
round, a published catalogue edition and the next one in review), following every link inside
the app once per view, through Django's test client. All pages go to the checker in one run.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from tests.browser.demo import load_demo_with_everything, membership
from tests.browser.test_axe_every_page import SKIP_PREFIXES, SKIP_VIEWS

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HREF = re.compile(r'<a [^>]*href="(/[^"]*)"')
# htmx's hx-* attributes are not in the HTML standard's list; the checker reports each one.
# They are the only errors ignored.
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z-]+” not allowed on element")


def crawl(client) -> dict[str, str]:
    queue, pages = ["/"], {}
    while queue:
        path = queue.pop(0)
        try:
            view = resolve(urlsplit(path).path).view_name
        except Resolver404:
            continue
        if view in pages or view in SKIP_VIEWS or path.startswith(SKIP_PREFIXES):
            continue
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        html = response.content.decode()
        pages[view] = html
        queue += [href.replace("&amp;", "&") for href in HREF.findall(html)]
    return pages


@pytest.fixture
def vnu():
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        message = "the Nu HTML Checker needs Java and `npm ci` (vnu-jar)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-jar", str(VNU_JAR)]


@pytest.mark.django_db
def test_every_page_is_valid_html_in_every_role(client, vnu, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_with_everything()  # the same demo as the browser crawl
    files = []
    for person in ("facilitator", "leader", "henrik", "sofie", "jens"):
        client.force_login(membership(person).user)
        for view, html in crawl(client).items():
            path = tmp_path / f"{person}-{view.replace(':', '-')}.html"
            path.write_text(html, encoding="utf-8")
            files.append(path)
        client.logout()
    client_pages = {"login": "/accounts/login/", "accessibility": "/accessibility/"}
    for name, url in client_pages.items():
        path = tmp_path / f"anonymous-{name}.html"
        path.write_text(client.get(url).content.decode(), encoding="utf-8")
        files.append(path)
    assert len(files) > 60

    result = subprocess.run(  # noqa: S603 - the checker from node_modules, our own files
        [*vnu, "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    # One line per distinct problem, with the first page it was found on.
    errors: dict[str, str] = {}
    for m in messages:
        text = m.get("message", "")
        if m.get("type") == "error" and not HTMX_ATTRIBUTE.search(text):
            errors.setdefault(text, f"{Path(m.get('url', '')).name}:{m.get('lastLine')}")
    assert not errors, "\n".join(f"{where}: {text}" for text, where in errors.items())
