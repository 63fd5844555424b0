"""Indicators, their measurements and run charts.

The indicator page shows the run chart (baseline median as centre line, target line, the
initiative's trial actions on the time axis), the signal in words and the same data as a
table. Measurements are entered on a page made for a phone; with htmx the chart and the
table update in place and focus moves to the saved measurement.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..access import can_edit, get_indicator_for, get_initiative_for, require
from ..charts import build_chart, with_unit
from ..indicator_forms import IndicatorForm, MeasurementForm
from ..models import Measurement, TrialAction
from ..services import indicators as services
from ..services.editing import StaleEdit, fingerprint, long_date
from .chain import stale_conflict

PAGE = "implementation/indicator_detail.html"


def indicator_url(indicator) -> str:
    initiative = indicator.initiative
    return reverse(
        "implementation:indicator", args=[initiative.process_id, initiative.pk, indicator.pk]
    )


def _chart(indicator, initiative):
    """The chart with every measurement and the initiative's trials: two queries."""
    measurements = list(
        Measurement.objects.filter(indicator=indicator).order_by("measured_on", "pk")
    )
    trials = list(
        TrialAction.objects.filter(initiative=initiative, started_on__isnull=False).only(
            "title", "started_on", "ended_on", "decision", "initiative_id", "stage"
        )
    )
    return build_chart(indicator, measurements, trials, chart_id=f"indicator-{indicator.pk}")


def _page_context(process, membership, initiative, indicator, **extra) -> dict:
    editable = can_edit(membership, initiative)
    context = {
        "process": process,
        "initiative": initiative,
        "indicator": indicator,
        "chart": _chart(indicator, initiative),
        "can_edit": editable,
        "form": MeasurementForm(indicator=indicator) if editable else None,
        "new_measurement": None,
        "baseline": with_unit(indicator.baseline_value, indicator.unit),
        "target": with_unit(indicator.target_value, indicator.unit),
    }
    context.update(extra)
    return context


