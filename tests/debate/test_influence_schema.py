"""The influence schema: adding activities, moving them between and within the columns (with
and without htmx), the seed's examples, conflicts, and what the page shows."""

import pytest
from django.urls import reverse
from django.utils import translation

from debate.models import InfluenceItem
from debate.services import EditConflict
from debate.services import influence as influence_services

Column = InfluenceItem.Column
HTMX = {"HTTP_HX_REQUEST": "true"}


def _item(group, activity, column=Column.NONE, position=0, **extra):
    return InfluenceItem.objects.create(
        group=group, activity=activity, column=column, position=position, **extra
    )


def _page_url(group):
    return reverse("debate:influence", args=[group.process_id, group.pk])


def _move_url(item):
    return reverse("debate:influence_move", args=[item.group.process_id, item.pk])


def _layout(group) -> dict[str, list[str]]:
    return {
        column.column: [item.activity for item in column.items]
        for column in influence_services.influence_schema_for(group)
    }


@pytest.fixture
def three(group, member):
    """Three activities with no influence, in this order."""
    return [
        _item(group, name, Column.NONE, position, author=member)
        for position, name in enumerate(("Egen løn", "Transport", "Åbningstider"))
    ]


def test_the_read_function_gives_the_three_columns_then_the_unplaced_in_order(group, member):
    _item(group, "Hjemmedag", Column.SELF, 1)
    _item(group, "Kaffe og gavekasse", Column.SELF, 0)
    _item(group, "Brugerråd", Column.CO)
    _item(group, "Kantinen", Column.UNPLACED)
    schema = influence_services.influence_schema_for(group)
    assert [c.column for c in schema] == ["self", "co", "none", "unplaced"]
    assert [c.label for c in schema[:3]] == [
        "Self-determination",
        "Co-determination",
        "No influence",
    ]
    assert _layout(group) == {
        "self": ["Kaffe og gavekasse", "Hjemmedag"],
        "co": ["Brugerråd"],
        "none": [],
        "unplaced": ["Kantinen"],
    }


def test_the_page_shows_the_three_columns_and_their_activities(as_user, leader, group, three):
    html = as_user(leader).get(_page_url(group)).content.decode()
    for heading in ("Self-determination", "Co-determination", "No influence"):
        assert heading in html
    assert html.index("Egen løn") < html.index("Transport") < html.index("Åbningstider")
    assert 'role="status"' in html


def test_the_group_page_links_to_the_schema(as_user, member, group):
    html = (
        as_user(member)
        .get(reverse("debate:group_debate", args=[group.process_id, group.pk]))
        .content.decode()
    )
    assert _page_url(group) in html
    assert "Influence schema" in html


def test_a_member_adds_an_activity_at_the_end_of_its_column(as_user, member, group, three):
    response = as_user(member).post(
        _page_url(group), {"activity": "  Arbejdsbeklædning ", "column": "none", "note": ""}
    )
    item = InfluenceItem.objects.get(activity="Arbejdsbeklædning")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#influence-item-{item.pk}")
    assert item.author == member and item.position == 3
    page = as_user(member).get(response["Location"]).content.decode()
    assert "“Arbejdsbeklædning” added under “No influence”." in page


def test_adding_with_htmx_returns_the_columns_a_fresh_form_and_the_status(as_user, member, group):
    response = as_user(member).post(
        _page_url(group), {"activity": "Kontaktperson", "column": "co"}, **HTMX
    )
    html = response.content.decode()
    item = InfluenceItem.objects.get(activity="Kontaktperson")
    assert response.status_code == 200
    assert "<html" not in html
    # The columns and the form come back together, so the new activity can take the focus.
    assert '<div id="influence-columns">' in html
    assert 'hx-target="#influence-board"' in html
    assert 'id="influence-status" hx-swap-oob="innerHTML">“Kontaktperson” added' in html
    assert (
        f'id="influence-item-{item.pk}" class="qh-influence-item" tabindex="-1" data-autofocus'
        in html
    )
    assert 'name="activity"' in html and 'value="Kontaktperson"' not in html


