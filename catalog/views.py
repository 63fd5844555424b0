"""The catalogue pages: the editions of a process, one edition's workflow, its preview, its
PDF with progress, the spreadsheet exports and the changes between two editions."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.downloads import attach, file_name
from processes.access import get_process_for, require
from processes.models import Group, Phase

from .access import APPROVERS, EDITORS, can_see_unpublished, get_edition_for
from .forms import ApproveForm, EditionForm, ReviewForm, StartForm, SubmitForm
from .models import Edition, GroupReview, RenderJob
from .services import CatalogueError, exports, workflow
from .services.diff import diff_snapshots
from .services.readiness import catalogue_checks, is_ready
from .services.render import render_body

Status = Edition.Status


def _catalogue_context(process, membership, *, start_form=None) -> dict:
    editions = list(
        process.catalogue_editions.select_related("render_job").order_by("-number", "-pk")
    )
    published = [e for e in editions if e.is_published]
    in_the_works = next((e for e in editions if not e.is_published), None)
    # Before the catalogue phase, starting needs a recorded reason (the phase gate).
    early_start = process.current_phase.index < Phase.CATALOGUE.index
    start_form = start_form or StartForm()
    # Shown as required before the catalogue phase; the service is what enforces it.
    start_form.fields["override_reason"].required = early_start
    return {
        "process": process,
        "membership": membership,
        "published": published,
        "in_the_works": in_the_works if can_see_unpublished(membership) else None,
        "can_start": membership.role in EDITORS and in_the_works is None,
        "early_start": early_start,
        "start_form": start_form,
    }


@require_GET
def catalogue(request, process_pk: int):
    process, membership = get_process_for(request, process_pk)
    return render(request, "catalog/catalogue.html", _catalogue_context(process, membership))


@require_POST
def start(request, process_pk: int):
    process, membership = get_process_for(request, process_pk, roles=EDITORS)
    form = StartForm(request.POST)
    if form.is_valid():
        try:
            edition = workflow.start_edition(
                actor=membership,
                process=process,
                override_reason=form.cleaned_data["override_reason"],
            )
        except workflow.StartRefused as error:
            form.add_error("override_reason", str(error))
        except CatalogueError as error:
            messages.error(request, str(error))
            return redirect("catalog:catalogue", process.pk)
        else:
            messages.success(request, _("A new edition has been started as a draft."))
            return redirect("catalog:edit", process.pk, edition.pk)
    context = _catalogue_context(process, membership, start_form=form)
    return render(request, "catalog/catalogue.html", context, status=400)


def _reviews(edition: Edition) -> list[dict]:
    reviews = {r.group_id: r for r in edition.reviews.select_related("reviewer__user")}
    group_ids = [g["id"] for g in edition.snapshot.get("groups", [])]
    groups = Group.objects.in_bulk(group_ids)
    return [
        {
            "name": g["name"],
            "group": groups.get(g["id"]),
            "review": reviews.get(g["id"]),
            "initiative_count": len(g["initiatives"]),
        }
        for g in edition.snapshot.get("groups", [])
    ]


def _edition_context(process, membership, edition, **extra) -> dict:
    snapshot = edition.snapshot if edition.snapshot else None
    checks = None
    if edition.status == Status.DRAFT and membership.role in EDITORS:
        checks = catalogue_checks(workflow.preview_snapshot(edition))
    reviews = _reviews(edition) if edition.status in (Status.REVIEW, Status.APPROVED) else []
    lead_reviews = [r for r in reviews if r["group"] and r["group"].lead_id == membership.pk]
    job = getattr(edition, "render_job", None) if edition.is_published else None
    context = {
        "process": process,
        "membership": membership,
        "edition": edition,
        "snapshot": snapshot,
        "checks": checks,
        "ready": checks is not None and is_ready(checks),
        "reviews": reviews,
        "lead_reviews": lead_reviews,
        "unconfirmed": [
            r["name"]
            for r in reviews
            if not r["review"] or r["review"].decision != GroupReview.Decision.CONFIRMED
        ],
        "is_editor": membership.role in EDITORS,
        "is_approver": membership.role in APPROVERS,
        "job": job,
        "submit_form": SubmitForm(),
        "approve_form": ApproveForm(),
        "review_form": ReviewForm(),
        "previous": (
            process.catalogue_editions.filter(
                status=Status.PUBLISHED, number__lt=edition.number
            ).first()
            if edition.number
            else None
        ),
    }
    context.update(extra)
    return context


@require_GET
def edition_detail(request, process_pk: int, edition_pk: int):
    process, membership, edition = get_edition_for(request, process_pk, edition_pk)
    context = _edition_context(process, membership, edition)
    return render(request, "catalog/edition.html", context)


@require_http_methods(["GET", "POST"])
def edit(request, process_pk: int, edition_pk: int):
    process, membership, edition = get_edition_for(request, process_pk, edition_pk, EDITORS)
    if not edition.is_editable:
        messages.error(request, _("Only a draft can be edited. Take the edition back to draft."))
        return redirect(edition)
    form = EditionForm(request.POST or None, instance=edition)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_draft(actor=membership, edition=edition, **form.cleaned_data)
        except CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect(edition)
    return render(
        request, "catalog/edit.html", {"process": process, "edition": edition, "form": form}
    )


@require_GET
def preview(request, process_pk: int, edition_pk: int):
    """The whole catalogue as a page; a draft shows the material as it is now."""
    process, membership, edition = get_edition_for(request, process_pk, edition_pk)
    snapshot = workflow.preview_snapshot(edition)
    diff = _diff_with_previous(edition)
    context = {
        "process": process,
        "edition": edition,
        "body": render_body(edition, snapshot, diff),
        "title": edition.title or snapshot.get("process", {}).get("title", ""),
    }
    return render(request, "catalog/preview.html", context)


def _diff_with_previous(edition: Edition):
    if not edition.number or edition.number < 2:
        return None
    previous = edition.process.catalogue_editions.filter(
        status=Status.PUBLISHED, number=edition.number - 1
    ).first()
    return diff_snapshots(previous.snapshot, edition.snapshot) if previous else None


def _edition_action(request, edition, action, success: str):
    try:
        action()
    except CatalogueError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


@require_POST
def submit(request, process_pk: int, edition_pk: int):
    process, membership, edition = get_edition_for(request, process_pk, edition_pk, EDITORS)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            workflow.submit_for_review(
                actor=membership,
                edition=edition,
                override_reason=form.cleaned_data["override_reason"],
            )
        except CatalogueError as error:
            form.add_error("override_reason", str(error))
        else:
            messages.success(request, _("The catalogue has been sent to review."))
            return redirect(edition)
    context = _edition_context(process, membership, edition, submit_form=form)
    return render(request, "catalog/edition.html", context, status=400)


@require_POST
def to_draft(request, process_pk: int, edition_pk: int):
    process, membership, edition = get_edition_for(request, process_pk, edition_pk, EDITORS)
    _edition_action(
        request,
        edition,
        lambda: workflow.back_to_draft(actor=membership, edition=edition),
        _("The edition is a draft again. Send it to review when it is ready."),
    )
    return redirect(edition)


@require_POST
def review(request, process_pk: int, edition_pk: int, group_pk: int):
    process, membership, edition = get_edition_for(request, process_pk, edition_pk)
    group = get_object_or_404(Group, pk=group_pk, process=process)
    require(group.lead_id == membership.pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            workflow.review_group(
                actor=membership,
                edition=edition,
                group=group,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. Your review has been recorded."))
            return redirect(edition)
    context = _edition_context(process, membership, edition, review_form=form)
    return render(request, "catalog/edition.html", context, status=400)


@require_POST
def approve(request, process_pk: int, edition_pk: int):
    process, membership, edition = get_edition_for(request, process_pk, edition_pk, APPROVERS)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            edition = workflow.approve(
                actor=membership, edition=edition, note=form.cleaned_data["note"]
            )
        except CatalogueError as error:
            edition.refresh_from_db()
            if edition.status == Status.APPROVED:
                # Approved, but the PDF service was down: say so on the page, keep the note.
                messages.error(request, str(error))
                return redirect(edition)
            form.add_error("note", str(error))
        else:
            messages.success(
                request,
                _("Edition %(number)d is published. Its PDF is being made.")
                % {"number": edition.number},
            )
            return redirect(edition)
    context = _edition_context(process, membership, edition, approve_form=form)
    return render(request, "catalog/edition.html", context, status=400)


@require_POST
def publish(request, process_pk: int, edition_pk: int):
    """Publish an approved edition whose first attempt could not reach the PDF service."""
    process, membership, edition = get_edition_for(request, process_pk, edition_pk, APPROVERS)
    try:
        edition = workflow.publish(actor=membership, edition=edition)
    except CatalogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Edition %(number)d is published. Its PDF is being made.")
            % {"number": edition.number},
        )
    return redirect(edition)


@require_GET
def pdf_status(request, process_pk: int, edition_pk: int):
    """The PDF's progress; htmx polls this fragment until the PDF is ready or failed."""
    process, membership, edition = get_edition_for(request, process_pk, edition_pk)
    # A stalled job is shown as failed (RenderJob.shown_status); nothing is written here.
    job = get_object_or_404(RenderJob, edition=edition)
    context = _edition_context(process, membership, edition, job=job)
    template = "catalog/edition.html"
    if request.htmx:
        template += "#render-status"
    return render(request, template, context)


