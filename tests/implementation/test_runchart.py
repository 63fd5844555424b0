"""Anhøj's run chart rules, against the published critical values and constructed series.

Anhøj J, Olesen AV. Run charts revisited. PLoS ONE 9(11): e113825, 2014, table 1 (the same
table as qicharts2's vignette "Critical values for longest runs and number of crossings").
"""

import datetime
import math
from decimal import Decimal

import pytest
from django.utils import translation

from implementation.runchart import (
    DETERIORATION,
    IMPROVEMENT,
    Point,
    analyse,
    as_points,
    binomial_cdf,
    crossings_limit,
    longest_run_limit,
    table_rows,
)

# n useful observations: (upper limit for the longest run, lower limit for crossings).
PUBLISHED_LIMITS = {
    10: (6, 2), 11: (6, 2), 12: (7, 3), 13: (7, 3), 14: (7, 4), 15: (7, 4), 16: (7, 4),
    17: (7, 5), 18: (7, 5), 19: (7, 6), 20: (7, 6), 21: (7, 6), 22: (7, 7), 23: (8, 7),
    24: (8, 8), 25: (8, 8), 26: (8, 8), 27: (8, 9), 28: (8, 9), 29: (8, 10), 30: (8, 10),
    31: (8, 11), 32: (8, 11), 33: (8, 11), 34: (8, 12), 35: (8, 12), 36: (8, 13), 37: (8, 13),
    38: (8, 14), 39: (8, 14), 40: (8, 14),
}  # fmt: skip

START = datetime.date(2027, 1, 4)


def weekly(values, start=START):
    return [
        Point(start + datetime.timedelta(weeks=i), Decimal(str(v))) for i, v in enumerate(values)
    ]


def frozen_series(sides):
    """A first point at 50 is the whole baseline period, so the median is 50; then 60 for
    every +1 and 40 for every -1. The baseline point lies on the median and so is not
    useful: the sides given are exactly the useful points."""
    points = weekly([50] + [60 if side > 0 else 40 for side in sides])
    return points, points[0].date


def runs_of(lengths, first_side=1):
    sides, side = [], first_side
    for length in lengths:
        sides += [side] * length
        side = -side
    return sides


def even_split(n, parts):
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


def independent_qbinom_05(size):
    """R's qbinom(0.05, size, 0.5), in floating point with math.comb."""
    cumulative = 0.0
    for k in range(size + 1):
        cumulative += math.comb(size, k) / 2**size
        if cumulative >= 0.05:
            return k
    return size


@pytest.mark.parametrize("n", sorted(PUBLISHED_LIMITS))
def test_the_limits_are_the_published_ones(n):
    run_limit, crossing_limit = PUBLISHED_LIMITS[n]

    assert longest_run_limit(n) == run_limit == round(math.log2(n) + 3)
    assert crossings_limit(n) == crossing_limit == independent_qbinom_05(n - 1)


def test_the_binomial_cdf_is_exact():
    assert binomial_cdf(-1, 9) == 0
    assert binomial_cdf(1, 9) == pytest.approx(10 / 512)
    assert binomial_cdf(2, 9) == pytest.approx(46 / 512)
    assert binomial_cdf(9, 9) == 1
    assert all(
        binomial_cdf(k, 19) == sum(math.comb(19, i) for i in range(k + 1)) / 2**19
        for k in range(20)
    )


@pytest.mark.parametrize("n", sorted(PUBLISHED_LIMITS))
def test_a_run_as_long_as_the_limit_is_no_signal_and_one_longer_is(n):
    limit = longest_run_limit(n)
    for run, signal in ((limit, False), (limit + 1, True)):
        # The run, then points alternating about the median (plenty of crossings).
        sides = [1] * run + [(-1) ** (i + 1) for i in range(n - run)]
        points, baseline_end = frozen_series(sides)

        result = analyse(points, better="higher", baseline_period_end=baseline_end)

        assert result.n_useful == n
        assert result.longest_run == run
        assert result.crossings >= result.crossings_limit
        assert result.run_signal is signal
        assert result.crossings_signal is False
        assert result.signal is signal


