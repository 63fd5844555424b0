"""Framework documents: a link or a checked upload, served only to members."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from processes.models import FrameworkDocument
from tests.factories import ThemeFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def theme(process):
    return ThemeFactory(process=process, title="Brugerinddragelse")


def create_url(theme):
    return reverse("processes:document_create", args=[theme.process_id, theme.pk])


def upload(client, theme, name, content, **data):
    data.setdefault("title", "Handicappolitik 2008")
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(create_url(theme), data)


def office_file(marker: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(marker, "x")
        archive.writestr("content.xml", "<x/>")
    return buffer.getvalue()


def test_a_good_pdf_is_kept_and_members_download_it(as_user, facilitator, member, theme):
    response = upload(as_user(facilitator), theme, "Handicappolitik.pdf", PDF)
    document = FrameworkDocument.objects.get(theme=theme)
    assert response.status_code == 302
    assert response["Location"] == theme.get_absolute_url() + "#documents"

    client = as_user(member)
    page = client.get(theme.get_absolute_url()).content.decode()
    download = reverse(
        "processes:document_download", args=[theme.process_id, theme.pk, document.pk]
    )
    assert download in page
    assert "(PDF)" in page

    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Handicappolitik" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_the_page_never_links_to_the_media_directory(as_user, facilitator, member, theme):
    upload(as_user(facilitator), theme, "politik.pdf", PDF)
    html = as_user(member).get(theme.get_absolute_url()).content.decode()
    assert "/media/" not in html


def test_the_outsider_cannot_download(as_user, facilitator, outsider, theme):
    upload(as_user(facilitator), theme, "politik.pdf", PDF)
    document = FrameworkDocument.objects.get()
    url = reverse("processes:document_download", args=[theme.process_id, theme.pk, document.pk])
    assert as_user(outsider).get(url).status_code == 404


def test_a_fake_pdf_is_rejected(as_user, facilitator, theme):
    response = upload(as_user(facilitator), theme, "politik.pdf", b"<html>not a pdf</html>")
    html = response.content.decode()
    assert response.status_code == 200
    assert "The file’s content does not match its name" in html
    assert not FrameworkDocument.objects.exists()


def test_an_oversize_file_is_rejected(as_user, facilitator, theme, settings, media):
    settings.UPLOAD_MAX_BYTES = 100
    response = upload(as_user(facilitator), theme, "politik.pdf", PDF + b"x" * 200)
    html = response.content.decode()
    assert "files can be at most 100" in html
    assert not FrameworkDocument.objects.exists()
    assert not list(media.rglob("*.pdf"))


def test_an_unknown_type_is_rejected(as_user, facilitator, theme):
    response = upload(as_user(facilitator), theme, "program.exe", b"MZ\x90\x00")
    assert "Upload a PDF, an office document" in response.content.decode()
    assert not FrameworkDocument.objects.exists()


def test_an_office_file_must_be_a_real_office_file(as_user, facilitator, theme):
    client = as_user(facilitator)
    response = upload(client, theme, "kontrakt.docx", b"PK\x03\x04 but not a zip at all")
    assert "does not match its name" in response.content.decode()
    assert (
        upload(client, theme, "kontrakt.docx", office_file("[Content_Types].xml")).status_code
        == 302
    )
    assert upload(client, theme, "kontrakt.odt", office_file("mimetype")).status_code == 302
    assert FrameworkDocument.objects.count() == 2


def test_text_files_must_be_utf8(as_user, facilitator, theme):
    client = as_user(facilitator)
    response = upload(client, theme, "noter.txt", "Værdier".encode("latin-1"))
    assert "does not match its name" in response.content.decode()
    assert upload(client, theme, "noter.txt", "Værdier og dilemmaer".encode()).status_code == 302
    document = FrameworkDocument.objects.get()
    url = reverse("processes:document_download", args=[theme.process_id, theme.pk, document.pk])
    assert client.get(url)["Content-Type"] == "text/plain; charset=utf-8"


def test_a_link_alone_is_enough(as_user, facilitator, theme):
    response = as_user(facilitator).post(
        create_url(theme), {"title": "Udviklingskontrakt", "url": "https://odense.dk/kontrakt"}
    )
    assert response.status_code == 302
    document = FrameworkDocument.objects.get()
    assert document.url == "https://odense.dk/kontrakt"
    assert not document.file


def test_a_link_or_a_file_is_required(as_user, facilitator, theme):
    response = as_user(facilitator).post(create_url(theme), {"title": "Udviklingskontrakt"})
    html = response.content.decode()
    assert "Give a link to the document, upload it as a file, or both." in html
    assert not FrameworkDocument.objects.exists()


def test_a_link_must_be_a_web_address(as_user, facilitator, theme):
    response = as_user(facilitator).post(
        create_url(theme), {"title": "Kontrakt", "url": "javascript:alert(1)"}
    )
    assert "Enter a valid URL." in response.content.decode()
    assert not FrameworkDocument.objects.exists()


def test_a_document_with_only_a_link_has_no_download(as_user, member, theme):
    document = FrameworkDocument.objects.create(theme=theme, title="Lov", url="https://a.dk")
    url = reverse("processes:document_download", args=[theme.process_id, theme.pk, document.pk])
    assert as_user(member).get(url).status_code == 404


def test_deleting_a_document_removes_its_file(
    as_user, facilitator, theme, media, django_capture_on_commit_callbacks
):
    client = as_user(facilitator)
    upload(client, theme, "politik.pdf", PDF)
    document = FrameworkDocument.objects.get()
    assert list(media.rglob("*.pdf"))
    url = reverse("processes:document_delete", args=[theme.process_id, theme.pk, document.pk])
    assert "Yes, delete the document" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not FrameworkDocument.objects.exists()
    assert not list(media.rglob("*.pdf"))


def test_deleting_a_theme_removes_its_files(
    as_user, facilitator, theme, media, django_capture_on_commit_callbacks
):
    client = as_user(facilitator)
    upload(client, theme, "politik.pdf", PDF)
    url = reverse("processes:theme_delete", args=[theme.process_id, theme.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert not list(media.rglob("*.pdf"))
