"""Indicators and their measurements.

Every rule a person can break is checked here and answered with a `ValidationError` naming
the field, before anything is written: the target lies in the better direction from the
baseline, the target date after the baseline date, values fit the unit (a percentage 0–100,
a score 1–4, counts and days not negative, counts whole), a measurement is not dated before
the baseline or after today, and an indicator has one measurement a day. The database holds
the last two as constraints too; a race that reaches them gets the same message.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Membership

from ..models import Indicator, Initiative, Measurement
from .editing import check_fingerprint, long_date, plain_number

Unit = Indicator.Unit

INDICATOR_FIELDS = (
    "name",
    "unit",
    "better",
    "baseline_value",
    "baseline_date",
    "baseline_method",
    "baseline_period_end",
    "target_value",
    "target_date",
)
MEASUREMENT_FIELDS = ("measured_on", "value", "note", "evidence_kind", "evidence")
# DecimalField(max_digits=12, decimal_places=2): anything larger does not fit the column.
LARGEST = Decimal("9999999999.99")


def value_problem(unit: str, value: Decimal) -> str | None:
    """Why `value` cannot be a value of `unit`, or None when it can."""
    if not value.is_finite():
        return _("Enter a number.")
    if value != value.quantize(Decimal("0.01")):
        return _("Use at most two decimals.")
    if unit == Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
        return _("A percentage is between 0 and 100.")
    if unit == Unit.SCORE and not Decimal(1) <= value <= Decimal(4):
        return _("A score is between 1 and 4.")
    if unit in (Unit.COUNT, Unit.DAYS) and value < 0:
        return _("The value cannot be negative.")
    if unit == Unit.COUNT and value != value.to_integral_value():
        return _("A count is a whole number.")
    if abs(value) > LARGEST:
        return _("The number is too large.")
    return None


# -- Indicators ------------------------------------------------------------------------------


def _check_indicator(fields: dict, indicator: Indicator | None) -> None:
    """Collect every broken rule of an indicator, so the form shows them all at once."""
    errors: dict[str, list[str]] = {}
    unit = fields["unit"]
    if unit not in Unit.values:
        errors.setdefault("unit", []).append(_("Choose a unit."))
    if fields["better"] not in Indicator.Better.values:
        errors.setdefault("better", []).append(_("Say which direction is better."))
    if not fields["name"]:
        errors.setdefault("name", []).append(_("Name the indicator."))
    baseline, target = fields["baseline_value"], fields["target_value"]
    for field, value in (("baseline_value", baseline), ("target_value", target)):
        if unit in Unit.values and (problem := value_problem(unit, value)):
            errors.setdefault(field, []).append(problem)
    if fields["better"] == Indicator.Better.HIGHER and target <= baseline:
        errors.setdefault("target_value", []).append(
            _("Higher is better, so the target must be above the baseline (%(baseline)s).")
            % {"baseline": plain_number(baseline)}
        )
    if fields["better"] == Indicator.Better.LOWER and target >= baseline:
        errors.setdefault("target_value", []).append(
            _("Lower is better, so the target must be below the baseline (%(baseline)s).")
            % {"baseline": plain_number(baseline)}
        )
    baseline_date, target_date = fields["baseline_date"], fields["target_date"]
    if target_date <= baseline_date:
        errors.setdefault("target_date", []).append(
            _("The target date must come after the baseline date (%(date)s).")
            % {"date": long_date(baseline_date)}
        )
    if baseline_date > timezone.localdate():
        errors.setdefault("baseline_date", []).append(
            _("The baseline is measured before you start: %(date)s is in the future.")
            % {"date": long_date(baseline_date)}
        )
    period_end = fields["baseline_period_end"]
    if period_end is not None and period_end < baseline_date:
        errors.setdefault("baseline_period_end", []).append(
            _("The baseline period ends on or after the baseline date (%(date)s).")
            % {"date": long_date(baseline_date)}
        )
    if indicator is not None and not errors:
        # The measurements already entered must still fit the changed indicator.
        span = indicator.measurements.aggregate(
            first=Min("measured_on"), low=Min("value"), high=Max("value")
        )
        if span["first"] is not None and span["first"] < baseline_date:
            errors.setdefault("baseline_date", []).append(
                _(
                    "There are measurements from %(date)s: the baseline date cannot be after "
                    "the first measurement."
                )
                % {"date": long_date(span["first"])}
            )
        if unit != indicator.unit and span["first"] is not None:
            values = indicator.measurements.values_list("value", flat=True)
            if any(value_problem(unit, v) for v in values):
                errors.setdefault("unit", []).append(
                    _("Some measurements do not fit this unit: correct them first.")
                )
    if errors:
        raise ValidationError(errors)


def _indicator_fields(**fields) -> dict:
    fields["name"] = (fields.get("name") or "").strip()
    fields["baseline_method"] = (fields.get("baseline_method") or "").strip()
    fields.setdefault("baseline_period_end", None)
    return fields


@transaction.atomic
def add_indicator(
    *,
    actor: Membership,
    initiative: Initiative,
    name: str,
    unit: str,
    better: str,
    baseline_value: Decimal,
    baseline_date: datetime.date,
    target_value: Decimal,
    target_date: datetime.date,
    baseline_method: str = "",
    baseline_period_end: datetime.date | None = None,
) -> Indicator:
    """Add an indicator with its baseline and target; refuses a target in the wrong
    direction or before the baseline, and values the unit cannot take."""
    fields = _indicator_fields(
        name=name,
        unit=unit,
        better=better,
        baseline_value=baseline_value,
        baseline_date=baseline_date,
        baseline_method=baseline_method,
        baseline_period_end=baseline_period_end,
        target_value=target_value,
        target_date=target_date,
    )
    _check_indicator(fields, None)
    last = initiative.indicators.aggregate(m=Max("position"))["m"] or 0
    return Indicator.objects.create(initiative=initiative, position=last + 1, **fields)


@transaction.atomic
def edit_indicator(
    *, actor: Membership, indicator: Indicator, seen: str | None = None, **fields
) -> Indicator:
    """Change an indicator, unless someone changed it since the form was shown (`seen`). The
    measurements already entered must fit the changed baseline date and unit."""
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    check_fingerprint(locked, INDICATOR_FIELDS, seen)
    fields = _indicator_fields(**fields)
    _check_indicator(fields, locked)
    for field in INDICATOR_FIELDS:
        setattr(locked, field, fields[field])
    locked.save(update_fields=list(INDICATOR_FIELDS))
    return locked


# -- Measurements ----------------------------------------------------------------------------


def date_taken(indicator: Indicator, measured_on: datetime.date, exclude_pk=None) -> bool:
    others = Measurement.objects.filter(indicator=indicator, measured_on=measured_on)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def _duplicate(measured_on: datetime.date) -> ValidationError:
    return ValidationError(
        {
            "measured_on": _("There is already a measurement on %(date)s — edit it instead.")
            % {"date": long_date(measured_on)}
        },
        code="duplicate",
    )


def _check_measurement(indicator: Indicator, fields: dict, exclude_pk: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    measured_on, value = fields["measured_on"], fields["value"]
    if problem := value_problem(indicator.unit, value):
        errors["value"] = [problem]
    today = timezone.localdate()
    if measured_on > today:
        errors["measured_on"] = [
            _("%(date)s is in the future: you can enter a measurement up to today (%(today)s).")
            % {"date": long_date(measured_on), "today": long_date(today)}
        ]
    elif measured_on < indicator.baseline_date:
        errors["measured_on"] = [
            _("The baseline was measured on %(date)s: a measurement cannot be earlier.")
            % {"date": long_date(indicator.baseline_date)}
        ]
    elif date_taken(indicator, measured_on, exclude_pk):
        errors["measured_on"] = _duplicate(measured_on).error_dict["measured_on"]
    if fields["evidence"] and not fields["evidence_kind"]:
        errors["evidence_kind"] = [_("Say whether the evidence is an observation or a statement.")]
    if fields["evidence_kind"] and fields["evidence_kind"] not in Measurement.EvidenceKind.values:
        errors["evidence_kind"] = [_("Choose a kind of evidence.")]
    if fields["evidence_kind"] and not fields["evidence"]:
        errors["evidence"] = [_("Write the observation or the statement.")]
    if errors:
        raise ValidationError(errors)


def _measurement_fields(**fields) -> dict:
    fields["note"] = (fields.get("note") or "").strip()
    fields["evidence"] = (fields.get("evidence") or "").strip()
    fields["evidence_kind"] = fields.get("evidence_kind") or ""
    return fields


def _save(measurement: Measurement, **kwargs) -> None:
    """Save in a savepoint, so a duplicate date that slipped past the check (two people
    entering the same day at once) becomes the form's message and the transaction lives on."""
    try:
        with transaction.atomic():
            measurement.save(**kwargs)
    except IntegrityError as error:
        if "one_measurement_a_day" in str(error) or date_taken(
            measurement.indicator, measurement.measured_on, measurement.pk
        ):
            raise _duplicate(measurement.measured_on) from error
        raise


