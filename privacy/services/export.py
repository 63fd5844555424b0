"""A person's download of their own data: everything QualityHub holds about them.

`collect` gathers it through the registry, so a model described there is in the download
without further work: every row linked to the person (their account, memberships, what they
wrote, voted, reviewed, owned, entered, signed up for, and the audit rows about what they
did), every place in their organisations' text that names them (quoted, not the whole row,
since the rest may be someone else's), and the invitations sent to their address.

Answers to an anonymous evaluation are linked to no one by design: the download says that
the person has answered (the has-answered row), never what. Only the answers of an
evaluation the facilitator made named before it opened are the person's, and listed.

`request_export` creates a `DataExport` row and sends its id to the Celery task
(`build_export`) once the transaction has committed; the task builds the ZIP (data.json, one
CSV per kind of row, a README), stores it under a random name and sets the row ready, with
the day the link stops working. The task is idempotent: a ready export is left alone and a
rebuild replaces the file.

The task is defined here, beside the services it runs; `privacy.tasks` imports it, so
services never import `tasks`.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import json
import logging
import uuid
import zipfile
from datetime import timedelta
from functools import partial
from typing import Any

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.services.exports import neutralise
from core.jobs import STALL_AFTER, JobKind, fail, replace_file, run_job
from core.queueing import QUEUE_ERRORS
from organisations.models import Invitation, Membership

from ..models import DataExport
from ..registry import Entry, entries
from . import PrivacyError
from .matching import Person
from .rows import linked_rows, mentions

logger = logging.getLogger(__name__)
EXPORT_FORMAT = 1
Status = DataExport.Status
SERVICE_DOWN_MESSAGE = gettext_lazy(
    "The service that makes the file cannot be reached right now. Try again in a moment."
)


# -- What is collected ------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def serialise_row(row: models.Model, entry: Entry) -> dict[str, Any]:
    data = {}
    for model_field in row._meta.concrete_fields:
        if model_field.name in entry.omit:
            continue
        data[model_field.attname] = _plain(getattr(row, model_field.attname))
    return data


def collect(user) -> dict[str, Any]:
    """Everything about `user`, as plain JSON."""
    memberships = list(
        Membership.objects.filter(user=user).select_related("organisation").order_by("pk")
    )
    sections = []
    for entry in entries():
        if not (entry.person or entry.login):
            continue
        rows = [
            serialise_row(row, entry)
            for row in linked_rows(entry, user, memberships).order_by("pk")
        ]
        if rows:
            model = entry.model_class
            sections.append(
                {
                    "model": model._meta.label_lower,
                    "title": str(model._meta.verbose_name_plural),
                    "rows": rows,
                }
            )
    person = Person.of_user(user)
    organisation_ids = [m.organisation_id for m in memberships]
    found = [
        {
            "model": mention.entry.model_class._meta.label_lower,
            "id": _plain(mention.pk),
            "field": mention.field,
            "excerpts": mention.excerpts,
        }
        for mention in mentions(person, organisation_ids, skip=["auth.User"])
    ]
    invitations = []
    if person.emails:
        query = Q()
        for email in person.emails:
            query |= Q(email__iexact=email)
        for invitation in Invitation.objects.filter(query).order_by("pk"):
            row = {
                f.attname: _plain(getattr(invitation, f.attname))
                for f in invitation._meta.concrete_fields
            }
            row.pop("token", None)
            invitations.append(row)
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "person": {
            "id": user.pk,
            "name": user.get_full_name(),
            "email": user.email,
            "username": user.username,
            "organisations": [m.organisation.name for m in memberships],
        },
        "notes": [str(note) for note in NOTES],
        "sections": sections,
        "invitations_to_you": invitations,
        "mentions": found,
    }


NOTES = [
    gettext_lazy(
        "Answers to an anonymous evaluation are linked to no one, by design: this file says "
        "that you answered (evaluation.respondent), never what. Only the answers of an "
        "evaluation that was made named before it opened are yours and listed "
        "(evaluation.response and evaluation.answer)."
    ),
    gettext_lazy(
        "Each row keeps the ids of the rows it refers to; your own rows are linked to your "
        "account (auth.user) or your memberships (organisations.membership)."
    ),
    gettext_lazy(
        "“mentions” quotes every place in your organisations' text that names you or gives "
        "your email address: what someone else wrote is quoted around your name only, since "
        "the rest is theirs."
    ),
    gettext_lazy("Password reset links are not stored: they are signed, and expire by themselves."),
]


# -- The file ---------------------------------------------------------------------------------


def _csv(rows: list[dict[str, Any]]) -> str:
    header: list[str] = []
    for row in rows:
        header.extend(key for key in row if key not in header)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(header)
    for row in rows:
        cells = []
        for key in header:
            value = row.get(key, "")
            if isinstance(value, dict | list):
                value = json.dumps(value, ensure_ascii=False)
            cells.append(neutralise("" if value is None else str(value)))
        writer.writerow(cells)
    return output.getvalue()


def build_zip(user, language: str) -> bytes:
    data = collect(user)
    with translation.override(language):
        readme = render_to_string(
            "privacy/export_readme.txt",
            {"data": data, "valid_days": settings.PRIVACY_EXPORT_VALID_DAYS},
        )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for section in data["sections"]:
            archive.writestr(f"csv/{section['model']}.csv", _csv(section["rows"]))
        if data["invitations_to_you"]:
            archive.writestr("csv/invitations-to-you.csv", _csv(data["invitations_to_you"]))
        if data["mentions"]:
            mention_rows = [{**m, "excerpts": " | ".join(m["excerpts"])} for m in data["mentions"]]
            archive.writestr("csv/mentions.csv", _csv(mention_rows))
    return output.getvalue()


# -- Asking for it, and the task that makes it ------------------------------------------------


def current_export(user) -> DataExport | None:
    """The person's newest export that is still being made or can still be downloaded."""
    now = timezone.now()
    for export in DataExport.objects.filter(user=user).order_by("-requested_at")[:1]:
        if export.status in (Status.QUEUED, Status.BUILDING) and not is_stalled(export, now):
            return export
        if export.is_available(now):
            return export
    return None