# -- Indicators ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def indicator_add(request, process_pk: int, initiative_pk: int):
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    require(can_edit(membership, initiative))
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.add_indicator(
                actor=membership, initiative=initiative, **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            indicator.initiative = initiative
            messages.success(request, _("The indicator has been added."))
            return redirect(indicator_url(indicator))
    context = {"process": process, "initiative": initiative, "indicator": None, "form": form}
    return render(request, "implementation/indicator_form.html", context)


@require_http_methods(["GET", "POST"])
def indicator_edit(request, process_pk: int, initiative_pk: int, indicator_pk: int):
    process, membership, initiative, indicator = get_indicator_for(
        request, process_pk, initiative_pk, indicator_pk
    )
    require(can_edit(membership, initiative))
    conflict, status = None, 200
    if request.method == "POST":
        form = IndicatorForm(request.POST)
        if form.is_valid():
            try:
                services.edit_indicator(
                    actor=membership,
                    indicator=indicator,
                    seen=form.cleaned_data["seen"],
                    **form.service_kwargs(),
                )
            except StaleEdit as error:
                conflict = stale_conflict(form, error, form.fields)
                data = request.POST.copy()
                data["seen"] = fingerprint(error.current, services.INDICATOR_FIELDS)
                form = IndicatorForm(data)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect(indicator_url(indicator))
    else:
        initial = IndicatorForm.initial_for(indicator)
        initial["seen"] = fingerprint(indicator, services.INDICATOR_FIELDS)
        form = IndicatorForm(initial=initial)
    context = {
        "process": process,
        "initiative": initiative,
        "indicator": indicator,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "implementation/indicator_form.html", context, status=status)


@require_GET
def indicator_detail(request, process_pk: int, initiative_pk: int, indicator_pk: int):
    process, membership, initiative, indicator = get_indicator_for(
        request, process_pk, initiative_pk, indicator_pk
    )
    context = _page_context(process, membership, initiative, indicator)
    return render(request, PAGE, context)


# -- Measurements ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def measurement_add(request, process_pk: int, initiative_pk: int, indicator_pk: int):
    """The phone page for a measurement: a big number field, today's date, submit. With htmx
    the answer is the measurements section (form, signal, chart and table) with focus on
    what was saved; without it, a redirect to the indicator's page."""
    process, membership, initiative, indicator = get_indicator_for(
        request, process_pk, initiative_pk, indicator_pk
    )
    require(can_edit(membership, initiative))
    new_measurement, saved = None, ""
    if request.method == "POST":
        form = MeasurementForm(request.POST, indicator=indicator)
        if form.is_valid():
            try:
                new_measurement = services.add_measurement(
                    actor=membership, indicator=indicator, **form.service_kwargs()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                saved = _("Saved: %(value)s on %(date)s.") % {
                    "value": with_unit(new_measurement.value, indicator.unit),
                    "date": long_date(new_measurement.measured_on),
                }
                if not request.htmx:
                    messages.success(request, saved)
                    return redirect(f"{indicator_url(indicator)}#measurement-{new_measurement.pk}")
                form = MeasurementForm(indicator=indicator)
    else:
        form = MeasurementForm(indicator=indicator)
    context = _page_context(
        process,
        membership,
        initiative,
        indicator,
        form=form,
        new_measurement=new_measurement,
        saved=saved,
    )
    if request.htmx:
        return render(request, PAGE + "#measurements-section", context)
    return render(request, "implementation/measure.html", context)


def _measurement(indicator, measurement_pk: int) -> Measurement:
    measurement = get_object_or_404(Measurement, pk=measurement_pk, indicator=indicator)
    measurement.indicator = indicator
    return measurement


@require_http_methods(["GET", "POST"])
def measurement_edit(
    request, process_pk: int, initiative_pk: int, indicator_pk: int, measurement_pk: int
):
    process, membership, initiative, indicator = get_indicator_for(
        request, process_pk, initiative_pk, indicator_pk
    )
    require(can_edit(membership, initiative))
    measurement = _measurement(indicator, measurement_pk)
    conflict, status = None, 200
    if request.method == "POST":
        form = MeasurementForm(request.POST, indicator=indicator)
        if form.is_valid():
            try:
                services.edit_measurement(
                    actor=membership,
                    measurement=measurement,
                    seen=form.cleaned_data["seen"],
                    **form.service_kwargs(),
                )
            except StaleEdit as error:
                conflict = stale_conflict(form, error, form.fields)
                data = request.POST.copy()
                data["seen"] = fingerprint(error.current, services.MEASUREMENT_FIELDS)
                form = MeasurementForm(data, indicator=indicator)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The measurement has been corrected."))
                return redirect(f"{indicator_url(indicator)}#measurement-{measurement.pk}")
    else:
        initial = MeasurementForm.initial_for(measurement)
        initial["seen"] = fingerprint(measurement, services.MEASUREMENT_FIELDS)
        form = MeasurementForm(initial=initial, indicator=indicator)
    context = {
        "process": process,
        "initiative": initiative,
        "indicator": indicator,
        "measurement": measurement,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "implementation/measurement_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def measurement_delete(
    request, process_pk: int, initiative_pk: int, indicator_pk: int, measurement_pk: int
):
    """Remove a mistaken measurement, after a confirmation page."""
    process, membership, initiative, indicator = get_indicator_for(
        request, process_pk, initiative_pk, indicator_pk
    )
    require(can_edit(membership, initiative))
    measurement = _measurement(indicator, measurement_pk)
    if request.method == "POST":
        services.delete_measurement(actor=membership, measurement=measurement)
        messages.success(
            request,
            _("The measurement of %(date)s has been removed.")
            % {"date": long_date(measurement.measured_on)},
        )
        return redirect(f"{indicator_url(indicator)}#measurements")
    context = {
        "process": process,
        "initiative": initiative,
        "indicator": indicator,
        "measurement": measurement,
        "value": with_unit(measurement.value, indicator.unit),
    }
    return render(request, "implementation/measurement_delete.html", context)