@transaction.atomic
def add_measurement(
    *,
    actor: Membership,
    indicator: Indicator,
    measured_on: datetime.date,
    value: Decimal,
    note: str = "",
    evidence_kind: str = "",
    evidence: str = "",
) -> Measurement:
    """Add one measurement: a value the unit allows, dated from the baseline up to today, on
    a day that has none yet; optionally with an observation or a user's statement."""
    fields = _measurement_fields(
        measured_on=measured_on,
        value=value,
        note=note,
        evidence_kind=evidence_kind,
        evidence=evidence,
    )
    _check_measurement(indicator, fields)
    measurement = Measurement(indicator=indicator, entered_by=actor, **fields)
    _save(measurement, force_insert=True)
    return measurement


@transaction.atomic
def edit_measurement(
    *, actor: Membership, measurement: Measurement, seen: str | None = None, **fields
) -> Measurement:
    """Correct a measurement, unless someone changed it since the form was shown."""
    locked = Measurement.objects.select_for_update().get(pk=measurement.pk)
    locked.indicator = measurement.indicator
    check_fingerprint(locked, MEASUREMENT_FIELDS, seen)
    fields = _measurement_fields(**fields)
    _check_measurement(locked.indicator, fields, exclude_pk=locked.pk)
    for field in MEASUREMENT_FIELDS:
        setattr(locked, field, fields[field])
    _save(locked, update_fields=list(MEASUREMENT_FIELDS))
    return locked


@transaction.atomic
def delete_measurement(*, actor: Membership, measurement: Measurement) -> None:
    """Remove a mistaken measurement. (Trials are never deleted; a wrong number may be.)"""
    Measurement.objects.filter(pk=measurement.pk).delete()
