"""Everyone in the organisation reads the initiatives and reacts: comments and “I want to take
part”; the owner sees who wants to."""

import pytest
from django.urls import reverse

from catalog.models import Edition
from spreading.models import Comment, Volunteer

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def home_url(process):
    return reverse("spreading:home", args=[process.pk])


def initiative_url(initiative):
    return reverse("spreading:initiative", args=[initiative.process_id, initiative.pk])


def comment_url(initiative):
    return reverse("spreading:comment_add", args=[initiative.process_id, initiative.pk])


def take_part_url(initiative):
    return reverse("spreading:take_part", args=[initiative.process_id, initiative.pk])


def test_staff_outside_the_groups_read_the_published_catalogue(as_user, process, edition, staff):
    """Already possible before this app: every member reads published editions."""
    assert not process.participants.filter(pk=staff.pk).exists()
    page = as_user(staff).get(reverse("catalog:edition", args=[process.pk, edition.pk]))
    assert page.status_code == 200
    assert edition.status == Edition.Status.PUBLISHED


def test_staff_see_every_initiative_with_its_status(
    as_user, process, initiative, other_initiative, staff
):
    page = as_user(staff).get(home_url(process))
    assert page.status_code == 200
    assert "MUS-samtaler for brugerne" in page.text
    assert "Fælles kaffeklub" in page.text
    assert "Running" in page.text and "Planned" in page.text


def test_an_external_sees_only_the_initiatives_they_take_part_in(
    as_user, process, initiative, other_initiative, external
):
    page = as_user(external).get(home_url(process)).text
    assert "MUS-samtaler for brugerne" in page
    assert "Fælles kaffeklub" not in page
    assert as_user(external).get(initiative_url(other_initiative)).status_code == 404


def test_before_implementation_the_page_says_where_the_initiatives_come_from(
    as_user, process, staff
):
    page = as_user(staff).get(home_url(process)).text
    assert "The initiatives appear here when the facilitator or the leader starts" in page


def test_staff_comment_on_an_initiative(as_user, initiative, staff):
    client = as_user(staff)
    response = client.post(comment_url(initiative), {"text": "  Det vil jeg gerne prøve.  "})
    assert response.status_code == 302
    comment = Comment.objects.get(initiative=initiative)
    assert comment.text == "Det vil jeg gerne prøve."
    assert comment.author == staff
    assert comment.meeting is None
    page = client.get(initiative_url(initiative)).text
    assert "Det vil jeg gerne prøve." in page
    assert "Signe Staff" in page


def test_an_empty_comment_is_refused_with_a_message(as_user, initiative, staff):
    response = as_user(staff).post(comment_url(initiative), {"text": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Comment.objects.exists()


def test_a_comment_longer_than_the_limit_is_refused(as_user, initiative, staff):
    response = as_user(staff).post(comment_url(initiative), {"text": "x" * 2001})
    assert response.status_code == 200
    assert "at most 2000 characters" in response.text
    assert not Comment.objects.exists()


def test_comments_are_escaped(as_user, initiative, staff):
    as_user(staff).post(comment_url(initiative), {"text": "<script>alert(1)</script>"})
    page = as_user(staff).get(initiative_url(initiative)).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_authors_are_hidden_in_a_hidden_author_process(as_user, process, initiative, staff, leader):
    process.author_visibility = process.AuthorVisibility.HIDDEN
    process.save(update_fields=["author_visibility"])
    CommentFactory(initiative=initiative, author=staff, text="Skjult forfatter")
    page = as_user(leader).get(initiative_url(initiative)).text
    assert "Skjult forfatter" in page
    assert "Signe Staff" not in page
    assert "a colleague" in page


def test_the_author_deletes_their_comment_and_another_member_may_not(
    as_user, initiative, staff, group_lead
):
    comment = CommentFactory(initiative=initiative, author=staff)
    url = reverse(
        "spreading:comment_delete", args=[initiative.process_id, initiative.pk, comment.pk]
    )
    assert as_user(group_lead).post(url).status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()
    assert as_user(staff).post(url).status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_the_leader_removes_any_comment(as_user, initiative, staff, leader):
    comment = CommentFactory(initiative=initiative, author=staff)
    url = reverse(
        "spreading:comment_delete", args=[initiative.process_id, initiative.pk, comment.pk]
    )
    assert as_user(leader).post(url).status_code == 302
    assert not Comment.objects.exists()


def test_i_want_to_take_part_is_a_toggle(as_user, initiative, staff):
    client = as_user(staff)
    client.post(take_part_url(initiative), {"wants": "1"})
    client.post(take_part_url(initiative), {"wants": "1"})  # a double click changes nothing
    assert Volunteer.objects.filter(initiative=initiative, membership=staff).count() == 1
    page = client.get(initiative_url(initiative)).text
    assert "1 person wants to take part." in page
    assert "You are one of them." in page
    assert "I no longer want to take part" in page
    client.post(take_part_url(initiative), {"wants": "0"})
    assert not Volunteer.objects.exists()


def test_the_take_part_block_comes_back_alone_to_htmx(as_user, initiative, staff):
    response = as_user(staff).post(
        take_part_url(initiative), {"wants": "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="take-part"')
    assert "You want to take part. The owner of the initiative can see it." in response.text


def test_the_owner_sees_who_wants_to_take_part_and_others_see_only_the_number(
    as_user, initiative, staff, member, group_lead
):
    Volunteer.objects.create(initiative=initiative, membership=staff)
    owner_page = as_user(member).get(initiative_url(initiative)).text
    assert "Who wants to take part" in owner_page
    assert "Signe Staff" in owner_page
    colleague_page = as_user(group_lead).get(initiative_url(initiative)).text
    assert "1 person wants to take part." in colleague_page
    assert "Signe Staff" not in colleague_page


def test_the_team_and_the_facilitator_see_who_wants_to_take_part(
    as_user, initiative, staff, external, facilitator
):
    Volunteer.objects.create(initiative=initiative, membership=staff)
    for who in (external, facilitator):
        assert "Signe Staff" in as_user(who).get(initiative_url(initiative)).text


def test_the_owner_sees_the_wishes_even_when_authors_are_hidden(
    as_user, process, initiative, staff, member
):
    process.author_visibility = process.AuthorVisibility.HIDDEN
    process.save(update_fields=["author_visibility"])
    Volunteer.objects.create(initiative=initiative, membership=staff)
    assert "Signe Staff" in as_user(member).get(initiative_url(initiative)).text


def test_the_home_page_counts_reactions_and_marks_my_own(as_user, process, initiative, staff):
    CommentFactory(initiative=initiative, author=staff)
    CommentFactory(initiative=initiative, author=staff)
    Volunteer.objects.create(initiative=initiative, membership=staff)
    page = as_user(staff).get(home_url(process)).text
    assert "You too" in page


def test_comments_are_paged(as_user, initiative, staff):
    for n in range(25):
        CommentFactory(initiative=initiative, author=staff, text=f"Kommentar nummer {n}")
    client = as_user(staff)
    first = client.get(initiative_url(initiative)).text
    assert "Kommentar nummer 24" in first and "Kommentar nummer 4" not in first
    second = client.get(initiative_url(initiative) + "?page=2").text
    assert "Kommentar nummer 4" in second
