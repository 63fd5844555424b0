"""Adding, discussing, linking and editing values, as group members do it."""

import pytest
from django.urls import reverse

from debate import services
from debate.models import Value, ValueComment, ValueRelation, ValueRevision
from processes.models import ValueStream

from .factories import ValueCommentFactory, ValueFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def debate_url(group):
    return reverse("debate:group_debate", args=[group.process_id, group.pk])


def test_the_debate_page_shows_theme_value_streams_given_frame_and_values(
    as_user, member, group, value, frame_condition
):
    ValueCommentFactory(value=value, kind=ValueComment.Kind.EXAMPLE)
    ValueCommentFactory(value=value, is_disagreement=True)
    response = as_user(member).get(debate_url(group))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Brugerinddragelse og brugernes position" in html
    assert str(ValueStream.objects.get(number=7)) in html
    assert "Serviceloven § 103" in html
    assert "Ligeværdighed" in html
    assert "1 example" in html
    assert "1 comment" in html
    assert "1 disagreement" in html


def test_a_member_adds_a_value_with_the_optional_parts(as_user, member, group):
    stream = ValueStream.objects.get(number=7)
    response = as_user(member).post(
        debate_url(group),
        {
            "name": "Tryghed",
            "meaning": "At man ved hvad der skal ske i løbet af dagen.",
            "examples": "Dagens plan hænger ved indgangen.",
            "dilemmas": "Tryghed mod selvbestemmelse.",
            "gap": "Planen bliver ofte ændret uden varsel.",
            "value_streams": [stream.pk],
        },
    )
    value = Value.objects.get(name="Tryghed")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#value-{value.pk}")
    assert value.author == member
    assert value.group == group
    assert list(value.value_streams.all()) == [stream]
    assert value.revisions.get().kind == ValueRevision.Kind.CREATED


def test_htmx_answers_with_the_list_and_focuses_the_new_value(as_user, member, group, value):
    response = as_user(member).post(
        debate_url(group), {"name": "Tryghed", "meaning": "At vide hvad der sker."}, **HTMX
    )
    html = response.content.decode()
    new = Value.objects.get(name="Tryghed")
    assert response.status_code == 200
    assert "<html" not in html
    assert f'id="value-{new.pk}" tabindex="-1" data-autofocus' in html
    assert "Ligeværdighed" in html
    # The form is fresh for the next value.
    assert 'value="Tryghed"' not in html


