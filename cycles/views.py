"""The next cycle: start a new process from a finished one, export a process's design as a
file, import a design file as a new process. Facilitators only."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from core.downloads import attach
from processes.models import FrameworkDocument, Phase, Seminar

from .access import PLANNERS, get_organisation_for, get_process_for
from .forms import ImportForm, NextCycleForm
from .services import design as design_services
from .services import next_cycle as services

# Problems listed on the page; a file with more is shown with the first ones and a count.
PROBLEMS_SHOWN = 200


def _posted(request):
    return request.POST if request.method == "POST" else None


def _show_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# --- Start the next cycle --------------------------------------------------------------------


def _suggested(process) -> dict:
    """A title and a period of the same length, starting after the old one ends."""
    start = max(timezone.localdate(), process.end_date + datetime.timedelta(days=1))
    return {
        "title": _("%(title)s, next cycle") % {"title": process.title},
        "start_date": start,
        "end_date": start + (process.end_date - process.start_date),
        "carry_initiatives": True,
    }


def _design_counts(process) -> dict:
    return {
        "themes": process.themes.count(),
        "documents": FrameworkDocument.objects.filter(theme__process=process).count(),
        "seminars": process.seminars.count(),
        "agenda_items": Seminar.objects.filter(process=process).aggregate(n=Count("agenda_items"))[
            "n"
        ],
        "groups": process.groups.count(),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def next_cycle(request, process_pk: int):
    process, membership = get_process_for(request, process_pk, PLANNERS)
    ready = process.current_phase == Phase.IMPLEMENTATION
    form = NextCycleForm(_posted(request), initial=_suggested(process))
    status = 200
    if request.method == "POST":
        if not ready:
            status = 409
        elif form.is_valid():
            data = form.cleaned_data
            try:
                started = services.start_next_cycle(
                    process,
                    actor=membership,
                    title=data["title"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    carry_initiatives=data["carry_initiatives"],
                )
            except ValidationError as error:
                _show_errors(form, error)
                status = 400
            else:
                _report_started(request, started)
                return redirect(started.process)
        else:
            status = 400
    running = list(services.running_initiatives(process).select_related("owner__user", "theme"))
    context = {
        "process": process,
        "membership": membership,
        "form": form,
        "ready": ready,
        "running": running,
        "counts": _design_counts(process),
    }
    return render(request, "cycles/next_cycle.html", context, status=status)


def _report_started(request, started: services.NextCycle) -> None:
    messages.success(
        request,
        _(
            "The next cycle is started: %(themes)s, %(seminars)s and %(groups)s came along. "
            "Compose the groups and choose the participants."
        )
        % {
            "themes": ngettext("%(n)d theme", "%(n)d themes", started.themes)
            % {"n": started.themes},
            "seminars": ngettext("%(n)d seminar", "%(n)d seminars", started.seminars)
            % {"n": started.seminars},
            "groups": ngettext("%(n)d group", "%(n)d groups", started.groups)
            % {"n": started.groups},
        },
    )
    if started.carried:
        messages.info(
            request,
            ngettext(
                "%(count)d running initiative is carried forward with its history.",
                "%(count)d running initiatives are carried forward with their history.",
                len(started.carried),
            )
            % {"count": len(started.carried)},
        )
    if started.documents_without_file:
        messages.warning(
            request,
            _("These framework documents' files could not be copied: %(titles)s.")
            % {"titles": ", ".join(f"“{t}”" for t in started.documents_without_file)},
        )


# --- Export and import -----------------------------------------------------------------------


@require_safe
def export(request, process_pk: int):
    """The process's design as a JSON file to download (no people, no debate)."""
    process, _membership = get_process_for(request, process_pk, PLANNERS)
    response = HttpResponse(
        design_services.design_file(process), content_type="application/json; charset=utf-8"
    )
    return attach(response, design_services.download_name(process))


@require_http_methods(["GET", "HEAD", "POST"])
def import_design(request, org_slug: str):
    organisation, membership = get_organisation_for(request, org_slug, PLANNERS)
    form = ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    problems: list = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                content = design_services.read_upload(data["file"])
                imported = design_services.import_design(
                    actor=membership,
                    organisation=organisation,
                    content=content,
                    start_date=data["start_date"],
                    title=data["title"],
                )
            except design_services.DesignRefused as refused:
                # Listed above the form, each with its place in the file.
                problems = refused.problems
            except ValidationError as error:
                _show_errors(form, error)
            else:
                _report_imported(request, imported)
                return redirect(imported.process)
    context = {
        "organisation": organisation,
        "membership": membership,
        "form": form,
        "problems": problems[:PROBLEMS_SHOWN],
        "problems_hidden": max(0, len(problems) - PROBLEMS_SHOWN),
        "problem_count": len(problems),
    }
    return render(request, "cycles/import.html", context, status=status)


def _report_imported(request, imported: design_services.Imported) -> None:
    messages.success(
        request,
        _(
            "The design is imported as a new process. Choose the participants and compose "
            "the groups."
        ),
    )
    if imported.weekend_seminars:
        messages.warning(
            request,
            ngettext(
                "%(count)d seminar falls on a weekend with this start date: %(seminars)s. "
                "Move it on the seminars page.",
                "%(count)d seminars fall on a weekend with this start date: %(seminars)s. "
                "Move them on the seminars page.",
                len(imported.weekend_seminars),
            )
            % {
                "count": len(imported.weekend_seminars),
                "seminars": ", ".join(
                    f"{s.display_title} ({date_format(s.date, 'SHORT_DATE_FORMAT')})"
                    for s in imported.weekend_seminars
                ),
            },
        )
