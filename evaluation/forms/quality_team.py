"""Forms of the quality team: its purpose, a seat on it, a level's cadence."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership

from ..models import QualityTeam, QualityTeamMember, ReflectionCadence
from .common import text_input, textarea


class TeamForm(forms.ModelForm):
    class Meta:
        model = QualityTeam
        fields = ["purpose", "meets_every_weeks"]
        labels = {
            "purpose": _("What the team is for"),
            "meets_every_weeks": _("Meets every … weeks"),
        }
        help_texts = {"meets_every_weeks": _("Once a month is a good start: every 4 weeks.")}
        widgets = {"purpose": textarea(4)}


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        details = [str(obj.get_role_display())]
        if obj.professional_background:
            details.append(obj.professional_background)
        return f"{obj.display_name} ({', '.join(details)})"


class SeatForm(forms.ModelForm):
    membership = MembershipChoiceField(label=_("Person"), queryset=Membership.objects.none())

    class Meta:
        model = QualityTeamMember
        fields = ["membership", "role", "position", "profession"]
        labels = {
            "role": _("Role in the team"),
            "position": _("Position"),
            "profession": _("Profession"),
        }
        help_texts = {
            "profession": _("Empty: the person's professional background."),
            "position": _("Aim for one leader and one frontline worker from each profession."),
        }
        widgets = {
            "role": forms.RadioSelect,
            "position": forms.RadioSelect,
            "profession": text_input(),
        }

    def __init__(self, *args, organisation, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = QualityTeamMember.Role.choices
        if editing:
            del self.fields["membership"]
        else:
            self.fields["membership"].queryset = (
                Membership.objects.filter(organisation=organisation)
                .exclude(quality_team_seats__team__organisation=organisation)
                .select_related("user")
                .order_by("user__first_name", "user__last_name", "pk")
            )

    def _post_clean(self):
        # The service checks the seat (one per person, one lead); skip the model's own
        # validation, which would query for the same and word it differently.
        pass


class CadenceForm(forms.ModelForm):
    class Meta:
        model = ReflectionCadence
        fields = ["every_weeks", "duration_minutes", "participants"]
        labels = {
            "every_weeks": _("Every … weeks"),
            "duration_minutes": _("Duration (minutes)"),
            "participants": _("Who takes part"),
        }
        widgets = {"participants": text_input()}

    def _post_clean(self):
        pass
