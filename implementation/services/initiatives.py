"""Initiatives: added later with a recorded origin, edited without silent overwrites, moved
between statuses with a date and a reason, and signed off by the leader as fitting the legal
and political frame."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.revisions import CREATED, EDITED, lock_for_edit, record_revision, serialise
from organisations.models import Membership
from processes.models import Group, Process, Theme

from ..access import can_sign_off
from ..models import Implementation, Initiative, InitiativeRevision, StatusChange

Status = Initiative.Status
Origin = Initiative.Origin

# What the edit form changes; a revision stores these (foreign keys by id) and the team.
EDITABLE_FIELDS = (
    "title",
    "description",
    "group",
    "theme",
    "owner",
    "users_involvement",
    "start_date",
    "end_date",
)
REVISION_M2M = ("team",)


def long_date(value: datetime.date) -> str:
    """A date as a sentence says it: “3 March 2027” (each language sets its own order)."""
    return date_format(value, pgettext("a date in a sentence", "j F Y"))


def _text(value: str | None) -> str:
    return (value or "").strip()


def _clean(process: Process, fields: dict) -> dict:
    """The editable fields checked against the process: group, theme, owner and team belong
    to it (and its organisation), the title is given, the end is not before the start."""
    errors: dict[str, str] = {}
    cleaned = dict(fields)
    if "title" in cleaned:
        cleaned["title"] = _text(cleaned["title"])
        if not cleaned["title"]:
            errors["title"] = _("Give the initiative a title.")
    if "description" in cleaned:
        cleaned["description"] = cleaned["description"] or ""
    if "users_involvement" in cleaned:
        cleaned["users_involvement"] = cleaned["users_involvement"] or ""
    group = cleaned.get("group")
    if group is not None and group.process_id != process.pk:
        errors["group"] = _("The group is not part of this process.")
    theme = cleaned.get("theme")
    if theme is not None and theme.process_id != process.pk:
        errors["theme"] = _("The theme is not part of this process.")
    if "theme" in cleaned and theme is None and group is not None and not errors.get("group"):
        # A group works on one theme: an initiative of the group is on that theme.
        cleaned["theme"] = group.theme
    owner = cleaned.get("owner")
    if owner is not None and owner.organisation_id != process.organisation_id:
        errors["owner"] = _("The owner must be a member of the organisation.")
    team = cleaned.get("team")
    if team is not None:
        team = list(dict.fromkeys(team))
        if any(m.organisation_id != process.organisation_id for m in team):
            errors["team"] = _("Everyone on the team must be a member of the organisation.")
        cleaned["team"] = team
    start, end = cleaned.get("start_date"), cleaned.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("The end date (%(end)s) is before the start date (%(start)s).") % {
            "end": long_date(end),
            "start": long_date(start),
        }
    if errors:
        raise ValidationError(errors, code="invalid")
    return cleaned


@transaction.atomic
def add_initiative(
    process: Process,
    *,
    actor: Membership,
    title: str,
    origin: str,
    origin_reason: str,
    description: str = "",
    group: Group | None = None,
    theme: Theme | None = None,
    owner: Membership | None = None,
    team: Iterable[Membership] = (),
    users_involvement: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Initiative:
    """Add an initiative that did not come from the catalogue (a café meeting, an idea
    workshop, a proposal from staff or users), with its origin and the reason it is taken
    up. It starts as planned, with its first status change and revision recorded."""
    today = today or timezone.localdate()
    if not Implementation.objects.filter(process=process).exists():
        raise ValidationError(
            _("Start implementation from a published catalogue edition first."), code="unstarted"
        )
    errors = {}
    if origin not in Origin.values or origin == Origin.CATALOGUE:
        errors["origin"] = _("Choose where the initiative comes from.")
    origin_reason = _text(origin_reason)
    if not origin_reason:
        errors["origin_reason"] = _(
            "Say where the initiative comes from and why it is taken up now."
        )
    try:
        cleaned = _clean(
            process,
            {
                "title": title,
                "description": description,
                "group": group,
                "theme": theme,
                "owner": owner,
                "team": list(team),
                "users_involvement": users_involvement,
                "start_date": start_date,
                "end_date": end_date,
            },
        )
    except ValidationError as error:
        errors = {**{k: v[0] for k, v in error.message_dict.items()}, **errors}
    if errors:
        raise ValidationError(errors, code="invalid")
    team = cleaned.pop("team")
    initiative = Initiative.objects.create(
        process=process,
        origin=origin,
        origin_reason=origin_reason,
        status=Status.PLANNED,
        status_changed_on=today,
        created_by=actor,
        **cleaned,
    )
    initiative.team.set(team)
    StatusChange.objects.create(
        initiative=initiative,
        from_status="",
        to_status=Status.PLANNED,
        changed_on=today,
        reason=_("Added: %(origin)s.") % {"origin": initiative.get_origin_display()},
        actor=actor,
    )
    record_revision(initiative, actor=actor, kind=CREATED, fields=EDITABLE_FIELDS, m2m=REVISION_M2M)
    return initiative


def _differs(initiative: Initiative, field: str, value) -> bool:
    if field == "team":
        return {m.pk for m in initiative.team.all()} != {m.pk for m in value}
    current = getattr(initiative, field)
    return current != value


@transaction.atomic
def update_initiative(
    initiative: Initiative, *, actor: Membership, expected_version: int, **fields
) -> Initiative:
    """Change an initiative's text, group and theme, owner, team and dates, unless someone
    saved it since `expected_version`.

    Guarantees: the row is locked while it is compared and written, so of two edits from
    the same version one is saved and the other raises `EditConflict` carrying both
    versions; a saved change raises the version and records a revision; nothing changes
    when a field is invalid (an end before the start, an owner from another organisation).
    """
    unknown = set(fields) - {*EDITABLE_FIELDS, *REVISION_M2M}
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    locked = lock_for_edit(
        Initiative.objects.select_related("process"),
        initiative.pk,
        expected_version=expected_version,
        attempted=fields,
    )
    # Dates not in the form keep their stored values for the start-before-end check.
    check = {"start_date": locked.start_date, "end_date": locked.end_date, **fields}
    cleaned = _clean(locked.process, check)
    cleaned = {k: v for k, v in cleaned.items() if k in fields}
    changed = [f for f, value in cleaned.items() if _differs(locked, f, value)]
    if not changed:
        return locked
    for field in changed:
        if field != "team":
            setattr(locked, field, cleaned[field])
    if "team" in changed:
        locked.team.set(cleaned["team"])
    record_revision(
        locked,
        actor=actor,
        kind=EDITED,
        fields=EDITABLE_FIELDS,
        m2m=REVISION_M2M,
        changed=[f for f in changed if f != "team"],
    )
    initiative.version = locked.version
    return locked


@transaction.atomic
def change_status(
    initiative: Initiative,
    *,
    actor: Membership,
    to_status: str,
    changed_on: datetime.date | None,
    reason: str,
    today: datetime.date | None = None,
) -> StatusChange:
    """Move the initiative to `to_status` as of `changed_on`, for `reason`.

    Guarantees: a date and a reason are required; the date is neither in the future nor
    before the current status began, so the history reads in order; the change is recorded
    as a StatusChange with the status it left. The row is locked, so two changes at once
    are recorded one after the other.
    """
    today = today or timezone.localdate()
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    errors = {}
    if to_status not in Status.values:
        errors["to_status"] = _("Choose a status.")
    elif to_status == locked.status:
        errors["to_status"] = _("The initiative is already “%(status)s”.") % {
            "status": locked.get_status_display()
        }
    reason = _text(reason)
    if not reason:
        errors["reason"] = _("Say why the status changes.")
    if changed_on is None:
        errors["changed_on"] = _("Give the date of the change.")
    elif changed_on > today:
        errors["changed_on"] = _("%(date)s is in the future: today is %(today)s.") % {
            "date": long_date(changed_on),
            "today": long_date(today),
        }
    elif locked.status_changed_on and changed_on < locked.status_changed_on:
        errors["changed_on"] = _(
            "The current status began on %(date)s: date the change on that day or later."
        ) % {"date": long_date(locked.status_changed_on)}
    if errors:
        raise ValidationError(errors, code="invalid")
    change = StatusChange.objects.create(
        initiative=locked,
        from_status=locked.status,
        to_status=to_status,
        changed_on=changed_on,
        reason=reason,
        actor=actor,
    )
    locked.status = to_status
    locked.status_changed_on = changed_on
    locked.save(update_fields=["status", "status_changed_on", "updated_at"])
    initiative.status, initiative.status_changed_on = to_status, changed_on
    return change


def _record_sign_off(initiative: Initiative, *, actor: Membership, kind: str, note: str):
    # Not a new version: signing off changes nothing an editor is writing. The fields are
    # stored as they stand, so the history shows no field as changed by the sign-off.
    data = {**serialise(initiative, EDITABLE_FIELDS, REVISION_M2M), "note": note}
    return initiative.revisions.create(
        editor=actor, kind=kind, version=initiative.version, data=data
    )


@transaction.atomic
def sign_off_frame(initiative: Initiative, *, actor: Membership, note: str = "") -> Initiative:
    """The leader's word that the initiative fits the legal and political frame (the given
    frame of its theme). Signing again replaces the note; each sign-off is recorded."""
    if not can_sign_off(actor):
        raise PermissionDenied
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    locked.frame_signed_off_by = actor
    locked.frame_signed_off_at = timezone.now()
    locked.frame_note = _text(note)
    locked.save(
        update_fields=["frame_signed_off_by", "frame_signed_off_at", "frame_note", "updated_at"]
    )
    _record_sign_off(
        locked, actor=actor, kind=InitiativeRevision.Kind.SIGNED_OFF, note=locked.frame_note
    )
    return locked


@transaction.atomic
def withdraw_sign_off(initiative: Initiative, *, actor: Membership, note: str = "") -> Initiative:
    """Take the leader's sign-off back (the initiative changed, or the frame did); the
    withdrawal and its note are recorded."""
    if not can_sign_off(actor):
        raise PermissionDenied
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not locked.is_signed_off:
        raise ValidationError(_("The initiative is not signed off."), code="not_signed_off")
    locked.frame_signed_off_by = None
    locked.frame_signed_off_at = None
    locked.frame_note = ""
    locked.save(
        update_fields=["frame_signed_off_by", "frame_signed_off_at", "frame_note", "updated_at"]
    )
    _record_sign_off(locked, actor=actor, kind=InitiativeRevision.Kind.WITHDRAWN, note=_text(note))
    return locked


@transaction.atomic
def set_update_interval(implementation: Implementation, *, actor: Membership, days: int):
    """How many days may pass between an initiative's progress updates (7 to 365)."""
    if not 7 <= days <= 365:
        raise ValidationError(
            {"update_interval_days": _("Choose between 7 and 365 days.")}, code="range"
        )
    implementation.update_interval_days = days
    implementation.save(update_fields=["update_interval_days"])
    return implementation
