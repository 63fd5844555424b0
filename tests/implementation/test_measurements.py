"""Measurements through HTTP: entered on the phone page (with and without htmx), corrected
and removed; every bad value or date gives its message in the form and saves nothing, a
race on the same day included."""
# ruff: noqa: F811 - the fixtures imported from chain_world are arguments of the tests

import datetime
from decimal import Decimal

import pytest

from implementation.models import Indicator, Measurement

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
from .factories import IndicatorFactory, MeasurementFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def _measure_url(indicator):
    return url(
        "measurement_add", indicator.initiative.process_id, indicator.initiative_id, indicator.pk
    )


def _ids(indicator):
    return [indicator.initiative.process_id, indicator.initiative_id, indicator.pk]


def test_the_phone_page_has_a_big_number_field_and_todays_date(
    as_user, team_member, chain_indicator
):
    page = as_user(team_member).get(_measure_url(chain_indicator)).content.decode()
    assert 'inputmode="decimal"' in page
    assert 'class="form-input qh-measure-value"' in page
    assert 'type="date" name="measured_on" value="2027-06-01"' in page
    assert '<details class="details">' in page
    assert "Add a note or evidence (optional)" in page
    assert 'hx-post="' + _measure_url(chain_indicator) + '"' in page


def test_a_measurement_is_saved_and_shown_in_the_chart_and_table(as_user, owner, chain_indicator):
    client = as_user(owner)
    response = client.post(
        _measure_url(chain_indicator), {"value": "62,5", "measured_on": "2027-03-03"}
    )
    measurement = Measurement.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#measurement-{measurement.pk}")
    assert (measurement.value, measurement.entered_by) == (Decimal("62.5"), owner)
    page = client.get(response["Location"]).content.decode()
    assert "Saved: 62.5\u00a0% on 3 March 2027." in page
    assert f'<tr id="measurement-{measurement.pk}"' in page
    assert page.count('class="qh-rc-point') == 1


def test_with_htmx_the_section_is_answered_with_focus_on_what_was_saved(
    as_user, owner, chain_indicator
):
    add_series(chain_indicator, [61, 59])
    response = as_user(owner).post(
        _measure_url(chain_indicator),
        {"value": "64", "measured_on": "2027-06-01", "note": "Efter mødet"},
        **HTMX,
    )
    measurement = Measurement.objects.get(measured_on=datetime.date(2027, 6, 1))
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment
    assert 'role="status" tabindex="-1" data-autofocus' in fragment
    assert "Saved: 64\u00a0% on 1 June 2027." in fragment
    assert f'<tr id="measurement-{measurement.pk}" class="qh-new">' in fragment
    assert fragment.count('class="qh-rc-point') == 3
    # The form is ready for the next one: empty value, today's date.
    assert 'name="value"' in fragment and 'value="64"' not in fragment


def test_evidence_is_kept_with_the_measurement(as_user, owner, chain_indicator):
    as_user(owner).post(
        _measure_url(chain_indicator),
        {
            "value": "70",
            "measured_on": "2027-05-01",
            "evidence_kind": "observation",
            "evidence": "Brugerne talte selv på mødet",
        },
    )
    measurement = Measurement.objects.get()
    assert measurement.evidence_kind == "observation"
    assert measurement.evidence == "Brugerne talte selv på mødet"


def _post_bad(client, indicator, data, htmx=False):
    return client.post(_measure_url(indicator), data, **(HTMX if htmx else {}))


BAD_VALUES = [
    ({"value": "mange"}, "Enter a number, for example 62 or 62.5."),
    ({"value": "6 2,5,1"}, "Enter a number, for example 62 or 62.5."),
    ({"value": ""}, "This field is required."),
    ({"value": "101"}, "A percentage is between 0 and 100."),
    ({"value": "-1"}, "A percentage is between 0 and 100."),
    ({"value": "62.555"}, "Use at most two decimals."),
    ({"value": "1e3"}, "Enter a number, for example 62 or 62.5."),
    ({"value": "NaN"}, "Enter a number, for example 62 or 62.5."),
    ({"measured_on": "2026-12-31"}, "The baseline was measured on 1 January 2027"),
    ({"measured_on": "2027-06-02"}, "2 June 2027 is in the future"),
    ({"measured_on": "3/3/2027x"}, "Enter a valid date."),
    ({"measured_on": ""}, "This field is required."),
    ({"evidence": "Uden art"}, "Say whether the evidence is an observation or a statement."),
    ({"evidence_kind": "observation"}, "Write the observation or the statement."),
    ({"evidence_kind": "rumour", "evidence": "x"}, "Select a valid choice."),
]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(("changes", "message"), BAD_VALUES)
def test_a_bad_measurement_gives_the_message_and_saves_nothing(
    as_user, owner, chain_indicator, changes, message, htmx
):
    data = {"value": "62", "measured_on": "2027-03-03", **changes}
    response = _post_bad(as_user(owner), chain_indicator, data, htmx)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "data-error-summary" in page
    assert not Measurement.objects.exists()


def test_a_second_measurement_on_the_same_day_is_refused(as_user, owner, chain_indicator):
    MeasurementFactory(indicator=chain_indicator, measured_on=datetime.date(2027, 3, 3))
    response = as_user(owner).post(
        _measure_url(chain_indicator), {"value": "70", "measured_on": "2027-03-03"}
    )
    assert response.status_code == 200
    assert "There is already a measurement on 3 March 2027 — edit it instead." in (
        response.content.decode()
    )
    assert Measurement.objects.count() == 1


