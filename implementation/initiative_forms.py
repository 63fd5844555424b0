"""Forms of the initiative pages: starting implementation, adding and editing an initiative,
its status, the leader's sign-off, progress updates and the update interval.

Owner and team are chosen among the organisation's memberships (the team may include
external representatives); the querysets are narrowed to the organisation in `__init__`,
so a tampered id from elsewhere is an invalid choice, not a leak.
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership

from .models import TEXT_MAX_LENGTH, Implementation, Initiative


def textarea(rows: int = 3) -> forms.Textarea:
    # dir="auto" lets right-to-left text be typed and shown the right way.
    return forms.Textarea(attrs={"rows": rows, "dir": "auto", "class": "input-width-xl"})


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return membership_label(obj)


class MembershipMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return membership_label(obj)


def membership_label(membership: Membership) -> str:
    details = [str(membership.get_role_display())]
    if membership.department:
        details.append(membership.department)
    return f"{membership.display_name} ({', '.join(details)})"


def organisation_memberships(organisation):
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username", "pk")
    )


class StartForm(forms.Form):
    edition = forms.ModelChoiceField(
        label=_("Start from"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
    )
    override_reason = forms.CharField(
        label=_("Reason for going on anyway"),
        required=False,
        max_length=2000,
        widget=textarea(3),
        help_text=_("Needed only when a requirement above is not met. It is recorded."),
    )

    def __init__(self, *args, editions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = editions
        self.fields["edition"].label_from_instance = lambda e: (
            _("Edition %(number)d, published %(date)s")
            % {
                "number": e.number,
                "date": date_format(timezone.localtime(e.published_at), "DATE_FORMAT")
                if e.published_at
                else "",
            }
        )
        first = editions.first()
        if first is not None:
            self.initial.setdefault("edition", first.pk)


class InitiativeForm(forms.Form):
    """The fields an owner, the team and the managers edit."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"dir": "auto", "autocomplete": "off", "class": "input-width-xl"}
        ),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=TEXT_MAX_LENGTH, widget=textarea(5)
    )
    group = forms.ModelChoiceField(label=_("Group"), queryset=None, required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=None,
        required=False,
        help_text=_("Left empty, the theme of the group is used."),
    )
    owner = MembershipChoiceField(
        label=_("Owner"),
        queryset=None,
        required=False,
        help_text=_("The member who answers for the initiative and writes its updates."),
    )
    team = MembershipMultipleChoiceField(
        label=_("Team"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members and external representatives who carry out the initiative."),
    )
    users_involvement = forms.CharField(
        label=_("How users take part"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(3),
        help_text=_("For example: users set the goals with us, or test the change first."),
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=date_input())
    end_date = forms.DateField(label=_("End date"), required=False, widget=date_input())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # The service's field names, in the order of the form.
    SERVICE_FIELDS = (
        "title",
        "description",
        "group",
        "theme",
        "owner",
        "team",
        "users_involvement",
        "start_date",
        "end_date",
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = process.groups.order_by("name", "pk")
        self.fields["theme"].queryset = process.themes.order_by("position", "pk")
        memberships = organisation_memberships(process.organisation)
        self.fields["owner"].queryset = memberships
        self.fields["team"].queryset = memberships

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned

    @classmethod
    def initial_for(cls, initiative: Initiative) -> dict:
        return {
            "title": initiative.title,
            "description": initiative.description,
            "group": initiative.group_id,
            "theme": initiative.theme_id,
            "owner": initiative.owner_id,
            "team": [m.pk for m in initiative.team.all()],
            "users_involvement": initiative.users_involvement,
            "start_date": initiative.start_date,
            "end_date": initiative.end_date,
            "version": initiative.version,
        }

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.SERVICE_FIELDS}
        data["team"] = list(data["team"] or [])
        return data


ADDED_ORIGINS = [(k, v) for k, v in Initiative.Origin.choices if k != Initiative.Origin.CATALOGUE]


class AddInitiativeForm(InitiativeForm):
    origin = forms.ChoiceField(
        label=_("Where it comes from"), choices=ADDED_ORIGINS, widget=forms.RadioSelect
    )
    origin_reason = forms.CharField(
        label=_("Why it is added"),
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(3),
        help_text=_(
            "Where the initiative comes from and why it is taken up now, for example what "
            "the staff café meeting proposed."
        ),
        error_messages={"required": _("Say where the initiative comes from and why.")},
    )

    field_order = ["title", "origin", "origin_reason", "description"]

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["origin"] = self.cleaned_data["origin"]
        data["origin_reason"] = self.cleaned_data["origin_reason"]
        return data


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("New status"), choices=Initiative.Status.choices, widget=forms.RadioSelect
    )
    changed_on = forms.DateField(label=_("Since"), widget=date_input())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(3),
        help_text=_("Why the status changes: what happened, what was decided."),
        error_messages={"required": _("Say why the status changes.")},
    )

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (k, v) for k, v in Initiative.Status.choices if k != initiative.status
        ]
        self.initial.setdefault("changed_on", timezone.localdate())


class SignOffForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(3),
        help_text=_("For example the law, policy or decision you checked it against."),
    )


class UpdateForm(forms.Form):
    written_on = forms.DateField(label=_("Date"), widget=date_input())
    text = forms.CharField(
        label=_("What has happened"),
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(4),
        error_messages={"required": _("Write what has happened.")},
    )
    new_status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_status"].choices = [
            ("", _("Unchanged (%(status)s)") % {"status": initiative.get_status_display()}),
            *[(k, v) for k, v in Initiative.Status.choices if k != initiative.status],
        ]
        self.fields["new_status"].help_text = _(
            "Change it here if the update changes the status; the text is kept as the reason."
        )
        self.initial.setdefault("written_on", timezone.localdate())


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Implementation
        fields = ["update_interval_days"]
        widgets = {"update_interval_days": forms.NumberInput(attrs={"min": 7, "max": 365})}

    def clean_update_interval_days(self):
        days = self.cleaned_data["update_interval_days"]
        if days > 365:
            raise forms.ValidationError(_("Choose at most 365 days."))
        return days