@require_POST
def pdf_retry(request, process_pk: int, edition_pk: int):
    process, membership, edition = get_edition_for(
        request, process_pk, edition_pk, EDITORS | APPROVERS
    )
    _edition_action(
        request,
        edition,
        lambda: workflow.retry_render(actor=membership, edition=edition),
        _("The PDF is being made again."),
    )
    return redirect(edition)


def _download_name(edition: Edition, extension: str) -> str:
    # "Slip værdidebatten løs", edition 2 → slip-værdidebatten-løs-2.pdf
    return file_name(f"{edition.display_title} {edition.number}", extension, fallback="catalogue")


def _published(request, process_pk, edition_pk) -> Edition:
    _process, _membership, edition = get_edition_for(request, process_pk, edition_pk)
    if not edition.is_published:
        raise Http404
    return edition


@require_GET
def pdf(request, process_pk: int, edition_pk: int):
    edition = _published(request, process_pk, edition_pk)
    job = RenderJob.objects.filter(edition=edition, status=RenderJob.Status.READY).first()
    if job is None or not job.file:
        raise Http404
    response = FileResponse(job.file.open("rb"), content_type="application/pdf")
    attach(response, _download_name(edition, "pdf"))
    response["Cache-Control"] = "private, max-age=0"
    return response