def is_stalled(export: DataExport, now=None) -> bool:
    now = now or timezone.now()
    since = export.started_at if export.status == Status.BUILDING else export.requested_at
    return export.status in (Status.QUEUED, Status.BUILDING) and now - since > STALL_AFTER


def request_export(*, user, language: str) -> DataExport:
    """A new download of the person's data, made by the worker after the commit.

    One at a time: while one is being made, that one is returned. If the queue cannot be
    reached, the row is kept as failed with a message saying so, and `PrivacyError` raised.
    """
    with transaction.atomic():
        # Lock the account's row so two clicks make one export.
        get_user_model().objects.select_for_update().get(pk=user.pk)
        running = current_export(user)
        if running is not None and running.status in (Status.QUEUED, Status.BUILDING):
            return running
        export = DataExport.objects.create(user=user, language=language)
        transaction.on_commit(partial(_queue, export.pk))
    export.refresh_from_db()
    if export.status == Status.FAILED:
        raise PrivacyError(str(SERVICE_DOWN_MESSAGE))
    return export


def _queue(export_id: int) -> None:
    try:
        build_export.apply_async(args=[str(export_id)], retry=False)
    except QUEUE_ERRORS as error:
        logger.warning("Could not queue data export %s: %s", export_id, error)
        fail(DataExport, export_id, str(SERVICE_DOWN_MESSAGE))


@shared_task(
    name="privacy.tasks.build_export",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=2,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def build_export(self, export_id: str) -> str:
    """Build the ZIP of export `export_id`. Idempotent: a ready or expired export is left
    alone; a redelivery after a worker died builds it again under the same row."""
    return run_job(self, EXPORT_ZIP, export_id, make=_make_zip, store=_store_zip)


def _make_zip(export: DataExport) -> bytes:
    return build_zip(export.user, export.language or settings.LANGUAGE_CODE)


def _store_zip(export: DataExport, content: bytes) -> None:
    replace_file(export, "export.zip", content)
    export.size = len(content)
    export.expires_at = timezone.now() + timedelta(days=settings.PRIVACY_EXPORT_VALID_DAYS)


def _not_made(error: Exception) -> str:
    # What failed may be about someone else's rows: the person is told only to try again.
    return _("The file could not be made. Try again.")


EXPORT_ZIP = JobKind(
    model=DataExport,
    working=Status.BUILDING,
    finished=[Status.READY, Status.EXPIRED],
    too_long=gettext_lazy("Making the file took too long."),
    failed=_not_made,
    related=("user",),
    retry_after=10,
)


def delete_exports(queryset) -> int:
    """Delete exports with their files."""
    count = 0
    for export in queryset:
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count


def expire_exports(now=None) -> int:
    """Delete the files of exports whose link has run out; the rows stay as expired."""
    now = now or timezone.now()
    count = 0
    for export in DataExport.objects.filter(status=Status.READY, expires_at__lte=now):
        if export.file:
            export.file.delete(save=False)
        DataExport.objects.filter(pk=export.pk).update(status=Status.EXPIRED, file="", size=0)
        count += 1
    return count
