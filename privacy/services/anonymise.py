"""Anonymising a person in an organisation: irreversible, and complete.

What happens (`anonymise`), all in one transaction:

1. The person becomes "Former participant N" (N counts the organisation's anonymised people,
   the words in the organisation's language). If the account is used in no other
   organisation, the account itself is changed: that name, an unroutable unique address
   under `.invalid` (RFC 2606) as email and username, no usable password, closed; its
   sessions, login records and downloads are deleted. If the person is still a member
   elsewhere, their account stays theirs there: a new closed account with the pseudonym takes
   over this organisation's membership and every link to the account in this organisation.
2. The membership's profile (department, background, years, year of birth) and the
   profession of their quality-team seats are emptied; invitations to their address go.
3. Their name and email address are replaced by the pseudonym and the placeholder in every
   text and JSON field the registry lists, in the organisation's rows: what others wrote,
   edit histories (revision data), merge undo data, audit rows, the frozen snapshots of the
   catalogue editions. With the account changed, also in the administrators' log.
4. A published edition whose snapshot or texts changed gets its PDF made again, as a new
   rendition of the same edition number, with a note in the edition's history; the old PDF
   is deleted at once, so no copy with the name is left if the new rendering fails. A status
   report that showed them (as owner, or in its text) is withdrawn: its PDF is deleted and
   the report page offers to make it again.
5. An `AnonymisationRecord` logs a random reference, the day, the reason and the actor;
   nothing about the person.

Content they wrote stays (the group's work is the organisation's), pointing to the
pseudonym. What is not changed: a first name written alone in someone's text ("Mette said"),
which cannot be told from another Mette's; uploaded files (framework documents, story
images), which are not text QualityHub can rewrite.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from functools import partial
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalog.models import Edition, RenderJob
from catalog.services.rendering import SERVICE_DOWN_MESSAGE, queue_render
from core import jobs
from core.queueing import QUEUE_ERRORS
from implementation.models import Initiative, StatusReport
from organisations.emails import COUNTRY_LANGUAGE
from organisations.models import Invitation, Membership, Organisation

from ..models import AnonymisationRecord, DataExport, EditionNote, Pseudonym, RetentionNotice
from ..registry import entries
from . import PrivacyError
from .export import delete_exports
from .matching import Person, prefilter, replace_in
from .rows import in_organisations, linked_rows

logger = logging.getLogger(__name__)
Role = Membership.Role
PLACEHOLDER_DOMAIN = "anonymised.invalid"
Reason = AnonymisationRecord.Reason


@dataclass
class Outcome:
    record: AnonymisationRecord
    pseudonym: str
    rows: int = 0
    editions: list[int] = field(default_factory=list)
    reports: list[int] = field(default_factory=list)


def normalised(name: str) -> str:
    return " ".join(name.split()).casefold()


def is_anonymised(membership: Membership) -> bool:
    return Pseudonym.objects.filter(user_id=membership.user_id).exists()


def check_can_anonymise(*, actor: Membership, membership: Membership) -> None:
    """Raise PrivacyError when `actor` may not anonymise `membership` (the page shows why)."""
    if actor.role != Role.FACILITATOR or actor.organisation_id != membership.organisation_id:
        raise PrivacyError(_("Only the organisation's facilitators can anonymise a person."))
    if membership.pk == actor.pk:
        raise PrivacyError(
            _("You cannot anonymise yourself. Ask another facilitator of the organisation.")
        )
    if is_anonymised(membership):
        raise PrivacyError(_("This person has already been anonymised."))
    user = membership.user
    if user.is_staff or user.is_superuser:
        raise PrivacyError(
            _("This is a site administrator's account; a site administrator must close it.")
        )


@transaction.atomic
def anonymise_member(
    *, actor: Membership, membership: Membership, reason: str, confirmation: str
) -> Outcome:
    """A facilitator anonymises a member of their organisation, having typed the person's
    name to confirm. Irreversible (see the module's docstring for what it changes)."""
    membership = Membership.objects.select_related("user", "organisation").get(pk=membership.pk)
    check_can_anonymise(actor=actor, membership=membership)
    if normalised(confirmation) != normalised(membership.display_name):
        raise PrivacyError(_("Type the person's name exactly as it is shown to confirm."))
    if reason not in (Reason.REQUEST, Reason.LEFT):
        raise PrivacyError(_("Choose why the person is anonymised."))
    if membership.role == Role.FACILITATOR:
        # Lock the facilitators' rows so two cannot anonymise each other at the same moment.
        others = list(
            Membership.objects.select_for_update()
            .filter(organisation_id=membership.organisation_id, role=Role.FACILITATOR)
            .exclude(pk=membership.pk)
            .values_list("user_id", flat=True)
        )
        gone = set(Pseudonym.objects.filter(user_id__in=others).values_list("user_id", flat=True))
        if not set(others) - gone:
            raise PrivacyError(_("The organisation needs at least one facilitator."))
    return anonymise(membership, actor=actor, reason=reason)


def anonymise(
    membership: Membership, *, actor: Membership | None, reason: str, now=None
) -> Outcome:
    """Anonymise `membership`'s person in its organisation; `actor` None for the retention
    task. Call inside a transaction; the checks are the caller's."""
    now = now or timezone.now()
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    user = membership.user
    number = (organisation.pseudonyms.aggregate(n=Max("number"))["n"] or 0) + 1
    language = COUNTRY_LANGUAGE.get(organisation.country, settings.LANGUAGE_CODE)
    with translation.override(language):
        pseudonym = _("Former participant %(number)d") % {"number": number}
    placeholder = f"former-{organisation.pk}-{number}-{secrets.token_hex(4)}@{PLACEHOLDER_DOMAIN}"
    person = Person.of_user(user, pseudonym=pseudonym, placeholder_email=placeholder)
    whole_account = not user.memberships.exclude(organisation=organisation).exists()

    reports = _reports_showing(membership)
    _empty_profiles(user, membership, organisation)
    _delete_invitations(person, organisation)
    if whole_account:
        new_user = _close_account(user, pseudonym, placeholder)
    else:
        new_user = _split_account(user, membership, organisation, pseudonym, placeholder)
    delete_exports(DataExport.objects.filter(user=user))
    Pseudonym.objects.create(
        user=new_user, organisation=organisation, number=number, created_at=now
    )
    RetentionNotice.objects.filter(membership=membership).delete()

    changed = scrub(person, [organisation.pk], account_level=whole_account)
    record = AnonymisationRecord.objects.create(
        organisation=organisation, reason=reason, actor=actor, created_at=now
    )
    editions = _render_again(changed.get("catalog.edition", set()), record, now)
    reports |= set(changed.get("implementation.statusreport", set()))
    withdrawn = _withdraw_reports(reports)
    rows = sum(len(pks) for pks in changed.values())
    record.summary = {"rows": rows, "editions": len(editions), "reports": len(withdrawn)}
    record.save(update_fields=["summary"])
    return Outcome(record, pseudonym, rows, editions, withdrawn)


# -- The account ------------------------------------------------------------------------------


def _close_account(user, pseudonym: str, placeholder: str):
    old_usernames = {user.username.lower(), (user.email or "").lower()} - {""}
    user.first_name = pseudonym[: user._meta.get_field("first_name").max_length]
    user.last_name = ""
    user.email = placeholder
    user.username = placeholder
    user.set_unusable_password()
    user.is_active = False
    user.save()
    _delete_sessions(user)
    _delete_login_records(old_usernames)
    return user


def _split_account(user, membership, organisation, pseudonym, placeholder):
    """A new closed account takes over the membership and the organisation's links to the
    account; the person keeps their account for their other organisations."""
    new_user = get_user_model().objects.create(
        username=placeholder,
        email=placeholder,
        first_name=pseudonym[:150],
        is_active=False,
    )
    new_user.set_unusable_password()
    new_user.save(update_fields=["password"])
    Membership.objects.filter(pk=membership.pk).update(user=new_user)
    for entry in entries():
        if entry.org is None:
            continue
        for path, target in entry.person_targets():
            if target != "user" or path == "self" or "__" in path:
                continue
            model_field = entry.model_class._meta.get_field(path)
            if not model_field.many_to_many:
                in_organisations(entry, [organisation.pk]).filter(**{path: user.pk}).update(
                    **{path: new_user.pk}
                )
    return new_user


def _delete_sessions(user) -> None:
    from django.contrib.sessions.models import Session

    # Through the session engine, so that a cached copy (cached_db) goes too.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session.session_key).delete()


def _delete_login_records(usernames: set[str]) -> None:
    from django.apps import apps

    if not usernames or not apps.is_installed("axes"):
        return
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    query = Q()
    for username in usernames:
        query |= Q(username__iexact=username)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(query).delete()


def _empty_profiles(user, membership, organisation) -> None:
    """The registry's profile fields, in the rows linked to the person in the organisation."""
    for entry in entries():
        if not entry.profile:
            continue
        rows = linked_rows(entry, user, [membership])
        if entry.org is not None:
            rows = rows.filter(**{f"{entry.org}": organisation.pk})
        model = entry.model_class
        empty = {name: _empty_value(model._meta.get_field(name)) for name in entry.profile}
        model._base_manager.filter(pk__in=rows.values("pk")).update(**empty)


def _empty_value(model_field: models.Field):
    if model_field.null:
        return None
    if model_field.has_default():
        return model_field.get_default()
    return ""


def _delete_invitations(person: Person, organisation) -> None:
    if not person.emails:
        return
    query = Q()
    for email in person.emails:
        query |= Q(email__iexact=email)
    Invitation.objects.filter(query, organisation=organisation).delete()


# -- The text ---------------------------------------------------------------------------------


def scrub(person: Person, organisation_ids: list[int], *, account_level: bool) -> dict[str, set]:
    """Replace the person in every registered text field of the organisations' rows (and,
    with `account_level`, of the rows that belong to no organisation, such as the
    administrators' log). Returns the changed rows' primary keys by model label."""
    changed: dict[str, set] = {}
    if not person.needles:
        return changed
    for entry in entries():
        if not entry.text or entry.model.lower() == "auth.user":
            continue
        if entry.org is None:
            if not account_level:
                continue
            queryset = in_organisations(entry, None)
        else:
            queryset = in_organisations(entry, organisation_ids)
        narrowed = prefilter(entry.text, [person])
        if narrowed is not None:
            queryset = queryset.filter(narrowed)
        model = entry.model_class
        for row in queryset.only("pk", *entry.text).iterator(chunk_size=500):
            updates = {}
            for name in entry.text:
                before = getattr(row, name)
                after = replace_in(before, person)
                if after != before:
                    max_length = getattr(model._meta.get_field(name), "max_length", None)
                    if isinstance(after, str) and max_length:
                        after = after[:max_length]
                    updates[name] = after
            if updates:
                # update(): no save signals, no auto_now; the content's "last changed" stays.
                model._base_manager.filter(pk=row.pk).update(**updates)
                changed.setdefault(model._meta.label_lower, set()).add(row.pk)
    return changed


# -- The PDFs ---------------------------------------------------------------------------------


def _render_again(edition_ids, record: AnonymisationRecord, now) -> list[int]:
    """Make the PDFs of the changed published editions again, each as a new rendition."""
    rendered = []
    jobs = RenderJob.objects.select_for_update().filter(
        edition_id__in=list(edition_ids), edition__status=Edition.Status.PUBLISHED
    )
    for job in jobs:
        if job.file:
            job.file.delete(save=False)
        job.status = RenderJob.Status.QUEUED
        job.checksum = ""
        job.size = 0
        job.page_count = 0
        job.error = ""
        job.queued_at = now
        job.started_at = None
        job.finished_at = None
        job.save()
        renditions = EditionNote.objects.filter(edition_id=job.edition_id).count()
        EditionNote.objects.create(
            edition_id=job.edition_id,
            rendition=renditions + 2,
            reference=record.reference,
            created_at=now,
        )
        transaction.on_commit(partial(_queue_quietly, job.pk))
        rendered.append(job.edition_id)
    return rendered


def _queue_quietly(job_id: int) -> None:
    """The anonymisation is done whatever the queue says: a rendering that cannot be queued
    is shown as failed, with its retry button, on the edition's page."""
    job = RenderJob.objects.filter(pk=job_id).first()
    if job is None:
        return
    try:
        queue_render(job)
    except QUEUE_ERRORS as error:
        logger.warning("Could not queue the new rendition of edition %s: %s", job.edition_id, error)
        jobs.fail(RenderJob, job_id, str(SERVICE_DOWN_MESSAGE))


def _reports_showing(membership: Membership) -> set[int]:
    """The ready status reports of processes where the person is shown: as an initiative's
    owner or as the leader who signed one off."""
    processes = Initiative.objects.filter(
        Q(owner=membership) | Q(frame_signed_off_by=membership)
    ).values("process_id")
    return set(StatusReport.objects.filter(process_id__in=processes).values_list("pk", flat=True))


def _withdraw_reports(report_ids) -> list[int]:
    withdrawn = []
    for report in StatusReport.objects.select_for_update().filter(pk__in=list(report_ids)):
        if not report.file and report.status != StatusReport.Status.READY:
            continue
        if report.file:
            report.file.delete(save=False)
        with translation.override(report.language):
            report.error = _(
                "This report named a person who has since been anonymised, so its PDF was "
                "deleted. Make it again to get one without the name."
            )
        report.status = StatusReport.Status.FAILED
        report.checksum = ""
        report.size = 0
        report.page_count = 0
        report.finished_at = timezone.now()
        report.save()
        withdrawn.append(report.pk)
    return withdrawn
