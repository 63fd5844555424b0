"""The run chart's SVG: well-formed, accessible, escaped, and robust with little data."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from implementation.models import Indicator
from implementation.runchart import analyse, render_svg
from tests.implementation.factories import (
    IndicatorFactory,
    MeasurementFactory,
    TrialActionFactory,
)

SVG = "{http://www.w3.org/2000/svg}"
START = datetime.date(2027, 1, 4)
# Ten weeks about 60 (the baseline period), then ten weeks at 70 and above from 15 March.
VALUES = [60, 62, 58, 61, 59, 63, 60, 57, 61, 59, 70, 72, 71, 75, 74, 73, 76, 78, 77, 79]


def indicator(**extra):
    fields = {
        "pk": 7,
        "name": "Andel brugere der siger deres mening",
        "unit": "percent",
        "better": "higher",
        "baseline_value": Decimal("60"),
        "baseline_date": datetime.date(2027, 1, 1),
        "baseline_period_end": START + datetime.timedelta(weeks=9),
        "target_value": Decimal("80"),
    }
    return SimpleNamespace(**(fields | extra))


def weekly(values):
    return [
        (START + datetime.timedelta(weeks=i), Decimal(str(v)), "") for i, v in enumerate(values)
    ]


def trial(title, started_on=datetime.date(2027, 3, 15), **extra):
    return SimpleNamespace(title=title, started_on=started_on, **extra)


def parse(svg):
    root = ET.fromstring(str(svg))  # noqa: S314 (our own output)
    assert root.tag == f"{SVG}svg"
    return root


def with_class(root, name):
    return [e for e in root.iter() if name in e.get("class", "").split()]


def texts(root):
    return [e.text for e in root.iter(f"{SVG}text") if e.text]


def test_the_chart_is_well_formed_and_accessible():
    svg = render_svg(indicator(), weekly(VALUES), language="en")
    root = parse(svg)

    assert root.get("role") == "img"
    assert root.get("viewBox").startswith("0 0 ")
    assert root.get("width") == "100%"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Run chart: Andel brugere der siger deres mening"
    assert desc.text == "Signal of improvement since March 2027"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_there_is_one_marker_for_each_measurement_and_the_signal_run_has_another_shape():
    points = weekly(VALUES)
    result = analyse(points, better="higher", baseline_period_end=indicator().baseline_period_end)

    root = parse(render_svg(indicator(), points, analysis=result))

    markers = with_class(root, "qh-rc-point")
    assert len(markers) == len(VALUES)
    signal = with_class(root, "qh-rc-signal")
    assert len(signal) == len(result.signal_indices) == 10
    assert {e.tag for e in signal} == {f"{SVG}path"}  # diamonds, not the circles
    assert {e.tag for e in markers if e not in signal} == {f"{SVG}circle"}


def test_the_lines_and_the_baseline_are_drawn_and_labelled():
    with translation.override("en"):
        root = parse(render_svg(indicator(), weekly(VALUES)))

    assert with_class(root, "qh-rc-target")
    assert with_class(root, "qh-rc-centre")
    assert with_class(root, "qh-rc-centre-frozen")  # the baseline median, extended
    assert with_class(root, "qh-rc-baseline")
    words = texts(root)
    assert {"Median", "60%", "Target", "80%", "Baseline 60%", "%"} <= set(words)
    assert "Baseline period" in words


def test_there_is_no_target_line_without_a_target():
    root = parse(render_svg(indicator(target_value=None), weekly(VALUES)))

    assert not with_class(root, "qh-rc-target")


def test_a_target_given_overrides_the_indicators():
    with translation.override("en"):
        root = parse(render_svg(indicator(target_value=None), weekly(VALUES), target=Decimal(85)))

    assert with_class(root, "qh-rc-target")
    assert "85%" in texts(root)


def test_user_typed_text_is_escaped():
    evil = "<script>alert(1)</script>"
    points = weekly(VALUES)
    points[0] = (*points[0][:2], f"Målt {evil}")

    svg = render_svg(indicator(name=f"Ventetid {evil}"), points, trials=[trial(f"Kaffe {evil}")])

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    assert not list(root.iter(f"{SVG}script"))
    assert f"Ventetid {evil}" in root.find(f"{SVG}title").text


def test_trials_are_numbered_on_the_time_axis_and_listed_below():
    trials = [
        trial("MUS-samtaler for brugerne", ended_on=datetime.date(2027, 4, 19)),
        trial("Brugerråd", started_on=datetime.date(2027, 3, 16), is_abandoned=True),
        trial("Not started yet", started_on=None),
    ]

    with translation.override("en"):
        root = parse(render_svg(indicator(), weekly(VALUES), trials=trials))

    marks = with_class(root, "qh-rc-trial")
    assert [m.find(f"{SVG}title").text for m in marks] == ["MUS-samtaler for brugerne", "Brugerråd"]
    words = texts(root)
    assert {"1", "2", "MUS-samtaler for brugerne", "Brugerråd"} <= set(words)
    assert "15 Mar 2027 to 19 Apr 2027" in words
    assert "from 16 Mar 2027, abandoned" in words
    assert "Not started yet" not in words


def test_a_long_trial_title_is_shortened_in_the_legend_and_whole_in_its_tooltip():
    title = "Brugerråd hver anden uge med skiftende ordstyrer fra alle tre afdelinger " * 2

    root = parse(render_svg(indicator(), weekly(VALUES), trials=[trial(title)]))

    legend = with_class(root, "qh-rc-trial-legend")[0]
    shown = with_class(legend, "qh-rc-trial-title")[0].text
    assert shown.endswith("…") and len(shown) < len(title)
    assert legend.find(f"{SVG}g/{SVG}title").text == title


def test_the_axes_are_in_the_chosen_language():
    svg = render_svg(indicator(target_value=Decimal("82.5")), weekly(VALUES), language="da")
    root = parse(svg)

    assert "marts 2027" in root.find(f"{SVG}desc").text
    assert {"Jan", "2027", "Maj"} <= set(texts(root))
    assert "82,5%" in svg or "82,5 %" in svg  # the target, with a decimal comma
    assert "82.5" not in svg


@pytest.mark.parametrize("count", [0, 1, 2])
def test_a_chart_with_few_points_renders(count):
    with translation.override("en"):
        root = parse(render_svg(indicator(), weekly(VALUES[:count])))

    assert len(with_class(root, "qh-rc-point")) == count
    assert root.find(f"{SVG}desc").text.startswith("Too few measurements")
    if count == 0:
        assert "No measurements yet" in texts(root)


def test_equal_values_render_without_dividing_by_zero():
    flat = indicator(baseline_value=Decimal(3), target_value=Decimal(3), unit="score")

    root = parse(render_svg(flat, weekly([3] * 12)))

    assert len(with_class(root, "qh-rc-point")) == 12


def test_an_indicator_without_a_baseline_or_dates_renders():
    bare = SimpleNamespace(name="", unit="count", better="lower")

    root = parse(render_svg(bare, []))

    assert root.find(f"{SVG}title").text


def test_the_chart_needs_nothing_a_pdf_renderer_or_the_csp_would_refuse():
    svg = render_svg(indicator(), weekly(VALUES), trials=[trial("Kaffe")])

    assert "var(" not in svg
    assert "href" not in svg
    assert "style" not in svg  # no style attributes or elements (CSP: style-src 'self')
    assert 'font-family="IBM Plex Sans, sans-serif"' in svg


def test_it_draws_models_as_they_are():
    model = IndicatorFactory.build(
        pk=3, unit=Indicator.Unit.DAYS, better=Indicator.Better.LOWER, target_value=Decimal(5)
    )
    measurements = [
        MeasurementFactory.build(
            indicator=model,
            measured_on=START + datetime.timedelta(weeks=i),
            value=Decimal(v),
            note="Målt ved visitation" if i == 0 else "",
        )
        for i, v in enumerate([20, 18, 21, 19, 17, 22, 18, 19, 20, 16, 12, 11, 10, 9, 8, 7])
    ]
    trials = [TrialActionFactory.build(initiative=model.initiative, decision="abandon")]

    with translation.override("en"):
        svg = render_svg(model, measurements, trials=trials)
    root = parse(svg)

    assert len(with_class(root, "qh-rc-point")) == 16
    assert "days" in texts(root)
    assert "Målt ved visitation" in svg
    assert "abandoned" in svg


# -- The printed chart ------------------------------------------------------------------------

PRINT_TEXTS = 12  # the screen chart has about 28 for the same series and two trials


def print_chart(**extra):
    trials = [
        trial("MUS-samtaler for brugerne", ended_on=datetime.date(2027, 4, 19)),
        trial("Brugerråd", started_on=datetime.date(2027, 5, 3)),
    ]
    with translation.override("en"):
        return render_svg(indicator(), weekly(VALUES), trials=trials, variant="print", **extra)


def subpaths(element):
    return element.get("d").count("M")


def test_the_printed_chart_is_well_formed_with_few_texts():
    root = parse(print_chart())

    assert root.get("role") == "img"
    assert root.find(f"{SVG}desc").text == "Signal of improvement since March 2027"
    assert len(list(root.iter(f"{SVG}text"))) <= PRINT_TEXTS
    assert len(list(root.iter(f"{SVG}text"))) < len(
        list(
            parse(
                render_svg(
                    indicator(),
                    weekly(VALUES),
                    trials=[trial("A"), trial("B", datetime.date(2027, 5, 3))],
                )
            ).iter(f"{SVG}text")
        )
    )
    assert {"Median", "60%", "Target", "80%"} <= set(texts(root))
    assert not [e for e in root.iter(f"{SVG}circle") if "qh-rc-point" in e.get("class", "")]


def test_the_printed_chart_has_a_marker_for_each_measurement_and_diamonds_for_the_signal():
    root = parse(print_chart())

    shapes = with_class(root, "qh-rc-points")
    assert sum(subpaths(e) for e in shapes) == len(VALUES)
    signal = with_class(root, "qh-rc-signal")
    assert sum(subpaths(e) for e in signal) == 10
    assert all("L" in e.get("d") for e in signal)  # diamonds: straight sides
    assert not [
        e
        for e in root.iter(f"{SVG}title")
        if e is not root.find(f"{SVG}title") and e.text and e.text.startswith("4 Jan")
    ]  # no tooltip per point


def test_the_printed_chart_keeps_the_lines_and_numbers_the_trials():
    root = parse(print_chart())

    assert with_class(root, "qh-rc-centre") and with_class(root, "qh-rc-centre-frozen")
    assert with_class(root, "qh-rc-target")
    marks = with_class(root, "qh-rc-trial")
    assert [m.find(f"{SVG}text").text for m in marks] == ["1", "2"]
    assert subpaths(with_class(root, "qh-rc-trial-line")[0]) == 2


def test_the_printed_chart_escapes_trial_titles():
    evil = "<script>alert(1)</script>"
    with translation.override("en"):
        svg = render_svg(
            indicator(), weekly(VALUES), trials=[trial(f"Kaffe {evil}")], variant="print"
        )

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert with_class(parse(svg), "qh-rc-trial")[0].find(f"{SVG}title").text == f"Kaffe {evil}"


@pytest.mark.parametrize("count", [0, 1, 2])
def test_a_printed_chart_with_few_points_renders(count):
    root = parse(render_svg(indicator(), weekly(VALUES[:count]), variant="print"))

    assert sum(subpaths(e) for e in with_class(root, "qh-rc-points")) == count


def test_an_unknown_variant_is_refused():
    with pytest.raises(ValueError, match="variant"):
        render_svg(indicator(), weekly(VALUES), variant="poster")
