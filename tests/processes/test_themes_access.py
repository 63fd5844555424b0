"""Who may see and change themes and framework documents: every URL for every role, the
outsider and wrong methods."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from processes.models import FrameworkDocument, Theme
from tests.factories import FrameworkDocumentFactory, ThemeFactory

READERS = ["facilitator", "leader", "group_lead", "member", "external"]
NON_PLANNERS = ["leader", "group_lead", "member", "external"]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def theme(process):
    return ThemeFactory(process=process, title="Brugerinddragelse")


@pytest.fixture
def document(theme):
    document = FrameworkDocumentFactory(theme=theme, title="Handicappolitik")
    document.file.save("handicappolitik.pdf", ContentFile(PDF))
    return document


def urls(process, theme, document):
    p, t, d = process.pk, theme.pk, document.pk
    return {
        "theme_list": reverse("processes:theme_list", args=[p]),
        "theme_create": reverse("processes:theme_create", args=[p]),
        "theme_detail": reverse("processes:theme_detail", args=[p, t]),
        "theme_edit": reverse("processes:theme_edit", args=[p, t]),
        "theme_delete": reverse("processes:theme_delete", args=[p, t]),
        "document_create": reverse("processes:document_create", args=[p, t]),
        "document_download": reverse("processes:document_download", args=[p, t, d]),
        "document_delete": reverse("processes:document_delete", args=[p, t, d]),
    }


READ = ["theme_list", "theme_detail", "document_download"]
WRITE = ["theme_create", "theme_edit", "theme_delete", "document_create", "document_delete"]


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("name", READ)
def test_everyone_in_the_organisation_can_read(
    request, as_user, process, theme, document, name, role
):
    response = as_user(request.getfixturevalue(role)).get(urls(process, theme, document)[name])
    assert response.status_code == 200
    if name == "document_download":
        assert b"".join(response.streaming_content) == PDF
    else:
        assert "Brugerinddragelse" in response.text
        if name == "theme_detail":
            assert "Handicappolitik" in response.text


WRITE_PAGE_SHOWS = {
    "theme_create": ["<h1>New theme</h1>", 'name="title"'],
    "theme_edit": ["<h1>Edit “Brugerinddragelse”</h1>", 'value="Brugerinddragelse"'],
    "theme_delete": ["<h1>Delete “Brugerinddragelse”?</h1>"],
    "document_create": ["<h1>Add a framework document</h1>", 'type="file"'],
    "document_delete": ["<h1>Delete “Handicappolitik”?</h1>"],
}


@pytest.mark.parametrize("name", WRITE)
def test_the_facilitator_opens_the_write_pages(
    as_user, facilitator, process, theme, document, name
):
    response = as_user(facilitator).get(urls(process, theme, document)[name])
    assert response.status_code == 200
    for text in WRITE_PAGE_SHOWS[name]:
        assert text in response.text


@pytest.mark.parametrize("role", NON_PLANNERS)
@pytest.mark.parametrize("name", WRITE)
def test_other_roles_are_refused_the_write_pages(
    request, as_user, process, theme, document, name, role
):
    client = as_user(request.getfixturevalue(role))
    url = urls(process, theme, document)[name]
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Sneaky", "url": "https://example.org"}).status_code == 403
    assert Theme.objects.filter(pk=theme.pk, title="Brugerinddragelse").exists()
    assert not Theme.objects.filter(title="Sneaky").exists()
    assert list(FrameworkDocument.objects.all()) == [document]


@pytest.mark.parametrize("name", READ + WRITE)
def test_the_outsider_gets_404_everywhere(as_user, outsider, process, theme, document, name):
    client = as_user(outsider)
    url = urls(process, theme, document)[name]
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Sneaky", "url": "https://example.org"}).status_code in (
        404,
        405,
    )
    assert Theme.objects.filter(pk=theme.pk, title="Brugerinddragelse").exists()
    assert FrameworkDocument.objects.filter(pk=document.pk).exists()


def test_a_theme_of_another_process_is_not_found_under_this_one(
    as_user, facilitator, process, organisation
):
    elsewhere = ThemeFactory(process__organisation=organisation)
    url = reverse("processes:theme_detail", args=[process.pk, elsewhere.pk])
    assert as_user(facilitator).get(url).status_code == 404


def test_a_document_of_another_theme_is_not_found_under_this_one(
    as_user, member, process, theme, document
):
    other = ThemeFactory(process=process)
    url = reverse("processes:document_download", args=[process.pk, other.pk, document.pk])
    assert as_user(member).get(url).status_code == 404


@pytest.mark.parametrize("name", READ)
def test_read_pages_refuse_posts(as_user, facilitator, process, theme, document, name):
    assert as_user(facilitator).post(urls(process, theme, document)[name]).status_code == 405


@pytest.mark.parametrize("name", WRITE)
def test_write_pages_refuse_other_methods(as_user, facilitator, process, theme, document, name):
    client = as_user(facilitator)
    url = urls(process, theme, document)[name]
    assert client.delete(url).status_code == 405
    assert client.put(url).status_code == 405
    assert FrameworkDocument.objects.filter(pk=document.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, process, theme, document):
    response = client.get(urls(process, theme, document)["document_download"])
    assert response.status_code == 302
    assert "login" in response["Location"]
