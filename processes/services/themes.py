"""Themes of a process and the framework documents behind them.

A theme is designed from the organisation's current challenges and its given value universe;
framework documents (a law, a municipal policy, a development contract) are that universe in
writing, kept as a link, an uploaded file or both.

`actor` is always the Membership of the person acting (a facilitator of the organisation).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from organisations.models import Membership
from processes.models import FrameworkDocument, Process, Theme, ValueStream

# What a framework document may be, by extension, and what its first bytes must look like.
PDF = "pdf"
ZIP_BASED = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}
TEXT = {"txt", "md", "csv"}
ALLOWED_EXTENSIONS = {PDF} | ZIP_BASED | TEXT
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def _check_actor(actor: Membership, process: Process) -> None:
    if actor.organisation_id != process.organisation_id:
        raise ValidationError(_("You can only change processes of your own organisation."))


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def content_type_for(name: str) -> str:
    return CONTENT_TYPES.get(extension_of(name), "application/octet-stream")


def _looks_like_office_file(upload: UploadedFile, extension: str) -> bool:
    """A ZIP with the member that marks an Office Open XML or OpenDocument file."""
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        return False
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
    if extension.startswith("od"):
        return "mimetype" in names
    return "[Content_Types].xml" in names


def _is_utf8_text(upload: UploadedFile) -> bool:
    upload.seek(0)
    try:
        # Bounded by UPLOAD_MAX_BYTES, which is checked first.
        text = upload.read().decode("utf-8")
    except UnicodeDecodeError:
        return False
    # NUL bytes decode as UTF-8 but mean a binary file with a .txt name.
    return "\x00" not in text


def validate_document_file(upload: UploadedFile) -> None:
    """Refuse a file that is too large, of a type we do not keep, or not what its name says.

    The extension decides what we expect; the first bytes must agree (a PDF starts with
    `%PDF`, an office file is a ZIP with its marker member, a text file decodes as UTF-8),
    so a renamed program or page is never served back to other members as a document.
    """
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files can be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = extension_of(upload.name or "")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Upload a PDF, an office document (%(office)s) or a text file (%(text)s).")
            % {
                "office": ", ".join(sorted(f".{e}" for e in ZIP_BASED)),
                "text": ", ".join(sorted(f".{e}" for e in TEXT)),
            },
            code="extension",
        )
    if extension == PDF:
        upload.seek(0)
        ok = upload.read(5).startswith(b"%PDF-")
    elif extension in ZIP_BASED:
        ok = _looks_like_office_file(upload, extension)
    else:
        ok = _is_utf8_text(upload)
    upload.seek(0)
    if not ok:
        raise ValidationError(
            _(
                "The file’s content does not match its name: “%(name)s” is not a valid "
                ".%(extension)s file."
            )
            % {"name": PurePath(upload.name).name, "extension": extension},
            code="content",
        )


# --- Themes ----------------------------------------------------------------------------------


@transaction.atomic
def create_theme(
    *,
    actor: Membership,
    process: Process,
    title: str,
    description: str = "",
    challenges: str = "",
    value_streams: Iterable[ValueStream] = (),
) -> Theme:
    """Add a theme at the end of the process's themes."""
    _check_actor(actor, process)
    # Lock the process so two themes created at once do not share a position.
    Process.objects.select_for_update().filter(pk=process.pk).first()
    last = Theme.objects.filter(process=process).aggregate(last=Max("position"))["last"]
    theme = Theme.objects.create(
        process=process,
        title=title.strip(),
        description=description.strip(),
        challenges=challenges.strip(),
        position=0 if last is None else last + 1,
    )
    theme.value_streams.set(value_streams)
    return theme


@transaction.atomic
def update_theme(
    *,
    actor: Membership,
    theme: Theme,
    title: str,
    description: str = "",
    challenges: str = "",
    value_streams: Iterable[ValueStream] = (),
) -> Theme:
    _check_actor(actor, theme.process)
    theme.title = title.strip()
    theme.description = description.strip()
    theme.challenges = challenges.strip()
    theme.save(update_fields=["title", "description", "challenges"])
    theme.value_streams.set(value_streams)
    return theme


def _delete_files_after_commit(names: list[str]) -> None:
    # Files are not part of the transaction: remove them only once the rows are gone for good.
    def delete():
        storage = FrameworkDocument._meta.get_field("file").storage
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)


@transaction.atomic
def delete_theme(*, actor: Membership, theme: Theme) -> None:
    """Delete the theme and its framework documents (files too).

    Groups working on the theme stay, without a theme.
    """
    _check_actor(actor, theme.process)
    files = [
        name
        for name in FrameworkDocument.objects.filter(theme=theme).values_list("file", flat=True)
        if name
    ]
    theme.delete()
    _delete_files_after_commit(files)


# --- Framework documents ---------------------------------------------------------------------


@transaction.atomic
def add_document(
    *,
    actor: Membership,
    theme: Theme,
    title: str,
    url: str = "",
    file: UploadedFile | None = None,
) -> FrameworkDocument:
    """Keep a framework document for `theme`: a link, a checked file, or both."""
    _check_actor(actor, theme.process)
    if not url and not file:
        raise ValidationError(_("Give a link, upload a file, or both."))
    if file:
        validate_document_file(file)
    document = FrameworkDocument(theme=theme, title=title.strip(), url=url)
    if file:
        # The storage cleans the name and adds a suffix when it is taken.
        document.file.save(PurePath(file.name).name, file, save=False)
    try:
        document.save()
    except Exception:
        # The file is not part of the transaction; do not leave it behind without a row.
        if document.file:
            document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def delete_document(*, actor: Membership, document: FrameworkDocument) -> None:
    _check_actor(actor, document.theme.process)
    files = [document.file.name] if document.file else []
    document.delete()
    _delete_files_after_commit(files)
