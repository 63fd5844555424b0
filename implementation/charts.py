"""An indicator's run chart as pages show it: the analysis, the SVG, the signal sentence and
the rows of the accessible table, from measurements and trials the caller has loaded (no
queries here, so a page's query count does not grow with the data)."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import runchart
from .models import Indicator, Measurement, TrialAction
from .services.editing import plain_number


def with_unit(value: Decimal | None, unit: str) -> str:
    """A value as a person reads it: “62 %”, “12 days”, “3.5 of 4”, “14” (never broken across
    lines)."""
    return _with_unit(value, unit).replace(" ", "\u00a0")


def _with_unit(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    number = plain_number(value)
    if unit == Indicator.Unit.PERCENT:
        return _("%(value)s %%") % {"value": number}
    if unit == Indicator.Unit.DAYS:
        return ngettext("%(value)s day", "%(value)s days", 1 if value == 1 else 2) % {
            "value": number
        }
    if unit == Indicator.Unit.SCORE:
        return _("%(value)s of 4") % {"value": number}
    return number


@dataclass
class Row:
    """One measurement in the table, with how it lies against the centre line."""

    measurement: Measurement
    value: str
    side_label: str
    in_baseline_period: bool
    in_signal: bool


@dataclass
class Chart:
    indicator: Indicator
    measurements: list[Measurement]
    analysis: runchart.RunChartAnalysis
    svg: SafeString | str
    rows: list[Row] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        return self.analysis.describe()

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def signal_kind(self) -> str:
        """“improvement”, “deterioration”, “signal” or “” (for the badge's colour)."""
        if not self.analysis.signal:
            return ""
        return self.analysis.direction or "signal"


def build_chart(
    indicator: Indicator,
    measurements: list[Measurement],
    trials: list[TrialAction] = (),
    **render: Any,
) -> Chart:
    """The chart of `indicator` from its `measurements` (ordered by date), with the trials
    that have a start date marked on the time axis. `render` goes to `runchart.render_svg`."""
    measurements = sorted(measurements, key=lambda m: (m.measured_on, m.pk))
    analysis = runchart.analyse(
        measurements, better=indicator.better, baseline_period_end=indicator.baseline_period_end
    )
    marked = [trial for trial in trials if trial.started_on]
    svg = runchart.render_svg(
        indicator,
        measurements,
        analysis=analysis,
        trials=marked,
        target=indicator.target_value,
        **render,
    )
    rows = [
        Row(
            measurement=measurement,
            value=with_unit(measurement.value, indicator.unit),
            side_label=row.side_label,
            in_baseline_period=row.in_baseline_period,
            in_signal=row.in_signal,
        )
        for measurement, row in zip(measurements, runchart.table_rows(analysis), strict=True)
    ]
    return Chart(indicator, measurements, analysis, svg, rows)
