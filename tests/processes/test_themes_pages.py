"""Creating, reading, editing and deleting themes."""

import pytest
from django.urls import reverse

from processes.models import Group, Theme, ValueStream
from tests.factories import FrameworkDocumentFactory, GroupFactory, ThemeFactory


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def streams(*numbers):
    return list(ValueStream.objects.filter(number__in=numbers).order_by("number"))


def test_the_facilitator_creates_a_theme_with_value_streams(as_user, facilitator, process):
    url = reverse("processes:theme_create", args=[process.pk])
    form = as_user(facilitator).get(url).content.decode()
    assert "6. Public employees" in form
    assert form.count('name="value_streams"') == 7
    five, seven = streams(5, 7)
    response = as_user(facilitator).post(
        url,
        {
            "title": " Brugerinddragelse og brugernes position ",
            "description": "Hvordan brugerne får indflydelse.",
            "challenges": "Ny handicappolitik.",
            "value_streams": [five.pk, seven.pk],
        },
    )
    theme = Theme.objects.get(process=process)
    assert response.status_code == 302
    assert response["Location"] == theme.get_absolute_url()
    assert theme.title == "Brugerinddragelse og brugernes position"
    assert set(theme.value_streams.all()) == {five, seven}


def test_new_themes_go_last(as_user, facilitator, process):
    ThemeFactory(process=process, position=4)
    url = reverse("processes:theme_create", args=[process.pk])
    as_user(facilitator).post(url, {"title": "Fremtidens dagtilbud"})
    assert Theme.objects.get(title="Fremtidens dagtilbud").position == 5


def test_it_requires_a_title(as_user, facilitator, process):
    url = reverse("processes:theme_create", args=[process.pk])
    response = as_user(facilitator).post(url, {"title": "   ", "description": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "This field is required." in html
    assert not Theme.objects.exists()


def test_it_rejects_an_unknown_value_stream(as_user, facilitator, process):
    url = reverse("processes:theme_create", args=[process.pk])
    response = as_user(facilitator).post(url, {"title": "Tema", "value_streams": ["9999"]})
    assert "Select a valid choice" in response.content.decode()
    assert not Theme.objects.exists()


def test_the_facilitator_edits_a_theme(as_user, facilitator, process):
    theme = ThemeFactory(process=process, title="Gammel")
    theme.value_streams.set(streams(1, 2))
    url = reverse("processes:theme_edit", args=[process.pk, theme.pk])
    html = as_user(facilitator).get(url).content.decode()
    assert html.count(" checked") == 2
    response = as_user(facilitator).post(
        url, {"title": "Ny", "challenges": "Faglige værdier", "value_streams": [streams(6)[0].pk]}
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.title == "Ny"
    assert theme.challenges == "Faglige værdier"
    assert list(theme.value_streams.all()) == streams(6)


def test_a_rejected_edit_keeps_the_old_heading(as_user, facilitator, process):
    theme = ThemeFactory(process=process, title="Gammel")
    url = reverse("processes:theme_edit", args=[process.pk, theme.pk])
    html = as_user(facilitator).post(url, {"title": ""}).content.decode()
    assert "Edit “Gammel”" in html
    theme.refresh_from_db()
    assert theme.title == "Gammel"


def test_the_theme_page_shows_what_the_theme_is_about(as_user, member, process):
    theme = ThemeFactory(
        process=process,
        title="Faglige værdier",
        description="Om kompetenceudvikling.",
        challenges="Nye brugergrupper.",
    )
    theme.value_streams.set(streams(6))
    FrameworkDocumentFactory(theme=theme, title="Udviklingskontrakt 2009")
    GroupFactory(process=process, theme=theme, name="Gruppe Smed")
    html = as_user(member).get(theme.get_absolute_url()).content.decode()
    assert "Om kompetenceudvikling." in html
    assert "Nye brugergrupper." in html
    assert "6. Public employees" in html
    assert "Udviklingskontrakt 2009" in html
    assert "https://example.org/handicappolitik.pdf" in html
    assert "Gruppe Smed" in html
    assert reverse("processes:theme_edit", args=[process.pk, theme.pk]) not in html


def test_the_facilitator_sees_the_edit_links(as_user, facilitator, process):
    theme = ThemeFactory(process=process)
    html = as_user(facilitator).get(theme.get_absolute_url()).content.decode()
    assert reverse("processes:theme_edit", args=[process.pk, theme.pk]) in html
    assert reverse("processes:document_create", args=[process.pk, theme.pk]) in html


def test_what_people_type_is_escaped(as_user, member, process):
    theme = ThemeFactory(process=process, title="<b>fed</b>", description="<script>x</script>")
    html = as_user(member).get(theme.get_absolute_url()).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;b&gt;fed&lt;/b&gt;" in html


def test_the_list_shows_themes_with_counts_and_streams(as_user, member, process):
    theme = ThemeFactory(process=process, title="Fremtidens dagtilbud")
    theme.value_streams.set(streams(1))
    GroupFactory(process=process, theme=theme)
    GroupFactory(process=process, theme=theme)
    FrameworkDocumentFactory(theme=theme)
    ThemeFactory(title="Et andet forløbs tema")
    html = as_user(member).get(reverse("processes:theme_list", args=[process.pk]))
    html = html.content.decode()
    assert "Fremtidens dagtilbud" in html
    assert "2 groups" in html
    assert "1 framework document" in html
    assert "1. The public sector" in html
    assert "Et andet forløbs tema" not in html


def test_the_list_does_not_grow_in_queries(as_user, member, process, django_assert_max_num_queries):
    client = as_user(member)
    url = reverse("processes:theme_list", args=[process.pk])
    for _ in range(8):
        theme = ThemeFactory(process=process)
        theme.value_streams.set(streams(1, 2, 3))
        GroupFactory(process=process, theme=theme)
        FrameworkDocumentFactory(theme=theme)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_deleting_a_theme_keeps_its_groups(as_user, facilitator, process):
    theme = ThemeFactory(process=process, title="Væk")
    group = GroupFactory(process=process, theme=theme, name="Gruppe A")
    FrameworkDocumentFactory(theme=theme)
    url = reverse("processes:theme_delete", args=[process.pk, theme.pk])
    confirm = as_user(facilitator).get(url).content.decode()
    assert "Gruppe A" in confirm
    assert "1 framework document" in confirm
    response = as_user(facilitator).post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("processes:theme_list", args=[process.pk])
    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert Group.objects.get(pk=group.pk).theme is None
