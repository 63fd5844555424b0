"""Versioned edits: one mechanism for everything people edit together.

Two people may open the same thing, change it and save. The second save must never silently
overwrite the first: it is refused with both versions, and the editor's own text is kept so
they can re-apply it. Every saved change raises the object's `version` and writes a revision
row (who, when, what kind of change, what the object then said), which the history pages
show. Values, ideas and influence items in the debate use this; so do new editable things.

The edited model
    has `version = models.PositiveIntegerField(_("version"), default=1)` (plus, usually, a
    `CheckConstraint(condition=Q(version__gte=1))`) and an `updated_at` auto_now field.

The revision model
    subclasses `RevisionBase` and adds the foreign key to the edited object with
    ``related_name="revisions"``::

        class InitiativeRevision(RevisionBase):
            class Kind(models.TextChoices):
                CREATED = "created", _("Created")
                EDITED = "edited", _("Edited")
                STATUS = "status", _("Status changed")   # app-specific kinds are fine

            initiative = models.ForeignKey(
                Initiative, on_delete=models.CASCADE, related_name="revisions"
            )
            kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)

            class Meta(RevisionBase.Meta):
                verbose_name = _("initiative revision")
                verbose_name_plural = _("initiative revisions")

    `RevisionBase` gives `editor` (a Membership, kept as NULL when the membership goes),
    `kind`, `version`, `data` (JSON, dates allowed) and `created_at`, ordered newest first
    (by -version).

The service (inside `transaction.atomic`, with a keyword-only `actor`)::

    @transaction.atomic
    def edit_initiative(*, actor, initiative, expected_version, title, description):
        attempted = {"title": title.strip(), "description": description}
        locked = lock_for_edit(
            Initiative.objects.all(), initiative.pk,
            expected_version=expected_version, attempted=attempted,
        )                                   # raises EditConflict if someone saved meanwhile
        locked.title, locked.description = attempted["title"], description
        record_revision(
            locked, actor=actor, kind="edited", fields=EDITABLE_FIELDS,
            changed=["title", "description"],
        )                                   # version + 1, saved, revision written
        return locked

    On creation call ``record_revision(obj, actor=actor, kind="created", fields=...)``: the
    version stays 1 and only the revision row is written.

The view
    lets ``versioned_edit`` run the form::

        outcome = versioned_edit(
            request, form_class=InitiativeEditForm, initial=lambda: {...},
            save=lambda form: edit_initiative(
                actor=membership, initiative=initiative,
                expected_version=form.cleaned_data["version"], **form.cleaned_data_for_service,
            ),
            labels=CONFLICT_LABELS, sees_authors=..., viewer=membership, refused=DomainError,
        )
        if outcome.saved:
            return redirect(initiative)
        context = {..., "form": outcome.form, "conflict": outcome.conflict}
        return render(request, "…/edit.html", context, status=outcome.status)

    On a conflict the status is 409, the form holds the editor's text now based on the
    newest version (``rebind_after_conflict``: saving again re-applies it) and
    ``conflict`` is ``conflict_context(error, labels=..., sees_authors=..., viewer=...)``.
    Views that need more control use those two directly. History pages
    put ``revision_history_context(obj, labels=..., sees_authors=..., viewer=...)`` in their
    context (its key is ``history``).

The templates::

    {% if conflict %}
      {% translate "Someone else changed this idea while you were editing" as heading %}
      {% include "core/includes/edit_conflict.html" with heading=heading %}
      <h2>{% translate "Your text" %}</h2>
    {% endif %}
    <form ...>{{ form }} ...</form>

    <h2>{% translate "History" %}</h2>
    {% include "core/includes/revision_history.html" %}

    Link ``core/revisions.css`` (``{% static 'core/revisions.css' %}``) in the page's head.

Hidden authors: the helpers never hand a Membership to the template. Each entry carries an
`editor_name` that is the editor's name only when ``sees_authors`` is true; otherwise "You"
for the viewer's own changes and "A participant" for everyone else's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# core sits below every app (tests/test_layering.py), so the membership model is named by
# its label, never imported.
MEMBERSHIP_MODEL = "organisations.Membership"
Membership = Any  # an organisations.models.Membership, for the type hints below

# The kinds every revision model has; models add their own (merged, moved, status, ...).
CREATED = "created"
EDITED = "edited"


class EditConflict(Exception):  # noqa: N818 - the name says what happened to the user
    """The object changed since the editor loaded it.

    `current` is the stored object, fresh from the database (locked, within the caller's
    transaction); `attempted` is a dict of the editor's own field values, so the page can
    show both versions and the editor's text is never lost.
    """

    def __init__(self, *, current: models.Model, attempted: Mapping[str, Any]):
        super().__init__(f"{type(current).__name__} {current.pk} is at version {current.version}")
        self.current = current
        self.attempted = dict(attempted)


def lock_for_edit(
    queryset: QuerySet, pk: Any, *, expected_version: int, attempted: Mapping[str, Any]
) -> models.Model:
    """The row `pk` of `queryset`, locked FOR UPDATE until the caller's transaction ends.

    Raises `EditConflict` (carrying the locked row and `attempted`) when the stored version
    is not `expected_version`, and the model's `DoesNotExist` when the row has gone. Because
    the row stays locked while the caller compares and writes, of two edits from the same
    version exactly one is saved; the other waits for the lock, then sees the new version.
    Only the edited table is locked (`of=("self",)`), so the queryset may `select_related`
    nullable relations.
    """
    row = queryset.select_for_update(of=("self",)).get(pk=pk)
    if row.version != expected_version:
        raise EditConflict(current=row, attempted=attempted)
    return row


class RevisionBase(models.Model):
    """One entry of an object's history: who changed it, when, how, and what it then said.

    Concrete models add the foreign key to the edited object (related_name "revisions")
    and, when they have kinds beyond created/edited, redeclare `kind` with their choices.
    """

    class Kind(models.TextChoices):
        CREATED = CREATED, gettext_lazy("Created")
        EDITED = EDITED, gettext_lazy("Edited")

    editor = models.ForeignKey(
        MEMBERSHIP_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=gettext_lazy("by"),
    )
    kind = models.CharField(gettext_lazy("change"), max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField(gettext_lazy("version"))
    # The object's fields after the change, as `record_revision` serialised them.
    data = models.JSONField(gettext_lazy("content"), default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(gettext_lazy("when"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-version", "-pk"]
        verbose_name = gettext_lazy("revision")
        verbose_name_plural = gettext_lazy("revisions")

    def __str__(self) -> str:
        return f"v{self.version} ({self.kind})"


def serialise(obj: models.Model, fields: Iterable[str], m2m: Iterable[str] = ()) -> dict:
    """The named fields of `obj` as a JSON-ready dict.

    A concrete field gives its stored value (a foreign key its id); any other name is read
    as an attribute (a property, say). Each name in `m2m` gives the sorted ids of the
    related objects.
    """
    opts = obj._meta
    data: dict[str, Any] = {}
    for name in fields:
        try:
            model_field = opts.get_field(name)
        except Exception:  # noqa: BLE001 - not a model field: a property or attribute
            model_field = None
        if model_field is not None and getattr(model_field, "concrete", False):
            data[name] = model_field.value_from_object(obj)
        else:
            data[name] = getattr(obj, name)
    for name in m2m:
        data[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return data


def record_revision(
    obj: models.Model,
    *,
    actor: Membership | None,
    kind: str,
    fields: Iterable[str] | Mapping[str, Any],
    m2m: Iterable[str] = (),
    changed: Iterable[str] = (),
    extra: Mapping[str, Any] | None = None,
) -> RevisionBase:
    """Save the change to `obj` under a new version and write its revision row.

    Unless `kind` is "created", `obj.version` goes up by one and `obj` is saved with
    `update_fields` = `changed` + version (+ updated_at when the model has it); lock the
    row first (`lock_for_edit`), so the increment is safe. On "created" the object was just
    saved at version 1 and only the revision row is written.

    `fields` names the fields to store (see `serialise`), or is a ready dict when the
    object's own snapshot function decides the format; `m2m` adds sorted ids of many-to-many
    relations (set them before calling). `extra` holds further columns of the revision row
    (a group id, say). The revision row is created through `obj.revisions`.
    """
    if kind != CREATED:
        obj.version += 1
        update_fields = [*dict.fromkeys(changed), "version"]
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            update_fields.append("updated_at")
        obj.save(update_fields=update_fields)
    if isinstance(fields, Mapping):
        data = {**fields, **serialise(obj, (), m2m)}
    else:
        data = serialise(obj, fields, m2m)
    return obj.revisions.create(
        editor=actor, kind=kind, version=obj.version, data=data, **(extra or {})
    )


def changed_fields(
    before: Mapping[str, Any] | None, after: Mapping[str, Any], keys: Iterable[str]
) -> list[str]:
    """The keys (in the order of `keys`) whose stored values differ; none for a first
    revision (`before` is None)."""
    if before is None:
        return []
    return [key for key in keys if before.get(key) != after.get(key)]


def history(revisions: Iterable[RevisionBase]) -> list[tuple[RevisionBase, RevisionBase | None]]:
    """Each revision (newest first) paired with the one before it (None for the first)."""
    revisions = list(revisions)
    return [
        (revision, revisions[i + 1] if i + 1 < len(revisions) else None)
        for i, revision in enumerate(revisions)
    ]


def editor_label(
    editor: Membership | None, *, viewer: Membership | None, sees_authors: bool
) -> str:
    """Who made a change, as the viewer may see it: the name when the viewer sees authors;
    otherwise "You" for the viewer's own changes and "A participant" for anyone else's."""
    if editor is None:
        return _("A former participant")
    if sees_authors:
        return editor.display_name
    if viewer is not None and editor.pk == viewer.pk:
        return _("You")
    return _("A participant")


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a history page. Holds the editor's name only as the viewer may see it."""

    version: int
    kind: str
    kind_label: str
    created_at: datetime
    editor_name: str
    data: dict
    # The labels of the fields this revision changed compared with the one before.
    changed: list[str] = field(default_factory=list)
    # Further lines shown under the entry (what the object then said, say).
    summary: list[str] = field(default_factory=list)


