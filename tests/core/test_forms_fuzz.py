"""Property test of every form and every URL parameter: whatever people send, the answer is
never a 500 and their text never comes back as live markup.

The forms are found as a person finds them: the test client crawls the demo (with a round, a
published catalogue edition and the next one in review) in several roles, following every
link inside the app, and every form on every page is posted with drawn values: NUL bytes and
other control characters, right-to-left scripts, emoji, markup, over-long and empty values,
in text fields, hidden fields, lists and uploaded file names. The public forms (login,
password reset, choosing a new password, accepting an invitation) are
posted without logging in.

Every URL parameter is then replaced, one at a time, by NUL bytes, over-long text, huge
numbers and markup: every path parameter of every URL pattern, and every query parameter
that a link or a search form in the app uses.

Run on PostgreSQL (`make test`): SQLite stores NUL bytes and over-long text without a word,
so only PostgreSQL shows what reaches the database unchecked.
"""

import inspect
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organisations.models import Invitation
from tests.browser.demo import load_demo_with_everything, membership
from tests.module_data import kept_for_module

pytestmark = pytest.mark.django_db

MARKUP = "<script>alert('qh')</script>"
NUL = "nul\x00byte"
LONG = "x" * 5000
# The values every field gets at least once, before the drawn ones.
EDGES = [NUL, LONG, "", MARKUP]
hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50).map(
        lambda t: MARKUP + t
    ),
    st.sampled_from(
        [
            "",
            " ",
            "قيمة المساواة",
            "🤝🏽☕",
            LONG,
            "9" * 40,
            "-1",
            "²",
            "=1+1",
            "\x00",
            NUL,
            "\x1f\x7f",
            "2027-13-45",
        ]
    ),
)

# Pages that are not forms to fill in: downloads, logging out, the admin.
SKIP_VIEWS = {
    "logout",
    "processes:process_ical",
    "processes:seminar_ical",
    "processes:document_download",
    "catalog:pdf",
    "catalog:export_csv",
    "catalog:export_xlsx",
}
SKIP_PREFIXES = ("/static/", "/media/", "/admin/")
ROLES = ("facilitator", "leader", "henrik", "sofie", "jens")
TEXT_TYPES = {
    "",
    "text",
    "email",
    "number",
    "date",
    "datetime-local",
    "time",
    "url",
    "search",
    "password",
    "tel",
}


@dataclass
class Form:
    method: str
    action: str
    texts: list[str] = field(default_factory=list)  # typed by the person
    fixed: dict[str, str] = field(default_factory=dict)  # chosen or sent by the page
    files: list[str] = field(default_factory=list)

    @property
    def fields(self) -> list[str]:
        return self.texts + list(self.fixed) + self.files


