"""A group's influence schema: the table of activities by the users' influence on them.

One page shows the three columns (and the activities not yet placed); people who write in
the group add activities and move them between and within columns with buttons. With htmx a
move swaps the columns and announces the move in a live region; without JavaScript every
button is a plain form and the page reloads at the moved activity.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.params import int_param
from core.revisions import revision_history_context, versioned_edit
from processes.access import get_group_for, require

from .. import services
from ..access import can_write, get_influence_item_for, sees_authors
from ..forms.influence import InfluenceItemEditForm, InfluenceItemForm
from ..models import InfluenceItem, InfluenceItemRevision
from ..services import influence as influence_services

Column = InfluenceItem.Column

# What each column means for the users, under its heading.
COLUMN_HINTS = {
    Column.SELF: gettext_lazy("The users decide for themselves."),
    Column.CO: gettext_lazy("The users decide together with staff or leaders."),
    Column.NONE: gettext_lazy("Decided without the users."),
    Column.UNPLACED: gettext_lazy("Discuss where each of these belongs, and move it there."),
}
# A button's accessible name, whole sentences so each language can order the words its way.
MOVE_TO = {
    Column.SELF: gettext_lazy("Move “%(activity)s” to self-determination"),
    Column.CO: gettext_lazy("Move “%(activity)s” to co-determination"),
    Column.NONE: gettext_lazy("Move “%(activity)s” to no influence"),
}
MOVED_TO = {
    Column.SELF: gettext_lazy("“%(activity)s” moved to self-determination."),
    Column.CO: gettext_lazy("“%(activity)s” moved to co-determination."),
    Column.NONE: gettext_lazy("“%(activity)s” moved to no influence."),
}


@dataclass
class MoveButton:
    name: str  # "direction" or "column"
    value: str
    visible: str
    label: str
    enabled: bool = True
    focus: bool = False


@dataclass
class ItemRow:
    item: InfluenceItem
    buttons: list[MoveButton] = field(default_factory=list)
    focus_row: bool = False

    @property
    def order_buttons(self) -> list[MoveButton]:
        return [b for b in self.buttons if b.name == "direction"]

    @property
    def column_buttons(self) -> list[MoveButton]:
        return [b for b in self.buttons if b.name == "column"]


def _rows(schema, *, writable: bool, focus_item: int | None, pressed: str | None):
    """Each column's items with the buttons the viewer may press; after a move, the moved
    item's button to focus: the one pressed if it is still there and enabled, else the
    item's first enabled button, else the item itself."""
    columns = []
    for column in schema:
        rows = []
        for index, item in enumerate(column.items):
            row = ItemRow(item)
            if writable:
                name = {"activity": item.activity}
                row.buttons = [
                    MoveButton(
                        "direction", "up", _("Up"), _("Move “%(activity)s” up") % name, index > 0
                    ),
                    MoveButton(
                        "direction",
                        "down",
                        _("Down"),
                        _("Move “%(activity)s” down") % name,
                        index < len(column.items) - 1,
                    ),
                ]
                row.buttons += [
                    MoveButton("column", target, Column(target).label, MOVE_TO[target] % name)
                    for target in influence_services.PLACED_COLUMNS
                    if target != item.column
                ]
            if item.pk == focus_item:
                enabled = [b for b in row.buttons if b.enabled]
                chosen = next((b for b in enabled if b.value == pressed), None)
                chosen = chosen or (enabled[0] if enabled else None)
                if chosen:
                    chosen.focus = True
                else:
                    row.focus_row = True
            rows.append(row)
        columns.append(
            {
                "key": column.column,
                "label": column.label,
                "hint": COLUMN_HINTS[column.column],
                "rows": rows,
                "is_placed": column.is_placed,
            }
        )
    return columns


# How many of the schema's latest changes its page lists.
RECENT_CHANGES = 8
HISTORY_FIELDS = {
    "activity": gettext_lazy("Activity"),
    "column": gettext_lazy("The users' influence"),
    "note": gettext_lazy("Note"),
}


def _history_summary(data: dict) -> list[str]:
    """Under each entry of an activity's history: what it then said, and in which column."""
    column = data.get("column")
    label = Column(column).label if column in Column.values else ""
    return [data.get("activity", ""), f"({label})"]


def _recent_changes(group) -> list[InfluenceItemRevision]:
    return list(
        InfluenceItemRevision.objects.filter(group=group)
        .select_related("editor__user")
        .order_by("-created_at", "-pk")[:RECENT_CHANGES]
    )


def _context(process, membership, group, *, form=None, focus_item=None, pressed=None, status=""):
    writable = can_write(membership, group)
    schema = influence_services.influence_schema_for(group)
    columns = _rows(schema, writable=writable, focus_item=focus_item, pressed=pressed)
    return {
        "recent_changes": _recent_changes(group),
        "process": process,
        "group": group,
        "placed_columns": [c for c in columns if c["is_placed"]],
        "unplaced": columns[-1],
        "is_empty": not any(c["rows"] for c in columns),
        "can_write": writable,
        "form": form if form is not None else (InfluenceItemForm() if writable else None),
        "status": status,
    }


def _page_url(group) -> str:
    return reverse("debate:influence", args=[group.process_id, group.pk])


