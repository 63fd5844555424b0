"""The influence schema of a group: add, edit, move and remove activities; read the table.

Every change locks the group's row first (FOR NO KEY UPDATE, so rows elsewhere that merely
point at the group are not held up), so changes to one group's schema queue: positions are
rewritten from a consistent picture, and the seed's examples cannot be added twice by two
clicks at once. Every change to an item raises its version; a change based on an older
version raises `EditConflict` and writes nothing.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.revisions import lock_for_edit, record_revision, serialise
from organisations.models import Membership
from processes.models import Group

from ..models import InfluenceItem, InfluenceItemRevision
from .common import DebateError

Column = InfluenceItem.Column

# The three columns of the schema, left to right, as in the seed's table.
PLACED_COLUMNS = (Column.SELF, Column.CO, Column.NONE)
# The columns in the order pages and the catalogue show them: the table, then what is left.
COLUMN_ORDER = (*PLACED_COLUMNS, Column.UNPLACED)
ITEM_FIELDS = ("activity", "column", "note")

# The activities of the seed's schema (Odense Værkstederne, seed 000), as English msgids so
# each group gets them in its own language. They go in as "not yet placed": where each one
# belongs in the group's own organisation is what the group has to work out together, and
# pre-placing them as one workshop did in 2009 would decide that for them.
SEED_EXAMPLES = (
    gettext_noop("Coffee and gift fund"),
    gettext_noop("Seating in the canteen"),
    gettext_noop("Taking part in special activities"),
    gettext_noop("User council"),
    gettext_noop("Other committees"),
    gettext_noop("Starting or closing activities"),
    gettext_noop("Choice of activity"),
    gettext_noop("Use of the rooms"),
    gettext_noop("Decoration, furnishing and furniture"),
    gettext_noop("Parts of the team budget"),
    gettext_noop("Own working hours"),
    gettext_noop("Day at home"),
    gettext_noop("Contact person"),
    gettext_noop("Overall policies"),
    gettext_noop("Municipal service level"),
    gettext_noop("Opening hours"),
    gettext_noop("Work clothing"),
    gettext_noop("Staff hiring and admission of new users"),
    gettext_noop("Staff's tasks"),
    gettext_noop("Own wage"),
    gettext_noop("Transport"),
    gettext_noop("What the canteen offers"),
)


@dataclass(frozen=True)
class SchemaColumn:
    column: str
    label: str
    items: list[InfluenceItem]

    @property
    def is_placed(self) -> bool:
        return self.column != Column.UNPLACED


def influence_schema_for(group: Group) -> list[SchemaColumn]:
    """The group's schema: self-determination, co-determination, no influence, then the
    activities not yet placed, each column with its items in order. One query."""
    items = InfluenceItem.objects.filter(group=group).select_related("author__user")
    by_column: dict[str, list[InfluenceItem]] = {column: [] for column in COLUMN_ORDER}
    for item in items.order_by("position", "pk"):
        by_column[item.column].append(item)
    return [
        SchemaColumn(column, Column(column).label, by_column[column]) for column in COLUMN_ORDER
    ]


def _lock_group(group: Group) -> None:
    # order_by(): Group's default ordering joins the theme, and a lock cannot take the
    # nullable side of an outer join.
    list(
        Group.objects.select_for_update(no_key=True)
        .filter(pk=group.pk)
        .order_by()
        .values_list("pk", flat=True)
    )


def _column_items(group_id: int, column: str) -> list[InfluenceItem]:
    return list(
        InfluenceItem.objects.filter(group_id=group_id, column=column).order_by("position", "pk")
    )


def _renumber(items: list[InfluenceItem]) -> None:
    """Store positions 0, 1, 2, ... in list order, writing only the rows that change."""
    changed = []
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            changed.append(item)
    if changed:
        InfluenceItem.objects.bulk_update(changed, ["position"])


def _check_column(column: str) -> str:
    if column not in Column.values:
        raise DebateError(_("Choose one of the columns of the schema."))
    return column


def _locked_item(item: InfluenceItem, expected_version: int, attempted: dict) -> InfluenceItem:
    """The item, locked after its group (always in that order), or `EditConflict`."""
    _lock_group(item.group)
    try:
        return lock_for_edit(
            InfluenceItem.objects.all(),
            item.pk,
            expected_version=expected_version,
            attempted=attempted,
        )
    except InfluenceItem.DoesNotExist:
        raise DebateError(
            _("Someone has removed this activity from the schema in the meantime.")
        ) from None


def _record(
    item: InfluenceItem, actor: Membership, kind: str, changed: list[str] | None = None
) -> None:
    """Record the change (saving `changed` under the next version unless the item was just
    created). The revision outlives the item: a removal's row loses its link, not its text."""
    if changed is not None:
        item.updated_by = actor
        changed = [*changed, "updated_by"]
    record_revision(
        item,
        actor=actor,
        kind=kind,
        fields=ITEM_FIELDS,
        changed=changed or (),
        extra={"group_id": item.group_id},
    )


