"""The value debate: what a group means by its values, discussed, linked and clustered.

The top half of the hourglass (seed 000): groups enter values with examples, dilemmas and
the gap between ideal and practice, comment on each other's values, and merge the
near-duplicates a brainstorm produces. The leader states the given frame of a theme (what is
fixed and why, seed 004) so groups spend their effort on what they can change.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.revisions import RevisionBase
from organisations.models import Membership
from processes.models import Group, Theme, ValueStream

# Long enough for a thorough paragraph typed on a phone, short enough to keep pages sane.
TEXT_MAX_LENGTH = 10_000


class ValueQuerySet(models.QuerySet):
    def visible(self):
        """Values that are shown in lists: merged values live on inside their target."""
        return self.filter(merged_into__isnull=True)

    def with_counts(self):
        """Annotate counts of example comments, plain comments and disagreements."""
        return self.annotate(
            example_count=models.Count(
                "comments", filter=models.Q(comments__kind=ValueComment.Kind.EXAMPLE)
            ),
            comment_count=models.Count(
                "comments", filter=models.Q(comments__kind=ValueComment.Kind.COMMENT)
            ),
            disagreement_count=models.Count(
                "comments", filter=models.Q(comments__is_disagreement=True)
            ),
        )


class Value(models.Model):
    """A value a group puts into the debate, with what the group means by it."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="values", verbose_name=_("group")
    )
    author = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        related_name="debate_values",
        verbose_name=_("author"),
    )
    name = models.CharField(_("value"), max_length=200)
    meaning = models.TextField(_("what we mean by it"), max_length=TEXT_MAX_LENGTH)
    examples = models.TextField(_("everyday examples"), max_length=TEXT_MAX_LENGTH * 2, blank=True)
    dilemmas = models.TextField(
        _("dilemmas and conflicts with other values"), max_length=TEXT_MAX_LENGTH * 2, blank=True
    )
    gap = models.TextField(
        _("the gap between ideal and practice"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    value_streams = models.ManyToManyField(
        ValueStream, related_name="debate_values", blank=True, verbose_name=_("value streams")
    )
    is_ideal = models.BooleanField(
        _("one of the group's ideals"),
        default=False,
        help_text=_("The group sets this value as one of its ideals."),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_values",
        verbose_name=_("merged into"),
    )
    # Names of the values merged into this one, one per line, so people still find them.
    also_called = models.TextField(_("also called"), blank=True)
    # Optimistic concurrency: every change raises it; an edit based on an older version is a
    # conflict, never a silent overwrite.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ValueQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")), name="value_not_merged_into_itself"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="value_version_positive"
            ),
        ]
        indexes = [models.Index(fields=["group", "merged_into"], name="debate_value_group_list")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("debate:value_detail", args=[self.group.process_id, self.pk])

    @property
    def also_called_names(self) -> list[str]:
        return [name for name in self.also_called.splitlines() if name.strip()]


class ValueComment(models.Model):
    """A comment or an own everyday example on a value; disagreements stay visible."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        EXAMPLE = "example", _("Example")

    value = models.ForeignKey(
        Value, on_delete=models.CASCADE, related_name="comments", verbose_name=_("value")
    )
    author = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        related_name="debate_comments",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    is_disagreement = models.BooleanField(_("I disagree"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]


class ValueRelation(models.Model):
    """A link between two values of a process: one is in tension with or supports the other."""

    class Kind(models.TextChoices):
        TENSION = "tension", _("is in tension with")
        SUPPORTS = "supports", _("supports")

    from_value = models.ForeignKey(
        Value, on_delete=models.CASCADE, related_name="relations_from", verbose_name=_("value")
    )
    to_value = models.ForeignKey(
        Value, on_delete=models.CASCADE, related_name="relations_to", verbose_name=_("other value")
    )
    kind = models.CharField(_("relation"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("relation between values")
        verbose_name_plural = _("relations between values")
        constraints = [
            models.UniqueConstraint(
                fields=["from_value", "to_value", "kind"], name="one_relation_of_a_kind"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_value=models.F("to_value")), name="no_relation_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_value} {self.get_kind_display()} {self.to_value}"


class ValueRevision(RevisionBase):
    """One entry of a value's history: who changed it, when, and what it then said."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        MERGED = "merged", _("Values merged into it")
        UNMERGED = "unmerged", _("Merge undone")

    value = models.ForeignKey(
        Value, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("value")
    )
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    # `data`: the snapshot of the editable fields after the change (services.values.snapshot).

    class Meta(RevisionBase.Meta):
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.value} v{self.version}"


class ValueMerge(models.Model):
    """A merge of near-duplicate values into one, with what is needed to undo it exactly."""

    target = models.ForeignKey(
        Value, on_delete=models.CASCADE, related_name="merges", verbose_name=_("merged into")
    )
    sources = models.ManyToManyField(
        Value, related_name="merged_by", verbose_name=_("merged values")
    )
    actor = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    # {"appended": {"examples": "...", "dilemmas": "..."}, "also_called": [...],
    #  "comments": {"<source pk>": [comment pks]}}
    undo_data = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("merged"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("merge of values")
        verbose_name_plural = _("merges of values")

    def __str__(self) -> str:
        return f"→ {self.target}"


class GivenFrame(models.Model):
    """A fixed condition of a theme (a law, the budget, a decision already made) and why.

    Stated openly by the leader so the groups spend their effort on what they can change.
    """

    class Kind(models.TextChoices):
        LAW = "law", _("Law or regulation")
        BUDGET = "budget", _("Budget")
        DECISION = "decision", _("Decision already made")
        OTHER = "other", _("Other condition")

    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="given_frame", verbose_name=_("theme")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    text = models.TextField(_("condition"), max_length=2_000)
    reason = models.TextField(_("why it is fixed"), max_length=TEXT_MAX_LENGTH, blank=True)
    author = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("given frame condition")
        verbose_name_plural = _("given frame")

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("debate:given_frame", args=[self.theme.process_id, self.theme_id])
