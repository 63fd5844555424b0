"""The written summary: sanitised HTML, who wrote it, and who may write it."""

import pytest
from django.urls import reverse

from processes.sanitise import sanitise_html, summary_for_display
from tests.factories import SeminarFactory


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever languages are translated later."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def seminar(process):
    return SeminarFactory(process=process)


def test_the_sanitiser_removes_scripts_handlers_styles_and_javascript_links():
    dirty = (
        "<p>Debatten <strong>om</strong> ligeværd</p>"
        "<script>alert('x')</script>"
        '<img src="x" onerror="alert(1)">'
        '<p onclick="steal()">Klik</p>'
        '<a href="javascript:alert(1)">ond</a>'
        '<a href="JaVaScRiPt:alert(1)">ond2</a>'
        "<style>body { display: none }</style>"
        '<iframe src="https://evil.example"></iframe>'
    )
    clean = sanitise_html(dirty)
    assert "<script" not in clean and "alert('x')" not in clean
    assert "onerror" not in clean and "<img" not in clean
    assert "onclick" not in clean
    assert "javascript:" not in clean.lower()
    assert "<style" not in clean and "display: none" not in clean
    assert "<iframe" not in clean
    assert "<p>Debatten <strong>om</strong> ligeværd</p>" in clean


def test_the_sanitiser_keeps_allowed_formatting():
    html = (
        "<h2>Temaer</h2><h3>Ligeværd</h3><h4>Eksempler</h4>"
        "<ul><li>en</li></ul><ol><li>to</li></ol>"
        "<blockquote>citat</blockquote><p>a<br>b <em>c</em></p>"
    )
    assert sanitise_html(html) == html


def test_links_are_limited_to_web_and_mail_and_get_rel():
    clean = sanitise_html(
        '<a href="https://example.org" target="_blank">web</a>'
        '<a href="mailto:a@example.org">mail</a>'
        '<a href="ftp://example.org">ftp</a><a href="/admin/">internal</a>'
    )
    assert '<a href="https://example.org" rel="noopener noreferrer">web</a>' in clean
    assert '<a href="mailto:a@example.org" rel="noopener noreferrer">mail</a>' in clean
    assert "ftp:" not in clean and "/admin/" not in clean
    assert "target" not in clean


def test_plain_text_becomes_paragraphs_and_line_breaks():
    clean = sanitise_html("Første linje\nanden linje\n\nNyt afsnit med 3 < 5 & mere")
    assert clean == (
        "<p>Første linje<br>anden linje</p>\n\n<p>Nyt afsnit med 3 &lt; 5 &amp; mere</p>"
    )


def test_headings_move_one_level_down_on_the_page():
    assert summary_for_display("<h2>A</h2><h4>B</h4>") == "<h3>A</h3><h5>B</h5>"


def test_the_facilitator_saves_a_sanitised_summary(as_user, facilitator, seminar):
    url = reverse("processes:seminar_summary", args=[seminar.process_id, seminar.pk])
    response = as_user(facilitator).post(
        url, {"summary": "<p>Vi talte om <em>ligeværd</em></p><script>alert(1)</script>"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{seminar.get_absolute_url()}#summary"
    seminar.refresh_from_db()
    assert seminar.summary == "<p>Vi talte om <em>ligeværd</em></p>"
    assert seminar.summary_updated_by == facilitator.user
    assert seminar.summary_updated_at is not None


@pytest.mark.parametrize("role", ["leader", "group_lead", "member", "external"])
def test_every_role_reads_the_summary_with_its_author(request, as_user, facilitator, seminar, role):
    facilitator.user.first_name, facilitator.user.last_name = "Hanne", "Skriver"
    facilitator.user.save()
    as_user(facilitator).post(
        reverse("processes:seminar_summary", args=[seminar.process_id, seminar.pk]),
        {"summary": "Temaet var ligeværd."},
    )
    content = as_user(request.getfixturevalue(role)).get(seminar.get_absolute_url()).content
    content = content.decode()
    assert "<p>Temaet var ligeværd.</p>" in content
    assert "Last updated by Hanne Skriver, " in content
    assert "Edit the written summary" not in content


def test_the_summary_form_shows_the_current_text(as_user, facilitator, seminar):
    seminar.summary = "<p>Eksisterende</p>"
    seminar.save()
    url = reverse("processes:seminar_summary", args=[seminar.process_id, seminar.pk])
    content = as_user(facilitator).get(url).content.decode()
    assert "&lt;p&gt;Eksisterende&lt;/p&gt;" in content
    assert "processes/summary-editor.js" in content


def test_unsafe_html_already_stored_is_cleaned_again_on_display(as_user, member, seminar):
    seminar.summary = '<p>ok</p><script>alert(1)</script><a href="javascript:x()">x</a>'
    seminar.save()
    content = as_user(member).get(seminar.get_absolute_url()).content.decode()
    assert "alert(1)" not in content
    assert "javascript:x()" not in content
