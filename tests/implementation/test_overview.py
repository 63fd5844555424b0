"""The leaders' overview: who sees it, what it rolls up, filters in the URL, fixed queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from implementation.models import Initiative
from tests.factories import ProcessFactory

from .builders import portfolio, themes_and_groups

pytestmark = pytest.mark.django_db

Status = Initiative.Status


def overview_url(process, query: str = "") -> str:
    return reverse("implementation:overview", args=[process.pk]) + query


def organisation_url(organisation, query: str = "") -> str:
    return reverse("implementation:organisation_overview", args=[organisation.slug]) + query


@pytest.fixture
def pairs(process):
    return themes_and_groups(process)


@pytest.fixture
def initiatives(process, pairs, member):
    return portfolio(process, pairs, initiatives=4, owner=member, improving=1)


@pytest.mark.parametrize("role", ["facilitator", "leader", "group_lead", "member"])
def test_everyone_in_the_organisation_sees_every_initiative(
    request, as_user, process, initiatives, role
):
    page = as_user(request.getfixturevalue(role)).get(overview_url(process))
    assert page.status_code == 200
    for initiative in initiatives:
        assert initiative.title in page.text
    assert "4 initiatives." in page.text


def test_an_external_sees_only_the_initiatives_they_take_part_in(
    as_user, process, initiatives, external
):
    initiatives[1].team.add(external)
    page = as_user(external).get(overview_url(process)).text
    assert "Tiltag 2" in page
    assert "Tiltag 1" not in page and "Tiltag 3" not in page
    assert "You see the initiatives you take part in." in page
    # Nor do the exports give the others away.
    csv_text = as_user(external).get(
        reverse("implementation:overview_export", args=[process.pk, "csv"])
    )
    assert "Tiltag 2" in csv_text.content.decode() and "Tiltag 1" not in csv_text.content.decode()
    # The organisation's overview narrows the same way.
    page = as_user(external).get(organisation_url(process.organisation)).text
    assert "Tiltag 2" in page and "Tiltag 3" not in page


def test_outsiders_get_404_and_visitors_the_login(client, process, initiatives, outsider):
    urls = [
        overview_url(process),
        reverse("implementation:overview_export", args=[process.pk, "csv"]),
        reverse("implementation:overview_export", args=[process.pk, "xlsx"]),
        organisation_url(process.organisation),
        reverse(
            "implementation:organisation_overview_export", args=[process.organisation.slug, "csv"]
        ),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url, url
    client.force_login(outsider.user)
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_the_overview_answers_only_get(as_user, process, leader):
    client = as_user(leader)
    assert client.post(overview_url(process)).status_code == 405
    assert client.post(organisation_url(process.organisation)).status_code == 405
    export = reverse("implementation:overview_export", args=[process.pk, "csv"])
    assert client.post(export).status_code == 405


def test_an_unknown_export_kind_is_not_found(as_user, process, leader):
    url = reverse("implementation:overview_export", args=[process.pk, "pdf"])
    assert as_user(leader).get(url).status_code == 404


def test_counts_and_progress_roll_up_by_theme_group_value_stream_and_status(
    as_user, process, pairs, member
):
    portfolio(process, pairs[:1], initiatives=3, owner=member, status=Status.RUNNING, improving=1)
    portfolio(process, pairs[1:], initiatives=2, status=Status.TRIAL, prefix="Forsøg")
    page = as_user(member).get(overview_url(process))
    text = page.text
    theme_one, theme_two = (p[0] for p in pairs)
    tables = {
        name: _table(text, f"Initiatives by {name}") for name in ("theme", "group", "value stream")
    }
    assert [theme_one.title, "3", "Running: 3", "0", "1 improvement"] == tables["theme"][0][:5]
    assert [theme_two.title, "2", "Trial: 2", "0", "–"] == tables["theme"][1][:5]
    assert [row[0] for row in tables["group"]] == ["Gruppe 1", "Gruppe 2"]
    statuses = {row[0]: row[1] for row in _table(text, "Initiatives by status")}
    assert statuses == {
        "Planned": "0",
        "Trial": "2",
        "Running": "3",
        "Anchored in daily routine": "0",
        "Paused": "0",
        "Stopped": "0",
    }
    assert 'href="?status=running"' in text
    streams = {row[0]: row[1] for row in tables["value stream"]}
    assert len(streams) == 7  # every stream is listed, those without initiatives as 0
    assert sorted(streams.values()) == ["0"] * 5 + ["2", "3"]
    # The improving indicator has come all the way to its target of 80 % from 60 %.
    assert "Progress towards the targets" in text
    # Status of all the initiatives shown: a stacked SVG bar described in words.
    assert re.search(r'<svg class="qh-bar"[^>]*role="img"[^>]*aria-label="All initiatives: 5', text)
    # The status-by-theme chart has a table alternative on the same page.
    assert 'href="#by-theme-table"' in text and 'id="by-theme-table"' in text
    assert f"{theme_one.title}: 3 (Running: 3)" in text


def _table(html: str, caption: str) -> list[list[str]]:
    """The body rows of the table with `caption`, as cell texts."""
    start = html.index(f'<caption class="sr-only">{caption}</caption>')
    body = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows


def test_indicators_with_a_signal_are_listed_with_their_sentence(
    as_user, process, initiatives, leader
):
    page = as_user(leader).get(overview_url(process)).text
    section = page[page.index('id="signals-heading"') : page.index('id="overdue-heading"')]
    assert "Tiltag 1: indikator 1" in section
    assert "Signal of improvement since" in section
    assert "Tiltag 2: indikator 1" not in section


def test_filters_keep_their_state_in_the_url(as_user, process, pairs, leader, member):
    portfolio(process, pairs, initiatives=4, owner=member, status=Status.RUNNING, improving=2)
    portfolio(process, pairs, initiatives=2, status=Status.PAUSED, prefix="Pause")
    theme = pairs[0][0]
    client = as_user(leader)
    query = f"?status=running&theme={theme.pk}&signal=on"
    page = client.get(overview_url(process, query)).text
    # Running, on theme 1 (initiatives 1 and 3), with a signal (1 and 2): only initiative 1.
    assert "Tiltag 1</a>" in page
    for other in ("Tiltag 2</a>", "Tiltag 3</a>", "Tiltag 4</a>", "Pause 1</a>"):
        assert other not in page
    assert "1 of 6 initiatives match the filters." in page
    # The form shows what is chosen, and the exports keep the same filters.
    assert '<option value="running" selected>' in page
    assert f'<option value="{theme.pk}" selected>' in page
    assert re.search(r'name="signal"[^>]*checked', page)
    export = reverse("implementation:overview_export", args=[process.pk, "csv"])
    assert f'href="{export}?status=running&amp;theme={theme.pk}&amp;signal=on"' in page
    rows = client.get(export + query).content.decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and "Tiltag 1" in rows[1]
    # Clearing the filters is a link back to the bare URL.
    assert 'href="?"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=paused", {"Pause 1", "Pause 2"}),
        ("?group={group}", {"Tiltag 1", "Tiltag 3", "Pause 1"}),
        ("?stream=2", {"Tiltag 2", "Tiltag 4", "Pause 2"}),
        ("?owner={owner}", {"Tiltag 1", "Tiltag 2", "Tiltag 3", "Tiltag 4"}),
        ("?overdue=on", {"Pause 1", "Pause 2"}),
    ],
)
def test_each_filter_narrows_the_list(as_user, process, pairs, leader, member, query, expected):
    portfolio(process, pairs, initiatives=4, owner=member)
    long_ago = datetime.date.today() - datetime.timedelta(days=90)
    portfolio(
        process, pairs, initiatives=2, status=Status.PAUSED, prefix="Pause", last_update_on=long_ago
    )
    query = query.format(group=pairs[0][1].pk, owner=member.pk)
    page = as_user(leader).get(overview_url(process, query)).text
    listed = set(re.findall(r'<th scope="row"><a href="[^"]+" dir="auto">([^<]+)</a>', page))
    assert listed == expected


def test_overdue_updates_are_listed_with_the_day_they_fell_due(
    as_user, process, pairs, leader, member
):
    long_ago = datetime.date.today() - datetime.timedelta(days=45)
    portfolio(process, pairs, initiatives=1, owner=member, last_update_on=long_ago, prefix="Sen")
    portfolio(process, pairs, initiatives=1, prefix="Frisk")
    page = as_user(leader).get(overview_url(process)).text
    section = page[page.index('id="overdue-heading"') : page.index('id="list-heading"')]
    assert "Sen 1" in section and "Frisk 1" not in section
    assert member.display_name in section
    assert "an update was due on" in section


def test_a_tampered_filter_is_ignored_and_the_others_still_apply(
    as_user, process, pairs, leader, other_organisation
):
    portfolio(process, pairs, initiatives=2)
    portfolio(process, pairs, initiatives=1, status=Status.PAUSED, prefix="Pause")
    elsewhere = ProcessFactory(organisation=other_organisation)
    foreign = themes_and_groups(elsewhere, 1, prefix="Fremmed ")[0][0]
    page = as_user(leader).get(overview_url(process, f"?theme={foreign.pk}&status=paused"))
    assert page.status_code == 200
    assert "Pause 1" in page.text and "Tiltag 1</a>" not in page.text
    assert foreign.title not in page.text


def test_the_list_is_paged_and_the_pages_keep_the_filters(as_user, process, pairs, leader):
    portfolio(process, pairs, initiatives=60, measurements=0)
    client = as_user(leader)
    page = client.get(overview_url(process, "?status=running")).text
    assert "Page 1 of 2" in page
    assert 'href="?status=running&amp;page=2#initiatives"' in page
    second = client.get(overview_url(process, "?status=running&page=2")).text
    assert second.count('<th scope="row"><a href=') == 10


def test_the_organisation_overview_rolls_up_every_process(
    as_user, organisation, process, pairs, leader
):
    other = ProcessFactory(organisation=organisation, title="Anden proces")
    portfolio(process, pairs, initiatives=2)
    portfolio(other, themes_and_groups(other, 1, prefix="B "), initiatives=3, prefix="Andet")
    page = as_user(leader).get(organisation_url(organisation)).text
    assert f"Initiatives across {organisation.name}" in page
    process_page = as_user(leader).get(overview_url(process)).text
    assert organisation_url(organisation) in process_page
    rows = _table(page, "Initiatives by process")
    assert {row[0]: row[1] for row in rows} == {process.title: "2", "Anden proces": "3"}
    assert reverse("implementation:overview", args=[other.pk]) in page
    # Themes are named with their process, since two processes may share a theme's name.
    assert "Anden proces: B Tema 1" in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("scope", ["process", "organisation"])
def test_the_overview_costs_the_same_queries_for_ten_times_the_initiatives(
    as_user, process, pairs, leader, member, scope, django_assert_num_queries
):
    portfolio(process, pairs, initiatives=3, indicators=2, owner=member, improving=1)
    client = as_user(leader)
    if scope == "process":
        url = overview_url(process)
        export = reverse("implementation:overview_export", args=[process.pk, "xlsx"])
    else:
        url = organisation_url(process.organisation)
        export = reverse(
            "implementation:organisation_overview_export", args=[process.organisation.slug, "xlsx"]
        )
    small, small_export = _count(client, url), _count(client, export)
    more = themes_and_groups(process, 3, prefix="Flere ")
    portfolio(process, more, initiatives=27, indicators=3, measurements=24, owner=leader,
              improving=5, prefix="Mere")  # fmt: skip
    with django_assert_num_queries(small):
        page = client.get(url)
    assert "30 initiatives." in page.text
    assert _count(client, export) == small_export


def test_an_initiative_carried_into_the_next_cycle_counts_once_across_the_organisation(
    as_user, organisation, process, leader
):
    from tests.implementation.factories import InitiativeFactory

    old = InitiativeFactory(process=process, title="Brugerrådet får eget budget")
    InitiativeFactory(process=process, title="Kun i første cyklus")
    nxt = ProcessFactory(organisation=organisation, title="Næste cyklus")
    InitiativeFactory(process=nxt, title="Brugerrådet får eget budget", carried_from=old)
    client = as_user(leader)
    page = client.get(organisation_url(organisation)).text
    assert "2 initiatives." in page
    rows = _table(page, "Initiatives by process")
    assert {row[0]: row[1] for row in rows} == {process.title: "1", "Næste cyklus": "1"}
    export = client.get(
        reverse("implementation:organisation_overview_export", args=[organisation.slug, "csv"])
    )
    lines = export.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3  # the header and two initiatives
    assert sum("Brugerrådet får eget budget" in line for line in lines) == 1
    # The old process's own overview still shows what it carried out.
    assert "2 initiatives." in client.get(overview_url(process)).text
