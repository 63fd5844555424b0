"""The status report: every initiative of a process, for the steering group, the council or
staff, as an HTML preview and a PDF from one template.

Managers ask for a report (`request_report`): a `StatusReport` row is created, queued, and
its id sent to the Celery task once the transaction has committed (`services.rendering`).
The content (`report_context`) is read in a fixed number of queries through the overview's
loader, plus the latest progress update and the trial actions of every initiative; each
indicator's run chart is drawn as SVG with `runchart.render_svg`. Everything is rendered in
the report's language. The PDF goes through the catalogue's WeasyPrint pipeline: IBM Plex
Sans from DKFDS, only the project's own static files may be read, PDF/UA tagging.
"""

from __future__ import annotations

import base64
import datetime
import html
import logging
import re
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.services.render import _font_css, _url_fetcher, write_pdf
from core import jobs
from core.queueing import QUEUE_ERRORS
from organisations.models import Membership
from processes.models import Process

from .. import runchart
from ..models import Initiative, ProgressUpdate, StatusReport, TrialAction
from ..sections import sections_for
from .overview import (
    IndicatorRow,
    InitiativeRow,
    Rollup,
    Scope,
    build_overview,
    load_scope,
    status_bars,
    status_legend,
)
from .rendering import queue_report

logger = logging.getLogger(__name__)

CHART_URI = "data:image/svg+xml;base64,"
CHART_PIXELS = 600  # the run chart's width as an image; the PDF scales it to the column
# The audiences offered in the form; anything else is printed as typed.
AUDIENCES = {
    "steering_group": gettext_lazy("The steering group"),
    "council": gettext_lazy("The council"),
    "staff": gettext_lazy("All staff"),
}
SERVICE_DOWN_MESSAGE = gettext_lazy(
    "The PDF service cannot be reached right now. Nothing is lost; try again in a moment."
)


class ReportError(Exception):
    """The report cannot be made as asked; the message says why. `report` is the row, if
    one was made (kept as failed when the PDF service could not be reached)."""

    def __init__(self, message: str, *, report: StatusReport | None = None):
        super().__init__(message)
        self.report = report


AUDIENCE_PHRASES = {
    "steering_group": gettext_lazy("For the steering group"),
    "council": gettext_lazy("For the council"),
    "staff": gettext_lazy("For all staff"),
}


def audience_label(value: str) -> str:
    return str(AUDIENCES[value]) if value in AUDIENCES else value


def audience_phrase(value: str) -> str:
    """“For the council”, or “For <what was typed>”, in the active language."""
    if not value:
        return ""
    if value in AUDIENCE_PHRASES:
        return str(AUDIENCE_PHRASES[value])
    return _("For %(audience)s") % {"audience": value}


# -- Asking for a report ----------------------------------------------------------------------


def request_report(
    *, actor: Membership, process: Process, language: str, audience: str = ""
) -> StatusReport:
    """Create a queued report and send its rendering to the worker after the commit.

    Guarantees: the row exists before the task is sent (the task gets only its id); if the
    broker cannot be reached, the row is kept as failed with a message saying so, and
    `ReportError` is raised, so the manager can retry from the report's page.
    """
    if language not in dict(settings.LANGUAGES):
        raise ReportError(_("Choose one of the languages offered."))
    try:
        with transaction.atomic():
            report = StatusReport.objects.create(
                process=process,
                language=language,
                audience=audience.strip()[:200],
                requested_by=actor,
            )
            transaction.on_commit(partial(queue_report, report.pk), robust=False)
    except QUEUE_ERRORS as error:
        logger.warning("Could not queue status report %s: %s", report.pk, error)
        _service_down(report.pk)
        report.refresh_from_db()
        raise ReportError(str(SERVICE_DOWN_MESSAGE), report=report) from error
    report.refresh_from_db()
    return report


