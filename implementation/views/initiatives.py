"""Starting implementation and the initiatives: the implementation's home page (before the
start: which edition to start from, with the phase gate; after: every initiative grouped by
theme), one initiative with its lineage, status history, sign-off and progress updates, and
the forms that change them.

The progress-update form on an initiative's page posts with htmx and gets the timeline back
(`detail.html#updates`, with the status block swapped out of band when it changed); without
JavaScript the same form posts and redirects back.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.revisions import EditConflict, conflict_context, revision_history_context
from debate.models import GivenFrame, Idea
from processes import readiness
from processes.access import get_process_for
from processes.models import Phase, Seminar

from ..access import (
    can_edit,
    can_manage,
    can_sign_off,
    get_initiative_for,
    initiatives_visible_to,
    require,
)
from ..initiative_forms import (
    AddInitiativeForm,
    InitiativeForm,
    SettingsForm,
    SignOffForm,
    StartForm,
    StatusForm,
    UpdateForm,
)
from ..models import Implementation, Indicator, Initiative
from ..sections import sections_for
from ..services import initiatives as services
from ..services import start as start_services
from ..services import updates as update_services

HOME = "implementation/initiatives/home.html"
DETAIL = "implementation/initiatives/detail.html"

FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "group": gettext_lazy("Group"),
    "theme": gettext_lazy("Theme"),
    "owner": gettext_lazy("Owner"),
    "team": gettext_lazy("Team"),
    "users_involvement": gettext_lazy("How users take part"),
    "start_date": gettext_lazy("Start date"),
    "end_date": gettext_lazy("End date"),
}
# DKFDS badge colours for the statuses: planned neutral, under way blue/green, stopped red.
STATUS_BADGES = {
    Initiative.Status.PLANNED: "",
    Initiative.Status.TRIAL: "badge-info",
    Initiative.Status.RUNNING: "badge-success",
    Initiative.Status.ANCHORED: "badge-success",
    Initiative.Status.PAUSED: "badge-warning",
    Initiative.Status.STOPPED: "badge-error",
}


def _posted(request):
    return request.POST if request.method == "POST" else None


def show_errors(form, error: ValidationError) -> None:
    """A service's refusal in the form: each message at its field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _implementation(process) -> Implementation | None:
    return Implementation.objects.filter(process=process).first()


# --- The implementation's home page ---------------------------------------------------------


def _grouped(initiatives: list[Initiative]) -> list[dict]:
    """Sections by theme (in the themes' order), then initiatives without a theme."""
    sections: dict = {}
    for initiative in initiatives:
        theme = initiative.theme
        key = (theme.position, theme.pk) if theme else (10**6, 0)
        section = sections.setdefault(key, {"theme": theme, "initiatives": []})
        section["initiatives"].append(initiative)
    for section in sections.values():
        section["initiatives"].sort(
            key=lambda i: ((i.group.name if i.group else "\uffff").lower(), i.title.lower(), i.pk)
        )
    return [sections[key] for key in sorted(sections)]


def _start_context(process, membership, *, form=None, refusal=None) -> dict:
    editions = start_services.published_editions(process)
    checks = []
    if process.current_phase != Phase.IMPLEMENTATION and process.next_phase == Phase.IMPLEMENTATION:
        checks = readiness.evaluate(process, Phase.IMPLEMENTATION)
    unmet = readiness.unmet(checks)
    form = form or StartForm(editions=editions)
    form.fields["override_reason"].required = bool(unmet)
    return {
        "editions": list(editions),
        "checks": checks,
        "unmet": unmet,
        "start_form": form,
        "refusal": refusal,
        "too_early": process.current_phase.index < Phase.CATALOGUE.index,
    }


def _mine(process, membership) -> list[Initiative]:
    """The initiatives `membership` owns or is on the team of, each with its indicators, so
    the home page links straight to adding a measurement (two queries)."""
    indicators = Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk"))
    mine = (
        Initiative.objects.filter(process=process)
        .filter(Q(owner=membership) | Q(team=membership))
        .exclude(status=Initiative.Status.STOPPED)
        .distinct()
        .order_by("title", "pk")
        .prefetch_related(indicators)
    )
    result = list(mine)
    for initiative in result:
        initiative.process = process
    return result


def _home_context(process, membership, implementation, **extra) -> dict:
    context = {
        "process": process,
        "membership": membership,
        "implementation": implementation,
        "can_manage": can_manage(membership),
    }
    if implementation is None:
        if context["can_manage"]:
            context.update(_start_context(process, membership, **extra))
        return context
    today = timezone.localdate()
    initiatives = list(
        initiatives_visible_to(
            membership,
            Initiative.objects.filter(process=process).select_related(
                "group", "theme", "owner__user", "carried_to__process"
            ),
        )
    )
    interval = implementation.update_interval_days
    for initiative in initiatives:
        initiative.overdue = update_services.is_overdue(initiative, interval, today)
        initiative.badge = STATUS_BADGES[initiative.status]
    used = {i.edition_id for i in initiatives}
    newer = None
    if context["can_manage"]:
        latest = start_services.published_editions(process).first()
        if latest is not None and latest.pk not in used and latest.pk != implementation.edition_id:
            newer = latest
    context.update(
        {
            "mine": _mine(process, membership),
            "sections": _grouped(initiatives),
            "initiative_count": len(initiatives),
            "overdue_count": sum(1 for i in initiatives if i.overdue),
            "newer_edition": newer,
            "start_form": StartForm(editions=start_services.published_editions(process))
            if newer
            else None,
        }
    )
    context.update(extra)
    return context


