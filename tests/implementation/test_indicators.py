"""Indicators through HTTP: added and edited with their rules (target in the better
direction, target date after the baseline, values by unit), and the indicator page with its
run chart, signal sentence and table, escaped and in a fixed number of queries."""
# ruff: noqa: F811 - the fixtures imported from chain_world are arguments of the tests

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from implementation.models import Indicator

from .chain_world import (  # noqa: F401 - fixtures
    add_series,
    chain_indicator,
    chain_initiative,
    frozen_today,
    owner,
    team_external,
    team_member,
    url,
)
from .factories import IndicatorFactory, MeasurementFactory, TrialActionFactory


def _ids(initiative):
    return [initiative.process_id, initiative.pk]


def _indicator_data(**changes):
    data = {
        "name": "Andel brugere med MUS",
        "unit": "percent",
        "better": "higher",
        "baseline_value": "60",
        "baseline_date": "2027-01-01",
        "baseline_method": "Optælling i januar",
        "baseline_period_end": "",
        "target_value": "80",
        "target_date": "2027-12-31",
    }
    data.update(changes)
    return data


def _points(page: str) -> int:
    return len(re.findall(r'class="qh-rc-point', page))


# -- Adding and editing ----------------------------------------------------------------------


def test_the_owner_adds_an_indicator(as_user, owner, chain_initiative):
    response = as_user(owner).post(
        url("indicator_add", *_ids(chain_initiative)),
        _indicator_data(baseline_value="60,5", target_value="80"),
    )
    indicator = Indicator.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("indicator", *_ids(chain_initiative), indicator.pk)
    assert indicator.baseline_value == Decimal("60.5")
    assert indicator.baseline_method == "Optælling i januar"


BAD_INDICATORS = [
    (
        {"target_value": "50"},
        "Higher is better, so the target must be above the baseline (60).",
    ),
    (
        {"target_value": "60"},
        "Higher is better, so the target must be above the baseline (60).",
    ),
    (
        {"better": "lower", "target_value": "70"},
        "Lower is better, so the target must be below the baseline (60).",
    ),
    (
        {"target_date": "2026-12-31"},
        "The target date must come after the baseline date (1 January 2027).",
    ),
    (
        {"target_date": "2027-01-01"},
        "The target date must come after the baseline date (1 January 2027).",
    ),
    ({"baseline_value": "120", "target_value": "130"}, "A percentage is between 0 and 100."),
    ({"unit": "score", "baseline_value": "2", "target_value": "5"}, "A score is between 1 and 4."),
    (
        {"unit": "count", "better": "lower", "baseline_value": "3", "target_value": "-1"},
        "The value cannot be negative.",
    ),
    (
        {"unit": "count", "baseline_value": "2.5", "target_value": "4"},
        "A count is a whole number.",
    ),
    ({"baseline_value": "sixty"}, "Enter a number, for example 62 or 62.5."),
    ({"target_value": ""}, "This field is required."),
    ({"unit": "kilograms"}, "Select a valid choice."),
    ({"baseline_date": "2027-07-01"}, "The baseline is measured before you start"),
    (
        {"baseline_period_end": "2026-12-01"},
        "The baseline period ends on or after the baseline date (1 January 2027).",
    ),
]