@require_http_methods(["GET", "POST"])
def influence(request, process_pk: int, group_pk: int):
    """The group's influence schema; POST adds an activity (htmx: the form, the columns
    and the status come back; the new activity gets focus)."""
    process, membership, group = get_group_for(request, process_pk, group_pk)
    if request.method == "GET":
        return render(request, "debate/influence.html", _context(process, membership, group))
    require(can_write(membership, group))
    form = InfluenceItemForm(request.POST)
    item = status = None
    if form.is_valid():
        try:
            item = influence_services.add_influence_item(
                actor=membership, group=group, **form.cleaned_data
            )
        except services.DebateError as error:
            form.add_error(None, str(error))
        else:
            status = _("“%(activity)s” added under “%(column)s”.") % {
                "activity": item.activity,
                "column": item.get_column_display(),
            }
            if not request.htmx:
                messages.success(request, status)
                return redirect(item.get_absolute_url())
            form = InfluenceItemForm()
    context = _context(process, membership, group, form=form, status=status or "")
    if item is not None:
        context["new_item"] = item.pk
    if request.htmx:
        return render(request, "debate/influence.html#add-response", context)
    return render(request, "debate/influence.html", context)


@require_POST
def influence_examples(request, process_pk: int, group_pk: int):
    """Fill an empty schema with the seed's activities, to be placed by the group."""
    process, membership, group = get_group_for(request, process_pk, group_pk)
    require(can_write(membership, group))
    added = influence_services.add_seed_examples(actor=membership, group=group)
    if added:
        messages.success(
            request,
            _("%(count)s example activities have been added under “Not yet placed”.")
            % {"count": len(added)},
        )
    else:
        messages.info(
            request, _("The schema already has activities, so no examples have been added.")
        )
    return redirect(_page_url(group))


@require_POST
def influence_move(request, process_pk: int, item_pk: int):
    """Move an activity to another column (`column`) or up or down (`direction`)."""
    process, membership, item = get_influence_item_for(request, process_pk, item_pk)
    group = item.group
    require(can_write(membership, group))
    column, direction = request.POST.get("column"), request.POST.get("direction")
    version = request.POST.get("version", "")
    pressed = direction or column
    level = messages.SUCCESS
    if int_param(version) is None or (column is None) == (direction is None):
        status, level = _("Choose where to move the activity."), messages.ERROR
    else:
        try:
            move = influence_services.move_influence_item(
                actor=membership,
                item=item,
                expected_version=int_param(version),
                column=column,
                direction=direction,
            )
        except services.EditConflict as conflict:
            status, level = (
                _(
                    "“%(activity)s” was changed by someone else in the meantime, so it has "
                    "not been moved. It is shown below as it is now."
                )
                % {"activity": conflict.current.activity},
                messages.WARNING,
            )
        except services.DebateError as error:
            status, level = str(error), messages.ERROR
        else:
            status, level = _move_status(move), messages.SUCCESS
    if not request.htmx:
        messages.add_message(request, level, status)
        return redirect(item.get_absolute_url())
    context = _context(process, membership, group, focus_item=item.pk, pressed=pressed)
    context["status"] = status
    return render(request, "debate/influence.html#move-response", context)


def _move_status(move: influence_services.Move) -> str:
    item = move.item
    name = {"activity": item.activity}
    if not move.moved:
        return _("“%(activity)s” cannot move further that way.") % name
    if move.changed_column:
        return str(MOVED_TO[item.column] % name)
    count = InfluenceItem.objects.filter(group_id=item.group_id, column=item.column).count()
    return _("“%(activity)s” is now number %(place)s of %(count)s in “%(column)s”.") % {
        **name,
        "place": item.position + 1,
        "count": count,
        "column": item.get_column_display(),
    }


@require_http_methods(["GET", "POST"])
def influence_edit(request, process_pk: int, item_pk: int):
    """Edit an activity. An edit based on an older version shows both versions side by side
    and keeps the editor's text in the form, now based on the newest version."""
    process, membership, item = get_influence_item_for(request, process_pk, item_pk)
    require(can_write(membership, item.group))
    outcome = versioned_edit(
        request,
        form_class=InfluenceItemEditForm,
        initial=lambda: InfluenceItemForm.initial_for(item),
        save=lambda form: influence_services.edit_influence_item(
            actor=membership,
            item=item,
            expected_version=form.cleaned_data["version"],
            activity=form.cleaned_data["activity"],
            column=form.cleaned_data["column"],
            note=form.cleaned_data["note"],
        ),
        labels=HISTORY_FIELDS,
        sees_authors=sees_authors(membership, process),
        viewer=membership,
        refused=services.DebateError,
    )
    if outcome.saved:
        messages.success(request, _("Your changes have been saved."))
        return redirect(item.get_absolute_url())
    context = {
        "process": process,
        "group": item.group,
        "item": item,
        "form": outcome.form,
        "conflict": outcome.conflict,
        **revision_history_context(
            item,
            labels=HISTORY_FIELDS,
            sees_authors=sees_authors(membership, process),
            viewer=membership,
            summary=_history_summary,
        ),
    }
    return render(request, "debate/influence_edit.html", context, status=outcome.status)


@require_http_methods(["GET", "POST"])
def influence_delete(request, process_pk: int, item_pk: int):
    """Confirm, then remove an activity; refused if it changed since the page was shown."""
    process, membership, item = get_influence_item_for(request, process_pk, item_pk)
    group = item.group
    require(can_write(membership, group))
    changed = False
    if request.method == "POST":
        version = request.POST.get("version", "")
        try:
            influence_services.remove_influence_item(
                actor=membership,
                item=item,
                expected_version=int_param(version) or 0,
            )
        except services.EditConflict as error:
            item, changed = error.current, True
        except services.DebateError as error:
            messages.info(request, str(error))
            return redirect(_page_url(group))
        else:
            messages.success(
                request,
                _("“%(activity)s” has been removed from the schema.") % {"activity": item.activity},
            )
            return redirect(_page_url(group))
    context = {"process": process, "group": group, "item": item, "changed": changed}
    return render(request, "debate/influence_delete.html", context, status=409 if changed else 200)