@pytest.mark.parametrize("n", sorted(PUBLISHED_LIMITS))
def test_crossings_at_the_limit_are_no_signal_and_one_fewer_is(n):
    limit = crossings_limit(n)
    for crossings, signal in ((limit, False), (limit - 1, True)):
        # crossings + 1 runs as even as possible, so no run is unusually long.
        points, baseline_end = frozen_series(runs_of(even_split(n, crossings + 1)))

        result = analyse(points, better="higher", baseline_period_end=baseline_end)

        assert result.n_useful == n
        assert result.crossings == crossings
        assert result.longest_run <= result.longest_run_limit
        assert result.run_signal is False
        assert result.crossings_signal is signal
        assert result.signal is signal


def test_points_on_the_median_neither_break_nor_add_to_a_run():
    # Median 5 (of all eleven points); the three 5s sit inside a run of seven above.
    values = [6, 6, 5, 6, 6, 5, 6, 5, 6, 6, 6] + [4] * 8 + [6, 4]
    result = analyse(weekly(values), better="higher")

    assert result.centre == Decimal("5")
    assert result.n_useful == len(values) - 3
    assert result.longest_run == 8
    assert result.sides[2] == 0
    assert [row.side for row in table_rows(result)][:3] == ["above", "above", "on"]


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    result = analyse(weekly([1, 2, 3, 10]), better="higher")

    assert result.centre == Decimal("2.5")


def test_the_baseline_median_is_frozen():
    baseline = [60, 62, 58, 61, 59]
    later = [70, 72, 71, 75, 74, 73, 76, 78]
    points = weekly(baseline + later)

    result = analyse(points, better="higher", baseline_period_end=points[4].date)

    # The median of the baseline period only, not of all points (which would be 70).
    assert result.centre == Decimal("60")
    assert result.baseline_period_end == points[4].date
    assert result.longest_run == 8
    assert result.run_signal


def test_a_baseline_period_without_measurements_falls_back_to_all_points():
    points = weekly([1, 2, 3, 4, 5])

    result = analyse(points, better="higher", baseline_period_end=START - datetime.timedelta(1))

    assert result.centre == Decimal("3")
    assert result.baseline_period_end is None


def shifted_series():
    """Five weeks about 60, then nine weeks at 70 and above, starting 1 March 2027."""
    before = weekly([60, 62, 58, 61, 59], start=datetime.date(2027, 1, 25))
    after = weekly([70, 72, 71, 75, 74, 73, 76, 78, 77], start=datetime.date(2027, 3, 1))
    return before + after, before[-1].date


def test_a_long_run_above_is_improvement_when_higher_is_better():
    points, baseline_end = shifted_series()

    result = analyse(points, better="higher", baseline_period_end=baseline_end)

    assert result.direction == IMPROVEMENT
    assert result.since == datetime.date(2027, 3, 1)
    with translation.override("en"):
        assert result.describe() == "Signal of improvement since March 2027"


def test_a_long_run_above_is_deterioration_when_lower_is_better():
    points, baseline_end = shifted_series()

    result = analyse(points, better="lower", baseline_period_end=baseline_end)

    assert result.direction == DETERIORATION
    with translation.override("en"):
        assert result.describe() == "Signal of deterioration since March 2027"


def test_a_long_run_below_is_improvement_when_lower_is_better():
    points = weekly([12, 14, 13, 12, 15] + [8, 9, 7, 8, 6, 7, 8, 9, 5])

    result = analyse(points, better="lower", baseline_period_end=points[4].date)

    assert result.direction == IMPROVEMENT
    assert result.since == points[5].date


def test_the_month_is_said_in_the_active_language():
    points, baseline_end = shifted_series()
    result = analyse(points, better="higher", baseline_period_end=baseline_end)

    with translation.override("da"):
        assert "marts 2027" in result.describe()
    with translation.override("nb"):
        assert "mars 2027" in result.describe()


def test_of_equally_long_signalling_runs_the_latest_is_reported():
    points, baseline_end = frozen_series([-1] * 9 + [1, -1] * 3 + [1] * 9)

    result = analyse(points, better="higher", baseline_period_end=baseline_end)

    assert result.direction == IMPROVEMENT
    assert result.since == points[16].date
    assert len(result.signal_runs) == 2
    assert len(result.signal_indices) == 18


