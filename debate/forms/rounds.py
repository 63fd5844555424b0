"""The form that opens a prioritisation round."""

from django import forms
from django.utils.translation import gettext_lazy as _

from processes.models import Group

from ..models import PrioritisationRound
from ..models.rounds import MAX_DOTS_PER_PERSON


class RoundForm(forms.Form):
    """Open a prioritisation round: fresh candidates, or the top N of earlier rounds."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “First round: our most important values”."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    group = forms.ModelChoiceField(
        label=_("Who votes"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("All groups of the process (plenary)"),
        help_text=_("A group votes on its own values or ideas; a plenary round on all groups'."),
    )
    target = forms.ChoiceField(
        label=_("Vote on"),
        choices=PrioritisationRound.Target.choices,
        initial=PrioritisationRound.Target.VALUES,
        widget=forms.RadioSelect,
    )
    dots_per_person = forms.IntegerField(
        label=_("Dots per person"),
        min_value=1,
        max_value=MAX_DOTS_PER_PERSON,
        initial=5,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-width-xs"}),
    )
    source_rounds = forms.ModelMultipleChoiceField(
        label=_("Take the candidates from earlier rounds"),
        queryset=PrioritisationRound.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A staged round narrows down: it takes the top of closed rounds, for example each "
            "group's round, as its candidates."
        ),
    )
    top_n = forms.IntegerField(
        label=_("How many of the top of each earlier round"),
        min_value=1,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-width-xs"}),
        help_text=_("Candidates tied at the last place all go on; candidates without dots do not."),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(process=process)
        closed = PrioritisationRound.objects.filter(
            process=process, status=PrioritisationRound.Status.CLOSED
        ).select_related("group")
        self.fields["source_rounds"].queryset = closed
        self.fields["source_rounds"].label_from_instance = lambda r: (
            f"{r.title} ({r.group.name if r.group else _('all groups')}, "
            f"{r.get_target_display().lower()})"
        )
        if not closed:
            del self.fields["source_rounds"]
            del self.fields["top_n"]

    def clean(self):
        cleaned = super().clean()
        sources, top_n = cleaned.get("source_rounds"), cleaned.get("top_n")
        if sources and not top_n:
            self.add_error("top_n", _("Say how many of the top of each earlier round go on."))
        if top_n and not sources and "source_rounds" in self.fields:
            self.add_error("source_rounds", _("Choose the earlier rounds to take the top of."))
        return cleaned
