"""A group's value debate: the list of values, one value with its discussion, editing."""

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.revisions import revision_history_context, versioned_edit
from processes.access import get_group_for, require

from .. import services
from ..access import can_moderate, can_write, get_value_for, sees_authors
from ..forms.values import CommentForm, RelationForm, ValueEditForm, ValueForm
from ..models import GivenFrame, Idea, PrioritisationRound, Value, ValueMerge, ValueRelation

FIELD_LABELS = {
    "name": gettext_lazy("Value"),
    "meaning": gettext_lazy("What we mean by it"),
    "examples": gettext_lazy("Everyday examples"),
    "dilemmas": gettext_lazy("Dilemmas and conflicts with other values"),
    "gap": gettext_lazy("The gap between ideal and practice"),
    "value_streams": gettext_lazy("Value streams"),
    "is_ideal": gettext_lazy("One of the group's ideals"),
    "also_called": gettext_lazy("Also called"),
}
# What the conflict page compares: what the edit form changes.
CONFLICT_LABELS = {
    field: FIELD_LABELS[field] for field in (*services.EDITABLE_FIELDS, "value_streams")
}


def _group_context(group, membership, form, new_value=None) -> dict:
    theme = group.theme
    values = (
        Value.objects.visible()
        .filter(group=group)
        .with_counts()
        .select_related("author__user")
        .order_by("-is_ideal", "-created_at", "-pk")
    )
    return {
        "group": group,
        "theme": theme,
        "value_streams": list(theme.value_streams.all()) if theme else [],
        "frame": list(GivenFrame.objects.filter(theme=theme)) if theme else [],
        "values": values,
        "form": form,
        "new_value": new_value,
        "can_write": can_write(membership, group),
        "can_moderate": can_moderate(membership, group),
        "open_rounds": list(
            PrioritisationRound.objects.filter(
                Q(group=group) | Q(group__isnull=True, process_id=group.process_id),
                status=PrioritisationRound.Status.OPEN,
            )
        ),
        "idea_count": group.ideas.count(),
    }


@require_http_methods(["GET", "POST"])
def group_debate(request, process_pk: int, group_pk: int):
    """The group's debate page; POST adds a value (htmx answers with the values section)."""
    process, membership, group = get_group_for(request, process_pk, group_pk)
    new_value = None
    if request.method == "POST":
        require(can_write(membership, group))
        form = ValueForm(request.POST, group=group)
        if form.is_valid():
            new_value = services.add_value(actor=membership, group=group, **form.service_kwargs())
            if not request.htmx:
                messages.success(request, _("Your value has been added."))
                return redirect(f"{request.path}#value-{new_value.pk}")
            form = ValueForm(group=group)
    else:
        form = ValueForm(group=group)
    context = {"process": process, **_group_context(group, membership, form, new_value)}
    template = "debate/group_debate.html"
    if request.htmx:
        template += "#values-section"
    return render(request, template, context)


def _detail_context(process, membership, value, **overrides) -> dict:
    group = value.group
    writable = can_write(membership, group) and value.merged_into_id is None
    comments = value.comments.select_related("author__user")
    relations_qs = ValueRelation.objects.select_related("to_value__group", "from_value__group")
    context = {
        "process": process,
        "group": group,
        "value": value,
        "value_streams": list(value.value_streams.all()),
        "comments": comments,
        "relations_from": relations_qs.filter(from_value=value, to_value__merged_into__isnull=True),
        "relations_to": relations_qs.filter(to_value=value, from_value__merged_into__isnull=True),
        **revision_history_context(
            value,
            labels=FIELD_LABELS,
            sees_authors=sees_authors(membership, process),
            viewer=membership,
        ),
        "merges": ValueMerge.objects.filter(target=value)
        .select_related("actor__user", "undone_by__user")
        .prefetch_related(Prefetch("sources", queryset=Value.objects.order_by("name"))),
        "can_write": writable,
        "can_moderate": can_moderate(membership, group),
        "comment_form": CommentForm(),
        "ideas": Idea.objects.filter(values=value).select_related("group").order_by("-created_at"),
        "relation_form": RelationForm(value=value) if writable else None,
        "new_comment": None,
    }
    context.update(overrides)
    return context


