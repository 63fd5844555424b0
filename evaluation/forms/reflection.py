"""Forms of the reflection question bank and the reflection meetings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from implementation.models import Indicator, Initiative

from ..models import ReflectionLevel, ReflectionMeeting, ReflectionQuestion
from .common import date_input, text_input, textarea

LEVEL_CHOICES = [("", _("Every level")), *ReflectionLevel.choices]


class ReflectionQuestionForm(forms.ModelForm):
    level = forms.ChoiceField(label=_("Level"), choices=LEVEL_CHOICES, required=False)

    class Meta:
        model = ReflectionQuestion
        fields = ["text", "level"]
        labels = {"text": _("Question")}
        widgets = {"text": text_input()}


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ReflectionQuestion) -> str:
        return obj.text


class InitiativeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Initiative) -> str:
        return f"{obj.title} ({obj.process.title})"


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.name} ({obj.initiative.title})"


class MeetingForm(forms.ModelForm):
    questions = QuestionChoiceField(
        label=_("Questions asked"),
        queryset=ReflectionQuestion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    initiatives = InitiativeChoiceField(
        label=_("Initiatives looked at"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = IndicatorChoiceField(
        label=_("Indicators looked at"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ReflectionMeeting
        fields = ["level", "held_on", "title", "notes", "questions", "initiatives", "indicators"]
        labels = {
            "level": _("Level"),
            "held_on": _("Held on"),
            "title": _("Topic"),
            "notes": _("Notes"),
        }
        help_texts = {
            "notes": _("What you saw in the data, what you reflected on, and what you decided."),
        }
        widgets = {
            "level": forms.RadioSelect,
            "held_on": date_input(),
            "title": text_input(),
            "notes": textarea(8),
        }

    def __init__(self, *args, team, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = ReflectionLevel.choices
        self.fields["questions"].queryset = team.questions.order_by("level", "position", "pk")
        self.fields["initiatives"].queryset = initiatives.select_related("process").order_by(
            "process__title", "title", "pk"
        )
        self.fields["indicators"].queryset = (
            Indicator.objects.filter(initiative__in=initiatives.values("pk"))
            .select_related("initiative__process")
            .order_by("initiative__title", "position", "pk")
        )

    def _post_clean(self):
        # The service validates and saves (with its clear messages).
        pass

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in self.Meta.fields}
