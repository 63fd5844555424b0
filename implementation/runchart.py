"""Run charts read with Anhøj's rules (the SVG drawing is in `runchart_svg`).

An indicator's measurements are plotted over time around a centre line, the median. With a
baseline period (`Indicator.baseline_period_end`) the centre line is the median of the
measurements on or before that date, frozen, and extended over the later measurements; without
one (or with no measurement in it) it is the median of all measurements.

Non-random variation is detected with the two rules of Jacob Anhøj (Anhøj J, Olesen AV. Run
charts revisited: a simulation study of run chart rules for detection of non-random
variation in health care processes. PLoS ONE 9(11): e113825, 2014), as the R package
qicharts2 implements them (`runs.analysis`). Points lying exactly on the median are left out:
they neither break a run nor add to it. With n = the number of the other ("useful") points:

- **unusually long run**: the longest sequence of consecutive points on one side of the
  median is longer than round(log2(n) + 3);
- **too few crossings**: the line crosses the median fewer times than the 5th percentile of
  the binomial distribution with n - 1 trials and p = 0.5 (R's `qbinom(0.05, n - 1, 0.5)`,
  computed here exactly with integers).

Either one is a signal. Below 10 useful points (where the paper's table starts) no signal is
reported: the rules are too weak to say anything and a short series would only mislead.

Public API (pure Python: no database access; callers pass measurements they loaded):

- `analyse(points, *, better, baseline_period_end=None) -> RunChartAnalysis`
- `render_svg(indicator, points, *, analysis=None, trials=(), target=None, language=None)`
  -> safe SVG markup (`role="img"`, `<title>`, `<desc>`), for pages and the WeasyPrint PDF
  (defined in `runchart_svg`, importable from here as before, like `format_value`)
- `table_rows(analysis) -> list[TableRow]`, the same data for an accessible table

`points` may be `Point`s, `(date, value)` pairs or objects with `measured_on`, `value` and
optionally `note` (such as `Measurement`s).
"""

import datetime
import functools
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from django.utils.formats import date_format
from django.utils.translation import gettext

from implementation.models import Indicator

HIGHER = Indicator.Better.HIGHER.value
LOWER = Indicator.Better.LOWER.value
PERCENT = Indicator.Unit.PERCENT.value
IMPROVEMENT = "improvement"
DETERIORATION = "deterioration"

# Anhøj & Olesen's table of critical values starts at 10 useful observations.
MIN_USEFUL_POINTS = 10
# The crossings limit is this percentile of Binomial(n - 1, 0.5).
CROSSINGS_PERCENTILE = Fraction(5, 100)

ABOVE, ON, BELOW = 1, 0, -1


class Point(NamedTuple):
    date: datetime.date
    value: Decimal
    note: str = ""


def _in_order(points: list[Any] | tuple[Any, ...]) -> bool:
    """Whether these are all `Point`s already sorted by date (an analysis's own points)."""
    if not all(type(point) is Point for point in points):
        return False
    return all(a.date <= b.date for a, b in itertools.pairwise(points))


def as_points(points: Iterable[Any]) -> list[Point]:
    """`Point`s sorted by date from Points, (date, value[, note]) tuples or Measurements."""
    if isinstance(points, list | tuple) and _in_order(points):
        return list(points)  # already sorted Points: no rebuilding, no sorting
    result = []
    for point in points:
        if isinstance(point, tuple):
            result.append(Point(*point))
        else:
            result.append(Point(point.measured_on, point.value, getattr(point, "note", "")))
    result.sort(key=lambda p: p.date)  # stable: equal dates keep the caller's order
    return result


def longest_run_limit(n_useful: int) -> int:
    """The longest run expected by chance among `n_useful` points: round(log2(n) + 3)."""
    if n_useful < 1:
        return 0
    return round(math.log2(n_useful) + 3)


def binomial_cdf(k: int, trials: int) -> Fraction:
    """P(X <= k) for X ~ Binomial(trials, 1/2), exactly."""
    if k < 0:
        return Fraction(0)
    favourable = sum(math.comb(trials, i) for i in range(min(k, trials) + 1))
    return Fraction(favourable, 2**trials)


@functools.cache
def crossings_limit(n_useful: int) -> int:
    """The fewest crossings expected by chance among `n_useful` points: the smallest k with
    P(X <= k) >= 0.05 for X ~ Binomial(n - 1, 1/2), as R's qbinom(0.05, n - 1, 0.5)."""
    trials = max(n_useful - 1, 0)
    k = 0
    while binomial_cdf(k, trials) < CROSSINGS_PERCENTILE:
        k += 1
    return k


def median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _side(value: Decimal, centre: Decimal) -> int:
    return ABOVE if value > centre else BELOW if value < centre else ON


def _reading(side: int, better: str) -> str:
    return IMPROVEMENT if (side == ABOVE) == (better == HIGHER) else DETERIORATION


@dataclass(frozen=True)
class Run:
    side: int
    indices: tuple[int, ...]  # positions in `RunChartAnalysis.points`