@require_GET
def value_detail(request, process_pk: int, value_pk: int):
    process, membership, value = get_value_for(request, process_pk, value_pk)
    return render(request, "debate/value_detail.html", _detail_context(process, membership, value))


@require_POST
def value_comment(request, process_pk: int, value_pk: int):
    """Add a comment or example; htmx answers with the comments section."""
    process, membership, value = get_value_for(request, process_pk, value_pk)
    require(can_write(membership, value.group))
    form = CommentForm(request.POST)
    new_comment = None
    if form.is_valid():
        try:
            new_comment = services.add_comment(actor=membership, value=value, **form.cleaned_data)
        except services.DebateError as error:
            form.add_error(None, str(error))
        else:
            if not request.htmx:
                messages.success(request, _("Your contribution has been added."))
                return redirect(f"{value.get_absolute_url()}#comment-{new_comment.pk}")
            form = CommentForm()
    context = _detail_context(
        process, membership, value, comment_form=form, new_comment=new_comment
    )
    template = "debate/value_detail.html"
    if request.htmx:
        template += "#comments-section"
    return render(request, template, context)


@require_POST
def value_relate(request, process_pk: int, value_pk: int):
    """Link the value to another value of the process."""
    process, membership, value = get_value_for(request, process_pk, value_pk)
    require(can_write(membership, value.group))
    form = RelationForm(request.POST, value=value)
    if form.is_valid():
        try:
            services.relate_values(
                actor=membership,
                from_value=value,
                to_value=form.cleaned_data["to_value"],
                kind=form.cleaned_data["kind"],
            )
        except services.DebateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The values are now linked."))
            return redirect(f"{value.get_absolute_url()}#relations")
    context = _detail_context(process, membership, value, relation_form=form)
    return render(request, "debate/value_detail.html", context)


@require_POST
def relation_delete(request, process_pk: int, value_pk: int, relation_pk: int):
    process, membership, value = get_value_for(request, process_pk, value_pk)
    require(can_write(membership, value.group))
    relation = get_object_or_404(ValueRelation, pk=relation_pk, from_value=value)
    services.remove_relation(actor=membership, relation=relation)
    messages.success(request, _("The link has been removed."))
    return redirect(f"{value.get_absolute_url()}#relations")


@require_POST
def value_ideal(request, process_pk: int, value_pk: int):
    """Set or unset the value as one of the group's ideals."""
    process, membership, value = get_value_for(request, process_pk, value_pk)
    require(can_write(membership, value.group))
    is_ideal = request.POST.get("is_ideal") == "1"
    try:
        services.set_ideal(actor=membership, value=value, is_ideal=is_ideal)
    except services.DebateError as error:
        messages.error(request, str(error))
    else:
        if is_ideal:
            messages.success(request, _("The value is now one of the group's ideals."))
        else:
            messages.success(request, _("The value is no longer one of the group's ideals."))
    return HttpResponseRedirect(value.get_absolute_url())


@require_http_methods(["GET", "POST"])
def value_edit(request, process_pk: int, value_pk: int):
    """Edit a value. An edit based on an older version shows both versions side by side; the
    editor's text stays in the form, now based on the newest version, to re-apply."""
    process, membership, value = get_value_for(request, process_pk, value_pk)
    require(can_write(membership, value.group))
    if value.merged_into_id:
        messages.info(request, _("This value has been merged into another value; edit that one."))
        return redirect(value.merged_into.get_absolute_url())
    outcome = versioned_edit(
        request,
        form_class=ValueEditForm,
        initial=lambda: ValueForm.initial_for(value),
        save=lambda form: services.edit_value(
            actor=membership,
            value=value,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        labels=CONFLICT_LABELS,
        sees_authors=sees_authors(membership, process),
        viewer=membership,
        refused=services.DebateError,
        group=value.group,
    )
    if outcome.saved:
        messages.success(request, _("Your changes have been saved."))
        return redirect(value.get_absolute_url())
    context = {
        "process": process,
        "group": value.group,
        "value": value,
        "form": outcome.form,
        "conflict": outcome.conflict,
    }
    return render(request, "debate/value_edit.html", context, status=outcome.status)
