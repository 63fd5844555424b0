"""The editorial workflow through HTTP: draft, review, approval, publication, download."""

import pytest
from django.urls import reverse

from catalog.models import Edition, GroupReview, RenderJob
from debate.models import Idea

from .conftest import approve_and_render
from .pdf_text import pdf_outline, pdf_text, squash

pytestmark = pytest.mark.django_db


def url(name, edition, *args):
    return reverse(f"catalog:{name}", args=[edition.process_id, edition.pk, *args])


def test_the_facilitator_starts_edits_and_sends_a_draft_to_review(
    as_user, process, facilitator, material
):
    client = as_user(facilitator)
    page = client.get(reverse("catalog:catalogue", args=[process.pk]))
    assert "Start the catalogue" in page.text

    response = client.post(reverse("catalog:start", args=[process.pk]))
    edition = Edition.objects.get(process=process)
    assert response.url == url("edit", edition)
    response = client.post(
        url("edit", edition),
        {
            "title": "Vores katalog",
            "language": "da",
            "foreword": "Et forord.",
            "introduction": "Sådan.",
        },
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert (edition.title, edition.foreword, edition.status) == (
        "Vores katalog",
        "Et forord.",
        "draft",
    )

    page = client.get(url("edition", edition))
    assert "Every requirement" not in page.text  # the checks are listed one by one
    assert page.text.count("qh-check--met") == 3

    response = client.post(url("submit", edition))
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.status == Edition.Status.REVIEW
    assert edition.readiness_override_reason == ""
    # The snapshot holds the selected initiatives, not the draft ones.
    titles = [i["title"] for g in edition.snapshot["groups"] for i in g["initiatives"]]
    assert sorted(titles) == sorted(
        idea.title for data in material.values() for idea in data["ideas"]
    )


def test_a_draft_that_misses_a_requirement_needs_a_reason(as_user, process, facilitator, material):
    group = next(iter(material))
    Idea.objects.filter(group=group, status="selected").first().delete()
    client = as_user(facilitator)
    client.post(reverse("catalog:start", args=[process.pk]))
    edition = Edition.objects.get(process=process)
    page = client.get(url("edition", edition))
    assert f"{group.name} (2)" in page.text

    response = client.post(url("submit", edition), {"override_reason": ""})
    assert response.status_code == 400
    assert "Give a reason to send it to review anyway" in response.text
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT and edition.snapshot == {}

    response = client.post(
        url("submit", edition), {"override_reason": "Gruppe 1 leverer sit tredje tiltag senere."}
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.status == Edition.Status.REVIEW
    assert edition.readiness_override_reason == "Gruppe 1 leverer sit tredje tiltag senere."
    assert "Gruppe 1 leverer sit tredje tiltag senere." in client.get(url("edition", edition)).text


def test_the_snapshot_is_frozen_when_the_edition_goes_to_review(
    as_user, in_review, material, leader
):
    idea = next(iter(material.values()))["ideas"][0]
    original = idea.title
    Idea.objects.filter(pk=idea.pk).update(title="Ændret bagefter")
    page = as_user(leader).get(url("preview", in_review))
    assert original in page.text
    assert "Ændret bagefter" not in page.text


def test_a_group_lead_confirms_only_their_own_group(
    as_user, in_review, material, group_lead, second_lead
):
    first, second = list(material)
    client = as_user(group_lead)
    page = client.get(url("edition", in_review))
    assert f"Your review of {first.name}" in page.text
    assert f"Your review of {second.name}" not in page.text

    response = client.post(url("review", in_review, first.pk), {"decision": "confirmed"})
    assert response.status_code == 302
    assert GroupReview.objects.get(edition=in_review, group=first).reviewer == group_lead

    assert (
        client.post(url("review", in_review, second.pk), {"decision": "confirmed"}).status_code
        == 403
    )
    assert not GroupReview.objects.filter(group=second).exists()


def test_asking_for_changes_needs_a_comment_and_shows_it(
    as_user, in_review, material, group_lead, leader
):
    first = next(iter(material))
    client = as_user(group_lead)
    response = client.post(
        url("review", in_review, first.pk), {"decision": "changes", "comment": ""}
    )
    assert response.status_code == 400
    assert "Say what should change." in response.text
    assert not GroupReview.objects.exists()

    client.post(
        url("review", in_review, first.pk),
        {"decision": "changes", "comment": "Tiltag 1.2 mangler første skridt."},
    )
    page = as_user(leader).get(url("edition", in_review))
    assert "Changes requested" in page.text
    assert "Tiltag 1.2 mangler første skridt." in page.text


def test_the_leader_approves_with_a_note_when_groups_have_not_confirmed(
    as_user, in_review, material, group_lead, leader
):
    first, second = list(material)
    as_user(group_lead).post(url("review", in_review, first.pk), {"decision": "confirmed"})
    client = as_user(leader)
    response = client.post(url("approve", in_review), {"note": ""})
    assert response.status_code == 400
    assert "Write a note to approve anyway" in response.text
    in_review.refresh_from_db()
    assert in_review.status == Edition.Status.REVIEW

    response = client.post(
        url("approve", in_review), {"note": f"{second.name} bekræfter mundtligt."}
    )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert (in_review.status, in_review.number) == (Edition.Status.PUBLISHED, 1)
    assert in_review.approved_by == leader


def test_publishing_renders_a_pdf_every_role_can_download(
    client, as_user, published_pdf, material, member, external, facilitator
):
    job = RenderJob.objects.get(edition=published_pdf)
    assert job.status == RenderJob.Status.READY
    assert job.page_count >= 5
    for person in (member, external, facilitator):
        client.force_login(person.user)
        page = client.get(url("edition", published_pdf))
        assert "Download edition 1 as PDF" in page.text
        response = client.get(url("pdf", published_pdf))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    text = squash(pdf_text(data))
    for group, items in material.items():
        assert group.name in text
        assert items["values"][0].name in text  # the ideal value
        assert items["values"][1].name not in text  # not an ideal
        for idea in items["ideas"]:
            assert idea.title in text
    assert "Kladde" not in text
    outline = pdf_outline(data)
    assert [g.name for g in material] == [t for t in outline if t.startswith("Gruppe")]


def test_each_initiative_is_in_its_own_groups_section(as_user, published_pdf, material, leader):
    response = as_user(leader).get(url("pdf", published_pdf))
    text = squash(pdf_text(b"".join(response.streaming_content)))
    first, second = list(material)
    # The second group's heading comes after every initiative of the first, before its own.
    start_second = text.index(second.name, text.index("Tiltag 1.3"))
    for idea in material[first]["ideas"]:
        assert text.index(idea.title) < start_second
    for idea in material[second]["ideas"]:
        assert text.index(idea.title) > start_second


@pytest.mark.parametrize(
    ("language", "heading", "lineage"),
    [("da", "Indhold", "Værdi"), ("en", "Contents", "Value"), ("nb", "Innhold", "Verdi")],
)
def test_the_pdf_is_in_the_editions_language(
    as_user,
    process,
    facilitator,
    leader,
    material,
    language,
    heading,
    lineage,
    django_capture_on_commit_callbacks,
):
    from catalog.services import workflow

    edition = workflow.start_edition(actor=facilitator, process=process)
    workflow.update_draft(actor=facilitator, edition=edition, language=language)
    edition = workflow.submit_for_review(actor=facilitator, edition=edition)
    edition = approve_and_render(leader, edition, note="ok")
    response = as_user(leader).get(url("pdf", edition))
    text = pdf_text(b"".join(response.streaming_content))
    assert heading in text
    assert f"{lineage}:" in text


def test_an_earlier_edition_stays_downloadable(
    as_user, process, facilitator, leader, published_pdf
):
    from catalog.services import workflow

    client = as_user(facilitator)
    client.post(reverse("catalog:start", args=[process.pk]))
    second = Edition.objects.exclude(pk=published_pdf.pk).get()
    assert second.foreword == published_pdf.foreword
    second = workflow.submit_for_review(actor=facilitator, edition=second)
    second = approve_and_render(leader, second, note="ok")
    assert second.number == 2
    page = client.get(reverse("catalog:catalogue", args=[process.pk]))
    assert "Download edition 1 (PDF)" in page.text and "Download edition 2 (PDF)" in page.text
    first_pdf = client.get(url("pdf", published_pdf))
    second_pdf = client.get(url("pdf", second))
    assert first_pdf.status_code == second_pdf.status_code == 200
    assert published_pdf.render_job.file.name != second.render_job.file.name


def test_back_to_draft_drops_the_reviews(as_user, in_review, material, group_lead, facilitator):
    first = next(iter(material))
    as_user(group_lead).post(url("review", in_review, first.pk), {"decision": "confirmed"})
    response = as_user(facilitator).post(url("to_draft", in_review))
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == Edition.Status.DRAFT
    assert not in_review.reviews.exists()


def test_the_status_fragment_polls_until_the_pdf_is_ready(as_user, published_pdf, leader):
    client = as_user(leader)
    RenderJob.objects.filter(edition=published_pdf).update(status="rendering")
    fragment = client.get(url("pdf_status", published_pdf), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in fragment.text
    assert "<html" not in fragment.text
    RenderJob.objects.filter(edition=published_pdf).update(status="ready")
    fragment = client.get(url("pdf_status", published_pdf), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in fragment.text
    assert url("pdf", published_pdf) in fragment.text


def test_a_failed_rendering_shows_the_reason_and_a_retry_button(
    as_user, published, leader, member, django_capture_on_commit_callbacks
):
    RenderJob.objects.filter(edition=published).update(
        status="failed", error="Skrifttypen mangler."
    )
    page = as_user(member).get(url("edition", published))
    assert "Skrifttypen mangler." in page.text
    assert url("pdf_retry", published) not in page.text  # members cannot retry
    client = as_user(leader)
    page = client.get(url("edition", published))
    assert url("pdf_retry", published) in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("pdf_retry", published))
    assert response.status_code == 302
    job = RenderJob.objects.get(edition=published)
    assert job.status == RenderJob.Status.READY and job.error == ""


def test_a_stalled_rendering_is_shown_as_failed(as_user, published, leader):
    from datetime import timedelta

    from django.utils import timezone

    from core.jobs import STALL_AFTER

    RenderJob.objects.filter(edition=published).update(
        status="rendering", started_at=timezone.now() - STALL_AFTER - timedelta(seconds=1)
    )
    fragment = as_user(leader).get(url("pdf_status", published), HTTP_HX_REQUEST="true")
    assert "The rendering stopped unexpectedly" in fragment.text
    assert url("pdf_retry", published) in fragment.text
    # Shown as failed without a write: a GET never changes the row.
    assert RenderJob.objects.get(edition=published).status == RenderJob.Status.RENDERING


def test_a_rendering_that_never_started_is_shown_as_failed(as_user, published, leader):
    from datetime import timedelta

    from django.utils import timezone

    from core.jobs import STALL_AFTER

    RenderJob.objects.filter(edition=published).update(
        status="queued", queued_at=timezone.now() - STALL_AFTER - timedelta(seconds=1)
    )
    fragment = as_user(leader).get(url("pdf_status", published), HTTP_HX_REQUEST="true")
    assert "The rendering did not start" in fragment.text
    assert url("pdf_retry", published) in fragment.text


def test_a_stalled_rendering_is_failed_in_the_list_and_a_retry_renders_it(
    as_user, published, leader, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from core.jobs import STALL_AFTER

    RenderJob.objects.filter(edition=published).update(
        status="rendering", started_at=timezone.now() - STALL_AFTER - timedelta(seconds=1)
    )
    client = as_user(leader)
    listing = client.get(reverse("catalog:catalogue", args=[published.process_id]))
    assert '<span class="tag">Failed</span>' in listing.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("pdf_retry", published))
    assert response.status_code == 302
    job = RenderJob.objects.get(edition=published)
    assert job.status == RenderJob.Status.READY and job.error == ""


def test_a_rendering_still_within_its_time_is_not_retried(as_user, published, leader):
    RenderJob.objects.filter(edition=published).update(status="rendering")
    client = as_user(leader)
    client.post(url("pdf_retry", published))
    assert RenderJob.objects.get(edition=published).status == RenderJob.Status.RENDERING
    page = client.get(url("edition", published))
    assert "The PDF is not in a failed state." in page.text
