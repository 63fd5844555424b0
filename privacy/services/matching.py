"""Finding and replacing a person's name and email address in stored text and JSON.

A person is found by their full name (the parts separated by any whitespace, so a line break
in a PDF-bound text still matches), their email address and their username, case-insensitively
and only as whole words: "Anne Li" never matches inside "Joanne Lind". A name of one short
word ("Bo") is too common to replace safely and is left alone; the email address always counts.

The database is asked first, with a cheap filter that can only over-select (the longest plain
ASCII run of each name, so it works the same on PostgreSQL's jsonb, on SQLite's escaped JSON
and whatever the database's case rules for æ, ø and å); the exact match is then made here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

# Shorter names are left alone: "Bo" or "Li" would match too much.
MIN_NAME_LENGTH = 4
ASCII_RUN = re.compile(r"[A-Za-z0-9@._+-]+")
MIN_FRAGMENT = 3
EXCERPT_CHARS = 80
WHITESPACE = r"\s+"


@dataclass
class Person:
    """What identifies one person in text, and what to put in its place."""

    names: list[str]
    emails: list[str]
    pseudonym: str = ""
    placeholder_email: str = ""
    pattern: re.Pattern = field(init=False, repr=False)

    def __post_init__(self):
        alternatives = []
        for email in self.emails:
            alternatives.append(
                rf"(?P<e{len(alternatives)}>(?<![\w.+-]){re.escape(email)}(?![\w-]))"
            )
        for name in self.names:
            # Any whitespace between the parts: a line break where a text wrapped.
            words = WHITESPACE.join(re.escape(part) for part in name.split())
            alternatives.append(rf"(?P<n{len(alternatives)}>(?<!\w){words}(?!\w))")
        self.pattern = re.compile("|".join(alternatives) or r"(?!x)x", re.IGNORECASE)

    @classmethod
    def of_user(cls, user, *, pseudonym: str = "", placeholder_email: str = "") -> Person:
        full_name = " ".join(user.get_full_name().split())
        names = []
        if full_name and (len(full_name.split()) > 1 or len(full_name) >= MIN_NAME_LENGTH):
            names.append(full_name)
        emails = []
        for value in (user.email, user.username):
            value = (value or "").strip()
            if "@" in value and value.lower() not in (e.lower() for e in emails):
                emails.append(value)
            elif value and len(value) >= MIN_NAME_LENGTH and value not in names:
                # A username that is not an email address is shown when there is no name.
                names.append(value)
        return cls(
            names=names, emails=emails, pseudonym=pseudonym, placeholder_email=placeholder_email
        )

    @property
    def needles(self) -> list[str]:
        return [*self.names, *self.emails]

    def fragments(self) -> list[str] | None:
        """One plain ASCII fragment per needle for the database's filter, or None when some
        needle has none long enough (then every row must be read)."""
        fragments = []
        for needle in self.needles:
            runs = sorted(ASCII_RUN.findall(needle), key=len, reverse=True)
            if not runs or len(runs[0]) < MIN_FRAGMENT:
                return None
            fragments.append(runs[0])
        return fragments

    def _replacement(self, match: re.Match) -> str:
        kind = (match.lastgroup or "n")[0]
        return self.placeholder_email if kind == "e" else self.pseudonym

    def replace(self, text: str) -> str:
        return self.pattern.sub(self._replacement, text)

    def mentioned_in(self, text: str) -> list[str]:
        """Short excerpts around each place the text names the person."""
        excerpts = []
        for match in self.pattern.finditer(text):
            start = max(0, match.start() - EXCERPT_CHARS)
            end = min(len(text), match.end() + EXCERPT_CHARS)
            excerpt = " ".join(text[start:end].split())
            excerpts.append(("…" if start else "") + excerpt + ("…" if end < len(text) else ""))
        return excerpts


def replace_in(value: Any, person: Person) -> Any:
    """`value` (a string, or JSON: lists, dicts, strings, numbers) with the person replaced."""
    if isinstance(value, str):
        return person.replace(value)
    if isinstance(value, list):
        return [replace_in(item, person) for item in value]
    if isinstance(value, dict):
        return {replace_in(k, person): replace_in(v, person) for k, v in value.items()}
    return value


def strings_in(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)


def mentions_in(value: Any, person: Person) -> list[str]:
    return [excerpt for text in strings_in(value) for excerpt in person.mentioned_in(text)]


def prefilter(fields: Iterable[str], people: Iterable[Person]) -> Q | None:
    """A filter for the rows that may name one of `people` in one of `fields`; None when the
    rows cannot be narrowed down (read them all)."""
    query = Q()
    for person in people:
        fragments = person.fragments()
        if fragments is None:
            return None
        for fragment in fragments:
            for name in fields:
                query |= Q(**{f"{name}__icontains": fragment})
    return query
