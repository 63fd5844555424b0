"""Checking parsed JSON and saying where each problem is: a JSON pointer (RFC 6901) into
the file, e.g. `/themes/2/value_streams/0`, and a message in words."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, at `place` (a JSON pointer, or a line and column)."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class DesignRefused(ValidationError):
    """The file cannot be imported; `problems` says every reason, each with its place."""

    def __init__(self, problems: list[Problem]):
        super().__init__([str(p) for p in problems], code="design")
        self.problems = problems


def escape_key(key: str) -> str:
    """A key as a JSON pointer writes it, with control characters made visible."""
    key = key.replace("~", "~0").replace("/", "~1")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", key)


def kind_of(value: Any) -> str:
    if value is None:
        return _("null")
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, int):
        return _("a whole number")
    if isinstance(value, float):
        return _("a decimal number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    return _("an object")


def shown(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"“{escape_key(shown)}”"
    return json.dumps(value, ensure_ascii=False)[:40]


MISSING = object()


class Checker:
    """Walks a parsed file and collects a `Problem` for everything wrong with it.
    `version` names the format's version in the message about an unknown field."""

    def __init__(self, *, version: int):
        self.version = version
        self.problems: list[Problem] = []

    def add(self, pointer: str, message: str) -> None:
        self.problems.append(Problem(pointer or "/", message))

    def object(self, value: Any, pointer: str, known: tuple[str, ...]) -> dict | None:
        if not isinstance(value, dict):
            self.add(pointer, _("must be an object, not %(kind)s") % {"kind": kind_of(value)})
            return None
        for key in getattr(value, "duplicates", ()):
            self.add(f"{pointer}/{escape_key(key)}", _("is given more than once"))
        for key in value:
            if key not in known:
                self.add(
                    f"{pointer}/{escape_key(key)}",
                    _("is not a field of version %(version)d") % {"version": self.version},
                )
        return value

    def value(self, obj: dict, key: str, pointer: str, required: bool) -> Any:
        value = obj.get(key, MISSING)
        if value is MISSING and required:
            self.add(f"{pointer}/{key}", _("is missing"))
        return value

    def text(
        self,
        obj: dict,
        key: str,
        pointer: str,
        *,
        max_length: int,
        required: bool = False,
        blank: bool = True,
    ) -> str:
        here = f"{pointer}/{key}"
        value = self.value(obj, key, pointer, required)
        if value is MISSING:
            return ""
        if not isinstance(value, str):
            self.add(here, _("must be text, not %(kind)s") % {"kind": kind_of(value)})
            return ""
        if "\x00" in value:
            self.add(here, _("holds a NUL character, which no text can hold"))
            return ""
        # Kept as written (an import stores exactly what it read); blank means spaces only.
        if not value.strip() and not blank:
            self.add(here, _("must not be empty"))
        elif len(value) > max_length:
            self.add(
                here,
                _("is %(length)d characters long; at most %(max)d are allowed")
                % {"length": len(value), "max": max_length},
            )
        return value

    def integer(
        self,
        obj: dict,
        key: str,
        pointer: str,
        *,
        minimum: int,
        maximum: int,
        required: bool = True,
        nullable: bool = False,
        default: int | None = None,
    ) -> int | None:
        here = f"{pointer}/{key}"
        value = self.value(obj, key, pointer, required)
        if value is MISSING:
            return default
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(here, _("must be a whole number, not %(kind)s") % {"kind": kind_of(value)})
            return None
        if not minimum <= value <= maximum:
            self.add(
                here,
                _("must be between %(min)d and %(max)d, not %(value)d")
                % {"min": minimum, "max": maximum, "value": value},
            )
            return None
        return value

    def choice(
        self,
        obj: dict,
        key: str,
        pointer: str,
        *,
        choices: tuple[str, ...],
        what: str,
        required: bool = True,
        default: str = "",
    ) -> str:
        here = f"{pointer}/{key}"
        value = self.value(obj, key, pointer, required)
        if value is MISSING:
            return default
        if value not in choices or not isinstance(value, str):
            self.add(
                here,
                _("%(value)s is not %(what)s (%(choices)s)")
                % {"value": shown(value), "what": what, "choices": ", ".join(choices)},
            )
            return default
        return value

    def array(
        self, obj: dict, key: str, pointer: str, *, max_items: int, required: bool = False
    ) -> list:
        here = f"{pointer}/{key}"
        value = self.value(obj, key, pointer, required)
        if value is MISSING:
            return []
        if not isinstance(value, list):
            self.add(here, _("must be a list, not %(kind)s") % {"kind": kind_of(value)})
            return []
        if len(value) > max_items:
            self.add(
                here,
                _("has %(count)d entries; at most %(max)d are allowed")
                % {"count": len(value), "max": max_items},
            )
            # Not looked into: the file is refused anyway, and its size is unbounded.
            return []
        return value

    def time(self, obj: dict, key: str, pointer: str) -> datetime.time | None:
        here = f"{pointer}/{key}"
        value = self.value(obj, key, pointer, True)
        if value is MISSING:
            return None
        match = TIME.match(value) if isinstance(value, str) else None
        if match is None:
            self.add(here, _("%(value)s is not a time (HH:MM)") % {"value": shown(value)})
            return None
        return datetime.time(int(match[1]), int(match[2]))

    def url(self, obj: dict, key: str, pointer: str, *, max_length: int) -> str:
        value = self.text(obj, key, pointer, max_length=max_length, required=True, blank=False)
        if value and len(value) <= max_length:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                self.add(
                    f"{pointer}/{key}",
                    _("%(value)s is not a web address (http:// or https://)")
                    % {"value": shown(value)},
                )
        return value
