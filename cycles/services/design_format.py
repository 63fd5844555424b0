"""Reading a process design file: version 1 of "qualityhub.process-design".

The file is JSON. Reading it checks everything before anything is written and reports
every problem with its place: a JSON pointer into the file (RFC 6901, e.g.
`/themes/2/value_streams/0`) or, when the file is not JSON at all, its line and column.
A file of another format or version is refused with that one message, since nothing else
in it can be read with confidence.

    {
      "format": "qualityhub.process-design",
      "version": 1,
      "process": {"title", "purpose", "duration_days", "min_initiatives_per_group",
                  "author_visibility"},
      "themes": [{"title", "description", "challenges", "value_streams": [1-7],
                  "documents": [{"title", "url"}],
                  "frame": [{"kind", "text", "reason"}]}],
      "seminars": [{"kind", "title", "day", "start_time", "end_time", "place",
                    "agenda": [{"title", "duration_minutes", "format", "notes"}]}],
      "groups": [{"name", "theme": <index into themes> or null, "max_size"}]
    }

`day` counts from the process's first day (day 0); times are "HH:MM".
"""

from __future__ import annotations

import codecs
import json
from typing import Any

from django.utils.translation import gettext as _

from debate.models import GivenFrame
from processes.models import AgendaItem, Process, Seminar

from .checking import MISSING, Checker, DesignRefused, Problem, kind_of, shown

FORMAT = "qualityhub.process-design"
VERSION = 1

SHORT_TEXT = 200  # titles, names and places: the models' CharFields
LONG_TEXT = 10_000
FRAME_TEXT = GivenFrame._meta.get_field("text").max_length
URL_LENGTH = 200
MAX_DAYS = 730  # two years: far longer than any process of the method
MAX_THEMES = 50
MAX_DOCUMENTS = 50
MAX_FRAME = 50
MAX_SEMINARS = 50
MAX_AGENDA_ITEMS = 100
MAX_GROUPS = 100
MAX_GROUP_SIZE = 500
VALUE_STREAMS = range(1, 8)

AUTHOR_VISIBILITY = tuple(Process.AuthorVisibility.values)
SEMINAR_KINDS = tuple(Seminar.Kind.values)
AGENDA_FORMATS = tuple(AgendaItem.Format.values)
FRAME_KINDS = tuple(GivenFrame.Kind.values)


# --- Parsing ---------------------------------------------------------------------------------


class _Object(dict):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: tuple[str, ...] = ()


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object()
    seen = []
    for key, value in pairs:
        if key in result:
            seen.append(key)
        result[key] = value
    result.duplicates = tuple(dict.fromkeys(seen))
    return result


def _no_constants(name: str):
    raise ValueError(name)