def revision_history_context(
    obj_or_revisions: models.Model | Iterable[RevisionBase],
    *,
    labels: Mapping[str, str],
    sees_authors: bool,
    viewer: Membership | None = None,
    summary: Callable[[dict], list[str]] | None = None,
) -> dict[str, list[HistoryEntry]]:
    """{"history": entries} for `core/includes/revision_history.html`.

    `obj_or_revisions` is the edited object (its `revisions`, with editors, are read) or the
    revisions themselves, newest first. `labels` maps the keys of the revision data that the
    page compares to their translated labels, in the order to list them. `summary` may turn
    a revision's data into extra lines to show under it.
    """
    if isinstance(obj_or_revisions, models.Model):
        revisions = obj_or_revisions.revisions.select_related("editor__user")
    else:
        revisions = obj_or_revisions
    entries = []
    for revision, before in history(revisions):
        entries.append(
            HistoryEntry(
                version=revision.version,
                kind=revision.kind,
                kind_label=str(revision.get_kind_display()),
                created_at=revision.created_at,
                editor_name=editor_label(revision.editor, viewer=viewer, sees_authors=sees_authors),
                data=revision.data,
                changed=[
                    str(labels[key])
                    for key in changed_fields(
                        before.data if before else None, revision.data, labels
                    )
                ],
                summary=summary(revision.data) if summary else [],
            )
        )
    return {"history": entries}


