"""Mark the live scopes of a process as changed whenever something the live pages show is
written, so polls answer 304 only while nothing changed.

Signal receivers rather than calls in every action: the debate actions stay as they are, and
a new action that saves one of these models is covered without anyone remembering the board.
Bulk `.update()` calls send no signals; the actions that use them (merges, dot counts) also
save a row that does (`ValueMerge`, `Dot`). Connected in `LiveConfig.ready`.
"""

from django.db.models.signals import post_delete, post_save

from debate.models import Dot, Idea, PrioritisationRound, Value, ValueMerge
from processes.models import AgendaItem, Group, GroupMembership, Process, Seminar

from .models import LiveStamp, SeminarLiveState
from .services import bump_live_version, group_key, process_key, shared_key


def _process_of_group(group_id: int) -> int | None:
    return Group.objects.filter(pk=group_id).values_list("process_id", flat=True).first()


def _bump_group(group_id: int | None) -> None:
    if group_id is None:
        return
    process_id = _process_of_group(group_id)
    if process_id is not None:
        bump_live_version(process_id, group_id=group_id)


def _bump_round(process_id: int, group_id: int | None) -> None:
    if group_id is None:  # a plenary round shows in every group's live view
        bump_live_version(process_id, shared=True)
    else:
        bump_live_version(process_id, group_id=group_id)


def _seminar_changed(seminar_id: int) -> None:
    process_id = Seminar.objects.filter(pk=seminar_id).values_list("process_id", flat=True).first()
    if process_id is not None:
        bump_live_version(process_id, shared=True)


def entry_changed(sender, instance, **kwargs):
    """A value or an idea was added, edited, merged away or deleted."""
    _bump_group(instance.group_id)


def merge_changed(sender, instance, **kwargs):
    group_id = Value.objects.filter(pk=instance.target_id).values_list("group_id", flat=True)
    _bump_group(group_id.first())


def round_changed(sender, instance, **kwargs):
    _bump_round(instance.process_id, instance.group_id)


def dot_changed(sender, instance, created=False, **kwargs):
    """Only the number of voters shows while a round is open (the dots are secret), so only
    a voter's first dot in, or last dot out of, a round changes what the pages show."""
    if kwargs.get("signal") is post_save and not created:
        return
    dots_left = Dot.objects.filter(round_id=instance.round_id, voter_id=instance.voter_id).count()
    if dots_left != (1 if created else 0):
        return
    round = PrioritisationRound.objects.filter(pk=instance.round_id).values(
        "process_id", "group_id"
    )
    for row in round:
        _bump_round(row["process_id"], row["group_id"])


def live_state_changed(sender, instance, created=False, **kwargs):
    # A new state (made by the first page that needs a join code) has no item or timer yet:
    # nothing shown elsewhere changes, and that first page must not invalidate itself.
    if not created:
        _seminar_changed(instance.seminar_id)


def agenda_item_changed(sender, instance, **kwargs):
    _seminar_changed(instance.seminar_id)


def process_changed(sender, instance, **kwargs):
    # The author mode and the title show on every live page.
    bump_live_version(instance.pk, shared=True)


def process_deleted(sender, instance, **kwargs):
    LiveStamp.objects.filter(key__in=[process_key(instance.pk), shared_key(instance.pk)]).delete()


def group_changed(sender, instance, **kwargs):
    bump_live_version(instance.process_id, group_id=instance.pk)


def group_deleted(sender, instance, **kwargs):
    LiveStamp.objects.filter(key=group_key(instance.pk)).delete()
    bump_live_version(instance.process_id)


def group_membership_changed(sender, instance, **kwargs):
    # Who may write in the group decides whether its live view offers the form.
    _bump_group(instance.group_id)


RECEIVERS = [
    (Value, entry_changed),
    (Idea, entry_changed),
    (ValueMerge, merge_changed),
    (PrioritisationRound, round_changed),
    (Dot, dot_changed),
    (SeminarLiveState, live_state_changed),
    (AgendaItem, agenda_item_changed),
    (GroupMembership, group_membership_changed),
]


def connect() -> None:
    for model, receiver in RECEIVERS:
        uid = f"live-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
    post_save.connect(process_changed, sender=Process, dispatch_uid="live-process")
    post_delete.connect(process_deleted, sender=Process, dispatch_uid="live-process")
    post_save.connect(group_changed, sender=Group, dispatch_uid="live-group")
    post_delete.connect(group_deleted, sender=Group, dispatch_uid="live-group")
