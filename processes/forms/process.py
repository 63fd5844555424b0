from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ConstraintErrorsMixin
from organisations.models import Membership
from processes.models import Process
from processes.services.phases import BACK, NEXT, OVERRIDE_REASON_MAX_LENGTH


class ProcessForm(ConstraintErrorsMixin, forms.ModelForm):
    constraint_errors = {
        "process_ends_after_it_starts": (
            "end_date",
            _("The process must end on or after the day it starts."),
        )
    }

    class Meta:
        model = Process
        fields = [
            "title",
            "purpose",
            "start_date",
            "end_date",
            "min_initiatives_per_group",
            "author_visibility",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "author_visibility": forms.RadioSelect,
        }
        help_texts = {
            "purpose": _("Why the organisation runs the process and what it should lead to."),
            "end_date": _("About four months after the start is usual."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model field only knows "positive"; the browser should know the model's 1-20.
        self.fields["min_initiatives_per_group"].widget.attrs.update({"min": 1, "max": 20})
        self.fields["author_visibility"].help_text = _(
            "Hidden authors can make it easier to say what one really thinks."
        )


class ParticipantsForm(forms.Form):
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = (
            Membership.objects.filter(organisation=organisation)
            .select_related("user")
            .order_by("department", "user__first_name", "user__last_name", "pk")
        )


class PhaseMoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[(NEXT, _("Next phase")), (BACK, _("Previous phase"))], widget=forms.HiddenInput
    )
    # The phase the person saw, so a move from an out-of-date page is refused.
    from_phase = forms.CharField(required=False, widget=forms.HiddenInput)
    override_reason = forms.CharField(
        label=_("Reason for going on anyway"),
        required=False,
        max_length=OVERRIDE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed while a requirement is not met. It is kept in the phase history with "
            "the requirements that were not met."
        ),
    )
