"""Forms of the spreading pages: reactions on initiatives, idea proposals and their adoption,
meeting series and meetings, the host's record of a meeting's input, and good stories.

Choices of initiatives, themes and members are narrowed to the process or the organisation
in `__init__`, so a tampered id from elsewhere is an invalid choice, not a leak.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from implementation.models import Initiative
from organisations.models import Membership
from processes.models import Theme

from .models import COMMENT_MAX_LENGTH, TEXT_MAX_LENGTH, Series

DEFAULT_AGENDA = _(
    "Welcome: why we meet, and what happens to what we say (10 min)\n"
    "The value and idea catalogue in brief: themes, ideal values and initiatives (15 min)\n"
    "Talk in small groups about the questions (40 min)\n"
    "What we take with us: comments on the initiatives and new ideas (15 min)\n"
    "Who wants to take part in which initiative (10 min)"
)
DEFAULT_QUESTIONS = _(
    "Which of the values in the catalogue do you recognise from your own work? Give an "
    "example.\n"
    "Where is the gap between the ideal and what we do today?\n"
    "Which initiative matters most to the users you work with, and why?\n"
    "Which initiative would you like to take part in?\n"
    "What new idea would improve the quality of our core task for the users?"
)


def textarea(rows: int = 3) -> forms.Textarea:
    # dir="auto" lets right-to-left text be typed and shown the right way.
    return forms.Textarea(attrs={"rows": rows, "dir": "auto", "class": "input-width-xl"})


def membership_label(membership: Membership) -> str:
    details = [str(membership.get_role_display())]
    if membership.department:
        details.append(membership.department)
    return f"{membership.display_name} ({', '.join(details)})"


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return membership_label(obj)


class InitiativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Initiative) -> str:
        return obj.title


def initiative_field(required: bool = False, **kwargs) -> InitiativeChoiceField:
    return InitiativeChoiceField(
        label=kwargs.pop("label", _("Initiative")),
        queryset=Initiative.objects.none(),
        required=required,
        empty_label=_("(none)") if not required else "---------",
        **kwargs,
    )


def theme_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=kwargs.pop("label", _("Theme")),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("(none)"),
        **kwargs,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=textarea(3),
    )


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Your idea in a few words"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"dir": "auto", "autocomplete": "off", "class": "input-width-xl"}
        ),
    )
    description = forms.CharField(
        label=_("Describe the idea"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(5),
        help_text=_("What would you do, and how would it make a difference for the users?"),
    )
    initiative = initiative_field(
        label=_("It builds on the initiative"),
        help_text=_("Optional: the initiative the idea adds to."),
    )
    theme = theme_field(help_text=_("Optional: the theme of the catalogue the idea is about."))

    def __init__(self, *args, initiatives, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        self.fields["theme"].queryset = themes


class AdoptForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the initiative"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"dir": "auto", "autocomplete": "off", "class": "input-width-xl"}
        ),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=TEXT_MAX_LENGTH, widget=textarea(5)
    )
    theme = theme_field()
    reason = forms.CharField(
        label=_("Why it is taken up"),
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(3),
        help_text=_("Recorded with the initiative as where it comes from and why."),
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the idea is declined"),
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(3),
        help_text=_("Everyone who reads the proposal sees the reason."),
    )


class SeriesForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"dir": "auto", "autocomplete": "off", "class": "input-width-xl"}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Series.Kind.choices, widget=forms.RadioSelect, initial="cafe"
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(4),
        help_text=_("What staff can expect, shown where they sign up."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(6),
        help_text=_("One item a line. The hosts get it in their host kit."),
    )
    questions = forms.CharField(
        label=_("Questions to ask"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(6),
        help_text=_("One question a line. The hosts ask them at the meetings."),
    )
    one_meeting_per_person = forms.BooleanField(
        label=_("Each person signs up for one meeting of the series"),
        required=False,
        initial=True,
        help_text=_("So there is room for everyone in the organisation."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "agenda" not in self.initial:
            self.initial.update({"agenda": DEFAULT_AGENDA, "questions": DEFAULT_QUESTIONS})


class MeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    host = MembershipChoiceField(
        label=_("Host"),
        queryset=Membership.objects.none(),
        help_text=_("The member who hosts the meeting, prints the host kit and records the input."),
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000, initial=20)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = (
            Membership.objects.filter(organisation=organisation)
            .select_related("user")
            .order_by("user__first_name", "user__last_name", "user__username", "pk")
        )


class InputCommentForm(CommentForm):
    """The host's record of what a meeting said about an initiative."""

    initiative = initiative_field(required=True, label=_("About the initiative"))
    text = forms.CharField(
        label=_("What the meeting said"), max_length=COMMENT_MAX_LENGTH, widget=textarea(4)
    )
    field_order = ["initiative", "text"]

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives


class StoryForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"dir": "auto", "autocomplete": "off", "class": "input-width-xl"}
        ),
    )
    text = forms.CharField(
        label=_("The story"),
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(6),
        help_text=_("What happened, for whom, and what difference it made."),
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_(
            "Optional: a JPEG, PNG or WebP picture. Only members of the organisation see it."
        ),
    )
    image_alt = forms.CharField(
        label=_("What the image shows"),
        required=False,
        max_length=300,
        help_text=_("Needed with an image: a few words for those who cannot see it."),
    )
