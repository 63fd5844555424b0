"""Merging near-duplicate values of a group, and undoing a merge. Each action runs in one
transaction and writes its own history; the dots in open rounds move with the values.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Membership

from ..models import (
    Dot,
    PrioritisationRound,
    RoundCandidate,
    Value,
    ValueComment,
    ValueMerge,
    ValueRevision,
)
from .common import DebateError
from .values import _record

# The text a merge appends to the target, between the target's text and each source's.
MERGE_SEPARATOR = "\n\n"
# What a merge and its undo change on the target, saved under its next version.
TARGET_FIELDS = ("examples", "dilemmas", "also_called")


def _appended_chunk(current: str, addition: str) -> str:
    """The exact text appended to `current` to add `addition` (empty if nothing to add)."""
    addition = addition.strip()
    if not addition:
        return ""
    return (MERGE_SEPARATOR if current else "") + addition


@transaction.atomic
def merge_values(*, actor: Membership, target: Value, sources: Iterable[Value]) -> ValueMerge:
    """Merge near-duplicate `sources` into `target`, all of one group.

    Guarantees: each source's examples and dilemmas are appended to the target's, its
    comments move to the target, its name is added to the target's "also called", and it is
    marked as merged into the target (hidden from lists, still stored). In every open round
    where a source is a candidate, its dots move to the target's candidate (created in the
    source's place on the ballot if the target is not a candidate), see `_carry_dots_over`.
    The returned ValueMerge records exactly what was appended and which comments and dots
    moved, so `undo_merge` restores the previous state. Both target and sources get a new
    version, so an edit started before the merge is reported as a conflict.
    """
    source_pks = sorted({s.pk for s in sources} - {target.pk})
    if not source_pks:
        raise DebateError(_("Choose at least one other value to merge into the target."))
    # Lock in primary-key order so two concurrent merges cannot deadlock.
    locked = {
        v.pk: v
        for v in Value.objects.select_for_update()
        .filter(pk__in=[target.pk, *source_pks])
        .order_by("pk")
    }
    target = locked[target.pk]
    sources = [locked[pk] for pk in source_pks if pk in locked]
    if len(sources) != len(source_pks):
        raise DebateError(_("One of the values no longer exists."))
    if target.merged_into_id or any(s.merged_into_id for s in sources):
        raise DebateError(_("A value that is already merged cannot be merged again."))
    if any(s.group_id != target.group_id for s in sources):
        raise DebateError(_("Only values of the same group can be merged."))

    appended = {"examples": "", "dilemmas": ""}
    for source in sources:
        for field, source_text in (
            ("examples", source.examples),
            ("dilemmas", source.dilemmas),
        ):
            chunk = _appended_chunk(getattr(target, field), source_text)
            setattr(target, field, getattr(target, field) + chunk)
            appended[field] += chunk
    existing_names = target.also_called_names
    added_names = []
    for source in sources:
        for name in [source.name, *source.also_called_names]:
            if name not in existing_names and name not in added_names and name != target.name:
                added_names.append(name)
    target.also_called = "\n".join([*existing_names, *added_names])

    moved = {}
    for source in sources:
        comment_pks = list(source.comments.values_list("pk", flat=True))
        moved[str(source.pk)] = comment_pks
        ValueComment.objects.filter(pk__in=comment_pks).update(value=target)
    dots = _carry_dots_over(target, source_pks)

    Value.objects.filter(pk__in=source_pks).update(
        merged_into=target, version=F("version") + 1, updated_at=timezone.now()
    )
    merge = ValueMerge.objects.create(
        target=target,
        actor=actor,
        undo_data={
            "appended": {k: v for k, v in appended.items() if v},
            "also_called": added_names,
            "comments": moved,
            "dots": dots,
        },
    )
    merge.sources.set(source_pks)
    _record(target, actor=actor, kind=ValueRevision.Kind.MERGED, changed=TARGET_FIELDS)
    return merge


def _lock_open_rounds(round_ids) -> list[PrioritisationRound]:
    """Lock the rounds (in primary-key order, as `place_dot` and `close_round` lock them one
    by one) so no dot is placed, taken back or closed in while dots move."""
    return list(
        PrioritisationRound.objects.select_for_update().filter(pk__in=round_ids).order_by("pk")
    )


def _carry_dots_over(target: Value, source_pks: list[int]) -> dict[str, dict[str, Any]]:
    """Move the dots on the sources' candidates in open rounds to the target's candidate.

    The Dot rows are re-pointed, so each voter keeps exactly the dots they placed (a voter
    with dots on a source and on the target now has the sum on the target) and no ballot's
    count changes: nobody can pass the round's limit this way. If the target is not a
    candidate of the round it becomes one, at the first source's place on the ballot. The
    sources' candidates stay (empty) so undo can move the same dots back; the ballot hides
    them and refuses dots on them. Closed rounds are not touched: their results are on
    record. Returns {round pk: {"target_candidate", "created", "moved": {candidate pk:
    [dot pks]}}} for `ValueMerge.undo_data`.
    """
    candidates = list(
        RoundCandidate.objects.filter(
            value_id__in=source_pks, round__status=PrioritisationRound.Status.OPEN
        ).order_by("position", "pk")
    )
    if not candidates:
        return {}
    carried = {}
    for round in _lock_open_rounds({c.round_id for c in candidates}):
        if not round.is_open:
            continue  # closed while we waited for the lock: its results are on record
        here = [c for c in candidates if c.round_id == round.pk]
        target_candidate = RoundCandidate.objects.filter(round=round, value=target).first()
        created = target_candidate is None
        if created:
            target_candidate = RoundCandidate.objects.create(
                round=round, value=target, position=here[0].position
            )
        moved = {}
        for candidate in here:
            dot_pks = list(Dot.objects.filter(candidate=candidate).values_list("pk", flat=True))
            if dot_pks:
                Dot.objects.filter(pk__in=dot_pks).update(candidate=target_candidate)
            moved[str(candidate.pk)] = dot_pks
        carried[str(round.pk)] = {
            "target_candidate": target_candidate.pk,
            "created": created,
            "moved": moved,
        }
    return carried


def _carry_dots_back(carried: dict[str, dict[str, Any]]) -> bool:
    """Undo `_carry_dots_over`: the recorded dots that are still on the target's candidate go
    back to their source's candidate, and a candidate the merge created is removed again if
    no dot is left on it. A round closed since keeps its dots (its results are on record);
    returns False if that happened for any round."""
    all_back = True
    for round in _lock_open_rounds([int(pk) for pk in carried]):
        entry = carried[str(round.pk)]
        if not round.is_open:
            all_back = False
            continue
        for candidate_pk, dot_pks in entry["moved"].items():
            Dot.objects.filter(pk__in=dot_pks, candidate_id=entry["target_candidate"]).update(
                candidate_id=int(candidate_pk)
            )
        if entry["created"]:
            RoundCandidate.objects.filter(pk=entry["target_candidate"], dots__isnull=True).delete()
    return all_back


def _remove_last(text: str, chunk: str) -> tuple[str, bool]:
    """`text` without the last occurrence of `chunk`; False if it is not there any more."""
    if not chunk:
        return text, True
    index = text.rfind(chunk)
    if index < 0:
        return text, False
    return text[:index] + text[index + len(chunk) :], True


@transaction.atomic
def undo_merge(*, actor: Membership, merge: ValueMerge) -> list[str]:
    """Undo a merge: the sources come back and the target loses what the merge brought.

    Guarantees: the sources are no longer merged; exactly the comments that came from each
    source move back to it (comments written on the target since stay on the target); the
    text the merge appended to the target's examples and dilemmas is removed again and the
    names it added to "also called" are dropped. If the target's text was edited so the
    appended text can no longer be found, that field is left as it is and its name is
    returned, so the page can say so. Cannot be undone twice or while the target itself is
    merged into another value.

    The dots the merge moved in open rounds go back to the sources (see `_carry_dots_back`);
    in a round closed since they stay, and "dots" is among the returned names.
    """
    merge = ValueMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at:
        raise DebateError(_("This merge has already been undone."))
    target = Value.objects.select_for_update().get(pk=merge.target_id)
    if target.merged_into_id:
        raise DebateError(
            _("The value has since been merged into another value; undo that merge first.")
        )
    data = merge.undo_data
    left_as_is = []
    for field, chunk in data.get("appended", {}).items():
        new_text, found = _remove_last(getattr(target, field), chunk)
        if found:
            setattr(target, field, new_text)
        else:
            left_as_is.append(field)
    added = set(data.get("also_called", []))
    target.also_called = "\n".join(n for n in target.also_called_names if n not in added)

    source_pks = list(merge.sources.values_list("pk", flat=True))
    for source_pk, comment_pks in data.get("comments", {}).items():
        ValueComment.objects.filter(pk__in=comment_pks).update(value_id=int(source_pk))
    Value.objects.filter(pk__in=source_pks, merged_into=target).update(
        merged_into=None, version=F("version") + 1, updated_at=timezone.now()
    )
    if not _carry_dots_back(data.get("dots", {})):
        left_as_is.append("dots")
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    _record(target, actor=actor, kind=ValueRevision.Kind.UNMERGED, changed=TARGET_FIELDS)
    return left_as_is
