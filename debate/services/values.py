"""Values: adding, editing, commenting, relating and marking them ideal. Each action runs in
one transaction and writes its own history (merging is in `merge`, the given frame in
`frame`).

Views authorise (see `debate.access`) and call exactly one of these with the acting
membership as the keyword-only `actor`.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.revisions import EditConflict, lock_for_edit, record_revision
from organisations.models import Membership
from processes.models import Group, ValueStream

from ..models import (
    Value,
    ValueComment,
    ValueRelation,
    ValueRevision,
)
from .common import DebateError

# The fields a member edits; a revision snapshots them, a conflict compares them.
EDITABLE_FIELDS = ("name", "meaning", "examples", "dilemmas", "gap")


def snapshot(value: Value) -> dict[str, Any]:
    """The editable state of a value, as stored in a revision."""
    data: dict[str, Any] = {field: getattr(value, field) for field in EDITABLE_FIELDS}
    data["value_streams"] = sorted(vs.number for vs in value.value_streams.all())
    data["is_ideal"] = value.is_ideal
    data["also_called"] = value.also_called_names
    return data


def _record(
    value: Value, *, actor: Membership | None, kind: str, changed: Iterable[str] = ()
) -> ValueRevision:
    """Save `changed` under the next version (not on creation) and record the snapshot; the
    row must be locked. See core.revisions.record_revision."""
    return record_revision(value, actor=actor, kind=kind, fields=snapshot(value), changed=changed)


def _clean_streams(group: Group, streams: Iterable[ValueStream] | None) -> list[ValueStream]:
    """Only the value streams of the group's theme can be linked."""
    streams = list(streams or [])
    if not streams:
        return []
    allowed = set()
    if group.theme_id:
        allowed = set(group.theme.value_streams.values_list("pk", flat=True))
    if any(vs.pk not in allowed for vs in streams):
        raise DebateError(_("A value can only link to the value streams of the group's theme."))
    return streams


@transaction.atomic
def add_value(
    *,
    actor: Membership,
    group: Group,
    name: str,
    meaning: str,
    examples: str = "",
    dilemmas: str = "",
    gap: str = "",
    value_streams: Iterable[ValueStream] | None = None,
) -> Value:
    """Add a value to a group's debate, attributed to `actor`, with its first revision."""
    streams = _clean_streams(group, value_streams)
    value = Value.objects.create(
        group=group,
        author=actor,
        name=name.strip(),
        meaning=meaning,
        examples=examples,
        dilemmas=dilemmas,
        gap=gap,
    )
    value.value_streams.set(streams)
    _record(value, actor=actor, kind=ValueRevision.Kind.CREATED)
    return value


@transaction.atomic
def edit_value(
    *,
    actor: Membership,
    value: Value,
    expected_version: int,
    name: str,
    meaning: str,
    examples: str = "",
    dilemmas: str = "",
    gap: str = "",
    value_streams: Iterable[ValueStream] | None = None,
) -> Value:
    """Change a value's text, unless someone else changed it since `expected_version`.

    Guarantees: the row is locked while compared and written, so of two edits based on the
    same version exactly one is saved and the other raises `EditConflict` with both versions;
    nothing is overwritten silently. A merged value cannot be edited (edit its target).
    A saved edit raises the version by one and records a revision.
    """
    streams = _clean_streams(value.group, value_streams)
    attempted = {
        "name": name.strip(),
        "meaning": meaning,
        "examples": examples,
        "dilemmas": dilemmas,
        "gap": gap,
        "value_streams": streams,
    }
    merged = _("This value has been merged into another value; edit that one.")
    try:
        locked = lock_for_edit(
            Value.objects.select_related("group__theme"),
            value.pk,
            expected_version=expected_version,
            attempted=attempted,
        )
    except EditConflict as conflict:
        # A merge raises the version too: say that it was merged, not just changed.
        if conflict.current.merged_into_id:
            raise DebateError(merged) from None
        raise
    if locked.merged_into_id:
        raise DebateError(merged)
    for field in EDITABLE_FIELDS:
        setattr(locked, field, attempted[field])
    locked.value_streams.set(streams)
    _record(locked, actor=actor, kind=ValueRevision.Kind.EDITED, changed=EDITABLE_FIELDS)
    return locked


@transaction.atomic
def add_comment(
    *,
    actor: Membership,
    value: Value,
    text: str,
    kind: str = ValueComment.Kind.COMMENT,
    is_disagreement: bool = False,
) -> ValueComment:
    """Add a comment or an own example to a value (not to a merged one), attributed and
    time-stamped; a disagreement stays marked as one."""
    if Value.objects.filter(pk=value.pk, merged_into__isnull=False).exists():
        raise DebateError(_("This value has been merged into another value; comment there."))
    return ValueComment.objects.create(
        value=value, author=actor, text=text, kind=kind, is_disagreement=is_disagreement
    )


@transaction.atomic
def relate_values(*, actor: Membership, from_value: Value, to_value: Value, kind: str):
    """Link two different values of the same process; linking twice the same way is a no-op."""
    if from_value.pk == to_value.pk:
        raise DebateError(_("A value cannot be related to itself."))
    if from_value.group.process_id != to_value.group.process_id:
        raise DebateError(_("Values can only be related within one process."))
    relation, _created = ValueRelation.objects.get_or_create(
        from_value=from_value, to_value=to_value, kind=kind, defaults={"author": actor}
    )
    return relation


@transaction.atomic
def remove_relation(*, actor: Membership, relation: ValueRelation) -> None:
    """Remove a link between two values."""
    relation.delete()


@transaction.atomic
def set_ideal(*, actor: Membership, value: Value, is_ideal: bool) -> Value:
    """Mark (or unmark) a value as one of the group's ideals; recorded in its history."""
    locked = Value.objects.select_for_update().get(pk=value.pk)
    if locked.merged_into_id:
        raise DebateError(_("This value has been merged into another value."))
    if locked.is_ideal == is_ideal:
        return locked
    locked.is_ideal = is_ideal
    _record(locked, actor=actor, kind=ValueRevision.Kind.EDITED, changed=["is_ideal"])
    return locked
