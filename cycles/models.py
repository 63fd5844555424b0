"""Quality development as a continuing cycle (seed 003): a process can be started as the
next cycle of a finished one. The link is kept so each process page can name the other."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership
from processes.models import Process


class CycleLink(models.Model):
    """`process` was started as the next cycle of `previous`."""

    previous = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="next_cycles",
        verbose_name=_("previous process"),
    )
    process = models.OneToOneField(
        Process,
        on_delete=models.CASCADE,
        related_name="previous_cycle",
        verbose_name=_("process"),
    )
    started_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)

    class Meta:
        ordering = ["previous", "started_at", "pk"]
        verbose_name = _("next cycle")
        verbose_name_plural = _("next cycles")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(previous=models.F("process")),
                name="cycles_a_process_does_not_follow_itself",
            )
        ]

    def __str__(self) -> str:
        return f"{self.previous} → {self.process}"

    def get_absolute_url(self) -> str:
        return self.process.get_absolute_url()
