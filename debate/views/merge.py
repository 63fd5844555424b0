"""Clustering: merging near-duplicate values of a group, and undoing a merge."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.params import int_param
from processes.access import get_group_for, get_process_for, require

from .. import services
from ..access import can_moderate
from ..forms.merge import MergeForm
from ..models import Value, ValueMerge


@require_http_methods(["GET", "POST"])
def merge(request, process_pk: int, group_pk: int):
    """Choose a value to keep and the values to merge into it, confirm, merge.

    The first POST only shows what will happen; the second (with `confirm`) merges.
    """
    process, membership, group = get_group_for(request, process_pk, group_pk)
    require(can_moderate(membership, group))
    confirming = False
    if request.method == "POST":
        form = MergeForm(request.POST, group=group)
        if form.is_valid():
            target, sources = form.cleaned_data["target"], form.cleaned_data["sources"]
            if request.POST.get("confirm") == "1":
                try:
                    services.merge_values(actor=membership, target=target, sources=sources)
                except services.DebateError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request,
                        _("The values have been merged into “%(name)s”.") % {"name": target.name},
                    )
                    return redirect(target.get_absolute_url())
            else:
                confirming = True
    else:
        initial = {}
        if (target_pk := int_param(request.GET.get("target"))) is not None:
            initial["target"] = target_pk
        form = MergeForm(initial=initial, group=group)
    values = (
        Value.objects.visible()
        .filter(group=group)
        .with_counts()
        .select_related("author__user")
        .order_by("name", "pk")
    )
    context = {
        "process": process,
        "group": group,
        "form": form,
        "values": values,
        "confirming": confirming,
    }
    return render(request, "debate/merge.html", context)


@require_POST
def undo_merge(request, process_pk: int, merge_pk: int):
    process, membership = get_process_for(request, process_pk)
    merge_record = get_object_or_404(
        ValueMerge.objects.select_related("target__group"),
        pk=merge_pk,
        target__group__process=process,
    )
    require(can_moderate(membership, merge_record.target.group))
    try:
        left_as_is = services.undo_merge(actor=membership, merge=merge_record)
    except services.DebateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The merge has been undone."))
        if "dots" in left_as_is:
            messages.info(
                request,
                _(
                    "A round in which the merge moved dots has closed since: its results are "
                    "on record, so those dots stay where they are."
                ),
            )
        if set(left_as_is) - {"dots"}:
            messages.warning(
                request,
                _(
                    "Some text from the merge had been edited since and was left in place: "
                    "check the examples and dilemmas."
                ),
            )
    return redirect(merge_record.target.get_absolute_url())
