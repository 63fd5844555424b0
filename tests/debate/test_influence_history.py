"""The influence schema keeps its history: who added, changed, moved or removed what."""

import pytest
from django.urls import reverse

from debate.models import InfluenceItem, InfluenceItemRevision
from debate.services import influence as influence_services

pytestmark = pytest.mark.django_db


def test_every_change_is_recorded_with_who_and_what(as_user, member, group_lead, group):
    item = influence_services.add_influence_item(
        actor=member, group=group, activity="Kaffe og gavekasse", column="none"
    )
    client = as_user(group_lead)
    response = client.post(
        reverse("debate:influence_edit", args=[group.process_id, item.pk]),
        {"activity": "Kaffe, gavekasse og frugt", "column": "self", "note": "", "version": 1},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    influence_services.move_influence_item(
        actor=member, item=item, expected_version=item.version, column="co"
    )
    kinds = list(
        InfluenceItemRevision.objects.filter(item=item).values_list("kind", "editor", "version")
    )
    assert kinds == [
        ("moved", member.pk, 3),
        ("edited", group_lead.pk, 2),
        ("created", member.pk, 1),
    ]

    page = client.get(reverse("debate:influence_edit", args=[group.process_id, item.pk])).text
    assert "History" in page
    assert page.count("Kaffe, gavekasse og frugt") >= 2
    assert "changed Activity, The users&#x27; influence" in page
    assert group_lead.display_name in page and member.display_name in page


def test_a_removed_activity_stays_in_the_latest_changes(as_user, member, group):
    item = influence_services.add_influence_item(
        actor=member, group=group, activity="Arbejdstøj", column="none"
    )
    influence_services.remove_influence_item(actor=member, item=item, expected_version=1)
    assert not InfluenceItem.objects.filter(pk=item.pk).exists()
    removal = InfluenceItemRevision.objects.get(kind="removed")
    assert removal.item is None and removal.data["activity"] == "Arbejdstøj"
    page = as_user(member).get(reverse("debate:influence", args=[group.process_id, group.pk]))
    assert "Latest changes" in page.text
    assert "Arbejdstøj" in page.text and "Removed" in page.text


def test_the_seed_examples_are_recorded_as_added(member, group):
    items = influence_services.add_seed_examples(actor=member, group=group)
    assert InfluenceItemRevision.objects.filter(group=group, kind="created").count() == len(items)