@require_safe
def home(request, process_pk: int):
    process, membership = get_process_for(request, process_pk)
    implementation = _implementation(process)
    return render(request, HOME, _home_context(process, membership, implementation))


@require_POST
def start(request, process_pk: int):
    """Start implementation (or add a later edition's new initiatives) from the edition the
    manager chose; an unmet readiness check needs a reason, as on the process page."""
    process, membership = get_process_for(request, process_pk)
    require(can_manage(membership))
    editions = start_services.published_editions(process)
    form = StartForm(request.POST, editions=editions)
    refusal = None
    if form.is_valid():
        try:
            started = start_services.start_implementation(
                process,
                actor=membership,
                edition=form.cleaned_data["edition"],
                override_reason=form.cleaned_data["override_reason"],
            )
        except start_services.StartRefused as error:
            process.refresh_from_db(fields=["phase"])
            show_errors(form, error)
            refusal = {"unmet": error.unmet}
        except ValidationError as error:
            process.refresh_from_db(fields=["phase"])
            show_errors(form, error)
        else:
            edition = form.cleaned_data["edition"]
            if started.created:
                messages.success(
                    request,
                    _("%(count)d initiatives from edition %(number)d are now tracked here.")
                    % {"count": len(started.created), "number": edition.number},
                )
            else:
                messages.info(
                    request,
                    _("Edition %(number)d has no initiatives that are not tracked already.")
                    % {"number": edition.number},
                )
            return redirect("implementation:home", process.pk)
    implementation = _implementation(process)
    if implementation is None:
        context = _home_context(process, membership, None, form=form, refusal=refusal)
    else:
        context = _home_context(process, membership, implementation)
        context["start_form"], context["start_errors"] = form, True
    return render(request, HOME, context)


