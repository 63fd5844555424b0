"""Ideas: a group's list and form, one idea with its lineage, editing, deciding."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.revisions import revision_history_context, versioned_edit
from processes.access import get_group_for, require
from processes.models import Seminar

from .. import services
from ..access import can_moderate, can_write, get_idea_for, sees_authors
from ..forms.ideas import IdeaEditForm, IdeaForm, IdeaStatusForm
from ..models import Idea, PrioritisationRound, RoundCandidate, Value
from ..services import ideas as idea_services
from ..services import rounds as round_services

IDEA_FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "values": gettext_lazy("The values it builds on"),
    "improves_core_task": gettext_lazy("How it improves the core task and quality for the users"),
    "spread_plan": gettext_lazy("How it spreads to the whole organisation"),
    "involved": gettext_lazy("Who is involved"),
    "users_role": gettext_lazy("The users' role"),
    "first_step": gettext_lazy("First step"),
    "status": gettext_lazy("Status"),
    "rejection_reason": gettext_lazy("Reason for rejection"),
}
# Who may move an idea to which status: writers between draft and proposed; the group's lead
# and the facilitator decide (select for the catalogue, reject with a reason).
WRITER_STATUSES = (Idea.Status.DRAFT, Idea.Status.PROPOSED)
# What the conflict page compares: what the edit form changes.
CONFLICT_LABELS = {
    field: IDEA_FIELD_LABELS[field]
    for field in (*idea_services.IDEA_TEXT_FIELDS, "involved", "values")
}


def _ideas(group):
    return (
        Idea.objects.filter(group=group)
        .select_related("author__user", "group")
        .prefetch_related(Prefetch("values", queryset=Value.objects.order_by("name", "pk")))
        .order_by("-created_at", "-pk")
    )


def _current_seminar(process):
    """The seminar an idea most likely comes from: today's, else the latest one before."""
    today = timezone.localdate()
    return Seminar.objects.filter(process=process, date__lte=today).order_by("-date").first()


@require_http_methods(["GET", "POST"])
def idea_list(request, process_pk: int, group_pk: int):
    """The group's ideas; POST adds one (htmx answers with the ideas section)."""
    process, membership, group = get_group_for(request, process_pk, group_pk)
    writable = can_write(membership, group)
    new_idea = None
    if request.method == "POST":
        require(writable)
        form = IdeaForm(request.POST, group=group)
        if form.is_valid():
            try:
                new_idea = idea_services.add_idea(
                    actor=membership,
                    group=group,
                    propose=request.POST.get("propose") == "1",
                    **form.service_kwargs(),
                )
            except services.DebateError as error:
                form.add_error(None, str(error))
            else:
                if not request.htmx:
                    messages.success(request, _("Your idea has been added."))
                    return redirect(f"{request.path}#idea-{new_idea.pk}")
                form = None
    else:
        form = None
    if form is None and writable:
        seminar = _current_seminar(process)
        form = IdeaForm(group=group, initial={"seminar": seminar.pk if seminar else None})
    context = {
        "process": process,
        "group": group,
        "ideas": _ideas(group),
        "form": form if writable else None,
        "can_write": writable,
        "new_idea": new_idea,
        "has_values": Value.objects.visible().filter(group=group).exists(),
    }
    template = "debate/idea_list.html"
    if request.htmx:
        template += "#ideas-section"
    return render(request, template, context)


def _lineage(idea, values) -> dict:
    """Where the idea came from: its values and the closed rounds that carried them (rank
    and dots), the rounds the idea itself was voted in, its seminar and group."""
    candidacies = RoundCandidate.objects.filter(
        round__status=PrioritisationRound.Status.CLOSED
    ).select_related("round__group")
    value_placings = round_services.placings(candidacies.filter(value__in=values))
    by_value: dict[int, list] = {}
    for placing in value_placings:
        by_value.setdefault(placing.candidate.value_id, []).append(placing)
    return {
        "values": [(value, by_value.get(value.pk, [])) for value in values],
        "idea_placings": round_services.placings(candidacies.filter(idea=idea)),
    }


def _status_choices(membership, idea) -> list[str] | None:
    if can_moderate(membership, idea.group):
        return list(Idea.Status.values)
    if can_write(membership, idea.group) and idea.status in WRITER_STATUSES:
        return list(WRITER_STATUSES)
    return None


def _detail_context(process, membership, idea, status_form=None) -> dict:
    values = list(idea.values.select_related("group").order_by("name", "pk"))
    statuses = _status_choices(membership, idea)
    if statuses and status_form is None:
        status_form = IdeaStatusForm(
            statuses=statuses, initial={"status": idea.status, "reason": idea.rejection_reason}
        )
    return {
        "process": process,
        "group": idea.group,
        "idea": idea,
        "lineage": _lineage(idea, values),
        **revision_history_context(
            idea,
            labels=IDEA_FIELD_LABELS,
            sees_authors=sees_authors(membership, process),
            viewer=membership,
        ),
        "can_write": can_write(membership, idea.group),
        "status_form": status_form if statuses else None,
    }


@require_GET
def idea_detail(request, process_pk: int, idea_pk: int):
    process, membership, idea = get_idea_for(request, process_pk, idea_pk)
    return render(request, "debate/idea_detail.html", _detail_context(process, membership, idea))


@require_POST
def idea_status(request, process_pk: int, idea_pk: int):
    """Propose a draft (writers), or select for the catalogue / reject with a reason (the
    group's lead and the facilitator)."""
    process, membership, idea = get_idea_for(request, process_pk, idea_pk)
    statuses = _status_choices(membership, idea)
    require(statuses is not None)
    # Asking for a status one may not set (a member selecting for the catalogue) is refused.
    requested = request.POST.get("status")
    require(requested not in Idea.Status.values or requested in statuses)
    form = IdeaStatusForm(request.POST, statuses=statuses)
    if form.is_valid():
        try:
            idea_services.set_idea_status(
                actor=membership,
                idea=idea,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except services.DebateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The status of the idea has been changed."))
            return redirect(idea)
    context = _detail_context(process, membership, idea, status_form=form)
    return render(request, "debate/idea_detail.html", context)


@require_http_methods(["GET", "POST"])
def idea_edit(request, process_pk: int, idea_pk: int):
    """Edit an idea; an edit from an older version shows both versions (409), keeping the
    editor's text in the form, now based on the newest version."""
    process, membership, idea = get_idea_for(request, process_pk, idea_pk)
    require(can_write(membership, idea.group))
    outcome = versioned_edit(
        request,
        form_class=IdeaEditForm,
        initial=lambda: IdeaForm.initial_for(idea),
        save=lambda form: idea_services.edit_idea(
            actor=membership,
            idea=idea,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        labels=CONFLICT_LABELS,
        sees_authors=sees_authors(membership, process),
        viewer=membership,
        shown=_shown,
        refused=services.DebateError,
        group=idea.group,
    )
    if outcome.saved:
        messages.success(request, _("Your changes have been saved."))
        return redirect(idea)
    context = {
        "process": process,
        "group": idea.group,
        "idea": idea,
        "form": outcome.form,
        "conflict": outcome.conflict,
    }
    return render(request, "debate/idea_edit.html", context, status=outcome.status)


def _shown(field: str, value):
    """Who is involved by their labels, the values in alphabetical order (the rest as
    core.revisions shows them)."""
    if field == "involved":
        labels = dict(Idea.Involved.choices)
        return ", ".join(str(labels.get(key, key)) for key in value)
    if field == "values":
        return ", ".join(v.name for v in sorted(value, key=lambda v: (v.name, v.pk)))
    return None
