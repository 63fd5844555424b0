"""Forms for indicators and measurements. The rules (ranges by unit, the target's direction,
dates) live in `services/indicators.py`; these forms parse what people type."""

import re
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .chain_forms import SeenForm, date_input, textarea
from .models import TEXT_MAX_LENGTH, Indicator, Measurement


class NumberField(forms.Field):
    """A number as people type it on a phone: “62,5”, “62.5”, “ 62 %”, “1 000” or “1.000,5”.

    One comma or point is the decimal separator; several of one kind separate groups of
    three digits (“1.000.000”), and the other kind may then mark the decimals. Spaces and a
    % sign are ignored.
    """

    default_error_messages = {"invalid": _("Enter a number, for example 62 or 62.5.")}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "class": "input-width-s"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = re.sub(r"[\s%]", "", str(value)).replace("\u2212", "-")
        if len(text) > 30:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if re.fullmatch(r"-?(\d+|\d*[.,]\d+|\d+[.,])", text):
            return Decimal(text.replace(",", "."))
        # Groups of three digits between one kind of separator, then perhaps the other kind
        # before the decimals.
        grouped = re.fullmatch(r"(-?\d{1,3})((?:([.,])\d{3})(?:\3\d{3})*)(?:([.,])(\d+))?", text)
        if grouped and grouped[4] != grouped[3]:
            whole = grouped[1] + grouped[2].replace(grouped[3], "")
            return Decimal(whole + (f".{grouped[5]}" if grouped[5] else ""))
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            # 62.00 is shown as 62, 62.50 as 62.5.
            value = value.normalize()
            return format(value, "f")
        return value


class IndicatorForm(SeenForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("What you count or measure, for example “Users who had a development talk”."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Indicator.Unit.choices)
    better = forms.ChoiceField(
        label=_("Which direction is better"),
        choices=Indicator.Better.choices,
        widget=forms.RadioSelect,
    )
    baseline_value = NumberField(
        label=_("Baseline value"), help_text=_("The value before you start (the “zero point”).")
    )
    baseline_date = forms.DateField(label=_("Baseline measured on"), widget=date_input())
    baseline_method = forms.CharField(
        label=_("How the baseline was measured"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(2),
        help_text=_("For example “Count in the user council's minutes, January”."),
    )
    baseline_period_end = forms.DateField(
        label=_("Baseline period ends"),
        required=False,
        widget=date_input(),
        help_text=_(
            "The run chart's centre line is the median of the measurements up to this date. "
            "Leave empty to use all measurements."
        ),
    )
    target_value = NumberField(label=_("Target value"))
    target_date = forms.DateField(label=_("Target date"), widget=date_input())

    @classmethod
    def initial_for(cls, indicator: Indicator) -> dict:
        return {
            "name": indicator.name,
            "unit": indicator.unit,
            "better": indicator.better,
            "baseline_value": indicator.baseline_value,
            "baseline_date": indicator.baseline_date,
            "baseline_method": indicator.baseline_method,
            "baseline_period_end": indicator.baseline_period_end,
            "target_value": indicator.target_value,
            "target_date": indicator.target_date,
        }

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("seen", None)
        return data


class MeasurementForm(SeenForm):
    """A measurement in a few taps: the value, the date (today unless changed), and a note
    and evidence only if there is something to add."""

    value = NumberField(label=_("Value"))
    measured_on = forms.DateField(label=_("Date"), widget=date_input())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    evidence_kind = forms.ChoiceField(
        label=_("Evidence"),
        required=False,
        choices=[("", _("None"))] + list(Measurement.EvidenceKind.choices),
        widget=forms.RadioSelect,
    )
    evidence = forms.CharField(
        label=_("The observation or statement"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(3),
        help_text=_("Short, in the words used. Do not write names."),
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        unit = indicator.get_unit_display()
        self.fields["value"].label = _("Value (%(unit)s)") % {"unit": unit}
        self.fields["value"].widget.attrs["class"] = "qh-measure-value"
        if not self.is_bound and "measured_on" not in self.initial:
            self.initial["measured_on"] = timezone.localdate()
        self.fields["evidence_kind"].initial = ""

    @classmethod
    def initial_for(cls, measurement: Measurement) -> dict:
        return {
            "value": measurement.value,
            "measured_on": measurement.measured_on,
            "note": measurement.note,
            "evidence_kind": measurement.evidence_kind,
            "evidence": measurement.evidence,
        }

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("seen", None)
        return data
