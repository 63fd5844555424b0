"""The influence schema: which activities the users decide, co-decide or have no say in.

In seed 000 the group on "user involvement and the users' position" sorted the everyday
activities of the workshops into three columns (selvbestemmelse / medbestemmelse / ingen
indflydelse). The table was an eye-opener: it showed where the users could be given more
influence, and so where quality development could start. A group builds its own table here;
it is part of the group's material and later of the catalogue.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.revisions import RevisionBase
from organisations.models import Membership
from processes.models import Group

from .values import TEXT_MAX_LENGTH


class InfluenceItem(models.Model):
    """One activity in a group's influence schema, in a column and at a position in it."""

    class Column(models.TextChoices):
        SELF = "self", _("Self-determination")
        CO = "co", _("Co-determination")
        NONE = "none", _("No influence")
        # Activities the group has written down but not yet discussed; the seed's examples
        # start here, because where an activity belongs is what the group has to work out.
        UNPLACED = "unplaced", _("Not yet placed")

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="influence_items", verbose_name=_("group")
    )
    activity = models.CharField(_("activity"), max_length=200)
    column = models.CharField(
        _("users' influence"), max_length=10, choices=Column.choices, default=Column.UNPLACED
    )
    # Order within the column, 0 first; rewritten densely whenever the column changes.
    position = models.PositiveIntegerField(_("position"), default=0)
    note = models.TextField(_("note"), max_length=TEXT_MAX_LENGTH, blank=True)
    author = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        related_name="influence_items",
        verbose_name=_("author"),
    )
    updated_by = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    # Optimistic concurrency, as for values: every change (text or place) raises it, and a
    # change based on an older version is refused instead of overwriting silently.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["group", "column", "position", "pk"]
        verbose_name = _("activity in the influence schema")
        verbose_name_plural = _("influence schema")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(column__in=["self", "co", "none", "unplaced"]),
                name="influence_item_known_column",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="influence_item_version_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["group", "column", "position"], name="debate_influence_order")
        ]

    def __str__(self) -> str:
        return self.activity

    def get_absolute_url(self) -> str:
        url = reverse("debate:influence", args=[self.group.process_id, self.group_id])
        return f"{url}#influence-item-{self.pk}"


class InfluenceItemRevision(RevisionBase):
    """One entry of an activity's history: who added, changed, moved or removed it, when,
    and what it then said. Kept when the activity is removed (the link to it becomes NULL),
    so the group can see who took what out of its schema."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Added")
        EDITED = "edited", _("Edited")
        MOVED = "moved", _("Moved")
        REMOVED = "removed", _("Removed")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        InfluenceItem,
        on_delete=models.SET_NULL,
        null=True,
        related_name="revisions",
    )
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    # `data`: {"activity": ..., "column": ..., "note": ...} as it stood after the change.

    class Meta(RevisionBase.Meta):
        verbose_name = _("influence schema change")
        verbose_name_plural = _("influence schema changes")

    def __str__(self) -> str:
        return f"{self.data.get('activity', '')} v{self.version}"