@transaction.atomic
def add_influence_item(
    *, actor: Membership, group: Group, activity: str, column: str, note: str = ""
) -> InfluenceItem:
    """Add an activity at the end of a column, attributed to `actor`."""
    _check_column(column)
    _lock_group(group)
    item = InfluenceItem.objects.create(
        group=group,
        activity=activity.strip(),
        column=column,
        note=note,
        position=len(_column_items(group.pk, column)),
        author=actor,
        updated_by=actor,
    )
    _record(item, actor, InfluenceItemRevision.Kind.CREATED)
    return item


@transaction.atomic
def add_seed_examples(*, actor: Membership, group: Group) -> list[InfluenceItem]:
    """Fill an empty schema with the seed's activities, not yet placed, in the active language.

    Only an empty schema is filled: if the group has any activity (or a second click got
    there first), nothing is added and the empty list is returned.
    """
    _lock_group(group)
    if InfluenceItem.objects.filter(group=group).exists():
        return []
    items = InfluenceItem.objects.bulk_create(
        InfluenceItem(
            group=group,
            activity=_(activity),
            column=Column.UNPLACED,
            position=position,
            author=actor,
            updated_by=actor,
        )
        for position, activity in enumerate(SEED_EXAMPLES)
    )
    InfluenceItemRevision.objects.bulk_create(
        InfluenceItemRevision(
            group=group,
            item=item,
            editor=actor,
            kind=InfluenceItemRevision.Kind.CREATED,
            version=item.version,
            data=serialise(item, ITEM_FIELDS),
        )
        for item in items
    )
    return items


@dataclass(frozen=True)
class Move:
    item: InfluenceItem
    # False when there was nowhere to go: the first item moved up, the last moved down, or
    # a move to the column it is already in. Nothing was changed then.
    moved: bool
    changed_column: bool = False


@transaction.atomic
def move_influence_item(
    *,
    actor: Membership,
    item: InfluenceItem,
    expected_version: int,
    column: str | None = None,
    direction: str | None = None,
) -> Move:
    """Move an activity to the end of another `column`, or one place up or down in its own.

    Guarantees: positions in every column stay 0, 1, 2, ... in order; only the moved item's
    version is raised (a neighbour that swaps places keeps its version, so someone editing it
    is not interrupted). A move based on an older version of the item raises `EditConflict`.
    """
    if (column is None) == (direction is None):
        raise ValueError("give either a column or a direction")
    if direction not in (None, "up", "down"):
        raise DebateError(_("Choose to move the activity up or down."))
    if column is not None:
        _check_column(column)
    locked = _locked_item(item, expected_version, {"column": column, "direction": direction})
    if column is not None:
        if column == locked.column:
            return Move(locked, False)
        old = [other for other in _column_items(locked.group_id, locked.column) if other != locked]
        _renumber(old)
        locked.column = column
        locked.position = len(_column_items(locked.group_id, column))
        _record(locked, actor, InfluenceItemRevision.Kind.MOVED, ["column", "position"])
        return Move(locked, True, changed_column=True)
    items = _column_items(locked.group_id, locked.column)
    index = next(i for i, other in enumerate(items) if other.pk == locked.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        return Move(locked, False)
    items[index], items[target] = items[target], items[index]
    locked.position = target
    _renumber([locked if other.pk == locked.pk else other for other in items])
    _record(locked, actor, InfluenceItemRevision.Kind.MOVED, ["position"])
    return Move(locked, True)


@transaction.atomic
def edit_influence_item(
    *,
    actor: Membership,
    item: InfluenceItem,
    expected_version: int,
    activity: str,
    column: str,
    note: str = "",
) -> InfluenceItem:
    """Change an activity's text, note or column, unless it changed since `expected_version`.

    A change of column puts the item at the end of its new column. A conflict raises
    `EditConflict` carrying the stored item and the editor's text; nothing is written.
    """
    _check_column(column)
    attempted = {"activity": activity.strip(), "column": column, "note": note}
    locked = _locked_item(item, expected_version, attempted)
    fields = ["activity", "note"]
    if column != locked.column:
        old_column = locked.column
        locked.column = column
        locked.position = len(_column_items(locked.group_id, column))
        fields += ["column", "position"]
    locked.activity, locked.note = attempted["activity"], note
    _record(locked, actor, InfluenceItemRevision.Kind.EDITED, fields)
    if "column" in fields:
        _renumber(_column_items(locked.group_id, old_column))
    return locked


@transaction.atomic
def remove_influence_item(*, actor: Membership, item: InfluenceItem, expected_version: int) -> None:
    """Remove an activity from the schema, unless it changed since `expected_version` (then
    `EditConflict`, so nobody removes text they have not seen)."""
    locked = _locked_item(item, expected_version, {})
    column, group_id = locked.column, locked.group_id
    _record(locked, actor, InfluenceItemRevision.Kind.REMOVED, [])
    locked.delete()
    _renumber(_column_items(group_id, column))
