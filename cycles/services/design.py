"""Sharing a process design between organisations: export one as a versioned JSON file,
import one as a new process (the file's layout is in `design_format`).

A design is what a facilitator plans, never what people said or who they are: themes with
their value streams, links to framework documents (uploaded files stay home) and given
frame, the seminars with their agendas as days from the start, the groups' names and sizes
and the process's settings. No names, no debate, no summaries: a design file can be handed
to another municipality as it is.

Export then import then export gives the same bytes: the file holds no dates, ids or
timestamps, everything is written in one fixed order, and an import stores exactly what it
read (in that order).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.downloads import file_name
from debate.models import GivenFrame
from organisations.access import PLANNERS
from organisations.models import Membership, Organisation
from processes.models import (
    AgendaItem,
    FrameworkDocument,
    Group,
    Process,
    Seminar,
    Theme,
    ValueStream,
)
from processes.services.process import create_process

from .design_format import FORMAT, SHORT_TEXT, VERSION, DesignRefused, Problem, check, parse

__all__ = [
    "DesignRefused",
    "Imported",
    "Problem",
    "design_file",
    "download_name",
    "export_design",
    "import_design",
    "read_upload",
]


# --- Export ----------------------------------------------------------------------------------


def export_design(process: Process) -> dict:
    """The design of `process` as the file holds it. Five queries, whatever its size."""
    themes = sorted(
        Theme.objects.filter(process=process).prefetch_related(
            "value_streams", "documents", "given_frame"
        ),
        key=lambda t: (t.position, t.pk),
    )
    index = {theme.pk: i for i, theme in enumerate(themes)}
    seminars = sorted(
        Seminar.objects.filter(process=process).prefetch_related("agenda_items"),
        key=lambda s: (s.date, s.start_time, s.pk),
    )
    groups = sorted(
        Group.objects.filter(process=process),
        key=lambda g: (index.get(g.theme_id, len(index)), g.name, g.pk),
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "process": {
            "title": process.title,
            "purpose": process.purpose,
            "duration_days": (process.end_date - process.start_date).days,
            "min_initiatives_per_group": process.min_initiatives_per_group,
            "author_visibility": process.author_visibility,
        },
        "themes": [_theme(theme) for theme in themes],
        "seminars": [_seminar(seminar, process.start_date) for seminar in seminars],
        "groups": [
            {
                "name": group.name,
                "theme": index.get(group.theme_id),
                "max_size": group.max_size,
            }
            for group in groups
        ],
    }


def _theme(theme: Theme) -> dict:
    return {
        "title": theme.title,
        "description": theme.description,
        "challenges": theme.challenges,
        "value_streams": sorted(stream.number for stream in theme.value_streams.all()),
        # Links only: an uploaded file may be internal, and a JSON file cannot carry it.
        "documents": [
            {"title": document.title, "url": document.url}
            for document in sorted(theme.documents.all(), key=lambda d: (d.title, d.pk))
            if document.url
        ],
        "frame": [
            {"kind": condition.kind, "text": condition.text, "reason": condition.reason}
            for condition in sorted(theme.given_frame.all(), key=lambda c: (c.position, c.pk))
        ],
    }


def _seminar(seminar: Seminar, start: datetime.date) -> dict:
    return {
        "kind": seminar.kind,
        "title": seminar.title,
        "day": (seminar.date - start).days,
        "start_time": seminar.start_time.strftime("%H:%M"),
        "end_time": seminar.end_time.strftime("%H:%M"),
        "place": seminar.place,
        "agenda": [
            {
                "title": item.title,
                "duration_minutes": item.duration_minutes,
                "format": item.format,
                "notes": item.notes,
            }
            for item in sorted(seminar.agenda_items.all(), key=lambda i: (i.position, i.pk))
        ],
    }


def design_file(process: Process) -> bytes:
    """The export as UTF-8 JSON: readable, letters as they are (æ, ø, å), one newline."""
    text = json.dumps(export_design(process), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def download_name(process: Process) -> str:
    """“<title>-process-design.json”, slugged with æ, ø and å kept (see core.downloads)."""
    return file_name(f"{process.title} {_('process design')}", "json", fallback="process-design")


# --- Import ----------------------------------------------------------------------------------


def read_upload(upload: UploadedFile) -> bytes:
    """The bytes of an uploaded design file: a .json file no larger than UPLOAD_MAX_BYTES.
    Refusals are `DesignRefused`, with the file's name as the place."""
    name = PurePath(upload.name or "").name
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise DesignRefused(
            [
                Problem(
                    name,
                    _("the file is %(size)s; a design file can be at most %(limit)s")
                    % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                )
            ]
        )
    if PurePath(name).suffix.lower() != ".json":
        raise DesignRefused([Problem(name, _("choose a .json file exported from QualityHub"))])
    upload.seek(0)
    # One byte more than allowed tells a file that grew past the limit from one that did not.
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise DesignRefused(
            [
                Problem(
                    name,
                    _("the file is larger than %(limit)s") % {"limit": filesizeformat(limit)},
                )
            ]
        )
    if not content.strip():
        raise DesignRefused([Problem(name, _("the file is empty"))])
    return content