@pytest.mark.parametrize(("changes", "message"), BAD_INDICATORS)
def test_a_bad_indicator_gives_the_message_and_saves_nothing(
    as_user, owner, chain_initiative, changes, message
):
    response = as_user(owner).post(
        url("indicator_add", *_ids(chain_initiative)), _indicator_data(**changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Indicator.objects.exists()


def test_the_indicator_is_edited(as_user, owner, chain_indicator):
    client = as_user(owner)
    edit = url("indicator_edit", *_ids(chain_indicator.initiative), chain_indicator.pk)
    seen = client.get(edit).context["form"].initial["seen"]
    response = client.post(edit, _indicator_data(target_value="85", seen=seen))
    assert response.status_code == 302
    chain_indicator.refresh_from_db()
    assert chain_indicator.target_value == Decimal(85)


def test_the_baseline_date_cannot_move_past_the_first_measurement(as_user, owner, chain_indicator):
    add_series(chain_indicator, [62, 64], start=datetime.date(2027, 2, 1))
    response = as_user(owner).post(
        url("indicator_edit", *_ids(chain_indicator.initiative), chain_indicator.pk),
        _indicator_data(baseline_date="2027-03-01"),
    )
    assert response.status_code == 200
    assert "There are measurements from 1 February 2027" in response.content.decode()
    chain_indicator.refresh_from_db()
    assert chain_indicator.baseline_date == datetime.date(2027, 1, 1)


def test_the_unit_cannot_change_to_one_the_measurements_do_not_fit(as_user, owner, chain_indicator):
    add_series(chain_indicator, [62, 64])
    response = as_user(owner).post(
        url("indicator_edit", *_ids(chain_indicator.initiative), chain_indicator.pk),
        _indicator_data(unit="score", baseline_value="2", target_value="3"),
    )
    assert response.status_code == 200
    assert "Some measurements do not fit this unit" in response.content.decode()
    chain_indicator.refresh_from_db()
    assert chain_indicator.unit == Indicator.Unit.PERCENT


def test_an_edit_on_top_of_someone_elses_is_refused(as_user, owner, team_member, chain_indicator):
    edit = url("indicator_edit", *_ids(chain_indicator.initiative), chain_indicator.pk)
    seen = as_user(owner).get(edit).context["form"].initial["seen"]
    as_user(team_member).post(edit, _indicator_data(target_value="90", seen=seen))
    response = as_user(owner).post(edit, _indicator_data(target_value="85", seen=seen))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved a change while you were writing" in page
    assert "90" in page and "85" in page
    # The shared comparison: the differing field side by side, the others named once.
    assert "Compare the two versions" in page and "The same in both versions: Name," in page
    chain_indicator.refresh_from_db()
    assert chain_indicator.target_value == Decimal(90)


# -- The indicator page ----------------------------------------------------------------------


def test_the_page_shows_the_chart_and_a_table_with_every_measurement(
    as_user, member, chain_indicator
):
    add_series(chain_indicator, [61, 59, 63, 58, 60])
    MeasurementFactory(
        indicator=chain_indicator,
        measured_on=datetime.date(2027, 3, 3),
        value=Decimal("62.5"),
        note="Efter personalemødet",
        evidence_kind="user_statement",
        evidence="Jeg blev spurgt om mit arbejde",
    )
    response = as_user(member).get(
        url("indicator", *_ids(chain_indicator.initiative), chain_indicator.pk)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and _points(page) == 6
    assert page.count('<tr id="measurement-') == 6
    assert "<caption>6 measurements of “Andel brugere med MUS”, oldest first</caption>" in page
    assert "62.5\u00a0%" in page
    assert "Efter personalemødet" in page
    assert "A user&#x27;s statement:" in page or "A user's statement:" in page
    assert "Jeg blev spurgt om mit arbejde" in page
    # Baseline, how it was measured, target and target date.
    assert "60\u00a0%, measured on" in page
    assert "80\u00a0% by" in page
    assert "Too few measurements for a signal (at least 10 are needed)" in page


def test_a_real_shift_is_said_in_words(as_user, member, chain_indicator):
    # Eight baseline points around 60, then ten points clearly above.
    baseline = [62, 58, 61, 59, 63, 57, 60.5, 58]
    add_series(chain_indicator, baseline + [72, 74, 71, 75, 73, 76, 74, 77, 75, 78])
    chain_indicator.baseline_period_end = datetime.date(2027, 1, 4) + datetime.timedelta(weeks=7)
    chain_indicator.save()
    page = (
        as_user(member)
        .get(url("indicator", *_ids(chain_indicator.initiative), chain_indicator.pk))
        .content.decode()
    )
    assert "Signal of improvement since March 2027" in page
    assert _points(page) == 18
    assert page.count("part of the signal") == 10


def test_a_lower_is_better_shift_down_is_an_improvement(as_user, member, chain_initiative):
    indicator = IndicatorFactory(
        initiative=chain_initiative,
        unit="days",
        better="lower",
        baseline_value=20,
        target_value=5,
        baseline_period_end=datetime.date(2027, 2, 22),
    )
    add_series(indicator, [20, 18, 21, 19, 22, 17, 20, 19, 8, 7, 6, 7, 5, 6, 5, 4, 5, 4])
    page = (
        as_user(member)
        .get(url("indicator", *_ids(chain_initiative), indicator.pk))
        .content.decode()
    )
    assert "Signal of improvement since" in page
    assert "7\u00a0days" in page


def test_trials_are_marked_on_the_chart_and_their_titles_escaped(as_user, member, chain_indicator):
    add_series(chain_indicator, [61, 59, 63])
    TrialActionFactory(
        initiative=chain_indicator.initiative,
        title="<script>alert(1)</script>",
        started_on=datetime.date(2027, 1, 11),
    )
    page = (
        as_user(member)
        .get(url("indicator", *_ids(chain_indicator.initiative), chain_indicator.pk))
        .content.decode()
    )
    svg = page[page.index("<svg xmlns") :]
    svg = svg[: svg.index("</svg>")]
    assert 'class="qh-rc-trial"' in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "<script>alert(1)</script>" not in page


def test_names_and_notes_with_markup_are_escaped(as_user, member, chain_initiative):
    indicator = IndicatorFactory(initiative=chain_initiative, name="<b>Andel</b>")
    MeasurementFactory(
        indicator=indicator, measured_on=datetime.date(2027, 2, 1), note="<img src=x onerror=1>"
    )
    page = (
        as_user(member)
        .get(url("indicator", *_ids(chain_initiative), indicator.pk))
        .content.decode()
    )
    assert "<b>Andel</b>" not in page and "&lt;b&gt;Andel&lt;/b&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=1&gt;" in page


def _queries(client, page_url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page_url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_indicator_page_query_count_does_not_grow_with_the_measurements(
    as_user, member, chain_indicator
):
    client = as_user(member)
    page_url = url("indicator", *_ids(chain_indicator.initiative), chain_indicator.pk)
    add_series(chain_indicator, range(50, 55), step_days=1)
    TrialActionFactory(initiative=chain_indicator.initiative, started_on=datetime.date(2027, 2, 1))
    few = _queries(client, page_url)
    add_series(chain_indicator, [60] * 45, start=datetime.date(2027, 2, 1), step_days=1)
    TrialActionFactory(initiative=chain_indicator.initiative, started_on=datetime.date(2027, 3, 1))
    many = _queries(client, page_url)
    assert few == many
    assert many <= 12


def _render_sections(initiative, membership) -> tuple[int, str]:
    template = Template(
        '{% include "implementation/includes/chain_section.html" %}'
        '{% include "implementation/includes/indicators_section.html" %}'
    )
    context = Context({"initiative": initiative, "membership": membership, "can_edit": True})
    with CaptureQueriesContext(connection) as ctx:
        html = template.render(context)
    return len(ctx.captured_queries), html


def test_the_initiative_page_sections_take_a_fixed_number_of_queries(
    as_user, owner, chain_indicator
):
    from .factories import GoalFactory

    initiative = chain_indicator.initiative

    def grow(n):
        goal = GoalFactory(initiative=initiative)
        for _ in range(n):
            sub = GoalFactory(initiative=initiative, parent=goal)
            TrialActionFactory(initiative=initiative, goal=sub)
            indicator = IndicatorFactory(initiative=initiative)
            add_series(indicator, [60, 62, 58])

    grow(1)
    few, html = _render_sections(initiative, owner)
    page_few = _queries(as_user(owner), initiative.get_absolute_url())
    grow(6)
    many, html = _render_sections(initiative, owner)
    assert few == many
    assert few <= 6
    assert html.count('class="qh-indicator-card"') == 8
    assert _queries(as_user(owner), initiative.get_absolute_url()) == page_few
