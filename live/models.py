"""Live seminar mode: what the plenary board and the phones show while a seminar runs.

`SeminarLiveState` is the facilitator's control panel in the database: which agenda item is
running, its timer, and the short join code people type or scan to reach their group.

`LiveStamp` is the cheap change marker behind polling. Every write to the debate of a process
gives the affected scopes a new random stamp (see `live.signals`); a poll compares the
stamps it was built from (in its ETag) with the stored ones in one primary-key query and
answers 304 when nothing changed. A random stamp rather than a counter: an upsert that writes
a new value needs no read-modify-write, and any change makes it differ.
"""

from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership
from processes.models import AgendaItem, Seminar

# No 0/O, 1/I/L: a code read off a projector across a hall is typed without guessing.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
MAX_TIMER_MINUTES = 480


class SeminarLiveState(models.Model):
    seminar = models.OneToOneField(
        Seminar, on_delete=models.CASCADE, related_name="live_state", verbose_name=_("seminar")
    )
    join_code = models.CharField(_("join code"), max_length=JOIN_CODE_LENGTH, unique=True)
    current_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("running agenda item"),
    )
    timer_started_at = models.DateTimeField(_("timer started"), null=True, blank=True)
    timer_minutes = models.PositiveSmallIntegerField(_("timer (minutes)"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["seminar"]
        verbose_name = _("live state of a seminar")
        verbose_name_plural = _("live states of seminars")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(timer_started_at__isnull=True, timer_minutes__isnull=True)
                | models.Q(
                    timer_started_at__isnull=False,
                    timer_minutes__gte=1,
                    timer_minutes__lte=MAX_TIMER_MINUTES,
                ),
                name="live_timer_started_with_minutes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seminar} · {self.join_code}"

    def get_absolute_url(self) -> str:
        return reverse("live:board", args=[self.seminar.process_id, self.seminar_id])

    @property
    def timer_running(self) -> bool:
        return self.timer_started_at is not None

    @property
    def timer_ends_at(self):
        if self.timer_started_at is None:
            return None
        return self.timer_started_at + timedelta(minutes=self.timer_minutes)

    def timer_remaining_seconds(self, now=None) -> int | None:
        """Seconds left on the timer (0 once it has run out), or None without a timer."""
        if self.timer_started_at is None:
            return None
        now = now or timezone.now()
        return max(0, int((self.timer_ends_at - now).total_seconds()))


class LiveStamp(models.Model):
    """The latest change marker of one scope: "p<process pk>" (anything in the process,
    for the board), "a<process pk>" (what every group's live view shows: plenary rounds, the
    running agenda item, the author mode) or "g<group pk>" (one group's entries and rounds)."""

    key = models.CharField(max_length=24, primary_key=True)
    stamp = models.BigIntegerField()

    class Meta:
        verbose_name = _("live change marker")
        verbose_name_plural = _("live change markers")

    def __str__(self) -> str:
        return f"{self.key}={self.stamp}"
