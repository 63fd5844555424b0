import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A municipality, region or institution that runs development processes."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=[("DK", _("Denmark")), ("NO", _("Norway"))],
        default="DK",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.slug])

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:50] or "org"
            slug, n = base, 2
            while Organisation.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A person's place in one organisation: role plus the facts used to compose groups."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        LEADER = "leader", _("Leader")
        GROUP_LEAD = "group_lead", _("Group lead")
        MEMBER = "member", _("Member")
        EXTERNAL = "external", _("External representative")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    department = models.CharField(_("department"), max_length=120, blank=True)
    professional_background = models.CharField(
        _("professional background"), max_length=120, blank=True
    )
    start_year = models.PositiveSmallIntegerField(
        _("started in the organisation (year)"), null=True, blank=True
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    is_external = models.BooleanField(
        _("external"),
        default=False,
        help_text=_("For example a representative from the municipal administration."),
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["user__first_name", "user__last_name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.organisation})"

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def is_facilitator(self) -> bool:
        return self.role == self.Role.FACILITATOR

    @property
    def is_leader(self) -> bool:
        return self.role == self.Role.LEADER

    def years_in_organisation(self, today=None) -> int | None:
        if self.start_year is None:
            return None
        year = (today or timezone.localdate()).year
        return max(0, year - self.start_year)


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    """A one-time link that lets an invited person set a password and join.

    Its email goes out from a Celery task after the invitation is saved; the row records
    whether it went, so an invitation is never lost to a mail server that is down: the
    facilitator sees "not sent" and sends it again.
    """

    class EmailStatus(models.TextChoices):
        QUEUED = "queued", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not sent")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    department = models.CharField(_("department"), max_length=120, blank=True)
    professional_background = models.CharField(
        _("professional background"), max_length=120, blank=True
    )
    start_year = models.PositiveSmallIntegerField(
        _("started in the organisation (year)"), null=True, blank=True
    )
    is_external = models.BooleanField(_("external"), default=False)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        _("email"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    email_sent_at = models.DateTimeField(_("email sent"), null=True, blank=True)
    # Why the last attempt failed, for the logs and the admin (the page says it in words).
    email_error = models.CharField(_("email problem"), max_length=300, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("email attempts"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()

    def get_absolute_url(self) -> str:
        return reverse("accept_invitation", args=[self.token])
