"""Property test of the main forms: whatever people type, the answer is never a 500 and
their text never comes back as live markup.

Each form is read from its page (its text fields and the first choice of each list), then
posted with drawn text: control characters, right-to-left scripts, emoji, markup, very long
strings and empty values.
"""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.debate.factories import ValueFactory
from tests.factories import GroupFactory, GroupMembershipFactory, ThemeFactory

pytestmark = pytest.mark.django_db

FORM = re.compile(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
TEXT_INPUT = re.compile(
    r'<(?:input|textarea)(?=[^>]*name="([^"]+)")(?![^>]*type="(?:hidden|checkbox|radio|submit)")',
    re.I,
)
SELECT = re.compile(r'<select[^>]*name="([^"]+)"[^>]*>.*?<option value="([^"]+)"', re.S | re.I)
HIDDEN = re.compile(r'<input(?=[^>]*type="hidden")(?=[^>]*name="([^"]+)")[^>]*value="([^"]*)"')

MARKUP = "<script>alert('qh')</script>"
hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50).map(
        lambda t: MARKUP + t
    ),
    st.sampled_from(
        ["", " ", "قيمة المساواة", "🤝🏽☕", "x" * 5000, "=1+1", "\x00\x1f", "2027-13-45"]
    ),
)


def form_fields(html: str) -> tuple[list[str], dict]:
    """The page's main form: the one with the most text fields (not logout or language)."""
    forms = FORM.findall(html)
    form = max(forms, key=lambda f: len(TEXT_INPUT.findall(f)))
    texts = [n for n in TEXT_INPUT.findall(form) if n != "csrfmiddlewaretoken"]
    fixed = dict(SELECT.findall(form))
    fixed.update({n: v for n, v in HIDDEN.findall(form) if n != "csrfmiddlewaretoken"})
    return texts, fixed


@pytest.fixture
def pages(process, facilitator, member):
    theme = ThemeFactory(process=process)
    group = GroupFactory(process=process, theme=theme)
    GroupMembershipFactory(group=group, membership=member)
    value = ValueFactory(group=group, author=member)
    return [
        (facilitator, reverse("processes:process_edit", args=[process.pk])),
        (facilitator, reverse("processes:theme_create", args=[process.pk])),
        (facilitator, reverse("processes:seminar_create", args=[process.pk])),
        (facilitator, reverse("processes:group_create", args=[process.pk])),
        (facilitator, reverse("debate:given_frame", args=[process.pk, theme.pk])),
        (member, reverse("debate:group_debate", args=[process.pk, group.pk])),
        (member, value.get_absolute_url()),
        (member, reverse("debate:idea_list", args=[process.pk, group.pk])),
        (member, reverse("debate:influence", args=[process.pk, group.pk])),
    ]


def fuzz(client, url: str, texts: list[str], fixed: dict) -> None:
    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=st.lists(hostile_text, min_size=len(texts), max_size=len(texts)))
    def post(values):
        data = dict(fixed, **dict(zip(texts, values, strict=True)))
        response = client.post(url, data)
        assert response.status_code < 500, (url, data)
        if response.status_code == 200:
            assert "<script>alert('qh')" not in response.text, url

    post()


def test_main_forms_never_fail_and_never_echo_markup(client, pages):
    for person, url in pages:
        client.force_login(person.user)
        page = client.get(url)
        assert page.status_code == 200, url
        texts, fixed = form_fields(page.text)
        assert texts, f"no text fields found on {url}"
        fuzz(client, url, texts, fixed)
