"""Status reports: the facilitator or the leader asks for one (language, audience); a Celery
worker makes the PDF while the report's page shows its progress; the rest of the organisation
reads and downloads the ready ones. External representatives, who see only their own
initiatives, get no report of them all (403); other organisations get 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.downloads import attach, file_name
from organisations.models import Membership
from processes.access import get_process_for

from ..access import MANAGERS, can_manage
from ..models import StatusReport
from ..report_forms import ReportForm
from ..services.report import (
    ReportError,
    audience_label,
    audience_phrase,
    render_body,
    request_report,
    retry_report,
)

Status = StatusReport.Status
READERS = frozenset(Membership.Role) - {Membership.Role.EXTERNAL}


def _report_for(request, process_pk: int, report_pk: int, roles=READERS):
    """(process, membership, report); a report that is not ready only for managers."""
    process, membership = get_process_for(request, process_pk, roles=roles)
    report = get_object_or_404(
        StatusReport.objects.select_related("requested_by__user"), pk=report_pk, process=process
    )
    report.process = process
    if report.status != Status.READY and not can_manage(membership):
        raise Http404
    return process, membership, report


def _context(process, membership) -> dict:
    return {"process": process, "membership": membership, "is_manager": can_manage(membership)}


@require_GET
def reports(request, process_pk: int):
    process, membership = get_process_for(request, process_pk, roles=READERS)
    queryset = process.status_reports.select_related("requested_by__user")
    if not can_manage(membership):
        queryset = queryset.filter(status=Status.READY)
    context = _context(process, membership)
    context.update(reports=_listed(queryset), form=ReportForm())
    return render(request, "implementation/reports.html", context)


def _listed(queryset) -> list[StatusReport]:
    reports = list(queryset[:50])
    for report in reports:
        report.audience_text = audience_phrase(report.audience)
    return reports


@require_POST
def create(request, process_pk: int):
    process, membership = get_process_for(request, process_pk, roles=MANAGERS)
    form = ReportForm(request.POST)
    if not form.is_valid():
        context = _context(process, membership)
        queryset = process.status_reports.select_related("requested_by__user")
        context.update(reports=_listed(queryset), form=form)
        return render(request, "implementation/reports.html", context, status=400)
    try:
        report = request_report(
            actor=membership,
            process=process,
            language=form.cleaned_data["language"],
            audience=form.cleaned_data["audience"],
        )
    except ReportError as error:
        messages.error(request, str(error))
        if error.report is None:
            return redirect("implementation:reports", process.pk)
        report = error.report
    else:
        messages.success(request, _("The status report is being made."))
    return redirect("implementation:report", process.pk, report.pk)


def _detail_context(process, membership, report) -> dict:
    context = _context(process, membership)
    context.update(report=report, audience=audience_label(report.audience))
    return context


@require_GET
def detail(request, process_pk: int, report_pk: int):
    process, membership, report = _report_for(request, process_pk, report_pk)
    return render(
        request, "implementation/report.html", _detail_context(process, membership, report)
    )


@require_GET
def status(request, process_pk: int, report_pk: int):
    """The report's progress; htmx polls this fragment, and 286 stops it when it is done."""
    process, membership, report = _report_for(request, process_pk, report_pk)
    template = "implementation/report.html"
    if request.htmx:
        template += "#report-status"
    response = render(request, template, _detail_context(process, membership, report))
    if request.htmx and report.is_done:
        response.status_code = 286
    return response


@require_POST
def retry(request, process_pk: int, report_pk: int):
    process, membership, report = _report_for(request, process_pk, report_pk, roles=MANAGERS)
    try:
        retry_report(actor=membership, report=report)
    except ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The status report is being made again."))
    return redirect("implementation:report", process.pk, report.pk)


@require_GET
def pdf(request, process_pk: int, report_pk: int):
    process, _membership, report = _report_for(request, process_pk, report_pk)
    if report.status != Status.READY or not report.file:
        raise Http404
    title = f"{process.title} {report.queued_at:%Y-%m-%d} {report.language}"
    response = FileResponse(report.file.open("rb"), content_type="application/pdf")
    attach(response, file_name(title, "pdf", fallback="status"))
    response["Cache-Control"] = "private, max-age=0"
    return response


@require_GET
def preview(request, process_pk: int):
    """The report as it would be made now, as a page, in the language asked for."""
    process, membership = get_process_for(request, process_pk, roles=READERS)
    languages = dict(settings.LANGUAGES)
    language = request.GET.get("language") or translation.get_language()[:2]
    if language not in languages:
        language = settings.LANGUAGE_CODE
    context = _context(process, membership)
    context.update(
        body=render_body(process, language=language),
        language=language,
        languages=list(languages.items()),
    )
    return render(request, "implementation/report_preview.html", context)