def test_a_same_day_race_past_the_check_gets_the_same_message(
    as_user, owner, chain_indicator, monkeypatch
):
    """Two people save the same day at once: both pass the check, the database's unique
    constraint refuses the second, and the form says so; the transaction lives on."""
    MeasurementFactory(indicator=chain_indicator, measured_on=datetime.date(2027, 3, 3))
    monkeypatch.setattr("implementation.services.indicators.date_taken", lambda *a, **k: False)
    response = as_user(owner).post(
        _measure_url(chain_indicator), {"value": "70", "measured_on": "2027-03-03"}
    )
    assert response.status_code == 200
    assert "There is already a measurement on 3 March 2027 — edit it instead." in (
        response.content.decode()
    )
    assert Measurement.objects.get().value == Decimal(62)


COUNT_VALUES = [
    ("2.5", "A count is a whole number."),
    ("-3", "The value cannot be negative."),
    ("12345678901", "The number is too large."),
]


@pytest.mark.parametrize(("value", "message"), COUNT_VALUES)
def test_a_count_is_a_whole_number_from_zero(as_user, owner, chain_initiative, value, message):
    indicator = IndicatorFactory(
        initiative=chain_initiative,
        unit=Indicator.Unit.COUNT,
        baseline_value=3,
        target_value=10,
    )
    response = as_user(owner).post(
        _measure_url(indicator), {"value": value, "measured_on": "2027-03-03"}
    )
    assert message in response.content.decode()
    assert not Measurement.objects.exists()


def test_a_score_is_from_1_to_4(as_user, owner, chain_initiative):
    indicator = IndicatorFactory(
        initiative=chain_initiative, unit=Indicator.Unit.SCORE, baseline_value=2, target_value=3
    )
    client = as_user(owner)
    response = client.post(_measure_url(indicator), {"value": "0.5", "measured_on": "2027-03-03"})
    assert "A score is between 1 and 4." in response.content.decode()
    client.post(_measure_url(indicator), {"value": "3.5", "measured_on": "2027-03-03"})
    assert Measurement.objects.get().value == Decimal("3.5")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("62,5", "62.5"), (" 62 % ", "62"), ("1.000,5", "1000.5"), ("1 000", "1000"), ("0", "0")],
)
def test_numbers_are_read_as_people_type_them(as_user, owner, chain_initiative, typed, stored):
    indicator = IndicatorFactory(
        initiative=chain_initiative,
        unit=Indicator.Unit.DAYS,
        better="lower",
        baseline_value=2000,
        target_value=5,
    )
    response = as_user(owner).post(
        _measure_url(indicator), {"value": typed, "measured_on": "2027-03-03"}
    )
    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal(stored)


# -- Correcting and removing -----------------------------------------------------------------


def test_a_measurement_is_corrected(as_user, team_member, chain_indicator):
    measurement = MeasurementFactory(
        indicator=chain_indicator, measured_on=datetime.date(2027, 3, 3)
    )
    client = as_user(team_member)
    edit = url("measurement_edit", *_ids(chain_indicator), measurement.pk)
    seen = client.get(edit).context["form"].initial["seen"]
    response = client.post(
        edit, {"value": "66", "measured_on": "2027-03-04", "note": "Rettet", "seen": seen}
    )
    assert response.status_code == 302
    measurement.refresh_from_db()
    assert (measurement.value, measurement.measured_on) == (Decimal(66), datetime.date(2027, 3, 4))


def test_a_correction_cannot_move_onto_another_measurements_day(as_user, owner, chain_indicator):
    first, second = add_series(chain_indicator, [61, 63], start=datetime.date(2027, 3, 3))
    response = as_user(owner).post(
        url("measurement_edit", *_ids(chain_indicator), second.pk),
        {"value": "63", "measured_on": "2027-03-03"},
    )
    assert "There is already a measurement on 3 March 2027 — edit it instead." in (
        response.content.decode()
    )
    second.refresh_from_db()
    assert second.measured_on == datetime.date(2027, 3, 10)


def test_a_correction_on_top_of_someone_elses_is_refused(
    as_user, owner, team_member, chain_indicator
):
    measurement = MeasurementFactory(
        indicator=chain_indicator, measured_on=datetime.date(2027, 3, 3)
    )
    edit = url("measurement_edit", *_ids(chain_indicator), measurement.pk)
    seen = as_user(owner).get(edit).context["form"].initial["seen"]
    as_user(team_member).post(edit, {"value": "70", "measured_on": "2027-03-03", "seen": seen})
    response = as_user(owner).post(edit, {"value": "65", "measured_on": "2027-03-03", "seen": seen})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved a change while you were writing" in page
    assert "Compare the two versions" in page
    measurement.refresh_from_db()
    assert measurement.value == Decimal(70)


def test_a_mistaken_measurement_is_removed_after_confirming(as_user, owner, chain_indicator):
    measurement = MeasurementFactory(
        indicator=chain_indicator, measured_on=datetime.date(2027, 3, 3)
    )
    client = as_user(owner)
    delete = url("measurement_delete", *_ids(chain_indicator), measurement.pk)
    confirm = client.get(delete)
    assert "Remove the measurement of" in confirm.content.decode()
    assert Measurement.objects.exists()
    response = client.post(delete)
    assert response.status_code == 302
    assert not Measurement.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "The measurement of 3 March 2027 has been removed." in page


def test_a_measurement_of_another_indicator_is_not_found(as_user, owner, chain_indicator):
    other = IndicatorFactory(initiative=chain_indicator.initiative)
    foreign = MeasurementFactory(indicator=other)
    for name in ("measurement_edit", "measurement_delete"):
        response = as_user(owner).post(url(name, *_ids(chain_indicator), foreign.pk))
        assert response.status_code == 404
    assert Measurement.objects.filter(pk=foreign.pk).exists()
