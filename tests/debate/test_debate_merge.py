"""Clustering near-duplicates: merge values into one, and undo the merge exactly."""

import pytest
from django.urls import reverse

from debate import services
from debate.models import Value, ValueComment, ValueMerge

from .factories import ValueCommentFactory, ValueFactory


@pytest.fixture
def duplicates(group, member, group_lead):
    target = ValueFactory(
        group=group, author=member, name="Ligeværdighed", examples="MUS for brugerne.", dilemmas=""
    )
    source_a = ValueFactory(
        group=group,
        author=group_lead,
        name="Ligeværd",
        examples="Fælles frokost.",
        dilemmas="Ligeværd mod faglig autoritet.",
    )
    source_b = ValueFactory(group=group, author=member, name="Lighed", examples="", dilemmas="")
    on_target = ValueCommentFactory(value=target, text="På målet")
    on_a = [ValueCommentFactory(value=source_a, text=f"Fra A {i}") for i in range(2)]
    on_b = ValueCommentFactory(value=source_b, text="Fra B", is_disagreement=True)
    return {
        "target": target,
        "a": source_a,
        "b": source_b,
        "on_target": on_target,
        "on_a": on_a,
        "on_b": on_b,
    }


def state(value: Value) -> dict:
    value.refresh_from_db()
    return {
        "name": value.name,
        "meaning": value.meaning,
        "examples": value.examples,
        "dilemmas": value.dilemmas,
        "also_called": value.also_called,
        "merged_into": value.merged_into_id,
        "comments": sorted(value.comments.values_list("pk", flat=True)),
    }


def test_the_merge_page_asks_for_confirmation_before_merging(as_user, group_lead, duplicates):
    d = duplicates
    url = reverse("debate:merge", args=[d["target"].group.process_id, d["target"].group_id])
    response = as_user(group_lead).post(url, {"target": d["target"].pk, "sources": [d["a"].pk]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Merge the values" in html
    assert Value.objects.get(pk=d["a"].pk).merged_into is None


def test_a_merge_carries_examples_dilemmas_comments_and_names_over(as_user, group_lead, duplicates):
    d = duplicates
    url = reverse("debate:merge", args=[d["target"].group.process_id, d["target"].group_id])
    response = as_user(group_lead).post(
        url, {"target": d["target"].pk, "sources": [d["a"].pk, d["b"].pk], "confirm": "1"}
    )
    target = Value.objects.get(pk=d["target"].pk)
    assert response.status_code == 302
    assert response["Location"] == target.get_absolute_url()
    assert target.examples == "MUS for brugerne.\n\nFælles frokost."
    assert target.dilemmas == "Ligeværd mod faglig autoritet."
    assert target.also_called_names == ["Ligeværd", "Lighed"]
    assert target.comments.count() == 4
    assert set(Value.objects.filter(merged_into=target)) == {d["a"], d["b"]}
    html = as_user(group_lead).get(target.get_absolute_url()).content.decode()
    assert "Undo merge" in html
    assert "Fra B" in html and "Disagreement" in html


def test_undo_restores_exactly_what_was_there_before(as_user, facilitator, duplicates):
    d = duplicates
    before = {key: state(d[key]) for key in ("target", "a", "b")}
    merge = services.merge_values(actor=facilitator, target=d["target"], sources=[d["a"], d["b"]])
    # A comment written on the merged value after the merge stays with it.
    later = ValueCommentFactory(value=d["target"], text="Efter sammenlægningen")
    url = reverse("debate:undo_merge", args=[d["target"].group.process_id, merge.pk])
    response = as_user(facilitator).post(url)
    assert response.status_code == 302
    after = {key: state(d[key]) for key in ("target", "a", "b")}
    before["target"]["comments"] = sorted([*before["target"]["comments"], later.pk])
    assert after == before
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == facilitator


def test_undo_keeps_text_that_was_edited_after_the_merge(facilitator, member, duplicates):
    d = duplicates
    merge = services.merge_values(actor=facilitator, target=d["target"], sources=[d["a"]])
    target = Value.objects.get(pk=d["target"].pk)
    services.edit_value(
        actor=member,
        value=target,
        expected_version=target.version,
        name=target.name,
        meaning=target.meaning,
        examples="Helt ny tekst",
        dilemmas=target.dilemmas,
    )
    left = services.undo_merge(actor=facilitator, merge=merge)
    target.refresh_from_db()
    assert left == ["examples"]
    assert target.examples == "Helt ny tekst"
    assert target.dilemmas == ""
    assert Value.objects.get(pk=d["a"].pk).merged_into is None


def test_a_merge_cannot_be_undone_twice(as_user, facilitator, duplicates):
    d = duplicates
    merge = services.merge_values(actor=facilitator, target=d["target"], sources=[d["a"]])
    services.undo_merge(actor=facilitator, merge=merge)
    with pytest.raises(services.DebateError):
        services.undo_merge(actor=facilitator, merge=merge)
    url = reverse("debate:undo_merge", args=[d["target"].group.process_id, merge.pk])
    response = as_user(facilitator).post(url, follow=True)
    assert "already been undone" in response.content.decode()


def test_an_edit_started_before_a_merge_gets_a_conflict(as_user, member, facilitator, duplicates):
    d = duplicates
    version = d["target"].version
    services.merge_values(actor=facilitator, target=d["target"], sources=[d["a"]])
    url = reverse("debate:value_edit", args=[d["target"].group.process_id, d["target"].pk])
    response = as_user(member).post(
        url, {"name": "Ligeværdighed", "meaning": "Min tekst", "version": version}
    )
    assert response.status_code == 409
    assert "Fælles frokost." in Value.objects.get(pk=d["target"].pk).examples


def test_values_of_another_group_cannot_be_merged(facilitator, duplicates, other_group):
    stranger = ValueFactory(group=other_group)
    with pytest.raises(services.DebateError):
        services.merge_values(actor=facilitator, target=duplicates["target"], sources=[stranger])
    assert not ValueMerge.objects.exists()


def test_the_merge_form_offers_only_the_groups_visible_values(
    as_user, facilitator, duplicates, other_group
):
    stranger = ValueFactory(group=other_group, name="Fremmed værdi")
    d = duplicates
    url = reverse("debate:merge", args=[d["target"].group.process_id, d["target"].group_id])
    response = as_user(facilitator).post(
        url, {"target": d["target"].pk, "sources": [stranger.pk], "confirm": "1"}
    )
    assert "There is a problem" in response.content.decode()
    assert Value.objects.get(pk=stranger.pk).merged_into is None


def test_choosing_only_the_kept_value_is_refused(as_user, facilitator, duplicates):
    d = duplicates
    url = reverse("debate:merge", args=[d["target"].group.process_id, d["target"].group_id])
    response = as_user(facilitator).post(
        url, {"target": d["target"].pk, "sources": [d["target"].pk], "confirm": "1"}
    )
    assert "Choose at least one value other than the one you keep." in response.content.decode()


def test_a_merged_value_cannot_be_commented_or_edited(as_user, member, facilitator, duplicates):
    d = duplicates
    services.merge_values(actor=facilitator, target=d["target"], sources=[d["a"]])
    client = as_user(member)
    comment_url = reverse("debate:value_comment", args=[d["a"].group.process_id, d["a"].pk])
    response = client.post(comment_url, {"kind": "comment", "text": "Sent"})
    assert "merged into another value" in response.content.decode()
    assert not ValueComment.objects.filter(text="Sent").exists()
    edit_url = reverse("debate:value_edit", args=[d["a"].group.process_id, d["a"].pk])
    assert client.get(edit_url)["Location"] == d["target"].get_absolute_url()
