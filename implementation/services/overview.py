"""The leaders' overview: every initiative of a process, or of a whole organisation, rolled up.

`build_overview` loads what the page shows in a fixed number of queries, whatever the number
of initiatives, indicators and measurements: the initiatives in one query, their indicators in
one, and every measurement of those indicators in one, read with Anhøj's run chart rules in
Python. Counts and progress are rolled up by status, theme, group, value stream (through the
theme's value streams: an initiative counts once under each stream of its theme) and, for an
organisation, by process. Filters narrow everything on the page, the rollups included.

Reading, not changing: no actor and no transaction.
"""

from __future__ import annotations

import datetime
import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache

from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Membership
from processes.models import Group, Process, Theme, ValueStream

from .. import runchart
from ..access import initiatives_visible_to
from ..models import Implementation, Indicator, Initiative, Measurement
from .updates import is_overdue, reference_date

Status = Initiative.Status
STATUSES = [key for key, _label in Status.choices]
DEFAULT_INTERVAL_DAYS = Implementation._meta.get_field("update_interval_days").default
SIGNAL_ORDER = {runchart.DETERIORATION: 0, runchart.IMPROVEMENT: 2}
NONE_KEY = 0  # the rollup row of initiatives without a theme or group
# The statuses' colours in charts (DKFDS palette); a white gap separates the segments and a
# table beside every chart gives the same figures.
STATUS_COLOURS = {
    Status.PLANNED: "#c7c7c7",
    Status.TRIAL: "#ffb400",
    Status.RUNNING: "#0059b3",
    Status.ANCHORED: "#358000",
    Status.PAUSED: "#8c4a00",
    Status.STOPPED: "#454545",
}


@dataclass
class IndicatorRow:
    indicator: Indicator
    analysis: runchart.RunChartAnalysis
    latest: Decimal | None
    latest_on: datetime.date | None
    # How far the latest measurement has come from the baseline towards the target, 0-1.
    progress: float | None

    @property
    def has_signal(self) -> bool:
        return self.analysis.signal

    @property
    def sentence(self) -> str:
        return self.analysis.describe()


@dataclass
class InitiativeRow:
    initiative: Initiative
    process: Process
    theme: Theme | None
    group: Group | None
    owner: Membership | None
    streams: list[ValueStream]
    indicators: list[IndicatorRow]
    overdue: bool
    due_since: datetime.date | None

    # Cached: every rollup an initiative counts in asks for these.
    @cached_property
    def signals(self) -> list[IndicatorRow]:
        return [row for row in self.indicators if row.has_signal]

    @cached_property
    def progress(self) -> float | None:
        values = [row.progress for row in self.indicators if row.progress is not None]
        return sum(values) / len(values) if values else None


