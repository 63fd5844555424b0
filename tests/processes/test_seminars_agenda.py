"""The agenda editor: add, edit, delete and move items with and without htmx."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from processes.models import AgendaItem
from tests.factories import AgendaItemFactory, MembershipFactory, SeminarFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever languages are translated later."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def seminar(process):
    return SeminarFactory(
        process=process, start_time=datetime.time(9, 0), end_time=datetime.time(10, 30)
    )


@pytest.fixture
def items(seminar):
    return [
        AgendaItemFactory(seminar=seminar, position=0, title="Velkomst", duration_minutes=15),
        AgendaItemFactory(seminar=seminar, position=1, title="Brainstorm", duration_minutes=45),
        AgendaItemFactory(seminar=seminar, position=2, title="Frokost", duration_minutes=30),
    ]


@pytest.fixture
def facilitator_client(as_user, facilitator):
    return as_user(facilitator)


def agenda_titles(seminar):
    return list(seminar.agenda_items.order_by("position").values_list("title", flat=True))


def positions(seminar):
    return list(seminar.agenda_items.order_by("position").values_list("position", flat=True))


def url(name, seminar, item=None):
    args = [seminar.process_id, seminar.pk] + ([item.pk] if item else [])
    return reverse(f"processes:{name}", args=args)


def item_data(**overrides):
    data = {"title": "Gruppearbejde", "duration_minutes": 60, "format": "group", "notes": ""}
    data.update(overrides)
    return data


def prefixed(prefix, data):
    return {f"{prefix}-{key}": value for key, value in data.items()}


# --- Clock times -----------------------------------------------------------------------------


def test_the_page_shows_clock_times_computed_from_durations(as_user, member, seminar, items):
    response = as_user(member).get(seminar.get_absolute_url())
    content = response.content.decode()
    assert '09:00</time>–<time datetime="09:15">09:15' in content
    assert '09:15</time>–<time datetime="10:00">10:00' in content
    assert '10:00</time>–<time datetime="10:30">10:30' in content


def test_times_follow_a_new_seminar_start(as_user, member, seminar, items):
    seminar.start_time = datetime.time(12, 0)
    seminar.end_time = datetime.time(16, 0)
    seminar.save()
    content = as_user(member).get(seminar.get_absolute_url()).content.decode()
    assert '>12:15</time>–<time datetime="13:00">13:00' in content


def test_readers_do_not_see_editing_controls(as_user, member, seminar, items):
    content = as_user(member).get(seminar.get_absolute_url()).content.decode()
    assert "Add to the agenda" not in content
    assert url("agenda_item_edit", seminar, items[0]) not in content


def test_it_warns_when_the_agenda_runs_past_the_end(facilitator_client, seminar, items):
    AgendaItemFactory(seminar=seminar, position=3, title="Ekstra", duration_minutes=20)
    content = facilitator_client.get(seminar.get_absolute_url()).content.decode()
    assert "runs until 10:50, 20 minutes past the seminar's end at 10:30" in content


def test_no_warning_when_the_agenda_fits(facilitator_client, seminar, items):
    content = facilitator_client.get(seminar.get_absolute_url()).content.decode()
    assert "past the seminar" not in content


# --- Add -------------------------------------------------------------------------------------


def test_adding_an_item_without_javascript_redirects_back(facilitator_client, seminar, items):
    response = facilitator_client.post(
        url("agenda_item_create", seminar), prefixed("new", item_data())
    )
    new = seminar.agenda_items.get(title="Gruppearbejde")
    assert response.status_code == 302
    assert response["Location"] == f"{seminar.get_absolute_url()}#item-{new.pk}"
    assert new.position == 3
    assert new.format == AgendaItem.Format.GROUP


def test_adding_an_item_with_htmx_returns_the_agenda_fragment(facilitator_client, seminar, items):
    response = facilitator_client.post(
        url("agenda_item_create", seminar), prefixed("new", item_data()), **HTMX
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="agenda"')
    assert "<h1>" not in content
    assert "Gruppearbejde" in content
    assert '10:30</time>–<time datetime="11:30">11:30' in content
    # The status region outside the fragment is updated out of band.
    assert 'id="agenda-status" hx-swap-oob="innerHTML"' in content
    assert "is added to the agenda" in content
    # The fresh add form takes focus for the next item.
    assert 'name="new-title"' in content and "data-autofocus" in content


def test_adding_an_invalid_item_shows_errors_and_saves_nothing(facilitator_client, seminar, items):
    response = facilitator_client.post(
        url("agenda_item_create", seminar),
        prefixed("new", item_data(title="", duration_minutes=2)),
        **HTMX,
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "data-error-summary" in content
    assert seminar.agenda_items.count() == 3


def test_adding_an_invalid_item_without_javascript_shows_the_full_page(
    facilitator_client, seminar, items
):
    response = facilitator_client.post(
        url("agenda_item_create", seminar), prefixed("new", item_data(title=""))
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" in content and "There is a problem" in content


def test_responsible_lists_only_this_organisations_members(
    facilitator_client, seminar, items, leader, other_organisation
):
    stranger = MembershipFactory(organisation=other_organisation, user__first_name="Fremmed")
    content = facilitator_client.get(seminar.get_absolute_url()).content.decode()
    assert leader.display_name in content
    assert stranger.display_name not in content
    response = facilitator_client.post(
        url("agenda_item_create", seminar),
        prefixed("new", item_data(responsible=stranger.pk)),
    )
    assert response.status_code == 200
    assert not seminar.agenda_items.filter(title="Gruppearbejde").exists()


def test_an_item_can_name_a_responsible_member(facilitator_client, seminar, leader):
    facilitator_client.post(
        url("agenda_item_create", seminar), prefixed("new", item_data(responsible=leader.pk))
    )
    assert seminar.agenda_items.get().responsible == leader


# --- Edit ------------------------------------------------------------------------------------


def test_the_edit_link_turns_the_row_into_a_form(facilitator_client, seminar, items):
    response = facilitator_client.get(url("agenda_item_edit", seminar, items[1]), **HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="agenda"')
    assert f'name="item-{items[1].pk}-title"' in content
    assert 'value="Brainstorm"' in content
    assert "data-autofocus" in content
    assert "Cancel" in content


def test_the_edit_link_without_javascript_shows_the_page_with_the_form(
    facilitator_client, seminar, items
):
    response = facilitator_client.get(url("agenda_item_edit", seminar, items[1]))
    content = response.content.decode()
    assert "<h1>" in content
    assert f'name="item-{items[1].pk}-title"' in content


def test_saving_an_edit_with_htmx_updates_times(facilitator_client, seminar, items):
    data = prefixed(f"item-{items[0].pk}", item_data(title="Velkommen", duration_minutes=30))
    response = facilitator_client.post(url("agenda_item_edit", seminar, items[0]), data, **HTMX)
    content = response.content.decode()
    items[0].refresh_from_db()
    assert items[0].title == "Velkommen"
    assert items[0].duration_minutes == 30
    assert '09:30</time>–<time datetime="10:15">10:15' in content
    assert "is saved" in content
    assert f'name="item-{items[0].pk}-title"' not in content


def test_saving_an_edit_without_javascript_redirects(facilitator_client, seminar, items):
    data = prefixed(f"item-{items[0].pk}", item_data(title="Velkommen"))
    response = facilitator_client.post(url("agenda_item_edit", seminar, items[0]), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{items[0].pk}")


def test_an_invalid_edit_keeps_the_form_and_the_old_values(facilitator_client, seminar, items):
    data = prefixed(f"item-{items[0].pk}", item_data(title="", duration_minutes=1000))
    response = facilitator_client.post(url("agenda_item_edit", seminar, items[0]), data, **HTMX)
    content = response.content.decode()
    assert "There is a problem" in content
    items[0].refresh_from_db()
    assert items[0].title == "Velkomst"
    assert items[0].duration_minutes == 15


# --- Delete ----------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_first(facilitator_client, seminar, items):
    response = facilitator_client.get(url("agenda_item_delete", seminar, items[1]), **HTMX)
    content = response.content.decode()
    assert "Delete “Brainstorm” from the agenda?" in content
    assert "Yes, delete" in content
    assert seminar.agenda_items.count() == 3


def test_deleting_with_htmx_keeps_positions_dense(facilitator_client, seminar, items):
    response = facilitator_client.post(url("agenda_item_delete", seminar, items[1]), **HTMX)
    content = response.content.decode()
    assert agenda_titles(seminar) == ["Velkomst", "Frokost"]
    assert positions(seminar) == [0, 1]
    assert "“Brainstorm” is deleted from the agenda." in content
    assert '<caption id="agenda-caption" data-autofocus>' in content
    assert '09:15</time>–<time datetime="09:45">09:45' in content


def test_deleting_without_javascript_redirects_with_a_message(facilitator_client, seminar, items):
    response = facilitator_client.post(url("agenda_item_delete", seminar, items[0]), follow=True)
    assert "“Velkomst” is deleted from the agenda." in response.content.decode()
    assert positions(seminar) == [0, 1]


# --- Move ------------------------------------------------------------------------------------


def test_moving_an_item_up_without_javascript(facilitator_client, seminar, items):
    response = facilitator_client.post(
        url("agenda_item_move", seminar, items[2]), {"direction": "up"}
    )
    assert response.status_code == 302
    assert agenda_titles(seminar) == ["Velkomst", "Frokost", "Brainstorm"]
    assert positions(seminar) == [0, 1, 2]


def test_moving_an_item_down_with_htmx_keeps_focus_on_its_button(
    facilitator_client, seminar, items
):
    response = facilitator_client.post(
        url("agenda_item_move", seminar, items[0]), {"direction": "down"}, **HTMX
    )
    content = response.content.decode()
    assert agenda_titles(seminar) == ["Brainstorm", "Velkomst", "Frokost"]
    assert "“Velkomst” is moved down." in content
    row = content[content.index(f'id="item-{items[0].pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'value="down" class="button button-tertiary qh-icon-button" data-autofocus' in row


def test_moving_to_the_top_puts_focus_on_the_remaining_button(facilitator_client, seminar, items):
    response = facilitator_client.post(
        url("agenda_item_move", seminar, items[1]), {"direction": "up"}, **HTMX
    )
    content = response.content.decode()
    row = content[content.index(f'id="item-{items[1].pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'value="up"' not in row
    assert 'value="down" class="button button-tertiary qh-icon-button" data-autofocus' in row


def test_moving_the_first_item_up_changes_nothing(facilitator_client, seminar, items):
    response = facilitator_client.post(
        url("agenda_item_move", seminar, items[0]), {"direction": "up"}, follow=True
    )
    assert "is already first" in response.content.decode()
    assert agenda_titles(seminar) == ["Velkomst", "Brainstorm", "Frokost"]


def test_a_move_without_direction_is_a_bad_request(facilitator_client, seminar, items):
    response = facilitator_client.post(
        url("agenda_item_move", seminar, items[0]), {"direction": "sideways"}
    )
    assert response.status_code == 400


def test_moves_repair_gaps_in_positions(facilitator_client, seminar):
    a = AgendaItemFactory(seminar=seminar, position=3, title="A")
    b = AgendaItemFactory(seminar=seminar, position=7, title="B")
    AgendaItemFactory(seminar=seminar, position=7, title="C")
    facilitator_client.post(url("agenda_item_move", seminar, b), {"direction": "up"})
    assert agenda_titles(seminar) == ["B", "A", "C"]
    assert positions(seminar) == [0, 1, 2]
    a.refresh_from_db()
    assert a.position == 1


# --- Queries ---------------------------------------------------------------------------------


def count_queries(client, seminar):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(seminar.get_absolute_url())
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_detail_page_query_count_does_not_grow_with_the_agenda(
    facilitator_client, process, leader
):
    small = SeminarFactory(process=process)
    large = SeminarFactory(process=process)
    for position in range(3):
        AgendaItemFactory(seminar=small, position=position, responsible=leader)
    for position in range(30):
        AgendaItemFactory(seminar=large, position=position, responsible=leader)
    count_queries(facilitator_client, small)  # warm up the session
    assert count_queries(facilitator_client, small) == count_queries(facilitator_client, large)