@require_http_methods(["GET", "HEAD", "POST"])
def settings(request, process_pk: int):
    """How many days may pass between progress updates before an initiative is overdue."""
    process, membership = get_process_for(request, process_pk)
    require(can_manage(membership))
    implementation = _implementation(process)
    if implementation is None:
        messages.info(request, _("Start implementation first."))
        return redirect("implementation:home", process.pk)
    form = SettingsForm(_posted(request), instance=implementation)
    if request.method == "POST" and form.is_valid():
        services.set_update_interval(
            implementation, actor=membership, days=form.cleaned_data["update_interval_days"]
        )
        messages.success(request, _("The settings are saved."))
        return redirect("implementation:home", process.pk)
    return render(
        request,
        "implementation/initiatives/settings.html",
        {"process": process, "membership": membership, "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def add(request, process_pk: int):
    """Add an initiative that did not come from the catalogue, with its origin and why."""
    process, membership = get_process_for(request, process_pk)
    require(can_manage(membership))
    if _implementation(process) is None:
        messages.info(request, _("Start implementation first."))
        return redirect("implementation:home", process.pk)
    form = AddInitiativeForm(_posted(request), process=process)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.add_initiative(process, actor=membership, **form.service_kwargs())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The initiative is added."))
            return redirect(initiative)
    return render(
        request,
        "implementation/initiatives/add.html",
        {"process": process, "membership": membership, "form": form},
    )


# --- One initiative -------------------------------------------------------------------------


def _frame(initiative):
    if initiative.theme_id is None:
        return []
    return list(GivenFrame.objects.filter(theme_id=initiative.theme_id).order_by("position", "pk"))


def _detail_context(process, membership, initiative, **extra) -> dict:
    implementation = _implementation(process)
    team = list(initiative.team.select_related("user").order_by("user__first_name", "pk"))
    initiative._prefetched_objects_cache = {"team": team}
    editable = can_edit(membership, initiative)
    today = timezone.localdate()
    context = {
        "process": process,
        "membership": membership,
        "implementation": implementation,
        "initiative": initiative,
        "team": team,
        "badge": STATUS_BADGES[initiative.status],
        "can_edit": editable,
        "can_manage": can_manage(membership),
        "can_sign_off": can_sign_off(membership),
        "overdue": bool(implementation)
        and update_services.is_overdue(initiative, implementation.update_interval_days, today),
        "frame": _frame(initiative),
        "status_changes": list(initiative.status_changes.select_related("actor__user")),
        "updates": list(
            initiative.updates.select_related("author__user", "status_change").order_by(
                "-written_on", "-pk"
            )
        ),
        "lineage": _lineage(initiative),
        "update_form": UpdateForm(initiative=initiative) if editable else None,
        "sign_off_form": SignOffForm() if can_sign_off(membership) else None,
        # Other apps' sections (the spreading's reactions and good stories).
        "sections": sections_for("initiative", initiative=initiative, membership=membership),
        **revision_history_context(
            initiative.revisions.select_related("editor__user"),
            labels=FIELD_LABELS,
            sees_authors=True,
            viewer=membership,
            summary=_revision_summary,
        ),
    }
    context.update(extra)
    return context


def _lineage(initiative: Initiative) -> dict:
    """The frozen lineage, ready for the page: the seminar's name and date, typed."""
    lineage = dict(initiative.lineage or {})
    seminar = lineage.get("seminar")
    if seminar:
        kinds = dict(Seminar.Kind.choices)
        lineage["seminar"] = {
            "title": seminar.get("title") or kinds.get(seminar.get("kind"), ""),
            "date": datetime.date.fromisoformat(seminar["date"]) if seminar.get("date") else None,
        }
    lineage["users_role_label"] = dict(Idea.UsersRole.choices).get(lineage.get("users_role"), "")
    return lineage


def _revision_summary(data: dict) -> list[str]:
    note = data.get("note")
    return [note] if note else []


@require_safe
def detail(request, process_pk: int, initiative_pk: int):
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    return render(request, DETAIL, _detail_context(process, membership, initiative))


@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, process_pk: int, initiative_pk: int):
    """Edit an initiative; an edit from an older version shows both versions (409), keeping
    the editor's text in the form, now based on the newest version."""
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    require(can_edit(membership, initiative))
    conflict, status = None, 200
    if request.method == "POST":
        form = InitiativeForm(request.POST, process=process)
        if form.is_valid():
            try:
                services.update_initiative(
                    initiative,
                    actor=membership,
                    expected_version=form.cleaned_data["version"] or 0,
                    **form.service_kwargs(),
                )
            except EditConflict as error:
                conflict = conflict_context(
                    error, labels=FIELD_LABELS, sees_authors=True, viewer=membership
                )
                data = request.POST.copy()
                data["version"] = str(error.current.version)
                form = InitiativeForm(data, process=process)
                status = 409
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect(initiative)
    else:
        form = InitiativeForm(initial=InitiativeForm.initial_for(initiative), process=process)
    return render(
        request,
        "implementation/initiatives/edit.html",
        {
            "process": process,
            "membership": membership,
            "initiative": initiative,
            "form": form,
            "conflict": conflict,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def status(request, process_pk: int, initiative_pk: int):
    """Change the status, with the date it changed and why."""
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    require(can_edit(membership, initiative))
    form = StatusForm(_posted(request), initiative=initiative)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                initiative,
                actor=membership,
                to_status=data["to_status"],
                changed_on=data["changed_on"],
                reason=data["reason"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("The status is now “%(status)s”.") % {"status": initiative.get_status_display()},
            )
            return redirect(initiative)
    return render(
        request,
        "implementation/initiatives/status.html",
        {
            "process": process,
            "membership": membership,
            "initiative": initiative,
            "badge": STATUS_BADGES[initiative.status],
            "form": form,
        },
    )


@require_POST
def sign_off(request, process_pk: int, initiative_pk: int):
    """The leader signs off that the initiative fits the legal and political frame."""
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    require(can_sign_off(membership))
    form = SignOffForm(request.POST)
    if form.is_valid():
        services.sign_off_frame(initiative, actor=membership, note=form.cleaned_data["note"])
        messages.success(request, _("You have signed off that the initiative fits the frame."))
        return redirect(
            reverse("implementation:initiative", args=[process.pk, initiative.pk]) + "#frame"
        )
    context = _detail_context(process, membership, initiative, sign_off_form=form)
    return render(request, DETAIL, context)


@require_POST
def withdraw_sign_off(request, process_pk: int, initiative_pk: int):
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    require(can_sign_off(membership))
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_sign_off(initiative, actor=membership, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The sign-off is withdrawn."))
    return redirect(
        reverse("implementation:initiative", args=[process.pk, initiative.pk]) + "#frame"
    )


@require_http_methods(["GET", "HEAD", "POST"])
def add_update(request, process_pk: int, initiative_pk: int):
    """A progress update, optionally with a new status. htmx gets the timeline back; a
    plain GET shows the form alone (the page a reminder email links to on a phone)."""
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    require(can_edit(membership, initiative))
    form = UpdateForm(_posted(request), initiative=initiative)
    added = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        before = initiative.status
        try:
            added = update_services.add_update(
                initiative,
                actor=membership,
                written_on=data["written_on"],
                text=data["text"],
                new_status=data["new_status"] or None,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            status_changed = initiative.status != before
            if not request.htmx:
                messages.success(request, _("The update is added."))
                return redirect(initiative.get_absolute_url() + "#updates")
            context = _detail_context(
                process,
                membership,
                initiative,
                update_status=_("The update is added."),
                swap_status=status_changed,
                swap_badges=True,
                added=added,
            )
            return render(request, DETAIL + "#updates", context)
    if request.htmx:
        context = _detail_context(process, membership, initiative, update_form=form)
        return render(request, DETAIL + "#updates", context)
    return render(
        request,
        "implementation/initiatives/update.html",
        {"process": process, "membership": membership, "initiative": initiative, "form": form},
    )