def test_a_failed_submit_keeps_the_typed_text_and_shows_an_error_summary(as_user, member, group):
    response = as_user(member).post(
        debate_url(group), {"name": "", "meaning": "Min lange forklaring"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Min lange forklaring" in html
    assert not Value.objects.exists()


def test_a_failed_submit_without_javascript_shows_the_whole_page_again(as_user, member, group):
    response = as_user(member).post(debate_url(group), {"name": "Tryghed", "meaning": ""})
    html = response.content.decode()
    assert "<html" in html
    assert "There is a problem" in html
    assert 'value="Tryghed"' in html


def test_a_value_stream_outside_the_theme_is_refused(as_user, member, group):
    outside = ValueStream.objects.get(number=1)
    response = as_user(member).post(
        debate_url(group), {"name": "X", "meaning": "Y", "value_streams": [outside.pk]}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Value.objects.exists()


def test_readers_do_not_see_the_add_form(as_user, leader, group, value):
    html = as_user(leader).get(debate_url(group)).content.decode()
    assert "Add the value" not in html


def test_merged_values_are_hidden_from_the_list_and_their_names_shown_as_also_called(
    as_user, member, facilitator, group, value
):
    duplicate = ValueFactory(group=group, name="Ligeværd")
    services.merge_values(actor=facilitator, target=value, sources=[duplicate])
    html = as_user(member).get(debate_url(group)).content.decode()
    assert "Also called:" in html
    assert f'id="value-{duplicate.pk}"' not in html


def test_a_comment_marked_as_disagreement_is_shown_as_one(as_user, member, value):
    url = reverse("debate:value_comment", args=[value.group.process_id, value.pk])
    response = as_user(member).post(
        url, {"kind": "comment", "text": "Det er ikke min erfaring.", "is_disagreement": "on"}
    )
    comment = ValueComment.objects.get()
    assert response.status_code == 302
    assert comment.is_disagreement and comment.author == member
    detail = as_user(member).get(value.get_absolute_url()).content.decode()
    assert "Disagreement" in detail
    assert "Det er ikke min erfaring." in detail


def test_adding_an_example_with_htmx_answers_with_the_comments(as_user, member, value):
    url = reverse("debate:value_comment", args=[value.group.process_id, value.pk])
    response = as_user(member).post(url, {"kind": "example", "text": "Kaffeklubben."}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert "Kaffeklubben." in html
    assert "data-autofocus" in html
    assert ValueComment.objects.get().kind == ValueComment.Kind.EXAMPLE


def test_an_empty_comment_is_refused_with_a_message(as_user, member, value):
    url = reverse("debate:value_comment", args=[value.group.process_id, value.pk])
    response = as_user(member).post(url, {"kind": "comment", "text": ""}, **HTMX)
    assert "There is a problem" in response.content.decode()
    assert not ValueComment.objects.exists()


def test_values_are_linked_across_groups_of_the_process(as_user, member, value, other_group):
    other = ValueFactory(group=other_group, name="Effektivitet")
    url = reverse("debate:value_relate", args=[value.group.process_id, value.pk])
    as_user(member).post(url, {"kind": "tension", "to_value": other.pk})
    assert ValueRelation.objects.filter(
        from_value=value, to_value=other, kind=ValueRelation.Kind.TENSION
    ).exists()
    assert "is in tension with" in as_user(member).get(value.get_absolute_url()).content.decode()
    # The other value shows the link too.
    assert "Ligeværdighed" in as_user(member).get(other.get_absolute_url()).content.decode()


def test_a_value_cannot_be_linked_to_itself_or_another_process(as_user, member, value):
    stranger = ValueFactory(name="Fremmed")
    url = reverse("debate:value_relate", args=[value.group.process_id, value.pk])
    client = as_user(member)
    assert (
        "There is a problem"
        in client.post(url, {"kind": "supports", "to_value": value.pk}).content.decode()
    )
    assert (
        "There is a problem"
        in client.post(url, {"kind": "supports", "to_value": stranger.pk}).content.decode()
    )
    assert not ValueRelation.objects.exists()


def test_the_group_sets_a_value_as_one_of_its_ideals(as_user, member, value):
    url = reverse("debate:value_ideal", args=[value.group.process_id, value.pk])
    as_user(member).post(url, {"is_ideal": "1"})
    value.refresh_from_db()
    assert value.is_ideal
    assert value.version == 2
    html = as_user(member).get(debate_url(value.group)).content.decode()
    assert "Ideal" in html


def test_an_edit_is_saved_and_recorded_in_the_history(as_user, member, group):
    value = services.add_value(actor=member, group=group, name="Ligeværdighed", meaning="Gammel")
    url = reverse("debate:value_edit", args=[value.group.process_id, value.pk])
    response = as_user(member).post(
        url, {"name": "Ligeværdighed", "meaning": "Ny betydning", "version": value.version}
    )
    value.refresh_from_db()
    assert response.status_code == 302
    assert value.meaning == "Ny betydning"
    assert value.version == 2
    html = as_user(member).get(value.get_absolute_url()).content.decode()
    assert "Edited" in html
    assert "changed What we mean by it" in html


@pytest.fixture
def two_editors(as_user, member, group_lead, client, django_user_model):
    from django.test import Client

    first = as_user(member)
    second = Client(HTTP_ACCEPT_LANGUAGE="en")
    second.force_login(group_lead.user)
    return first, second


def test_two_edits_from_the_same_version_give_the_second_a_conflict(two_editors, value):
    first, second = two_editors
    url = reverse("debate:value_edit", args=[value.group.process_id, value.pk])
    version = value.version
    first.post(url, {"name": "Ligeværdighed", "meaning": "Første udgave", "version": version})
    response = second.post(url, {"name": "Ligeværd", "meaning": "Anden udgave", "version": version})
    html = response.content.decode()
    value.refresh_from_db()
    assert response.status_code == 409
    # Nothing overwritten: the first edit stands.
    assert value.meaning == "Første udgave"
    assert value.version == 2
    # Both versions shown, and the second editor's text is still in the form...
    assert "Someone else changed this value" in html
    assert "Første udgave" in html
    assert html.count("Anden udgave") >= 2
    # ...now based on the newest version, so saving again re-applies it.
    assert 'name="version" value="2"' in html
    again = second.post(url, {"name": "Ligeværd", "meaning": "Anden udgave", "version": 2})
    value.refresh_from_db()
    assert again.status_code == 302
    assert value.meaning == "Anden udgave"
    assert value.version == 3


def test_the_service_raises_a_conflict_with_both_versions(member, group_lead, value):
    services.edit_value(actor=member, value=value, expected_version=1, name="A", meaning="first")
    with pytest.raises(services.EditConflict) as caught:
        services.edit_value(
            actor=group_lead, value=value, expected_version=1, name="B", meaning="second"
        )
    assert caught.value.current.meaning == "first"
    assert caught.value.attempted["meaning"] == "second"
    assert Value.objects.get(pk=value.pk).meaning == "first"
