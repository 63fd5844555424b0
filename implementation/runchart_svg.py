"""The run chart as server-rendered SVG, for pages and the WeasyPrint PDF.

The analysis (`analyse`, Anhøj's rules) is in `implementation.runchart`, which also hands out
`render_svg` and `format_value`, so callers import both from there.
"""

import contextlib
import datetime
import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext

from implementation.models import Indicator
from implementation.runchart import (
    DETERIORATION,
    HIGHER,
    IMPROVEMENT,
    PERCENT,
    RunChartAnalysis,
    analyse,
)

# Geometry in viewBox units; the SVG is 100 % wide and keeps its aspect ratio, so it scales
# down to a 390 px phone. Colours: DKFDS blue, text, success and error, each ≥ 3:1 on white.

WIDTH = 400
LEFT, RIGHT, TOP, PLOT_HEIGHT = 40, 60, 30, 200
FONT = 13  # about 11.5 px on a 390 px phone
LINE = 19  # height of a row of text below the plot
BLUE, INK, GREY, RULE, SHADE = "#004993", "#1a1a1a", "#595959", "#dcdcdc", "#f0f0f0"
COLOURS = {IMPROVEMENT: "#358000", DETERIORATION: "#cc0000"}


def _text_width(text: str, size: float = FONT) -> float:
    return len(text) * size * 0.56


def _f(number: float) -> str:
    """A coordinate: never localised (Danish would write 1,5)."""
    return f"{number:.1f}"


def _number(value: Decimal | float, decimals: int | None = None) -> str:
    """A value as people write it in the active language, without trailing zeros."""
    value = Decimal(str(value))
    if decimals is None:
        value = value.quantize(Decimal("0.01"))
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return number_format(value, decimal_pos=decimals)


def format_value(value: Decimal, unit: str) -> str:
    """A measured value with its unit where the unit is a sign (%)."""
    if unit == PERCENT:
        return gettext("%(value)s%%") % {"value": _number(value)}
    return _number(value)


def _nice_step(span: float, count: int = 4) -> float:
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _value_axis(values: list[Decimal], bounds: tuple[Decimal | None, Decimal | None]):
    """The axis's low and high ends and its ticks, 1–2–5 steps, within the unit's range."""
    lo, hi = float(min(values)), float(max(values))
    # A little room above and below, so no point sits on the axis or the top edge.
    pad = (hi - lo) * 0.05 if hi > lo else max(abs(lo) * 0.1, 1.0)
    lo, hi = lo - pad, hi + pad
    step = _nice_step(hi - lo)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if bounds[0] is not None and lo < bounds[0] <= min(values):
        lo = float(bounds[0])
    if bounds[1] is not None and hi > bounds[1] >= max(values):
        hi = float(bounds[1])
    decimals = max(0, -Decimal(repr(step)).normalize().as_tuple().exponent)
    first = math.ceil(lo / step - 1e-9)
    ticks = [round(i * step, 6) for i in range(first, math.floor(hi / step + 1e-9) + 1)]
    return lo, hi, [(t, _number(t, decimals)) for t in ticks]