@require_GET
def export_csv(request, process_pk: int, edition_pk: int, kind: str):
    if kind not in ("initiatives", "values"):
        raise Http404
    edition = _published(request, process_pk, edition_pk)
    rows = exports.initiative_rows if kind == "initiatives" else exports.value_rows
    header, data = rows(edition)
    response = HttpResponse(exports.to_csv(header, data), content_type="text/csv; charset=utf-8")
    attach(response, _download_name(edition, f"{kind}.csv"))
    return response


@require_GET
def export_xlsx(request, process_pk: int, edition_pk: int):
    edition = _published(request, process_pk, edition_pk)
    response = HttpResponse(
        exports.to_xlsx(edition),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    attach(response, _download_name(edition, "xlsx"))
    return response


@require_GET
def changes(request, process_pk: int):
    """What changed between two published editions (default: the newest and the one before)."""
    process, membership = get_process_for(request, process_pk)
    published = list(process.catalogue_editions.filter(status=Status.PUBLISHED).order_by("-number"))
    numbers = [e.number for e in published]
    by_number = {e.number: e for e in published}

    def number(name, default):
        try:
            value = int(request.GET.get(name, default or 0))
        except ValueError:
            return None
        return value if value in by_number else None

    new = number("to", numbers[0] if numbers else None)
    old = number("from", (new - 1) if new else None)
    diff = None
    if old and new:
        diff = diff_snapshots(by_number[old].snapshot, by_number[new].snapshot)
    context = {
        "process": process,
        "published": published,
        "old": by_number.get(old),
        "new": by_number.get(new),
        "diff": diff,
    }
    return render(request, "catalog/changes.html", context)