def retry_report(*, actor: Membership, report: StatusReport) -> StatusReport:
    """Queue a failed or stalled report again (the button shown with its error)."""
    try:
        with transaction.atomic():
            locked = StatusReport.objects.select_for_update().get(pk=report.pk)
            # A stalled report (its worker or message lost) is still "rendering" or "queued"
            # in the row; it is shown as failed and may be retried like one.
            if locked.shown_status != StatusReport.Status.FAILED:
                raise ReportError(_("Only a report that failed can be made again."))
            locked.queue_again()
            transaction.on_commit(partial(queue_report, locked.pk), robust=False)
    except QUEUE_ERRORS as error:
        _service_down(report.pk)
        report.refresh_from_db()
        raise ReportError(str(SERVICE_DOWN_MESSAGE), report=report) from error
    report.refresh_from_db()
    return report


def _service_down(report_id: int) -> None:
    jobs.fail(StatusReport, report_id, str(SERVICE_DOWN_MESSAGE))


# -- What the report says ---------------------------------------------------------------------


@dataclass
class ReportIndicator:
    row: IndicatorRow
    svg: SafeString  # inline, for the page
    image: str  # the same SVG as a data: URI, for the PDF
    alt: str  # the chart's title and description, as text
    baseline: str
    target: str
    latest: str


@dataclass
class ReportInitiative:
    row: InitiativeRow
    anchor: str
    latest_update: ProgressUpdate | None
    trials: list[TrialAction]
    indicators: list[ReportIndicator]

    @property
    def initiative(self) -> Initiative:
        return self.row.initiative

    @property
    def abandoned(self) -> list[TrialAction]:
        return [t for t in self.trials if t.is_abandoned]


@dataclass
class ReportTheme:
    anchor: str
    title: str
    rollup: Rollup | None
    initiatives: list[ReportInitiative] = field(default_factory=list)


def _latest_updates(initiative_ids: list[int]) -> dict[int, ProgressUpdate]:
    """Each initiative's latest progress update, in one query."""
    latest = (
        ProgressUpdate.objects.filter(initiative=OuterRef("initiative"))
        .order_by("-written_on", "-pk")
        .values("pk")[:1]
    )
    updates = ProgressUpdate.objects.filter(
        initiative_id__in=initiative_ids, pk=Subquery(latest)
    ).only("pk", "initiative_id", "written_on", "text")
    return {u.initiative_id: u for u in updates}


def _trials(initiative_ids: list[int]) -> dict[int, list[TrialAction]]:
    trials: dict[int, list[TrialAction]] = {}
    for trial in TrialAction.objects.filter(initiative_id__in=initiative_ids).order_by(
        "initiative_id", "started_on", "pk"
    ):
        trials.setdefault(trial.initiative_id, []).append(trial)
    return trials