def rebind_after_conflict(form_class: type, data: Mapping[str, Any], error: EditConflict, **kwargs):
    """The edit form bound to the editor's own input (`data`, the POST) but based on the
    newest version, so saving it again re-applies their text on top of what is stored. The
    form's hidden version field is named "version"."""
    data = data.copy()
    data["version"] = str(error.current.version)
    return form_class(data, **kwargs)


@dataclass
class EditOutcome:
    """What `versioned_edit` did: the form to show, the conflict (if any), whether saved."""

    form: Any
    conflict: dict[str, Any] | None = None
    saved: bool = False

    @property
    def status(self) -> int:
        """The page's status code: 409 when the edit was refused as a conflict."""
        return 409 if self.conflict else 200


def versioned_edit(
    request,
    *,
    form_class: type,
    initial: Callable[[], Mapping[str, Any]],
    save: Callable[[Any], Any],
    labels: Mapping[str, str],
    sees_authors: bool,
    viewer: Membership | None,
    shown: Callable[[str, Any], Any] | None = None,
    refused: type[Exception] | tuple[type[Exception], ...] = (),
    **form_kwargs,
) -> EditOutcome:
    """The form side of an edit page, GET and POST.

    GET: the form filled with `initial()`. POST: a valid form is passed to `save(form)`,
    which calls the service (with `expected_version=form.cleaned_data["version"]`). An
    `EditConflict` gives the 409 outcome: the form re-bound to the editor's text on top of
    the newest version (`rebind_after_conflict`) and `conflict_context(...)`. An exception
    of the `refused` classes becomes an error at the top of the form. `form_kwargs` go to
    every form built. The view then redirects when `saved`, else renders with `status`.
    """
    if request.method != "POST":
        return EditOutcome(form_class(initial=initial(), **form_kwargs))
    form = form_class(request.POST, **form_kwargs)
    if not form.is_valid():
        return EditOutcome(form)
    try:
        save(form)
    except EditConflict as error:
        conflict = conflict_context(
            error, labels=labels, sees_authors=sees_authors, viewer=viewer, shown=shown
        )
        form = rebind_after_conflict(form_class, request.POST, error, **form_kwargs)
        return EditOutcome(form, conflict)
    except refused as error:
        form.add_error(None, str(error))
        return EditOutcome(form)
    return EditOutcome(form, saved=True)


