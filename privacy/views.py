"""Personal data pages.

A person: "My data" lists what QualityHub holds about them and makes a download of it; the
download's page shows its progress (htmx polls it; 286 stops the polling) and its file is
served to that person only, until its link runs out: anyone else, a site administrator too,
gets 404.

An organisation's facilitators (its administrators): the retention period, the people they
can anonymise, the warnings of names about to go, and the log of anonymisations. Other roles
get 403, other organisations 404.

The record of processing is public, like the accessibility statement: a person can read what
is kept about them before they accept an invitation.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.downloads import attach
from organisations.access import PLANNERS, get_organisation_for
from organisations.models import Membership

from .forms import AnonymiseForm, RetentionForm
from .models import AnonymisationRecord, DataExport, Pseudonym, RetentionPolicy
from .services import PrivacyError
from .services.anonymise import anonymise_member, check_can_anonymise
from .services.export import current_export, is_stalled, request_export
from .services.matching import Person
from .services.overview import holdings
from .services.overview import record as record_rows
from .services.retention import WARNING_DAYS, due_people
from .services.rows import mentions

# -- The record of processing -----------------------------------------------------------------


@login_not_required
@require_safe
def record(request):
    return render(
        request,
        "privacy/record.html",
        {
            "areas": record_rows(),
            "export_days": settings.PRIVACY_EXPORT_VALID_DAYS,
            "invitation_days": settings.PRIVACY_INVITATION_KEEP_DAYS,
            "login_days": settings.PRIVACY_LOGIN_LOG_DAYS,
            "warning_days": WARNING_DAYS,
        },
    )


# -- A person's own data ----------------------------------------------------------------------


@require_safe
def mine(request):
    context = holdings(request.user)
    context.update(
        export=current_export(request.user),
        export_days=settings.PRIVACY_EXPORT_VALID_DAYS,
    )
    return render(request, "privacy/mine.html", context)


@require_POST
def export_create(request):
    try:
        export = request_export(user=request.user, language=translation.get_language()[:2])
    except PrivacyError as error:
        messages.error(request, str(error))
        return redirect("privacy:mine")
    return redirect("privacy:export", export.pk)


def _own_export(request, export_id) -> DataExport:
    # Only ever the person's own: anyone else, an administrator too, is told nothing exists.
    return get_object_or_404(DataExport, pk=export_id, user_id=request.user.pk)


@require_safe
def export_detail(request, export_id):
    export = _own_export(request, export_id)
    stalled = is_stalled(export)
    context = {
        "export": export,
        "stalled": stalled,
        "available": export.is_available(),
        "export_days": settings.PRIVACY_EXPORT_VALID_DAYS,
    }
    if request.htmx:
        response = render(request, "privacy/export.html#export-status", context)
        if export.is_done or stalled:
            response.status_code = 286
        return response
    return render(request, "privacy/export.html", context)


@require_safe
def export_download(request, export_id):
    export = _own_export(request, export_id)
    if not export.is_available():
        raise Http404
    response = FileResponse(export.file.open("rb"), content_type="application/zip")
    day = timezone.localdate(export.finished_at).isoformat()
    attach(response, f"qualityhub-{day}.zip")
    response["Cache-Control"] = "private, no-store"
    return response


# -- An organisation's personal data (facilitators) -------------------------------------------


def _organisation_context(organisation, membership, *, retention_form=None) -> dict:
    policy = RetentionPolicy.objects.filter(organisation=organisation).first()
    months = policy.months if policy else None
    anonymised_users = Pseudonym.objects.filter(organisation=organisation).values("user_id")
    people = list(
        organisation.memberships.select_related("user").exclude(user_id__in=anonymised_users)
    )
    due = due_people(organisation, months, timezone.localdate()) if months else []
    return {
        "organisation": organisation,
        "membership": membership,
        "policy": policy,
        "retention_form": retention_form or RetentionForm(initial={"months": months}),
        "people": people,
        "former_count": Pseudonym.objects.filter(organisation=organisation).count(),
        "due": due,
        "warning_days": WARNING_DAYS,
        "log": AnonymisationRecord.objects.filter(organisation=organisation)
        .select_related("actor__user")
        .order_by("-created_at")[:50],
    }


@require_safe
def organisation(request, org_slug):
    organisation, membership = get_organisation_for(request, org_slug, PLANNERS)
    return render(
        request, "privacy/organisation.html", _organisation_context(organisation, membership)
    )


@require_POST
def retention(request, org_slug):
    organisation, membership = get_organisation_for(request, org_slug, PLANNERS)
    form = RetentionForm(request.POST)
    if form.is_valid():
        from .services.retention import set_retention

        try:
            set_retention(
                actor=membership, organisation=organisation, months=form.cleaned_data["months"]
            )
        except PrivacyError as error:
            form.add_error("months", str(error))
        else:
            messages.success(request, _("The retention period was saved."))
            return redirect("privacy:organisation", organisation.slug)
    context = _organisation_context(organisation, membership, retention_form=form)
    return render(request, "privacy/organisation.html", context, status=400)


def _anonymise_preview(target: Membership) -> dict:
    """What anonymising `target` would change in the organisation, counted."""
    person = Person.of_user(target.user)
    found = list(mentions(person, [target.organisation_id], skip=["auth.User"]))
    editions = {m.pk for m in found if m.entry.model == "catalog.Edition"}
    return {"places": sum(len(m.excerpts) for m in found), "editions": len(editions)}


@require_http_methods(["GET", "POST"])
def anonymise(request, org_slug, member_pk):
    organisation, membership = get_organisation_for(request, org_slug, PLANNERS)
    target = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=member_pk,
        organisation=organisation,
    )
    if Pseudonym.objects.filter(user_id=target.user_id).exists():
        raise Http404  # already anonymised: nothing about them is left to act on
    refusal = None
    try:
        check_can_anonymise(actor=membership, membership=target)
    except PrivacyError as error:
        refusal = str(error)
    form = AnonymiseForm(request.POST or None)
    status = 200
    if request.method == "POST" and refusal is None:
        if form.is_valid():
            try:
                outcome = anonymise_member(
                    actor=membership,
                    membership=target,
                    reason=form.cleaned_data["reason"],
                    confirmation=form.cleaned_data["confirmation"],
                )
            except PrivacyError as error:
                form.add_error("confirmation", str(error))
            else:
                # The message names the pseudonym, never the person (messages may be stored).
                messages.success(
                    request,
                    _(
                        "The person is now “%(pseudonym)s”. Reference: %(reference)s. "
                        "%(rows)d places were changed, %(editions)d catalogue PDFs are being "
                        "made again and %(reports)d status reports were withdrawn."
                    )
                    % {
                        "pseudonym": outcome.pseudonym,
                        "reference": outcome.record.reference,
                        "rows": outcome.rows,
                        "editions": len(outcome.editions),
                        "reports": len(outcome.reports),
                    },
                )
                return redirect("privacy:organisation", organisation.slug)
        status = 400
    elif refusal is not None and request.method == "POST":
        status = 400
    context = {
        "organisation": organisation,
        "membership": membership,
        "target": target,
        "form": form,
        "refusal": refusal,
        "preview": _anonymise_preview(target) if refusal is None else None,
        "other_organisations": target.user.memberships.exclude(organisation=organisation).exists(),
    }
    return render(request, "privacy/anonymise.html", context, status=status)
