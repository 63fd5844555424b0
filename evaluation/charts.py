"""Server-rendered SVG charts of evaluation results: the geometry is worked out here, the
templates (`evaluation/includes/*.svg`) only draw it. No queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import RATING_MAX, RATING_MIN
from .services.initiatives import Distribution, RatingsSummary

# One hue, light to dark, so the order of the scores reads without colour names; every
# chart has a table beside it with the same numbers.
RATING_COLOURS = ["#c5d9ee", "#7fa8d6", "#33699f", "#0c3866"]
BAR_COLOUR = "#33699f"

# Horizontal bar chart (one bar per answer option).
LABEL_WIDTH = 56
PLOT_WIDTH = 260
ROW_HEIGHT = 30
BAR_HEIGHT = 20
COUNT_GAP = 8


@dataclass
class ChartRow:
    label: str
    count: int
    percent: int
    y: int
    text_y: int
    width: float
    count_x: float


def bar_chart(bars) -> dict:
    """The geometry of a horizontal bar chart of `bars` (objects with label, count and
    percent): each bar's length is its share of the answers."""
    rows = []
    for i, bar in enumerate(bars):
        width = round(PLOT_WIDTH * bar.percent / 100, 1)
        rows.append(
            ChartRow(
                label=str(bar.label),
                count=bar.count,
                percent=bar.percent,
                y=i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2,
                text_y=i * ROW_HEIGHT + ROW_HEIGHT // 2 + 5,
                width=width,
                count_x=LABEL_WIDTH + width + COUNT_GAP,
            )
        )
    return {
        "rows": rows,
        "width": LABEL_WIDTH + PLOT_WIDTH + 60,
        "height": max(1, len(rows)) * ROW_HEIGHT,
        "plot_x": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - COUNT_GAP,
        "bar_height": BAR_HEIGHT,
        "colour": BAR_COLOUR,
    }


@dataclass
class Segment:
    score: int
    count: int
    x: float
    width: float
    colour: str


def stacked(distribution: Distribution) -> list[Segment]:
    """A distribution of scores 1–4 as segments of a 1000-wide bar."""
    total = distribution.total
    segments, x = [], 0.0
    if not total:
        return segments
    for score, count in zip(distribution.scores, distribution.counts, strict=True):
        if not count:
            continue
        width = round(1000 * count / total, 1)
        segments.append(Segment(score, count, x, width, RATING_COLOURS[score - RATING_MIN]))
        x += width
    return segments


def describe(label: str, distribution: Distribution) -> str:
    """The bar in one sentence (its accessible name)."""
    parts = [
        _("%(score)d: %(count)d") % {"score": s, "count": n}
        for s, n in zip(distribution.scores, distribution.counts, strict=True)
    ]
    return _("%(label)s, %(total)d ratings (%(parts)s)") % {
        "label": label,
        "total": distribution.total,
        "parts": ", ".join(parts),
    }


def rating_bars(summary: RatingsSummary) -> list[dict]:
    """Per dimension: the team's and the users' stacked bars, with their descriptions."""
    charts = []
    for dimension in summary.dimensions:
        charts.append(
            {
                "dimension": dimension,
                "team": {
                    "segments": stacked(dimension.team),
                    "description": describe(
                        _("%(dimension)s, the team") % {"dimension": dimension.label},
                        dimension.team,
                    ),
                },
                "users": {
                    "segments": stacked(dimension.users),
                    "description": describe(
                        _("%(dimension)s, the users") % {"dimension": dimension.label},
                        dimension.users,
                    ),
                },
            }
        )
    return charts


def rating_legend() -> list[tuple[int, str]]:
    return list(zip(range(RATING_MIN, RATING_MAX + 1), RATING_COLOURS, strict=True))