@dataclass
class Rollup:
    """One row of a rollup table (and one bar of its chart)."""

    key: int | str
    label: str
    filter_name: str = ""  # the filter that narrows the overview to this row
    url: str = ""  # or a page of its own (a process's overview)
    total: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    overdue: int = 0
    indicators: int = 0
    improvements: int = 0
    deteriorations: int = 0
    other_signals: int = 0
    _progress: list[float] = field(default_factory=list)

    def add(self, row: InitiativeRow) -> None:
        self.total += 1
        self.by_status[row.initiative.status] += 1
        self.overdue += row.overdue
        self.indicators += len(row.indicators)
        for indicator in row.signals:
            if indicator.analysis.direction == runchart.IMPROVEMENT:
                self.improvements += 1
            elif indicator.analysis.direction == runchart.DETERIORATION:
                self.deteriorations += 1
            else:
                self.other_signals += 1
        if row.progress is not None:
            self._progress.append(row.progress)

    @property
    def progress(self) -> float | None:
        """The mean progress towards the targets of the initiatives with measurements."""
        return sum(self._progress) / len(self._progress) if self._progress else None

    @property
    def progress_percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)

    @property
    def anchored_share(self) -> int:
        return round(100 * self.by_status[Status.ANCHORED] / self.total) if self.total else 0

    @property
    def counted_statuses(self) -> list[tuple[str, str, int]]:
        """The statuses some initiative has, with their counts."""
        return [item for item in self.statuses if item[2]]

    @property
    def statuses(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the order of the statuses."""
        labels = dict(Status.choices)
        return [(key, labels[key], self.by_status[key]) for key in STATUSES]


@dataclass
class Scope:
    """What the overview covers: one process, or every process of an organisation."""

    processes: list[Process]
    # Whose view it is (externals see only their own initiatives); None: everything, for a
    # status report.
    membership: Membership | None
    organisation_wide: bool = False


@dataclass
class Overview:
    scope: Scope
    rows: list[InitiativeRow]
    visible_count: int
    totals: Rollup
    by_status: list[Rollup]
    by_theme: list[Rollup]
    by_group: list[Rollup]
    by_stream: list[Rollup]
    by_process: list[Rollup]
    signal_indicators: list[tuple[InitiativeRow, IndicatorRow]]
    overdue_rows: list[InitiativeRow]
    today: datetime.date

    @property
    def filtered(self) -> bool:
        return len(self.rows) != self.visible_count


def overdue_state(
    initiative: Initiative, interval_days: int, today: datetime.date
) -> tuple[bool, datetime.date | None]:
    """(overdue, the day the update fell due), by the rule of `updates.is_overdue`."""
    if not is_overdue(initiative, interval_days, today):
        return False, None
    return True, reference_date(initiative) + datetime.timedelta(days=interval_days)


def _progress(indicator: Indicator, latest: Decimal | None) -> float | None:
    if latest is None:
        return None
    span = indicator.target_value - indicator.baseline_value
    if not span:
        return None
    share = float((latest - indicator.baseline_value) / span)
    return min(max(share, 0.0), 1.0)


@contextmanager
def _without_cyclic_gc():
    """Pause the cyclic garbage collector while the run charts are read.

    Reading every indicator makes a few objects per measurement (tens of thousands for a
    large organisation), none of them in reference cycles; while they pile up, the collector
    would sweep the whole heap again and again, which took more time than the reading itself.
    Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _points_by_indicator(indicators: QuerySet) -> dict[int, list[tuple]]:
    """Every measurement of `indicators`, in one query, as (date, value) pairs by indicator.

    The indicators go in as a subquery, not a list of ids: a list of a thousand ids costs
    more to send and plan than the join, and raw rows skip the ORM's per-row converters,
    which took most of the time for tens of thousands of measurements.
    """
    points: dict[int, list[tuple]] = defaultdict(list)
    query = (
        Measurement.objects.filter(indicator__in=indicators.values("pk"))
        .order_by("indicator_id", "measured_on", "pk")
        .values_list("indicator_id", "measured_on", "value")
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        # SQLite hands back text and floats; the ORM's converters would make these.
        rows = [(i, datetime.date.fromisoformat(str(d)), Decimal(str(v))) for i, d, v in rows]
    for indicator_id, measured_on, value in rows:
        points[indicator_id].append((measured_on, value))
    return points


@lru_cache(maxsize=4096)
def _analyse(points: tuple, better: str, baseline_period_end: datetime.date | None):
    """`runchart.analyse`, remembered for the same measurements in this process.

    The reading is a pure function of its arguments and the result is immutable, so a page
    asked for again with no new measurement reads its run charts from memory; any new,
    changed or deleted measurement (or a changed baseline period) makes a new key. Bounded:
    a few kilobytes an indicator, at most `maxsize` of them.
    """
    return runchart.analyse(points, better=better, baseline_period_end=baseline_period_end)


def indicator_rows(initiatives: QuerySet) -> dict[int, list[IndicatorRow]]:
    """The indicators of `initiatives` (a queryset) with their run chart reading, by
    initiative: two queries in all, whatever the number of indicators and measurements."""
    indicators = Indicator.objects.filter(initiative__in=initiatives.values("pk")).order_by(
        "initiative_id", "position", "pk"
    )
    result: dict[int, list[IndicatorRow]] = defaultdict(list)
    with _without_cyclic_gc():
        points = _points_by_indicator(indicators)
        for indicator in indicators:
            analysis = _analyse(
                tuple(points.get(indicator.pk, ())),
                indicator.better,
                indicator.baseline_period_end,
            )
            latest = analysis.points[-1] if analysis.points else None
            result[indicator.initiative_id].append(
                IndicatorRow(
                    indicator=indicator,
                    analysis=analysis,
                    latest=latest.value if latest else None,
                    latest_on=latest.date if latest else None,
                    progress=_progress(indicator, latest.value if latest else None),
                )
            )
    return result


def _label(process: Process, text: str, scope: Scope) -> str:
    return f"{process.title}: {text}" if scope.organisation_wide else text


@dataclass
class ScopeData:
    """What the filters choose from in a scope, loaded once (five queries)."""

    scope: Scope
    visible: QuerySet
    themes: dict[int, Theme]
    groups: dict[int, Group]
    owners: list[Membership]
    streams: list[ValueStream]
    streams_of: dict[int, list[int]]  # theme pk -> value stream pks

    def choices(self) -> dict[str, list[tuple[int, str]]]:
        """(value, label) pairs for `OverviewFilterForm`."""
        processes = {p.pk: p for p in self.scope.processes}
        return {
            "themes": [
                (t.pk, _label(processes[t.process_id], t.title, self.scope))
                for t in self.themes.values()
            ],
            "groups": [
                (g.pk, _label(processes[g.process_id], g.name, self.scope))
                for g in self.groups.values()
            ],
            "streams": [(s.number, str(s)) for s in self.streams],
            "owners": [(m.pk, m.display_name) for m in self.owners],
        }


def load_scope(scope: Scope) -> ScopeData:
    visible = Initiative.objects.filter(process__in=scope.processes)
    if scope.organisation_wide:
        # An initiative carried forward into the next cycle is one initiative with two rows
        # (the old process's and the new one's): across the organisation only the newest counts.
        visible = visible.filter(carried_to__isnull=True)
    if scope.membership is not None:
        visible = initiatives_visible_to(scope.membership, visible)
    themes = Theme.objects.filter(process__in=scope.processes).order_by("process", "position")
    groups = Group.objects.filter(process__in=scope.processes).order_by("process", "name", "pk")
    owners = (
        Membership.objects.filter(pk__in=visible.values("owner_id"))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    links = Theme.value_streams.through.objects.filter(theme__process__in=scope.processes)
    streams_of: dict[int, list[int]] = defaultdict(list)
    for theme_id, stream_id in links.values_list("theme_id", "valuestream_id"):
        streams_of[theme_id].append(stream_id)
    return ScopeData(
        scope=scope,
        visible=visible,
        themes={t.pk: t for t in themes},
        groups={g.pk: g for g in groups},
        owners=list(owners),
        streams=list(ValueStream.objects.order_by("number")),
        streams_of=streams_of,
    )


def build_overview(
    data: ScopeData, filters: dict, *, today: datetime.date | None = None
) -> Overview:
    """The overview of `data.scope` narrowed by `filters` (`OverviewFilterForm.values()`)."""
    scope = data.scope
    today = today or timezone.localdate()
    processes = {p.pk: p for p in scope.processes}
    interval = dict.fromkeys(processes, DEFAULT_INTERVAL_DAYS)
    interval.update(
        Implementation.objects.filter(process__in=scope.processes).values_list(
            "process_id", "update_interval_days"
        )
    )
    themes, groups, streams_of = data.themes, data.groups, data.streams_of
    stream_by_pk = {s.pk: s for s in data.streams}

    queryset = data.visible
    if status := filters.get("status"):
        queryset = queryset.filter(status=status)
    if theme := filters.get("theme"):
        queryset = queryset.filter(Q(theme_id=theme) | Q(theme__isnull=True, group__theme_id=theme))
    if group := filters.get("group"):
        queryset = queryset.filter(group_id=group)
    if owner := filters.get("owner"):
        queryset = queryset.filter(owner_id=owner)
    if number := filters.get("stream"):
        with_stream = [
            theme_id
            for theme_id, ids in streams_of.items()
            if any(stream_by_pk[s].number == number for s in ids)
        ]
        queryset = queryset.filter(
            Q(theme_id__in=with_stream) | Q(theme__isnull=True, group__theme_id__in=with_stream)
        )
    initiatives = list(
        # carried_to: `is_overdue` asks whether a next cycle carried the initiative on.
        queryset.select_related("owner__user", "frame_signed_off_by__user", "carried_to").order_by(
            "process_id", "title", "pk"
        )
    )
    # Counted apart only when filtered, so the page can say "12 of 400".
    visible_count = data.visible.count() if filters else len(initiatives)

    indicators = indicator_rows(queryset)
    rows = []
    for initiative in initiatives:
        group = groups.get(initiative.group_id)
        theme = themes.get(initiative.theme_id) or (
            themes.get(group.theme_id) if group and group.theme_id else None
        )
        overdue, due = overdue_state(initiative, interval[initiative.process_id], today)
        row = InitiativeRow(
            initiative=initiative,
            process=processes[initiative.process_id],
            theme=theme,
            group=group,
            owner=initiative.owner,
            streams=[stream_by_pk[s] for s in streams_of.get(theme.pk, [])] if theme else [],
            indicators=indicators.get(initiative.pk, []),
            overdue=overdue,
            due_since=due,
        )
        initiative.process = row.process
        if filters.get("signal") and not row.signals:
            continue
        if filters.get("overdue") and not row.overdue:
            continue
        rows.append(row)

    def label(process_id: int, text: str) -> str:
        return _label(processes[process_id], text, scope)

    by_process = []
    if scope.organisation_wide:
        by_process = _rollup(
            rows,
            lambda r: [(r.process.pk, r.process.title)],
            order=[(p.pk, p.title) for p in scope.processes],
            none_label="",
            filter_name="",
        )
        for rollup in by_process:
            rollup.url = reverse("implementation:overview", args=[rollup.key])

    return Overview(
        scope=scope,
        rows=rows,
        visible_count=visible_count,
        totals=_rollup_all(rows),
        by_status=_rollup(
            rows,
            lambda r: [(r.initiative.status, r.initiative.get_status_display())],
            order=[(key, str(label)) for key, label in Status.choices],
            none_label="",
            filter_name="status",
            keep_empty=True,
        ),
        by_theme=_rollup(
            rows,
            lambda r: [(r.theme.pk, label(r.process.pk, r.theme.title))] if r.theme else [],
            order=[(t.pk, label(t.process_id, t.title)) for t in themes.values()],
            none_label=_("No theme"),
            filter_name="theme",
        ),
        by_group=_rollup(
            rows,
            lambda r: [(r.group.pk, label(r.process.pk, r.group.name))] if r.group else [],
            order=[(g.pk, label(g.process_id, g.name)) for g in groups.values()],
            none_label=_("No group"),
            filter_name="group",
        ),
        by_stream=_rollup(
            rows,
            lambda r: [(s.number, str(s)) for s in r.streams],
            order=[(s.number, str(s)) for s in data.streams],
            none_label=_("No value stream"),
            filter_name="stream",
            keep_empty=True,
        ),
        by_process=by_process,
        # Deteriorations first: they are what a leader must act on.
        signal_indicators=sorted(
            ((row, ind) for row in rows for ind in row.signals),
            key=lambda pair: SIGNAL_ORDER.get(pair[1].analysis.direction, 1),
        ),
        overdue_rows=sorted((r for r in rows if r.overdue), key=lambda r: r.due_since),
        today=today,
    )


def _rollup_all(rows: list[InitiativeRow]) -> Rollup:
    total = Rollup(key="all", label=_("All initiatives"))
    for row in rows:
        total.add(row)
    return total


def _rollup(rows, keys_of, *, order, none_label, filter_name, keep_empty=False) -> list[Rollup]:
    """Rows in `order` (those with no initiatives left out unless `keep_empty`), then one for
    initiatives with no key, if any."""
    result = {key: Rollup(key=key, label=label, filter_name=filter_name) for key, label in order}
    none = Rollup(key=NONE_KEY, label=none_label)
    for row in rows:
        keys = keys_of(row)
        if not keys:
            none.add(row)
        for key, label in keys:
            result.setdefault(key, Rollup(key=key, label=label, filter_name=filter_name)).add(row)
    ordered = [r for r in result.values() if r.total or keep_empty]
    if none.total:
        ordered.append(none)
    return ordered


@dataclass
class Segment:
    status: str
    label: str
    count: int
    x: float
    width: float
    colour: str


@dataclass
class Bar:
    rollup: Rollup
    segments: list[Segment]
    description: str


CHART_WIDTH = 1000


def status_bars(rollups: list[Rollup]) -> list[Bar]:
    """A stacked bar of statuses per rollup row, on one scale (the largest row fills the
    width), for a server-rendered SVG chart; `description` says the bar in words."""
    largest = max((r.total for r in rollups), default=0)
    bars = []
    for rollup in rollups:
        x = 0.0
        segments = []
        for status, label, count in rollup.statuses:
            if not count:
                continue
            width = CHART_WIDTH * count / largest
            segments.append(
                Segment(
                    status, str(label), count, round(x, 2), round(width, 2), STATUS_COLOURS[status]
                )
            )
            x += width
        parts = ", ".join(f"{s.label}: {s.count}" for s in segments)
        bars.append(Bar(rollup, segments, f"{rollup.label}: {rollup.total} ({parts})"))
    return bars


def status_legend() -> list[tuple[str, str, str]]:
    """(status, label, colour) for a chart's legend."""
    return [(key, str(label), STATUS_COLOURS[key]) for key, label in Status.choices]