@dataclass(frozen=True)
class RunChartAnalysis:
    points: tuple[Point, ...]
    better: str
    # The baseline period actually used for the centre line (None: all points).
    baseline_period_end: datetime.date | None
    centre: Decimal | None
    sides: tuple[int, ...]  # ABOVE, ON or BELOW for each point
    runs: tuple[Run, ...]
    n_useful: int
    longest_run: int
    longest_run_limit: int
    crossings: int
    crossings_limit: int
    run_signal: bool
    crossings_signal: bool
    signal: bool
    direction: str | None  # IMPROVEMENT, DETERIORATION or None
    since: datetime.date | None

    @property
    def enough_points(self) -> bool:
        return self.n_useful >= MIN_USEFUL_POINTS

    @property
    def signal_runs(self) -> tuple[Run, ...]:
        """Every run longer than the limit (each is non-random on its own)."""
        if not self.run_signal:
            return ()
        return tuple(run for run in self.runs if len(run.indices) > self.longest_run_limit)

    @property
    def signal_indices(self) -> frozenset[int]:
        return frozenset(i for run in self.signal_runs for i in run.indices)

    def run_direction(self, run: Run) -> str:
        return _reading(run.side, self.better)

    def describe(self) -> str:
        """One sentence in the active language saying what the chart shows."""
        if not self.enough_points:
            if len(self.points) >= MIN_USEFUL_POINTS:
                return gettext(
                    "Too few measurements off the median for a signal (at least 10 are needed)"
                )
            return gettext("Too few measurements for a signal (at least 10 are needed)")
        if self.run_signal and self.since:
            month = date_format(self.since, "F Y")
            if self.direction == IMPROVEMENT:
                return gettext("Signal of improvement since %(month)s") % {"month": month}
            return gettext("Signal of deterioration since %(month)s") % {"month": month}
        if self.crossings_signal:
            if self.direction == IMPROVEMENT:
                return gettext("Signal of improvement: too few crossings of the median")
            if self.direction == DETERIORATION:
                return gettext("Signal of deterioration: too few crossings of the median")
            return gettext("Non-random variation: too few crossings of the median")
        return gettext("No signal: the variation is random")


def analyse(
    points: Iterable[Any],
    *,
    better: str,
    baseline_period_end: datetime.date | None = None,
) -> RunChartAnalysis:
    """Read a series with Anhøj's rules (see the module docstring)."""
    if better not in (HIGHER, LOWER):
        raise ValueError(f"better must be {HIGHER!r} or {LOWER!r}, not {better!r}")
    # Points already sorted (such as another analysis's) are used as they are.
    series = points if isinstance(points, tuple) and _in_order(points) else tuple(as_points(points))
    baseline = [p.value for p in series if baseline_period_end and p.date <= baseline_period_end]
    if not baseline:
        baseline_period_end = None
        baseline = [p.value for p in series]
    centre = median(baseline) if baseline else None
    sides = tuple(_side(p.value, centre) for p in series) if series else ()

    runs: list[Run] = []
    for i, side in enumerate(sides):
        if side == ON:
            continue  # neither breaks nor adds to a run
        if runs and runs[-1].side == side:
            runs[-1] = Run(side, runs[-1].indices + (i,))
        else:
            runs.append(Run(side, (i,)))

    n_useful = sum(len(run.indices) for run in runs)
    longest = max((len(run.indices) for run in runs), default=0)
    run_limit = longest_run_limit(n_useful)
    crossings = max(len(runs) - 1, 0)
    crossing_limit = crossings_limit(n_useful)
    enough = n_useful >= MIN_USEFUL_POINTS
    run_signal = enough and longest > run_limit
    crossings_signal = enough and crossings < crossing_limit

    direction = since = None
    if run_signal:
        # The longest run; of equally long ones the latest, which says most about today.
        run = max(reversed(runs), key=lambda r: len(r.indices))
        direction = _reading(run.side, better)
        since = series[run.indices[0]].date
    elif crossings_signal:
        # Where the points after the baseline period lie (all points without one).
        later = [
            side
            for point, side in zip(series, sides, strict=True)
            if baseline_period_end is None or point.date > baseline_period_end
        ]
        balance = later.count(ABOVE) - later.count(BELOW)
        if balance:
            direction = _reading(ABOVE if balance > 0 else BELOW, better)

    return RunChartAnalysis(
        points=series,
        better=better,
        baseline_period_end=baseline_period_end,
        centre=centre,
        sides=sides,
        runs=tuple(runs),
        n_useful=n_useful,
        longest_run=longest,
        longest_run_limit=run_limit,
        crossings=crossings,
        crossings_limit=crossing_limit,
        run_signal=run_signal,
        crossings_signal=crossings_signal,
        signal=run_signal or crossings_signal,
        direction=direction,
        since=since,
    )


@dataclass(frozen=True)
class TableRow:
    date: datetime.date
    value: Decimal
    note: str
    side: str  # "above", "on" or "below" the median
    side_label: str  # the same, translated
    in_baseline_period: bool
    in_signal: bool


def table_rows(analysis: RunChartAnalysis) -> list[TableRow]:
    """The chart's data, one row per measurement, for an accessible table."""
    labels = {
        ABOVE: ("above", gettext("Above the median")),
        ON: ("on", gettext("On the median")),
        BELOW: ("below", gettext("Below the median")),
    }
    signal = analysis.signal_indices
    end = analysis.baseline_period_end
    rows = []
    for i, (point, side) in enumerate(zip(analysis.points, analysis.sides, strict=True)):
        key, label = labels[side]
        rows.append(
            TableRow(
                date=point.date,
                value=point.value,
                note=point.note,
                side=key,
                side_label=label,
                in_baseline_period=end is not None and point.date <= end,
                in_signal=i in signal,
            )
        )
    return rows


# The drawing lives in runchart_svg, which imports the analysis above; it is handed out from
# here lazily (PEP 562) so that either module can be imported first without a circular import.
_DRAWING = frozenset({"render_svg", "format_value"})


def __getattr__(name: str) -> Any:
    if name in _DRAWING:
        from implementation import runchart_svg

        return getattr(runchart_svg, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
