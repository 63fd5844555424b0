from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from processes.models import Group, GroupMeeting, GroupMembership, Process


class GroupForm(forms.ModelForm):
    """A group's settings. Members are placed on the composition page, not here."""

    class Meta:
        model = Group
        fields = ["name", "theme", "lead", "max_size"]
        help_texts = {
            "name": _("Leave empty to use the theme’s title."),
            "lead": _(
                "Chosen from the process’s participants. The lead sits in the group they "
                "lead and plans its meetings."
            ),
            "max_size": _("Leave empty for no limit. The composition never seats more."),
        }

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        self.fields["name"].required = False
        theme = self.fields["theme"]
        theme.queryset = process.themes.order_by("position", "pk")
        theme.empty_label = _("No theme")
        lead = self.fields["lead"]
        lead.queryset = process.participants.select_related("user").order_by(
            "user__first_name", "user__last_name", "user__username"
        )
        lead.label_from_instance = _lead_label
        lead.empty_label = _("No lead yet")
        self.fields["max_size"].widget.attrs["min"] = 1

    def clean(self):
        cleaned = super().clean()
        theme = cleaned.get("theme")
        if not cleaned.get("name"):
            if theme is not None:
                cleaned["name"] = theme.title[: Group._meta.get_field("name").max_length]
            elif "name" not in self.errors:
                self.add_error("name", _("Give the group a name or choose a theme."))
        name = cleaned.get("name")
        if name and self._others().filter(name__iexact=name).exists():
            self.add_error("name", _("Another group of the process already has this name."))
        lead = cleaned.get("lead")
        if lead is not None:
            other = self._others().filter(lead=lead).first()
            if other is not None:
                self.add_error(
                    "lead",
                    _("%(person)s already leads “%(group)s”. A person leads one group.")
                    % {"person": lead.display_name, "group": other.name},
                )
        self._check_size(cleaned)
        return cleaned

    def _others(self):
        others = Group.objects.filter(process=self.process)
        return others.exclude(pk=self.instance.pk) if self.instance.pk else others

    def _check_size(self, cleaned):
        max_size = cleaned.get("max_size")
        if max_size is None:
            return
        seated = set()
        if self.instance.pk:
            seated = set(
                GroupMembership.objects.filter(group=self.instance).values_list(
                    "membership_id", flat=True
                )
            )
        lead = cleaned.get("lead")
        if lead is not None:
            seated.add(lead.pk)
        if len(seated) > max_size:
            self.add_error(
                "max_size",
                _(
                    "%(count)d people sit in the group (with its lead). Move some to another "
                    "group on the composition page first, or allow at least %(count)d."
                )
                % {"count": len(seated)},
            )


def _lead_label(membership) -> str:
    if membership.department:
        return f"{membership.display_name} ({membership.department})"
    return membership.display_name


class GroupMeetingForm(forms.ModelForm):
    """A group meeting between the seminars; its date lies within the process's dates."""

    class Meta:
        model = GroupMeeting
        fields = ["date", "place", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "notes": _("For example what the group will prepare for the next seminar."),
        }

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        date = self.fields["date"]
        date.widget.attrs.update(
            {"min": process.start_date.isoformat(), "max": process.end_date.isoformat()}
        )
        date.help_text = _("Between %(start)s and %(end)s, the dates of the process.") % {
            "start": date_format(process.start_date, "DATE_FORMAT"),
            "end": date_format(process.end_date, "DATE_FORMAT"),
        }

    def clean_date(self):
        date = self.cleaned_data["date"]
        if not self.process.start_date <= date <= self.process.end_date:
            raise forms.ValidationError(
                _("Choose a date within the process, from %(start)s to %(end)s.")
                % {
                    "start": date_format(self.process.start_date, "DATE_FORMAT"),
                    "end": date_format(self.process.end_date, "DATE_FORMAT"),
                }
            )
        return date
