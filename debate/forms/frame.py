"""The form for a condition of a theme's given frame."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import GivenFrame
from .common import textarea


class GivenFrameForm(forms.ModelForm):
    class Meta:
        model = GivenFrame
        fields = ["kind", "text", "reason"]
        labels = {"text": _("Fixed condition"), "reason": _("Why it is fixed")}
        help_texts = {
            "text": _("For example a law, the budget, or a decision already made."),
            "reason": _("Say openly why, so groups spend their effort on what they can change."),
        }
        widgets = {"text": textarea(2), "reason": textarea(3)}
