"""The rows the registry describes: those of an organisation, those linked to a person and
those whose text names a person."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from ..registry import Entry, entries
from .matching import Person, mentions_in, prefilter


def base_queryset(entry: Entry) -> QuerySet:
    # The base manager: a custom default manager must not hide rows from a privacy action.
    return entry.model_class._base_manager.all()


def in_organisations(entry: Entry, organisation_ids: Iterable[int] | None) -> QuerySet:
    """The entry's rows in the organisations, or every row when `organisation_ids` is None.

    An entry without an organisation (an account's own rows) has no rows in an organisation.
    """
    queryset = base_queryset(entry)
    if organisation_ids is None:
        return queryset
    if entry.org is None:
        return queryset.none()
    return queryset.filter(**{f"{entry.org}__in": list(organisation_ids)})


def link_filter(entry: Entry, user, memberships: Iterable) -> Q | None:
    """Rows linked to the person through one of the entry's `person` paths, or made with
    their login name (`login`)."""
    membership_ids = [m.pk for m in memberships]
    query = Q()
    for path, target in entry.person_targets():
        if target == "user":
            query |= Q(pk=user.pk) if path == "self" else Q(**{path: user.pk})
        elif membership_ids:
            query |= Q(**{f"{path}__in": membership_ids})
    logins = {value for value in (user.username, user.email) if value}
    for name in entry.login:
        for value in logins:
            query |= Q(**{f"{name}__iexact": value})
    return query if query else None


def linked_rows(entry: Entry, user, memberships: Iterable) -> QuerySet:
    query = link_filter(entry, user, memberships)
    if query is None:
        return base_queryset(entry).none()
    # A many-to-many path can reach a row twice.
    return base_queryset(entry).filter(query).distinct()


@dataclass
class Mention:
    entry: Entry
    pk: Any
    field: str
    excerpts: list[str]


def mentions(
    person: Person, organisation_ids: Iterable[int], *, skip: Iterable[str] = ()
) -> Iterator[Mention]:
    """Every place in the organisations' text that names the person, and in the rows that
    belong to no organisation (the administrators' log, the login records)."""
    organisation_ids = list(organisation_ids)
    skip = {label.lower() for label in skip}
    if not person.needles:
        return
    for entry in entries():
        if not entry.text or entry.model.lower() in skip:
            continue
        if entry.org is None:
            queryset = base_queryset(entry)
        else:
            queryset = in_organisations(entry, organisation_ids)
        narrowed = prefilter(entry.text, [person])
        if narrowed is not None:
            queryset = queryset.filter(narrowed)
        for row in queryset.only("pk", *entry.text).iterator(chunk_size=500):
            for name in entry.text:
                found = mentions_in(getattr(row, name), person)
                if found:
                    yield Mention(entry, row.pk, name, found)