def test_too_few_crossings_take_their_direction_from_the_points_after_the_baseline():
    # 20 useful points in 3 runs (limit 6 crossings, longest-run limit 7): after the baseline
    # point, 7 above, 6 below, 7 above.
    points, baseline_end = frozen_series(runs_of([7, 6, 7]))

    result = analyse(points, better="higher", baseline_period_end=baseline_end)

    assert (result.run_signal, result.crossings_signal) == (False, True)
    assert result.direction == IMPROVEMENT
    assert result.since is None
    with translation.override("en"):
        assert result.describe() == "Signal of improvement: too few crossings of the median"


def test_too_few_crossings_without_a_side_say_non_random_variation():
    # Median of all: 5.5; as many points above as below.
    result = analyse(weekly([10] * 5 + [1] * 5 + [10] * 5 + [1] * 5), better="higher")

    assert result.crossings == 3 < result.crossings_limit == 6
    assert result.direction is None
    with translation.override("en"):
        assert result.describe() == "Non-random variation: too few crossings of the median"


def test_random_variation_is_no_signal():
    values = [60, 64, 59, 63, 61, 58, 65, 60, 62, 57, 63, 61, 64, 59, 62]
    result = analyse(weekly(values), better="higher")

    assert not result.signal
    assert result.direction is None and result.since is None
    with translation.override("en"):
        assert result.describe() == "No signal: the variation is random"


@pytest.mark.parametrize("count", [0, 1, 2, 8])
def test_fewer_than_ten_useful_points_give_no_signal(count):
    # Eight useful points in one run: 8 > round(log2(8) + 3) = 6, yet too few to tell.
    points, baseline_end = frozen_series([1] * count)
    result = analyse(points, better="higher", baseline_period_end=baseline_end)

    assert result.n_useful == count
    assert result.longest_run == count
    assert not result.signal
    with translation.override("en"):
        assert result.describe() == "Too few measurements for a signal (at least 10 are needed)"


def test_no_points_at_all_have_no_centre_line():
    result = analyse([], better="lower")

    assert result.centre is None
    assert (result.n_useful, result.longest_run, result.crossings) == (0, 0, 0)
    assert not result.signal


def test_equal_values_lie_on_the_median_and_are_not_useful():
    result = analyse(weekly([7] * 12), better="higher")

    assert result.centre == Decimal("7")
    assert result.n_useful == 0
    assert not result.signal
    with translation.override("en"):
        assert "Too few measurements off the median" in result.describe()


def test_points_are_read_in_date_order_from_measurement_like_objects():
    class Measured:
        def __init__(self, day, value, note=""):
            self.measured_on = START + datetime.timedelta(days=day)
            self.value = Decimal(value)
            self.note = note

    result = analyse([Measured(7, "2", "late"), Measured(0, "1")], better="higher")

    assert [p.value for p in result.points] == [Decimal("1"), Decimal("2")]
    assert table_rows(result)[1].note == "late"


def test_an_analysis_of_points_already_in_order_keeps_them_as_they_are():
    first = analyse(
        [(START + datetime.timedelta(days=d), Decimal(d)) for d in (3, 1, 2)], better="higher"
    )

    again = analyse(first.points, better="higher")

    assert again.points is first.points  # neither copied nor sorted again
    assert again == first


def test_points_out_of_order_are_still_sorted_even_when_they_are_points():
    late, early = Point(START + datetime.timedelta(days=7), Decimal(2)), Point(START, Decimal(1))

    assert as_points([late, early]) == [early, late]
    assert analyse((late, early), better="higher").points == (early, late)


def test_table_rows_mark_the_baseline_period_and_the_signal():
    points, baseline_end = shifted_series()
    result = analyse(points, better="higher", baseline_period_end=baseline_end)

    rows = table_rows(result)

    assert len(rows) == len(points)
    assert [row.in_baseline_period for row in rows] == [True] * 5 + [False] * 9
    assert [row.in_signal for row in rows] == [False] * 5 + [True] * 9
    assert rows[-1].side == "above"
    with translation.override("en"):
        assert table_rows(result)[-1].side_label == "Above the median"


def test_better_must_be_higher_or_lower():
    with pytest.raises(ValueError):
        analyse([], better="up")