def parse(content: bytes) -> Any:
    """The JSON in `content`, or `DesignRefused` saying where it stops being JSON."""
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        column = error.start - (content.rfind(b"\n", 0, error.start) + 1) + 1
        raise DesignRefused(
            [
                Problem(
                    _("line %(line)d, column %(column)d") % {"line": line, "column": column},
                    _("not UTF-8 text"),
                )
            ]
        ) from error
    try:
        return json.loads(text, object_pairs_hook=_object_from_pairs, parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise DesignRefused(
            [
                Problem(
                    _("line %(line)d, column %(column)d")
                    % {"line": error.lineno, "column": error.colno},
                    _("not valid JSON: %(reason)s") % {"reason": error.msg},
                )
            ]
        ) from error
    except ValueError as error:  # NaN, Infinity: JSON has no such numbers
        raise DesignRefused(
            [Problem(_("the file"), _("%(word)s is not a JSON number") % {"word": error})]
        ) from error
    except RecursionError as error:
        raise DesignRefused([Problem(_("the file"), _("nested too deeply"))]) from error


def check_format(data: Any) -> None:
    """Refuse a file that is not version 1 of a process design, with that one problem."""
    if not isinstance(data, dict):
        raise DesignRefused(
            [
                Problem(
                    "/",
                    _("the file must hold one JSON object, not %(kind)s") % {"kind": kind_of(data)},
                )
            ]
        )
    fmt = data.get("format", MISSING)
    if fmt != FORMAT:
        message = (
            _("is missing: this is not a QualityHub process design")
            if fmt is MISSING
            else _("%(value)s is another format: QualityHub reads “%(format)s” files")
            % {"value": shown(fmt), "format": FORMAT}
        )
        raise DesignRefused([Problem("/format", message)])
    version = data.get("version", MISSING)
    if version is MISSING:
        raise DesignRefused(
            [Problem("/version", _("is missing: the file does not say which version it is"))]
        )
    if isinstance(version, bool) or version != VERSION:
        raise DesignRefused(
            [
                Problem(
                    "/version",
                    _(
                        "this is version %(version)s of the process design format; this "
                        "QualityHub reads version %(supported)d only"
                    )
                    % {"version": shown(version), "supported": VERSION},
                )
            ]
        )


def check(data: Any, *, value_streams: set[int] | None = None) -> dict:
    """The design in `data`, checked and tidied (texts stripped, times parsed, defaults
    filled in), or `DesignRefused` with every problem found."""
    check_format(data)
    streams = set(VALUE_STREAMS) if value_streams is None else value_streams
    checker = Checker(version=VERSION)
    checker.object(data, "", ("format", "version", "process", "themes", "seminars", "groups"))

    process = _check_process(checker, data)
    themes = [
        _check_theme(checker, theme, f"/themes/{i}", streams)
        for i, theme in enumerate(checker.array(data, "themes", "", max_items=MAX_THEMES))
    ]
    seminars = [
        _check_seminar(checker, seminar, f"/seminars/{i}", process["duration_days"])
        for i, seminar in enumerate(checker.array(data, "seminars", "", max_items=MAX_SEMINARS))
    ]
    groups = [
        _check_group(checker, group, f"/groups/{i}", len(themes))
        for i, group in enumerate(checker.array(data, "groups", "", max_items=MAX_GROUPS))
    ]
    if checker.problems:
        raise DesignRefused(checker.problems)
    return {"process": process, "themes": themes, "seminars": seminars, "groups": groups}


def _check_process(checker: Checker, data: dict) -> dict:
    here = "/process"
    fields = (
        "title",
        "purpose",
        "duration_days",
        "min_initiatives_per_group",
        "author_visibility",
    )
    value = data.get("process", MISSING)
    if value is MISSING:
        checker.add(here, _("is missing"))
        obj = None
    else:
        obj = checker.object(value, here, fields)
    obj = obj if obj is not None else {}
    known = value is not MISSING and isinstance(value, dict)
    return {
        "title": checker.text(
            obj, "title", here, max_length=SHORT_TEXT, required=known, blank=False
        ),
        "purpose": checker.text(obj, "purpose", here, max_length=LONG_TEXT),
        "duration_days": checker.integer(
            obj, "duration_days", here, minimum=0, maximum=MAX_DAYS, required=known
        ),
        "min_initiatives_per_group": checker.integer(
            obj,
            "min_initiatives_per_group",
            here,
            minimum=1,
            maximum=20,
            default=3,
            required=False,
        ),
        "author_visibility": checker.choice(
            obj,
            "author_visibility",
            here,
            choices=AUTHOR_VISIBILITY,
            what=_("a choice of author visibility"),
            required=False,
            default=Process.AuthorVisibility.NAMED,
        ),
    }


def _check_theme(checker: Checker, value: Any, here: str, streams: set[int]) -> dict:
    fields = ("title", "description", "challenges", "value_streams", "documents", "frame")
    obj = checker.object(value, here, fields) or {}
    # Checked in the file's order, so the problems are listed as they come in the file.
    title = checker.text(obj, "title", here, max_length=SHORT_TEXT, required=True, blank=False)
    description = checker.text(obj, "description", here, max_length=LONG_TEXT)
    challenges = checker.text(obj, "challenges", here, max_length=LONG_TEXT)
    numbers = []
    for i, number in enumerate(checker.array(obj, "value_streams", here, max_items=7)):
        place = f"{here}/value_streams/{i}"
        if isinstance(number, bool) or not isinstance(number, int):
            checker.add(
                place,
                _("%(value)s is not a value stream (1–7)") % {"value": shown(number)},
            )
        elif number not in streams:
            checker.add(place, _("%(value)d is not a value stream (1–7)") % {"value": number})
        elif number in numbers:
            checker.add(place, _("value stream %(value)d is listed twice") % {"value": number})
        else:
            numbers.append(number)
    documents = []
    for i, doc in enumerate(checker.array(obj, "documents", here, max_items=MAX_DOCUMENTS)):
        place = f"{here}/documents/{i}"
        doc = checker.object(doc, place, ("title", "url")) or {}
        documents.append(
            {
                "title": checker.text(
                    doc, "title", place, max_length=SHORT_TEXT, required=True, blank=False
                ),
                "url": checker.url(doc, "url", place, max_length=URL_LENGTH),
            }
        )
    frame = []
    for i, condition in enumerate(checker.array(obj, "frame", here, max_items=MAX_FRAME)):
        place = f"{here}/frame/{i}"
        condition = checker.object(condition, place, ("kind", "text", "reason")) or {}
        frame.append(
            {
                "kind": checker.choice(
                    condition,
                    "kind",
                    place,
                    choices=FRAME_KINDS,
                    what=_("a kind of condition"),
                    required=False,
                    default=GivenFrame.Kind.OTHER,
                ),
                "text": checker.text(
                    condition, "text", place, max_length=FRAME_TEXT, required=True, blank=False
                ),
                "reason": checker.text(condition, "reason", place, max_length=LONG_TEXT),
            }
        )
    return {
        "title": title,
        "description": description,
        "challenges": challenges,
        "value_streams": sorted(numbers),
        "documents": documents,
        "frame": frame,
    }


def _check_seminar(checker: Checker, value: Any, here: str, duration: int | None) -> dict:
    fields = ("kind", "title", "day", "start_time", "end_time", "place", "agenda")
    obj = checker.object(value, here, fields) or {}
    # A seminar may lie a little outside the period (a preparatory meeting, a follow-up);
    # a year either side is the most a design can mean.
    last = (duration if duration is not None else MAX_DAYS) + 365
    kind = checker.choice(obj, "kind", here, choices=SEMINAR_KINDS, what=_("a kind of seminar"))
    title = checker.text(obj, "title", here, max_length=SHORT_TEXT)
    day = checker.integer(obj, "day", here, minimum=-365, maximum=last)
    start = checker.time(obj, "start_time", here)
    end = checker.time(obj, "end_time", here)
    if start is not None and end is not None and end <= start:
        checker.add(
            f"{here}/end_time",
            _("the seminar must end after it starts (%(start)s)")
            % {"start": start.strftime("%H:%M")},
        )
    place_name = checker.text(obj, "place", here, max_length=SHORT_TEXT)
    agenda = []
    items = checker.array(obj, "agenda", here, max_items=MAX_AGENDA_ITEMS)
    for i, item in enumerate(items):
        place = f"{here}/agenda/{i}"
        item = checker.object(item, place, ("title", "duration_minutes", "format", "notes")) or {}
        agenda.append(
            {
                "title": checker.text(
                    item, "title", place, max_length=SHORT_TEXT, required=True, blank=False
                ),
                "duration_minutes": checker.integer(
                    item, "duration_minutes", place, minimum=5, maximum=480
                ),
                "format": checker.choice(
                    item,
                    "format",
                    place,
                    choices=AGENDA_FORMATS,
                    what=_("a format of an agenda item"),
                ),
                "notes": checker.text(item, "notes", place, max_length=LONG_TEXT),
            }
        )
    return {
        "kind": kind,
        "title": title,
        "day": day,
        "start_time": start,
        "end_time": end,
        "place": place_name,
        "agenda": agenda,
    }


def _check_group(checker: Checker, value: Any, here: str, theme_count: int) -> dict:
    obj = checker.object(value, here, ("name", "theme", "max_size")) or {}
    name = checker.text(obj, "name", here, max_length=SHORT_TEXT, required=True, blank=False)
    theme = obj.get("theme")
    if theme is not None:
        if isinstance(theme, bool) or not isinstance(theme, int):
            checker.add(
                f"{here}/theme",
                _("must be the number of a theme in this file (or null), not %(kind)s")
                % {"kind": kind_of(theme)},
            )
            theme = None
        elif not 0 <= theme < theme_count:
            checker.add(
                f"{here}/theme",
                _("%(value)d is not a theme of this file, which has no themes") % {"value": theme}
                if not theme_count
                else _("%(value)d is not a theme of this file (the themes are 0–%(last)d)")
                % {"value": theme, "last": theme_count - 1},
            )
            theme = None
    return {
        "name": name,
        "theme": theme,
        "max_size": checker.integer(
            obj,
            "max_size",
            here,
            minimum=1,
            maximum=MAX_GROUP_SIZE,
            required=False,
            nullable=True,
        ),
    }