def read_design(content: bytes) -> dict:
    """The checked design in `content`, or `DesignRefused` with every problem."""
    streams = set(ValueStream.objects.values_list("number", flat=True))
    return check(parse(content), value_streams=streams)


@dataclass
class Imported:
    process: Process
    # Seminars that fall on a Saturday or Sunday with the chosen start date.
    weekend_seminars: list[Seminar] = field(default_factory=list)


@transaction.atomic
def import_design(
    *,
    actor: Membership,
    organisation: Organisation,
    content: bytes,
    start_date: datetime.date,
    title: str = "",
) -> Imported:
    """Create a new process in `organisation` from a design file's `content`.

    Guarantees: only a facilitator of the organisation imports; the whole file is read and
    checked before anything is written, and a file with any problem is refused with every
    problem and its place (`DesignRefused`); the process and everything in it are created in
    one transaction, so nothing is ever half-imported. The process runs from `start_date`
    for the design's number of days; its seminars fall on the same days from the start as
    in the design. `title` replaces the design's title when given.
    """
    if actor.organisation_id != organisation.pk or actor.role not in PLANNERS:
        raise ValidationError(_("Only the organisation's facilitator imports a design."))
    design = read_design(content)
    title = (title or "").strip() or design["process"]["title"]
    if len(title) > SHORT_TEXT:
        raise ValidationError(
            {"title": _("Keep the title under %(count)d characters.") % {"count": SHORT_TEXT}}
        )
    settings_ = design["process"]
    process = create_process(
        actor=actor,
        organisation=organisation,
        title=title,
        start_date=start_date,
        end_date=start_date + datetime.timedelta(days=settings_["duration_days"]),
        purpose=settings_["purpose"],
        min_initiatives_per_group=settings_["min_initiatives_per_group"],
        author_visibility=settings_["author_visibility"],
    )
    streams = ValueStream.objects.in_bulk(field_name="number")
    themes = []
    for position, spec in enumerate(design["themes"]):
        theme = Theme.objects.create(
            process=process,
            title=spec["title"],
            description=spec["description"],
            challenges=spec["challenges"],
            position=position,
        )
        theme.value_streams.set([streams[number] for number in spec["value_streams"]])
        FrameworkDocument.objects.bulk_create(
            FrameworkDocument(theme=theme, title=doc["title"], url=doc["url"])
            for doc in spec["documents"]
        )
        GivenFrame.objects.bulk_create(
            GivenFrame(
                theme=theme,
                kind=condition["kind"],
                text=condition["text"],
                reason=condition["reason"],
                # The facilitator who brought the condition in answers for it here.
                author=actor,
                position=index,
            )
            for index, condition in enumerate(spec["frame"])
        )
        themes.append(theme)

    result = Imported(process=process)
    items = []
    for spec in design["seminars"]:
        seminar = Seminar.objects.create(
            process=process,
            kind=spec["kind"],
            title=spec["title"],
            date=start_date + datetime.timedelta(days=spec["day"]),
            start_time=spec["start_time"],
            end_time=spec["end_time"],
            place=spec["place"],
        )
        if seminar.date.weekday() >= 5:
            result.weekend_seminars.append(seminar)
        items.extend(
            AgendaItem(
                seminar=seminar,
                position=position,
                title=item["title"],
                duration_minutes=item["duration_minutes"],
                format=item["format"],
                notes=item["notes"],
            )
            for position, item in enumerate(spec["agenda"])
        )
    AgendaItem.objects.bulk_create(items)
    Group.objects.bulk_create(
        Group(
            process=process,
            theme=themes[spec["theme"]] if spec["theme"] is not None else None,
            name=spec["name"],
            max_size=spec["max_size"],
        )
        for spec in design["groups"]
    )
    return result