def _long_date(value: datetime.date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _at(value, unit: str, day: datetime.date | None) -> str:
    """“62 % (1 March 2027)”."""
    if value is None:
        return "–"
    return f"{runchart.format_value(value, unit)} ({_long_date(day)})"


def _chart_alt(svg: str) -> str:
    """The chart's <title> and <desc> as plain text (the alternative text in the PDF)."""
    parts = [
        html.unescape(re.sub(r"<[^>]+>", "", match))
        for match in re.findall(r"<(?:title|desc) id=\"[^\"]*-(?:title|desc)\">(.*?)</", svg, re.S)
    ]
    return ". ".join(" ".join(p.split()) for p in parts if p.strip())


def _indicator(row: IndicatorRow, trials: list[TrialAction], *, for_pdf: bool) -> ReportIndicator:
    indicator = row.indicator
    svg = runchart.render_svg(
        indicator,
        row.analysis.points,
        analysis=row.analysis,
        trials=trials,
        chart_id=f"chart-{indicator.pk}",
        # The printed chart leaves to the words beside it what the screen chart writes in.
        variant="print" if for_pdf else "screen",
    )
    image = ""
    if for_pdf:
        # In the PDF the chart is an image: WeasyPrint draws an SVG image about a third faster
        # than the same SVG inline (no HTML box per element), and PDF/UA tags an image as a
        # figure with its alternative text. A fixed width gives the image its proportions.
        data = str(svg).replace('width="100%"', f'width="{CHART_PIXELS}"', 1)
        image = CHART_URI + base64.b64encode(data.encode()).decode()
    return ReportIndicator(
        row=row,
        svg=svg if not for_pdf else SafeString(""),
        image=image,
        alt=_chart_alt(str(svg)),
        baseline=_at(indicator.baseline_value, indicator.unit, indicator.baseline_date),
        target=_at(indicator.target_value, indicator.unit, indicator.target_date),
        latest=_at(row.latest, indicator.unit, row.latest_on),
    )


def report_context(
    process: Process,
    *,
    language: str,
    audience: str = "",
    today: datetime.date | None = None,
    for_pdf: bool = False,
) -> dict:
    """Everything the report's templates need; call inside translation.override(language)."""
    today = today or timezone.localdate()
    data = load_scope(Scope(processes=[process], membership=None))
    overview = build_overview(data, {}, today=today)
    ids = [row.initiative.pk for row in overview.rows]
    updates = _latest_updates(ids)
    trials = _trials(ids)

    rollups = {r.key: r for r in overview.by_theme}
    themes = {
        theme.pk: ReportTheme(
            anchor=f"theme-{theme.pk}", title=theme.title, rollup=rollups.get(theme.pk)
        )
        for theme in data.themes.values()
    }
    no_theme = ReportTheme(anchor="no-theme", title=_("Initiatives without a theme"), rollup=None)
    for row in overview.rows:
        own_trials = trials.get(row.initiative.pk, [])
        item = ReportInitiative(
            row=row,
            anchor=f"initiative-{row.initiative.pk}",
            latest_update=updates.get(row.initiative.pk),
            trials=own_trials,
            indicators=[_indicator(i, own_trials, for_pdf=for_pdf) for i in row.indicators],
        )
        (themes[row.theme.pk] if row.theme else no_theme).initiatives.append(item)
    sections = [t for t in themes.values() if t.initiatives]
    if no_theme.initiatives:
        sections.append(no_theme)
    return {
        "process": process,
        "organisation": process.organisation,
        "language": language,
        "audience": audience_label(audience),
        "audience_phrase": audience_phrase(audience),
        "today": today,
        "overview": overview,
        "totals": overview.totals,
        "themes": sections,
        "theme_bars": status_bars(overview.by_theme),
        "total_bar": status_bars([overview.totals])[0],
        "legend": status_legend(),
        "indicator_count": sum(len(r.indicators) for r in overview.rows),
        "title": _("Status report"),
        # Other apps' sections (the evaluations' ratings, the featured good stories).
        "sections": sections_for("report", process=process, initiatives=data.visible),
    }


def render_body(process: Process, *, language: str, audience: str = "") -> str:
    """The report's content as HTML in `language` (for the preview page)."""
    with translation.override(language):
        context = report_context(process, language=language, audience=audience)
        return render_to_string("implementation/includes/report_body.html", context)


def render_html_document(report: StatusReport, *, today: datetime.date | None = None) -> str:
    with translation.override(report.language):
        context = report_context(
            report.process,
            language=report.language,
            audience=report.audience,
            today=today,
            for_pdf=True,
        )
        context["report"] = report
        context["font_css"] = _font_css()
        return render_to_string("implementation/report/document.html", context)


def _url_fetcher_with_charts(url: str, *args, **kwargs):
    """The catalogue's fetcher (the project's own static files only) and the charts' data:
    URIs, which the report makes itself and which reach nothing outside the document."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith(CHART_URI):
        return default_url_fetcher(url, *args, **kwargs)
    return _url_fetcher(url, *args, **kwargs)


def html_to_pdf(document_html: str) -> bytes:
    return write_pdf(document_html, url_fetcher=_url_fetcher_with_charts)


def render_pdf(report: StatusReport, *, today: datetime.date | None = None) -> bytes:
    return html_to_pdf(render_html_document(report, today=today))
