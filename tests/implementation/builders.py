"""Many initiatives at once, with indicators and measurements, for the overview, the exports
and the status report (bulk inserts, so a test with 30 initiatives stays fast)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from implementation.models import Indicator, Initiative, Measurement
from processes.models import ValueStream
from tests.factories import GroupFactory, ThemeFactory

FIRST_MEASUREMENT = datetime.date(2027, 1, 4)


def week(n: int) -> datetime.date:
    return FIRST_MEASUREMENT + datetime.timedelta(weeks=n)


def series(kind: str, points: int) -> list[Decimal]:
    """'flat': random-looking variation around 60 (no signal); 'improving': the same for the
    first half, then a shift up to 75 (an unusually long run above the baseline median)."""
    values = []
    for n in range(points):
        if kind == "improving" and n >= points // 2:
            values.append(Decimal(75))
        else:
            values.append(Decimal(58 if n % 2 else 62))
    return values


def themes_and_groups(process, count: int = 2, prefix: str = ""):
    """`count` themes, each with one group and one value stream (1, 2, ...)."""
    streams = list(ValueStream.objects.order_by("number"))
    pairs = []
    for i in range(count):
        theme = ThemeFactory(process=process, title=f"{prefix}Tema {i + 1}", position=i)
        # A transaction=True test before this one may have flushed the streams' data
        # migration rows; the theme then simply has none.
        if streams:
            theme.value_streams.set([streams[i % len(streams)]])
        group = GroupFactory(process=process, theme=theme, name=f"{prefix}Gruppe {i + 1}")
        pairs.append((theme, group))
    return pairs


def portfolio(
    process,
    pairs,
    *,
    initiatives: int = 3,
    indicators: int = 1,
    measurements: int = 20,
    owner=None,
    status: str = Initiative.Status.RUNNING,
    improving: int = 0,
    prefix: str = "Tiltag",
    last_update_on: datetime.date | None = None,
) -> list[Initiative]:
    """`initiatives` initiatives spread over the (theme, group) `pairs`, each with
    `indicators` indicators of `measurements` weekly measurements; the first `improving`
    initiatives' first indicator shows a signal of improvement."""
    made = Initiative.objects.bulk_create(
        Initiative(
            process=process,
            theme=pairs[n % len(pairs)][0] if pairs else None,
            group=pairs[n % len(pairs)][1] if pairs else None,
            title=f"{prefix} {n + 1}",
            origin=Initiative.Origin.OTHER,
            origin_reason="Foreslået på et cafémøde.",
            owner=owner,
            status=status,
            start_date=datetime.date(2027, 1, 4),
            end_date=datetime.date(2027, 12, 31),
            last_update_on=last_update_on or datetime.date.today(),
        )
        for n in range(initiatives)
    )
    made_indicators = Indicator.objects.bulk_create(
        Indicator(
            initiative=initiative,
            name=f"{initiative.title}: indikator {i + 1}",
            unit=Indicator.Unit.PERCENT,
            better=Indicator.Better.HIGHER,
            baseline_value=Decimal(60),
            baseline_date=datetime.date(2027, 1, 1),
            baseline_period_end=week(measurements // 2 - 1),
            target_value=Decimal(80),
            target_date=datetime.date(2027, 12, 31),
            position=i,
        )
        for n, initiative in enumerate(made)
        for i in range(indicators)
    )
    signal_ids = {made_indicators[n * indicators].pk for n in range(min(improving, len(made)))}
    Measurement.objects.bulk_create(
        Measurement(indicator=indicator, measured_on=week(m), value=value)
        for indicator in made_indicators
        for m, value in enumerate(
            series("improving" if indicator.pk in signal_ids else "flat", measurements)
        )
    )
    return made