def test_an_activity_without_text_is_refused_with_a_message(as_user, member, group):
    response = as_user(member).post(_page_url(group), {"activity": "   ", "column": "co"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert not InfluenceItem.objects.exists()


def test_a_move_to_another_column_without_javascript(as_user, member, group, three):
    client = as_user(member)
    wage = three[0]
    response = client.post(_move_url(wage), {"column": "co", "version": wage.version})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#influence-item-{wage.pk}")
    assert _layout(group)["co"] == ["Egen løn"]
    assert _layout(group)["none"] == ["Transport", "Åbningstider"]
    assert [i.position for i in InfluenceItem.objects.filter(column="none")] == [0, 1]
    page = client.get(response["Location"]).content.decode()
    assert "“Egen løn” moved to co-determination." in page
    wage.refresh_from_db()
    assert wage.version == 2 and wage.updated_by == member


def test_a_move_with_htmx_swaps_the_columns_announces_it_and_keeps_focus(
    as_user, member, group, three
):
    wage = three[0]
    _item(group, "Brugerråd", Column.CO)
    response = as_user(member).post(
        _move_url(wage), {"column": "co", "version": wage.version}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert (
        '<div id="influence-status" hx-swap-oob="innerHTML">'
        "“Egen løn” moved to co-determination.</div>"
    ) in html
    # Now last of two in co-determination: its first enabled button, "up", gets focus.
    wage_html = html[html.index(f'id="influence-item-{wage.pk}"') :]
    wage_html = wage_html[: wage_html.index("</li>")]
    assert 'value="up" class="button button-secondary qh-move-button' in wage_html
    up = wage_html[wage_html.index('value="up"') : wage_html.index("Move “Egen løn” up")]
    assert "data-autofocus" in up
    assert wage_html.count("data-autofocus") == 1
    assert "Move “Egen løn” to self-determination" in wage_html
    assert "Move “Egen løn” to no influence" in wage_html
    assert "Move “Egen løn” to co-determination" not in wage_html


def test_moving_up_and_down_reorders_within_the_column(as_user, member, group, three):
    client = as_user(member)
    transport = three[1]
    client.post(_move_url(transport), {"direction": "up", "version": 1})
    assert _layout(group)["none"] == ["Transport", "Egen løn", "Åbningstider"]
    client.post(_move_url(transport), {"direction": "down", "version": 2})
    client.post(_move_url(transport), {"direction": "down", "version": 3})
    assert _layout(group)["none"] == ["Egen løn", "Åbningstider", "Transport"]
    assert list(
        InfluenceItem.objects.filter(column="none")
        .order_by("position")
        .values_list("position", flat=True)
    ) == [0, 1, 2]
    # The neighbours that swapped places keep their version: editing them is not disturbed.
    three[0].refresh_from_db()
    assert three[0].version == 1


def test_reordering_with_htmx_announces_the_new_place_and_focuses_the_same_button(
    as_user, member, group, three
):
    response = as_user(member).post(_move_url(three[2]), {"direction": "up", "version": 1}, **HTMX)
    html = response.content.decode()
    assert "“Åbningstider” is now number 2 of 3 in “No influence”." in html
    item_html = html[html.index(f'id="influence-item-{three[2].pk}"') :]
    up = item_html[item_html.index('value="up"') : item_html.index("Move “Åbningstider” up")]
    assert "data-autofocus" in up


def test_the_first_activity_cannot_move_up_and_focus_falls_to_down(as_user, member, group, three):
    response = as_user(member).post(_move_url(three[0]), {"direction": "up", "version": 1}, **HTMX)
    html = response.content.decode()
    assert "“Egen løn” cannot move further that way." in html
    assert _layout(group)["none"] == ["Egen løn", "Transport", "Åbningstider"]
    item_html = html[html.index(f'id="influence-item-{three[0].pk}"') :]
    up = item_html[item_html.index('value="up"') : item_html.index('value="down"')]
    assert "disabled" in up and "data-autofocus" not in up
    down = item_html[item_html.index('value="down"') : item_html.index("Move “Egen løn” down")]
    assert "data-autofocus" in down
    three[0].refresh_from_db()
    assert three[0].version == 1


def test_a_move_based_on_an_older_version_is_a_conflict_and_changes_nothing(
    as_user, member, group_lead, group, three
):
    wage = three[0]
    as_user(group_lead).post(_move_url(wage), {"column": "self", "version": 1})
    response = as_user(member).post(_move_url(wage), {"column": "co", "version": 1}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "was changed by someone else in the meantime, so it has not been moved" in html
    wage.refresh_from_db()
    assert wage.column == Column.SELF and wage.version == 2


def test_a_move_without_a_target_is_refused(as_user, member, group, three):
    client = as_user(member)
    response = client.post(_move_url(three[0]), {"version": 1}, **HTMX)
    assert "Choose where to move the activity." in response.content.decode()
    response = client.post(_move_url(three[0]), {"column": "nowhere", "version": 1}, **HTMX)
    assert "Choose one of the columns of the schema." in response.content.decode()
    response = client.post(_move_url(three[0]), {"direction": "sideways", "version": 1})
    assert response.status_code == 302
    assert _layout(group)["none"] == ["Egen løn", "Transport", "Åbningstider"]


def test_the_examples_fill_an_empty_schema_once(as_user, member, group):
    client = as_user(member)
    url = reverse("debate:influence_examples", args=[group.process_id, group.pk])
    first = client.post(url)
    assert first.status_code == 302
    layout = _layout(group)
    assert len(layout["unplaced"]) == len(influence_services.SEED_EXAMPLES) == 22
    assert layout["unplaced"][:2] == ["Coffee and gift fund", "Seating in the canteen"]
    assert "Own wage" in layout["unplaced"] and "What the canteen offers" in layout["unplaced"]
    assert layout["self"] == layout["co"] == layout["none"] == []
    page = client.get(_page_url(group)).content.decode()
    assert "22 example activities have been added under “Not yet placed”." in page
    assert "Move “Own wage” to co-determination" in page
    client.post(url)
    assert InfluenceItem.objects.count() == 22
    assert "no examples have been added" in client.get(_page_url(group)).content.decode()


def test_the_examples_are_not_added_to_a_schema_that_has_activities(as_user, member, group):
    _item(group, "Vores egen aktivitet")
    as_user(member).post(reverse("debate:influence_examples", args=[group.process_id, group.pk]))
    assert InfluenceItem.objects.count() == 1


def test_the_examples_come_in_the_active_language(member, group):
    with translation.override("da"):
        added = influence_services.add_seed_examples(actor=member, group=group)
    # Whatever the catalog says, every example is text, in its stored order.
    assert [i.position for i in added] == list(range(22))
    assert all(i.activity for i in added)


def test_the_example_button_shows_only_on_an_empty_schema_and_only_to_writers(
    as_user, member, leader, group
):
    url = reverse("debate:influence_examples", args=[group.process_id, group.pk])
    assert url in as_user(member).get(_page_url(group)).content.decode()
    assert url not in as_user(leader).get(_page_url(group)).content.decode()
    _item(group, "Egen løn")
    assert url not in as_user(member).get(_page_url(group)).content.decode()


def test_an_edit_saves_text_note_and_column(as_user, member, group, three):
    wage = three[0]
    url = reverse("debate:influence_edit", args=[group.process_id, wage.pk])
    response = as_user(member).post(
        url, {"activity": "Egen løn og pension", "column": "co", "note": "Via MUS", "version": 1}
    )
    assert response.status_code == 302
    wage.refresh_from_db()
    assert (wage.activity, wage.column, wage.note, wage.version) == (
        "Egen løn og pension",
        "co",
        "Via MUS",
        2,
    )
    assert _layout(group)["none"] == ["Transport", "Åbningstider"]


def test_an_edit_based_on_an_older_version_shows_both_and_overwrites_nothing(
    as_user, member, group_lead, group, three
):
    wage = three[0]
    url = reverse("debate:influence_edit", args=[group.process_id, wage.pk])
    as_user(group_lead).post(
        url, {"activity": "Løn efter indsats", "column": "none", "note": "", "version": 1}
    )
    response = as_user(member).post(
        url, {"activity": "Egen løn", "column": "none", "note": "Min note", "version": 1}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this activity while you were editing" in html
    assert "Løn efter indsats" in html and "Min note" in html
    assert 'name="version" value="2"' in html
    wage.refresh_from_db()
    assert wage.activity == "Løn efter indsats" and wage.note == ""


def test_the_service_refuses_a_stale_edit(member, group, three):
    with pytest.raises(EditConflict):
        influence_services.edit_influence_item(
            actor=member,
            item=three[0],
            expected_version=0,
            activity="X",
            column="co",
        )


def test_removing_asks_first_and_then_closes_the_gap(as_user, member, group, three):
    client = as_user(member)
    url = reverse("debate:influence_delete", args=[group.process_id, three[0].pk])
    assert "Remove this activity" in client.get(url).content.decode()
    assert InfluenceItem.objects.count() == 3
    response = client.post(url, {"version": 1})
    assert response.status_code == 302
    assert _layout(group)["none"] == ["Transport", "Åbningstider"]
    assert [i.position for i in InfluenceItem.objects.filter(column="none")] == [0, 1]


def test_removing_something_changed_since_is_refused(as_user, member, group_lead, group, three):
    as_user(group_lead).post(_move_url(three[0]), {"column": "co", "version": 1})
    url = reverse("debate:influence_delete", args=[group.process_id, three[0].pk])
    response = as_user(member).post(url, {"version": 1})
    assert response.status_code == 409
    assert "Someone else changed this activity in the meantime" in response.content.decode()
    assert InfluenceItem.objects.filter(pk=three[0].pk).exists()
