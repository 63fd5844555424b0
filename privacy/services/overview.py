"""What the pages show: a person's holdings ("My data") and the record of processing, both
read from the registry and the models' own field names."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from django.apps import apps
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.models import Invitation, Membership

from ..registry import Entry, entries
from .matching import Person
from .rows import linked_rows, mentions

EXAMPLES = 5
# Shown on their own at the top of "My data", not among the areas.
OWN_SECTIONS = {"auth.user", "organisations.membership"}


@dataclass
class Holding:
    entry: Entry
    title: str
    count: int
    examples: list[str]


@dataclass
class Area:
    title: str
    holdings: list[Holding] = field(default_factory=list)


# Django's and the login protection's apps, named for the people who read the pages.
AREA_TITLES = {
    "auth": gettext_lazy("Accounts"),
    "sessions": gettext_lazy("Logins"),
    "axes": gettext_lazy("Login protection"),
    "admin": gettext_lazy("Site administration"),
}


def _app_title(label: str) -> str:
    app_label = label.split(".")[0]
    if app_label in AREA_TITLES:
        return str(AREA_TITLES[app_label])
    return str(apps.get_app_config(app_label).verbose_name)


def holdings(user) -> dict:
    """Everything about `user`, counted, with a few examples of each kind."""
    memberships = list(
        Membership.objects.filter(user=user).select_related("organisation").order_by("pk")
    )
    areas: list[Area] = []
    for entry in entries():
        if not (entry.person or entry.login) or entry.model.lower() in OWN_SECTIONS:
            continue
        rows = linked_rows(entry, user, memberships)
        count = rows.count()
        if not count:
            continue
        examples = [str(row) for row in rows.order_by("-pk")[:EXAMPLES]]
        title = _app_title(entry.model)
        if not areas or areas[-1].title != title:
            areas.append(Area(title))
        areas[-1].holdings.append(
            Holding(entry, str(entry.model_class._meta.verbose_name_plural), count, examples)
        )
    person = Person.of_user(user)
    found = list(mentions(person, [m.organisation_id for m in memberships], skip=["auth.User"]))
    invitations = Invitation.objects.none()
    if person.emails:
        query = Q()
        for email in person.emails:
            query |= Q(email__iexact=email)
        invitations = Invitation.objects.filter(query).select_related("organisation")
    return {
        "memberships": memberships,
        "areas": areas,
        "mentions": found,
        "mention_count": sum(len(m.excerpts) for m in found),
        "invitations": list(invitations),
    }


# -- The record of processing -----------------------------------------------------------------


@dataclass
class RecordRow:
    title: str
    groups: list[tuple[str, list[str]]]
    purpose: str
    retention: str
    visibility: str


def _label(model, name: str) -> str:
    if name == "self":
        return str(model._meta.verbose_name)
    first = name.split("__")[0]
    return str(model._meta.get_field(first).verbose_name)


def record() -> list[tuple[str, list[RecordRow]]]:
    """The record of processing: per app, each model that holds personal data, with its
    fields by what is done with them, and why, how long and who sees it."""
    labels = {
        "person": _("Links to a person"),
        "text": _("Text that may name someone"),
        "profile": _("Facts about the person"),
        "identifiers": _("What identifies a person"),
        "files": _("Stored files"),
    }
    rows = []
    for entry in entries():
        model = entry.model_class
        groups = []
        for category in labels:
            names = getattr(entry, category)
            if category == "person":
                names = (*names, *entry.login)
            if names:
                groups.append((labels[category], [_label(model, n) for n in names]))
        if not groups:
            continue
        rows.append(
            (
                _app_title(entry.model),
                RecordRow(
                    capfirst(str(model._meta.verbose_name_plural)),
                    groups,
                    str(entry.purpose),
                    str(entry.retention),
                    str(entry.visibility),
                ),
            )
        )
    return [
        (title, [row for _t, row in group]) for title, group in groupby(rows, key=lambda r: r[0])
    ]
