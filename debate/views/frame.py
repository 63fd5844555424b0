"""The given frame of a theme: what is fixed and why (seed 004)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from processes.access import get_theme_for, require

from .. import services
from ..access import can_edit_frame
from ..forms.frame import GivenFrameForm
from ..models import GivenFrame


@require_http_methods(["GET", "POST"])
def given_frame(request, process_pk: int, theme_pk: int):
    """Everyone reads the frame; the leader and the facilitator add to it (POST)."""
    process, membership, theme = get_theme_for(request, process_pk, theme_pk)
    editable = can_edit_frame(membership)
    if request.method == "POST":
        require(editable)
        form = GivenFrameForm(request.POST)
        if form.is_valid():
            condition = services.add_frame_condition(
                actor=membership, theme=theme, **form.cleaned_data
            )
            messages.success(request, _("The condition has been added to the given frame."))
            return redirect(f"{request.path}#condition-{condition.pk}")
    else:
        form = GivenFrameForm()
    context = {
        "process": process,
        "theme": theme,
        "conditions": GivenFrame.objects.filter(theme=theme).select_related("author__user"),
        "groups": theme.groups.all(),
        "form": form if editable else None,
        "can_edit": editable,
    }
    return render(request, "debate/given_frame.html", context)


def _condition(request, process_pk, theme_pk, condition_pk):
    process, membership, theme = get_theme_for(request, process_pk, theme_pk)
    require(can_edit_frame(membership))
    condition = get_object_or_404(GivenFrame, pk=condition_pk, theme=theme)
    return process, membership, theme, condition


@require_http_methods(["GET", "POST"])
def given_frame_edit(request, process_pk: int, theme_pk: int, condition_pk: int):
    process, membership, theme, condition = _condition(request, process_pk, theme_pk, condition_pk)
    form = GivenFrameForm(request.POST or None, instance=condition)
    if request.method == "POST" and form.is_valid():
        services.edit_frame_condition(actor=membership, condition=condition, **form.cleaned_data)
        messages.success(request, _("The condition has been changed."))
        return redirect(f"{condition.get_absolute_url()}#condition-{condition.pk}")
    context = {"process": process, "theme": theme, "condition": condition, "form": form}
    return render(request, "debate/given_frame_edit.html", context)


@require_http_methods(["GET", "POST"])
def given_frame_delete(request, process_pk: int, theme_pk: int, condition_pk: int):
    process, membership, theme, condition = _condition(request, process_pk, theme_pk, condition_pk)
    if request.method == "POST":
        url = condition.get_absolute_url()
        services.delete_frame_condition(actor=membership, condition=condition)
        messages.success(request, _("The condition has been removed from the given frame."))
        return redirect(url)
    context = {"process": process, "theme": theme, "condition": condition}
    return render(request, "debate/given_frame_delete.html", context)
