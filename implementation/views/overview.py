"""The leaders' overview of a process's or an organisation's initiatives, and its exports.

Everyone in the organisation sees it; external representatives see only the initiatives
they take part in. The filters are a GET form, so their state lives in the URL: a filtered
overview can be bookmarked, shared and exported as it is.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.downloads import attach, file_name
from organisations.access import get_organisation_for
from organisations.models import Membership
from processes.access import get_process_for

from ..filters import FILTER_FIELDS, OverviewFilterForm
from ..sections import sections_for
from ..services import exports
from ..services.overview import (
    STATUSES,
    Scope,
    build_overview,
    load_scope,
    status_bars,
    status_legend,
)

PAGE_SIZE = 50
# The lists of signals and of overdue updates show this many; the filtered list has the rest.
LIST_LIMIT = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _process_scope(request, process_pk: int) -> Scope:
    process, membership = get_process_for(request, process_pk)
    return Scope(processes=[process], membership=membership)


def _organisation_scope(request, org_slug: str) -> Scope:
    organisation, membership = get_organisation_for(request, org_slug)
    processes = list(
        organisation.processes.select_related("organisation").order_by("-start_date", "title", "pk")
    )
    return Scope(processes=processes, membership=membership, organisation_wide=True)


def _build(request, scope: Scope):
    """The filter form bound to the URL's query, the overview it selects and the scope's
    data (whose `visible` initiatives the other apps' sections are about)."""
    data = load_scope(scope)
    form = OverviewFilterForm(request.GET or None, **data.choices())
    filters = form.values() if form.is_bound else {}
    return form, build_overview(data, filters), data


def _render(request, scope: Scope, *, organisation=None):
    form, overview, data = _build(request, scope)
    paginator = Paginator(overview.rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    process = None if scope.organisation_wide else scope.processes[0]
    if process is not None:
        export_url = reverse("implementation:overview_export", args=[process.pk, "csv"])
        xlsx_url = reverse("implementation:overview_export", args=[process.pk, "xlsx"])
    else:
        export_url = reverse(
            "implementation:organisation_overview_export", args=[organisation.slug, "csv"]
        )
        xlsx_url = reverse(
            "implementation:organisation_overview_export", args=[organisation.slug, "xlsx"]
        )
    query = request.GET.copy()
    query.pop("page", None)
    suffix = f"?{query.urlencode()}" if query else ""
    context = {
        "process": process,
        "organisation": organisation or process.organisation,
        "membership": scope.membership,
        "form": form,
        "overview": overview,
        "page": page,
        "theme_bars": status_bars(overview.by_theme),
        "total_bar": status_bars([overview.totals])[0],
        "legend": status_legend(),
        "statuses": STATUSES,
        "filtered": any(request.GET.get(name) for name in FILTER_FIELDS),
        "csv_url": export_url + suffix,
        "xlsx_url": xlsx_url + suffix,
        "is_external": scope.membership.role == Membership.Role.EXTERNAL,
        "LIST_LIMIT": LIST_LIMIT,
        # Other apps' sections (the evaluations' ratings), about every initiative the viewer
        # may read in this scope, whatever the filters.
        "sections": sections_for("overview", initiatives=data.visible, membership=scope.membership),
    }
    return render(request, "implementation/overview.html", context)


@require_GET
def overview(request, process_pk: int):
    return _render(request, _process_scope(request, process_pk))


@require_GET
def organisation_overview(request, org_slug: str):
    scope = _organisation_scope(request, org_slug)
    return _render(request, scope, organisation=scope.membership.organisation)


def _export(request, scope: Scope, kind: str, name: str):
    if kind not in ("csv", "xlsx"):
        raise Http404
    _form, overview, _data = _build(request, scope)
    header, rows = exports.overview_rows(overview, site_url=settings.SITE_URL.rstrip("/"))
    filename = file_name(f"{name} {timezone.localdate():%Y-%m-%d}", kind, fallback="initiatives")
    if kind == "csv":
        response = HttpResponse(
            exports.to_csv(header, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.to_xlsx(header, rows, title=_("Initiatives")), content_type=XLSX
        )
    attach(response, filename)
    response["Cache-Control"] = "private, max-age=0"
    return response


@require_GET
def overview_export(request, process_pk: int, kind: str):
    scope = _process_scope(request, process_pk)
    return _export(request, scope, kind, scope.processes[0].title)


@require_GET
def organisation_overview_export(request, org_slug: str, kind: str):
    scope = _organisation_scope(request, org_slug)
    return _export(request, scope, kind, scope.membership.organisation.name)