def _comparable(value: Any) -> Any:
    """What decides whether two versions of a field differ: related objects by id."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | QuerySet) and all(
        isinstance(v, models.Model) for v in value
    ):
        return frozenset(v.pk for v in value)
    return value


def _shown(obj: models.Model, key: str, value: Any) -> str:
    """A field's value as the conflict page shows it: choice labels, related objects by
    name."""
    if isinstance(value, list | tuple | set | QuerySet):
        return ", ".join(str(v) for v in value)
    try:
        model_field = obj._meta.get_field(key)
    except Exception:  # noqa: BLE001 - not a model field
        model_field = None
    if model_field is not None and model_field.choices and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    return "" if value is None else value


def conflict_context(
    error: EditConflict,
    *,
    labels: Mapping[str, str],
    sees_authors: bool,
    viewer: Membership | None = None,
    shown: Callable[[str, Any], Any] | None = None,
) -> dict[str, Any]:
    """What `core/includes/edit_conflict.html` shows: each field of `labels` whose saved
    value differs from the editor's (`rows`, with "theirs" and "mine"), the labels of the
    fields both versions share (`same`), the saved version's number and who saved it when.

    The saved value of a many-to-many field is read from the database. `shown(key, value)`
    may format a value for the page (return None to keep the default: choice labels, names
    of related objects joined by commas).
    """
    current, attempted = error.current, error.attempted
    rows, same = [], []
    for key, label in labels.items():
        theirs = getattr(current, key)
        if isinstance(theirs, models.Manager):
            theirs = list(theirs.all())
        mine = attempted.get(key)
        theirs_shown = shown(key, theirs) if shown else None
        mine_shown = shown(key, mine) if shown else None
        if theirs_shown is None:
            theirs_shown = _shown(current, key, theirs)
        if mine_shown is None:
            mine_shown = _shown(current, key, mine)
        if _comparable(theirs) == _comparable(mine):
            same.append(str(label))
        else:
            rows.append({"label": str(label), "theirs": theirs_shown, "mine": mine_shown})
    last = current.revisions.select_related("editor__user").first()
    return {
        "current": current,
        "version": current.version,
        "rows": rows,
        "same": same,
        "saved_by": (
            editor_label(last.editor, viewer=viewer, sees_authors=sees_authors) if last else ""
        ),
        "saved_at": last.created_at if last else None,
    }