class FormParser(HTMLParser):
    """Every <form> of a page with its fields: text inputs and text areas, hidden inputs,
    the first option of each list, the first choice of radio and checkbox groups, the named
    submit buttons and file inputs."""

    def __init__(self, url: str):
        super().__init__()
        self.url, self.forms, self.form, self.select = url, [], None, None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = a.get("action") or a.get("hx-post") or self.url
            self.form = Form(method=a.get("method", "get").lower(), action=action)
            self.forms.append(self.form)
        if self.form is None or not a.get("name") or a["name"] == "csrfmiddlewaretoken":
            return
        name = a["name"]
        if tag == "textarea" or (tag == "input" and a.get("type", "").lower() in TEXT_TYPES):
            self.form.texts.append(name)
        elif tag == "input" and a.get("type") == "file":
            self.form.files.append(name)
        elif tag in ("input", "button"):
            self.form.fixed.setdefault(name, a.get("value", "on"))
        elif tag == "select":
            self.select = name
        if tag == "option" and self.select and self.select not in self.form.fixed:
            self.form.fixed[self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        if tag == "select":
            self.select = None


def forms_of(url: str, html: str) -> list[Form]:
    parser = FormParser(url)
    parser.feed(html)
    return [f for f in parser.forms if f.fields]


def view_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


HREF = re.compile(r'<a [^>]*href="(/[^"]*)"')


def crawl(client: Client) -> dict[str, tuple[str, str]]:
    """One page per view the person can reach: {view name: (url, html)}."""
    queue, pages = ["/"], {}
    while queue:
        url = queue.pop(0)
        view = view_name(url)
        if view is None or view in pages or view in SKIP_VIEWS or url.startswith(SKIP_PREFIXES):
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        pages[view] = (url, html)
        queue += [href.replace("&amp;", "&") for href in HREF.findall(html)]
    return pages


def check(response, what) -> None:
    assert response.status_code < 500, what
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        assert "<script>alert('qh')" not in response.content.decode(), what


def post_form(client: Client, form: Form, values: dict[str, str]) -> None:
    data = dict(form.fixed)
    data.update(values)
    for name in form.files if form.method == "post" else []:
        # The drawn text becomes the uploaded file's name.
        upload_name = (values.get(name) or "x")[:300] + ".pdf"
        data[name] = SimpleUploadedFile(upload_name, b"%PDF-1.4\n", "application/pdf")
    if form.method == "post":
        response = client.post(form.action, data)
    else:
        response = client.get(form.action, data)
    check(response, (form.action, data))


def fuzz_form(client: Client, form: Form, examples: int = 8) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        values=st.fixed_dictionaries(
            {n: hostile_text for n in form.texts + form.files}
            | {n: st.one_of(st.just(v), hostile_text) for n, v in form.fixed.items()}
        )
    )
    def post(values):
        post_form(client, form, values)

    post()
    # Then each edge case in every field at once (last: markup in every field may be a valid
    # entry, such as an accepted invitation), and each field alone with a NUL byte.
    for name in form.fields:
        post_form(client, form, {name: NUL})
    for edge in EDGES:
        post_form(client, form, dict.fromkeys(form.fields, edge))


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        message = "the fuzz test runs on PostgreSQL (set DATABASE_URL; `make test` does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo with everything, loaded once for the module's four tests (each runs in a
    savepoint, so what one posts is undone before the next)."""
    with kept_for_module(django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        ):
            process = load_demo_with_everything()
        yield process


@pytest.fixture
def demo(settings, tmp_path, on_postgresql, shared_demo):
    settings.MEDIA_ROOT = tmp_path / "media"
    return shared_demo


def anonymous() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=True)


# -- Forms ------------------------------------------------------------------------------------


# Forms the crawl must find: if one disappears from the crawl, the test says so.
EXPECTED_FORM_VIEWS = {
    "processes:process_edit",
    "processes:theme_create",
    "processes:seminar_create",
    "processes:group_create",
    "debate:given_frame",
    "debate:group_debate",
    "debate:idea_list",
    "debate:influence",
    "catalog:edit",
    "organisations:invitation_create",
    "organisations:my_profile",
}


def test_every_form_in_every_role_never_fails_and_never_echoes_markup(demo):
    # The edition in review goes back to draft, so its editing form is on a page too.
    demo.catalogue_editions.filter(status="review").update(status="draft")
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=True)
    fuzzed: dict[tuple[str, str], str] = {}
    for person in ROLES:
        client.force_login(membership(person).user)
        for url, html in crawl(client).values():
            for form in forms_of(url, html):
                key = (view_name(form.action) or form.action, ",".join(sorted(form.fields)))
                if key in fuzzed or view_name(form.action) in SKIP_VIEWS | {"set_language"}:
                    continue
                fuzzed[key] = person
                fuzz_form(client, form)
        client.logout()
    reached = {view for view, _ in fuzzed}
    missing = EXPECTED_FORM_VIEWS - reached
    assert not missing, f"the crawl found no form for {missing}; it fuzzed {sorted(reached)}"
    print(f"{len(fuzzed)} forms fuzzed: {sorted(reached)}")


def test_the_public_forms_never_fail(demo):
    client = anonymous()
    facilitator = membership("facilitator")
    invitation = Invitation.objects.create(
        organisation=facilitator.organisation, email="new.person@example.org"
    )
    user = facilitator.user
    reset_url = reverse(
        "password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    # Django answers the reset link with a redirect to a URL without the token.
    set_password_url = client.get(reset_url).url
    pages = [
        reverse("login"),
        reverse("password_reset"),
        set_password_url,
        invitation.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        forms = [f for f in forms_of(url, response.content.decode()) if f.texts]
        assert forms, f"no form found on {url}"
        for form in forms:
            fuzz_form(client, form, examples=15)


# -- URL parameters ---------------------------------------------------------------------------


PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
# Path parameters as they are sent: percent-encoded where a browser would encode them.
HOSTILE_PATH_VALUES = ["abc%00def", "9" * 40, "x" * 3000, quote("🤝🏽"), quote(MARKUP, safe="")]
HOSTILE_QUERY_VALUES = [NUL, LONG, "9" * 40, "-1", "²", "٣", MARKUP, ""]


def routes(resolver=None, prefix=""):
    """Every URL pattern as (full route, view name, view), the admin left out."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue
            namespace = pattern.namespace
            for sub_route, name, view in routes(pattern, route):
                yield sub_route, f"{namespace}:{name}" if namespace else name, view
        elif isinstance(pattern, URLPattern) and isinstance(pattern.pattern, RoutePattern):
            yield route, pattern.name, pattern.callback


