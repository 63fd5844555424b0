"""Downloaded files keep their Danish and Norwegian letters, and every page has an icon."""

import datetime
from urllib.parse import unquote

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.urls import reverse

from core.downloads import ascii_name, content_disposition, file_name
from processes.models import FrameworkDocument
from tests.factories import SeminarFactory, ThemeFactory


def filenames(header: str) -> tuple[str, str]:
    """(the ASCII filename, the UTF-8 filename*) of a Content-Disposition header."""
    ascii_part = header.split('filename="', 1)[1].split('"', 1)[0]
    utf8 = header.split("filename*=UTF-8''", 1)[1] if "filename*=" in header else ascii_part
    return ascii_part, unquote(utf8)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Slip værdidebatten løs", "Slip vaerdidebatten loes"),
        ("Ærø Åsgårdstrand ØST", "Aeroe Aasgaardstrand OeST"),
        ("Café Müller – señor", "Cafe Muller - senor"),
        ("日本", "download"),
        ('a/b\\c"d\x00e', "a-b-c-d-e"),
    ],
)
def test_the_ascii_name_spells_the_nordic_letters_out(name, expected):
    assert ascii_name(name) == expected


def test_a_name_with_nordic_letters_gets_both_spellings():
    header = content_disposition(file_name("Slip værdidebatten løs 2", "pdf", fallback="x"))
    assert header.startswith("attachment; ")
    assert filenames(header) == ("slip-vaerdidebatten-loes-2.pdf", "slip-værdidebatten-løs-2.pdf")
    assert "filename*=UTF-8''slip-v%C3%A6rdidebatten-l%C3%B8s-2.pdf" in header


def test_an_ascii_name_is_sent_as_it_is():
    assert content_disposition("seminar-3.ics") == 'attachment; filename="seminar-3.ics"'


def test_an_empty_title_falls_back():
    assert file_name("  ", "csv", fallback="initiatives") == "initiatives.csv"


@pytest.mark.django_db
def test_a_framework_document_downloads_under_its_own_name(
    as_user, member, process, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    theme = ThemeFactory(process=process)
    document = FrameworkDocument(theme=theme, title="Værdigrundlag")
    document.file.save("Kommunens værdigrundlag.pdf", ContentFile(b"%PDF-1.4\n"), save=True)

    response = as_user(member).get(
        reverse("processes:document_download", args=[process.pk, theme.pk, document.pk])
    )

    assert response.status_code == 200
    assert filenames(response["Content-Disposition"]) == (
        "Kommunens_vaerdigrundlag.pdf",
        "Kommunens_værdigrundlag.pdf",
    )


@pytest.mark.django_db
def test_the_calendar_file_has_a_download_name(as_user, member, process):
    seminar = SeminarFactory(process=process, date=datetime.date(2027, 3, 15))

    response = as_user(member).get(reverse("processes:seminar_ical", args=[process.pk, seminar.pk]))

    assert response["Content-Disposition"] == f'attachment; filename="seminar-{seminar.pk}.ics"'


@pytest.mark.django_db
def test_favicon_ico_is_served_to_anyone(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


@pytest.mark.django_db
def test_every_page_links_the_icon(client):
    html = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("favicon.svg")