def _date_ticks(start: datetime.date, end: datetime.date, room: float):
    """First days of months between start and end, thinned to fit; the year under the first
    and under each January. Short spans get their two end dates."""
    months, day = [], start.replace(day=1)
    while day <= end:
        if day >= start:
            months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    if len(months) < 2:
        ends = sorted({start, end})
        return [
            (d, date_format(d, "j M"), date_format(d, "Y") if i == 0 else "")
            for i, d in enumerate(ends)
        ]
    fit = max(int(room // 40), 2)
    step = next(s for s in (1, 2, 3, 4, 6, 12, 24, 60) if math.ceil(len(months) / s) <= fit)
    if step > 1:
        months = [m for m in months if (m.month - 1) % min(step, 12) == 0][:: max(step // 12, 1)]
    return [
        (m, date_format(m, "M"), date_format(m, "Y") if i == 0 or m.month == 1 else "")
        for i, m in enumerate(months)
    ]


def _spread(labels: list[dict], low: float, high: float, gap: float = 30) -> None:
    """Give each label a centre `y` near its line's, at least `gap` apart, within [low, high]
    (labels are two lines: what the line is, and its value)."""
    labels.sort(key=lambda label: label["line_y"])
    position = low
    for label in labels:
        label["y"] = max(label["line_y"], position)
        position = label["y"] + gap
    overflow = position - gap - high
    for label in reversed(labels):
        if overflow <= 0:
            break
        label["y"] -= overflow
        overflow = max(0, overflow - gap)


def _flow(items: list[dict], top: float, width: float) -> float:
    """Lay legend items (a symbol and its label) out left to right, wrapping; returns the y
    below the last row."""
    x, y = 0.0, top
    for item in items:
        needed = 18 + _text_width(item["label"]) + 16
        if x and x + needed > width:
            x, y = 0.0, y + LINE
        cx, cy = LEFT + x + 6, y - 4
        item.update(x=_f(cx), y=_f(cy), text_x=_f(LEFT + x + 16), text_y=_f(y))
        item.update(d=_shape(item["kind"], cx, cy), rect_x=_f(cx - 6), rect_y=_f(cy - 6))
        x += needed
    return y + LINE


def _shape(kind: str, x: float, y: float) -> str:
    """The path of a marker centred on (x, y): a diamond or a square."""
    if kind == "diamond":
        r = 6.5
        return f"M{_f(x)},{_f(y - r)}L{_f(x + r)},{_f(y)}L{_f(x)},{_f(y + r)}L{_f(x - r)},{_f(y)}Z"
    r = 4.5  # square
    return f"M{_f(x - r)},{_f(y - r)}h{_f(2 * r)}v{_f(2 * r)}h{_f(-2 * r)}Z"


def render_svg(
    indicator: Any,
    points: Iterable[Any],
    *,
    analysis: RunChartAnalysis | None = None,
    trials: Iterable[Any] = (),
    target: Decimal | None = None,
    language: str | None = None,
    chart_id: str | None = None,
    variant: str = "screen",
) -> SafeString:
    """The run chart as inline SVG markup, safe to put in a page or a WeasyPrint PDF.

    `indicator` needs `name`, `unit`, `better` and `baseline_value`, `baseline_date`,
    `baseline_period_end`, `target_value` (each optional; `target` overrides the last);
    `trials` are TrialAction-likes (`title`, `started_on`, optional `ended_on` and
    `is_abandoned`; those without a start date are left out). Every user-typed text is
    escaped by the template. `language` renders in that language instead of the active one.

    `variant="print"` is the chart for the printed status report, which says in words beside
    it what the screen chart writes into it: the same lines, points, signal diamonds and
    numbered trials, with a third of the texts (the median's and the target's labels, the
    axes' ends, the trials' numbers; no key) and one path per marker shape, no tooltips.
    WeasyPrint lays out every letter of an SVG text on its own, which was most of the
    report's time.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {sorted(VARIANTS)}, not {variant!r}")
    with translation.override(language) if language else contextlib.nullcontext():
        context = _chart_context(indicator, points, analysis, trials, target, chart_id)
        if variant == "print":
            _for_print(context)
        markup = render_to_string(VARIANTS[variant], context)
    # The template escaped every user-typed text.
    return mark_safe(markup.strip())  # noqa: S308


VARIANTS = {
    "screen": "implementation/includes/run_chart.svg",
    "print": "implementation/includes/run_chart_print.svg",
}


def _for_print(context: dict) -> None:
    """Thin the screen chart's context out for run_chart_print.svg (see render_svg)."""
    left, right, bottom = context["left"], context["right"], context["bottom"]
    grid = [f"M{left},{t['y']}H{right}" for t in context["y_ticks"]]
    grid += [f"M{t['x']},{bottom}V{context['axis_bottom']}" for t in context["x_ticks"]]
    context["grid"] = "".join(grid)
    ticks = context["y_ticks"]
    context["y_labels"] = [ticks[0], ticks[-1]] if len(ticks) > 1 else ticks
    # The axis's ends, the year with the first and with a later one: "Jan 2027" … "Jun".
    dates = context["x_ticks"]
    ends = [dates[0], dates[-1]] if len(dates) > 1 else dates
    labels, year, shown = [], "", ""
    for tick in ends:
        year = tick["year"] or year
        label = tick["label"] if year == shown else f"{tick['label']} {year}".strip()
        labels.append({"x": tick["x"], "label": label})
        shown = year
    context["x_labels"] = labels
    context["x_label_y"] = _f(float(context["axis_bottom"]) + 16)
    top = context["top"]
    trials = context["trials"]
    context["trial_lines"] = "".join(
        f"M{t['x']},{top}V{context['trial_line_bottom']}" for t in trials
    )
    context["trial_bars"] = "".join(
        f"M{t['x']},{context['trial_bar_y']}h{t['bar_width']}v6h-{t['bar_width']}Z"
        for t in trials
        if t["bar_width"]
    )
    # One path per shape and colour. Diamonds: four lines each. Circles: a dot each, a
    # stroke of no length with round ends (PDF draws those as discs), over a wider white one
    # for the outline; WeasyPrint turns arcs into curves in Python, which cost as much.
    shapes: dict[tuple[bool, str], list[str]] = {}
    for m in context["markers"]:
        d = m["d"] if m["signal"] else f"M{m['x']},{m['y']}h0"
        shapes.setdefault((m["signal"], m["colour"]), []).append(d)
    context["marker_paths"] = [
        {"signal": signal, "colour": colour, "d": "".join(ds)}
        for (signal, colour), ds in shapes.items()
    ]
    # No key: WeasyPrint draws each letter of an SVG text on its own, and the words beside
    # the chart name the signal (in the diamonds' colour), the baseline, target and trials.
    context["key"] = []
    context["height"] = _f(float(context["axis_bottom"]) + 24)


def _chart_context(indicator, points, analysis, trials, target, chart_id) -> dict:
    unit = getattr(indicator, "unit", "")
    if analysis is None:
        analysis = analyse(
            points,
            better=getattr(indicator, "better", HIGHER),
            baseline_period_end=getattr(indicator, "baseline_period_end", None),
        )
    series = analysis.points
    target = target if target is not None else getattr(indicator, "target_value", None)
    baseline_value = getattr(indicator, "baseline_value", None)
    baseline_date = getattr(indicator, "baseline_date", None)
    if baseline_value is None or baseline_date is None:
        baseline_value = baseline_date = None
    dated_trials = sorted(
        (t for t in trials if getattr(t, "started_on", None)), key=lambda t: t.started_on
    )

    # Scales.
    values = [p.value for p in series]
    values += [v for v in (analysis.centre, target, baseline_value) if v is not None]
    if hasattr(indicator, "value_range"):
        bounds = indicator.value_range()
    else:
        bounds = Indicator(unit=unit).value_range() if unit else (None, None)
    lo, hi, y_ticks = _value_axis(values or [Decimal(0)], bounds)
    dates = [p.date for p in series] + [t.started_on for t in dated_trials]
    dates += [baseline_date] if baseline_date else []
    if not dates:
        dates = [timezone.localdate()]
    start, end = min(dates), max(dates)
    if start == end:
        start, end = start - datetime.timedelta(days=15), end + datetime.timedelta(days=15)
    right = WIDTH - RIGHT
    bottom = TOP + PLOT_HEIGHT
    inner_left, inner_width = LEFT + 10, right - LEFT - 20
    days = (end - start).days

    def x_of(day: datetime.date) -> float:
        day = min(max(day, start), end)
        return inner_left + (day - start).days / days * inner_width

    def y_of(value: Decimal | float) -> float:
        return bottom - (float(value) - lo) / (hi - lo) * PLOT_HEIGHT

    # The measurements; the points of a signalling run are diamonds in their run's colour.
    signal_colour = {
        i: COLOURS[analysis.run_direction(run)] for run in analysis.signal_runs for i in run.indices
    }
    markers = []
    for i, point in enumerate(series):
        x, y = x_of(point.date), y_of(point.value)
        label = f"{date_format(point.date, 'j M Y')}: {format_value(point.value, unit)}"
        markers.append(
            {
                "signal": i in signal_colour,
                "x": _f(x),
                "y": _f(y),
                "d": _shape("diamond", x, y),
                "colour": signal_colour.get(i, BLUE),
                "title": f"{label} – {point.note}" if point.note else label,
            }
        )
    line = " ".join(f"{m['x']},{m['y']}" for m in markers) if len(markers) > 1 else ""

    # Lines labelled in the right margin: the median and the target.
    labels = []
    centre = None
    if analysis.centre is not None:
        y = y_of(analysis.centre)
        frozen = analysis.baseline_period_end
        split = x_of(frozen) if frozen else right
        centre = {"y": _f(y), "x1": _f(LEFT), "x2": _f(split), "x3": _f(right)}
        centre["dashed"] = frozen is not None and split < right
        text = pgettext("run chart", "Median")
        value = format_value(analysis.centre, unit)
        labels.append({"line_y": y, "text": text, "value": value, "colour": INK})
    target_line = None
    if target is not None:
        y = y_of(target)
        target_line = {"y": _f(y), "x1": _f(LEFT), "x2": _f(right)}
        text, value = pgettext("run chart", "Target"), format_value(target, unit)
        labels.append({"line_y": y, "text": text, "value": value, "colour": COLOURS[IMPROVEMENT]})
    _spread(labels, TOP, bottom)
    for label in labels:
        label.update(name_y=_f(label["y"] - 3), value_y=_f(label["y"] + 12))
    baseline_shade = None
    if analysis.baseline_period_end:
        baseline_shade = {"x": _f(LEFT), "width": _f(x_of(analysis.baseline_period_end) - LEFT)}

    # Trials: a numbered badge on the time axis (in lanes where they would touch), a bar for
    # the time they ran, a faint line up through the plot, and their titles in the legend.
    trial_marks, lanes = [], []
    for number, trial in enumerate(dated_trials, start=1):
        x = x_of(trial.started_on)
        lane = next((i for i, last in enumerate(lanes) if x - last >= 20), len(lanes))
        lanes[lane : lane + 1] = [x]
        ended = getattr(trial, "ended_on", None)
        trial_marks.append(
            {
                "number": number,
                "x": _f(x),
                "cy": _f(bottom + 14 + lane * LINE),
                "text_y": _f(bottom + 18 + lane * LINE),
                "bar_width": _f(max(x_of(ended) - x, 0)) if ended else "",
                "title": trial.title,
                "abandoned": getattr(trial, "is_abandoned", False),
                "dates": _trial_dates(trial),
            }
        )
    axis_bottom = bottom + (len(lanes) * LINE + 6 if lanes else 0)
    x_ticks = [
        {"x": _f(x_of(day)), "label": label, "year": year}
        for day, label, year in _date_ticks(start, end, inner_width)
    ]

    # Legend: what the shapes mean, then the trials.
    key = [{"kind": "circle", "label": gettext("Measurement"), "colour": BLUE}]
    for direction in (IMPROVEMENT, DETERIORATION):
        if any(analysis.run_direction(run) == direction for run in analysis.signal_runs):
            key.append(
                {
                    "kind": "diamond",
                    "colour": COLOURS[direction],
                    "label": gettext("Signal of improvement")
                    if direction == IMPROVEMENT
                    else gettext("Signal of deterioration"),
                }
            )
    if baseline_value is not None:
        key.append(
            {
                "kind": "square",
                "colour": INK,
                "label": gettext("Baseline %(value)s")
                % {"value": format_value(baseline_value, unit)},
            }
        )
    if baseline_shade:
        key.append({"kind": "shade", "colour": SHADE, "label": gettext("Baseline period")})
    legend_top = axis_bottom + 44
    legend_bottom = _flow(key, legend_top, WIDTH - LEFT)
    # Each trial: its title on one line (shortened to fit; the whole in a tooltip), its dates
    # below.
    fits = int((WIDTH - LEFT - 24) / (FONT * 0.56))
    for i, trial in enumerate(trial_marks):
        row = legend_bottom + i * 2 * LINE
        trial.update(
            legend_text=Truncator(trial["title"]).chars(fits),
            legend_y=_f(row + 8),
            legend_cy=_f(row + 4),
            dates_y=_f(row + 8 + LINE - 2),
        )
    height = legend_bottom + len(trial_marks) * 2 * LINE + 4

    baseline_marker = None
    if baseline_value is not None:
        baseline_marker = {"d": _shape("square", x_of(baseline_date), y_of(baseline_value))}
    name = getattr(indicator, "name", "")
    return {
        "id": chart_id or f"run-chart-{getattr(indicator, 'pk', None) or 'x'}",
        "width": WIDTH,
        "height": _f(height),
        "title": gettext("Run chart: %(name)s") % {"name": name} if name else gettext("Run chart"),
        "desc": analysis.describe(),
        "unit": Indicator.Unit(unit).label if unit in Indicator.Unit.values else unit,
        "left": _f(LEFT),
        "right": _f(right),
        "top": _f(TOP),
        "bottom": _f(bottom),
        "plot_height": _f(PLOT_HEIGHT),
        "middle": _f((LEFT + right) / 2),
        "middle_y": _f(TOP + PLOT_HEIGHT / 2),
        "label_x": _f(right + 6),
        "badge_x": _f(LEFT + 6),
        "legend_text_x": _f(LEFT + 20),
        "y_ticks": [{"y": _f(y_of(v)), "label": label} for v, label in y_ticks],
        "tick_label_x": _f(LEFT - 6),
        "x_ticks": x_ticks,
        "x_label_y": _f(axis_bottom + 16),
        "x_year_y": _f(axis_bottom + 30),
        "axis_bottom": _f(axis_bottom),
        "baseline_shade": baseline_shade,
        "centre": centre,
        "target": target_line,
        "labels": labels,
        "baseline_marker": baseline_marker,
        "line": line,
        "markers": markers,
        "trials": trial_marks,
        "trial_line_bottom": _f(bottom),
        "trial_bar_y": _f(bottom - 3),
        "key": key,
        "colours": {"blue": BLUE, "ink": INK, "grey": GREY, "rule": RULE, "shade": SHADE},
        "font_size": FONT,
    }


def _trial_dates(trial: Any) -> str:
    started = date_format(trial.started_on, "j M Y")
    ended = getattr(trial, "ended_on", None)
    if ended:
        text = gettext("%(start)s to %(end)s") % {
            "start": started,
            "end": date_format(ended, "j M Y"),
        }
    else:
        text = gettext("from %(start)s") % {"start": started}
    if getattr(trial, "is_abandoned", False):
        text = gettext("%(dates)s, abandoned") % {"dates": text}
    return text