def path_with(route: str, values: dict[str, str]) -> str:
    return "/" + PARAMETER.sub(lambda m: values[m["name"]], route)


def test_every_path_parameter_never_fails(demo):
    facilitator = membership("facilitator").user
    # The real values a crawl finds, so only one parameter at a time is wrong.
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=True)
    client.force_login(facilitator)
    real = {view: resolve(urlsplit(url).path).kwargs for view, (url, _) in crawl(client).items()}
    checked = 0
    for route, name, _ in routes():
        parameters = [m["name"] for m in PARAMETER.finditer(route)]
        if not parameters or route.startswith(("static", "media")):
            continue
        known = {p: str(real.get(name, {}).get(p, 1)) for p in parameters}
        for parameter in parameters:
            for value in HOSTILE_PATH_VALUES:
                url = path_with(route, known | {parameter: value})
                check(client.get(url), url)
                check(client.post(url, {"name": "x"}), ("POST", url))
                check(anonymous().get(url), ("anonymous", url))
                checked += 1
    assert checked > 200, checked


# Query parameters a view reads by hand: `request.GET.get("name")`, `request.GET["name"]`.
GET_PARAMETER = re.compile(r"""request\.GET(?:\.get\(|\.getlist\(|\[)\s*["']([^"']+)["']""")
# Read through a helper, so the source scan cannot see them.
INDIRECT_QUERIES = {"catalog:changes": {"from", "to"}}


def queries_read_by_views() -> dict[str, set[str]]:
    """{view name: the query parameters it reads}, from the view function's own source (the
    parameters a helper reads are in INDIRECT_QUERIES; those a search form sends come from
    the crawl)."""
    found = {}
    for _route, name, view in routes():
        try:
            source = inspect.getsource(inspect.unwrap(view))
        except (TypeError, OSError):
            continue
        names = set(GET_PARAMETER.findall(source)) | INDIRECT_QUERIES.get(name, set())
        if names:
            found[name] = names
    return found


def test_every_query_parameter_never_fails(demo):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=True)
    # {view: (the person who saw a link to it, its path, the query parameters it is given)}
    queries: dict[str, tuple[str, str, set[str]]] = {}

    def found(person, target, names):
        view = view_name(target)
        if view and names:
            queries.setdefault(view, (person, urlsplit(target).path, set()))[2].update(names)

    for person in ROLES:
        client.force_login(membership(person).user)
        for url, html in crawl(client).values():
            for link in (href.replace("&amp;", "&") for href in HREF.findall(html)):
                found(person, link, [k for k, _ in parse_qsl(urlsplit(link).query)])
            for form in forms_of(url, html):
                if form.method == "get":
                    found(person, form.action, form.fields)
    assert queries, "no link or search form with a query string was found"
    # Parameters the views read that no link on a crawled page carried.
    client.force_login(membership("facilitator").user)
    real = {view: url for view, (url, _) in crawl(client).items()}
    # For a view the crawl did not reach, the path parameters of the same name it did meet.
    known = {
        name: str(value)
        for url in real.values()
        for name, value in resolve(urlsplit(url).path).kwargs.items()
    }
    read = queries_read_by_views()
    for route, view, _ in routes():
        parameters = {m["name"] for m in PARAMETER.finditer(route)}
        if view in read and view not in real and parameters <= set(known):
            real[view] = path_with(route, known)
    for view, names in read.items():
        if view in real:
            found("facilitator", real[view], names)
    for view, (person, path, names) in queries.items():
        client.force_login(membership(person).user)
        for name in names:
            for value in HOSTILE_QUERY_VALUES:
                check(client.get(path, {name: value}), (view, name, value))
    for url in (reverse("login"), reverse("password_reset"), reverse("accessibility")):
        for value in HOSTILE_QUERY_VALUES:
            check(anonymous().get(url, {"next": value, "code": value}), (url, value))
    print(f"query parameters fuzzed: { {v: sorted(n) for v, (_, _, n) in queries.items()} }")
