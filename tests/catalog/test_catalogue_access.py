"""Who may see and do what: every catalogue URL for every role, and for outsiders."""

import pytest
from django.urls import reverse

from catalog.models import Edition, GroupReview

pytestmark = pytest.mark.django_db


def edition_urls(edition, group_pk):
    args = [edition.process_id, edition.pk]
    return {
        "edition": ("get", reverse("catalog:edition", args=args)),
        "preview": ("get", reverse("catalog:preview", args=args)),
        "edit": ("get", reverse("catalog:edit", args=args)),
        "submit": ("post", reverse("catalog:submit", args=args)),
        "to_draft": ("post", reverse("catalog:to_draft", args=args)),
        "review": ("post", reverse("catalog:review", args=[*args, group_pk])),
        "approve": ("post", reverse("catalog:approve", args=args)),
        "publish": ("post", reverse("catalog:publish", args=args)),
        "pdf_status": ("get", reverse("catalog:pdf_status", args=args)),
        "pdf_retry": ("post", reverse("catalog:pdf_retry", args=args)),
        "pdf": ("get", reverse("catalog:pdf", args=args)),
        "csv": ("get", reverse("catalog:export_csv", args=[*args, "initiatives"])),
        "xlsx": ("get", reverse("catalog:export_xlsx", args=args)),
    }


def test_outsiders_get_404_everywhere(client, outsider, published, material):
    client.force_login(outsider.user)
    group = next(iter(material))
    for name, (method, url) in edition_urls(published, group.pk).items():
        response = getattr(client, method)(url)
        assert response.status_code == 404, name
    for name in ("catalogue", "changes", "start"):
        method = "post" if name == "start" else "get"
        response = getattr(client, method)(reverse(f"catalog:{name}", args=[published.process_id]))
        assert response.status_code == 404, name


def test_anonymous_visitors_are_sent_to_the_login(client, published, material):
    group = next(iter(material))
    for name, (method, url) in edition_urls(published, group.pk).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login/" in response.url, name


@pytest.mark.parametrize("role", ["member", "external"])
def test_members_and_externals_read_published_editions_only(
    request, as_user, in_review, material, role
):
    client = as_user(request.getfixturevalue(role))
    group = next(iter(material))
    urls = edition_urls(in_review, group.pk)
    for name in ("edition", "preview", "edit", "pdf", "csv"):
        method, url = urls[name]
        assert getattr(client, method)(url).status_code in (403, 404), name
    page = client.get(reverse("catalog:catalogue", args=[in_review.process_id]))
    assert page.status_code == 200
    assert reverse("catalog:edition", args=[in_review.process_id, in_review.pk]) not in page.text


@pytest.mark.parametrize("role", ["member", "external", "group_lead", "leader"])
def test_only_the_facilitator_starts_edits_and_submits(
    request, as_user, process, facilitator, material, role
):
    from catalog.services import workflow

    edition = workflow.start_edition(actor=facilitator, process=process)
    client = as_user(request.getfixturevalue(role))
    assert client.post(reverse("catalog:start", args=[process.pk])).status_code == 403
    urls = edition_urls(edition, next(iter(material)).pk)
    expected = 403
    for name in ("edit", "submit"):
        method, url = urls[name]
        response = getattr(client, method)(url, {"title": "Hacked"} if method == "post" else None)
        assert response.status_code == expected, name
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT and edition.title != "Hacked"


@pytest.mark.parametrize("role", ["member", "facilitator", "group_lead"])
def test_only_the_leader_approves(request, as_user, in_review, role):
    client = as_user(request.getfixturevalue(role))
    response = client.post(
        reverse("catalog:approve", args=[in_review.process_id, in_review.pk]), {"note": "x"}
    )
    assert response.status_code == 403
    in_review.refresh_from_db()
    assert in_review.status == Edition.Status.REVIEW


def test_the_leader_cannot_review_a_group_they_do_not_lead(as_user, in_review, material, leader):
    group = next(iter(material))
    response = as_user(leader).post(
        reverse("catalog:review", args=[in_review.process_id, in_review.pk, group.pk]),
        {"decision": "confirmed"},
    )
    assert response.status_code == 403
    assert not GroupReview.objects.exists()


def test_an_edition_of_another_process_is_not_found_under_this_one(
    as_user, published, facilitator, organisation
):
    from tests.factories import ProcessFactory

    other = ProcessFactory(organisation=organisation)
    response = as_user(facilitator).get(reverse("catalog:edition", args=[other.pk, published.pk]))
    assert response.status_code == 404


def test_an_unknown_export_kind_is_not_found(as_user, published, leader):
    response = as_user(leader).get(
        reverse("catalog:export_csv", args=[published.process_id, published.pk, "users"])
    )
    assert response.status_code == 404
