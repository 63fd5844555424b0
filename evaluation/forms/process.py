"""Forms of the process evaluation: its settings, a question, and the answers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import SCALE_MAX, SCALE_MIN, TEXT_MAX_LENGTH, ProcessEvaluation, Question
from ..services.answers import field_name
from .common import text_input, textarea


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ProcessEvaluation
        fields = ["intro", "anonymous"]
        labels = {"intro": _("Introduction"), "anonymous": _("Anonymous answers")}
        widgets = {"intro": textarea(4)}

    def __init__(self, *args, can_change_anonymity: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_change_anonymity:
            self.fields["anonymous"].disabled = True


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "kind", "help_text"]
        labels = {
            "text": _("Question"),
            "kind": _("How it is answered"),
            "help_text": _("Explanation"),
        }
        help_texts = {"help_text": _("A short note under the question, if it needs one.")}
        widgets = {
            "text": text_input(),
            "kind": forms.RadioSelect,
            "help_text": text_input(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Question.Kind.choices


SCALE_LABELS = {
    SCALE_MIN: _("not at all"),
    SCALE_MAX: _("to a very high degree"),
}


class AnswerChoiceField(forms.ChoiceField):
    """A radio choice whose wrong value gets the service's plain message, not Django's."""

    def __init__(self, *args, invalid: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = invalid


class AnswerForm(forms.Form):
    """One field per question (`q<pk>`), every one optional: skip what you cannot answer."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[field_name(question)] = self._field(question)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        common = {
            "label": question.text,
            "help_text": question.help_text,
            "required": False,
        }
        if question.kind == Question.Kind.SCALE:
            return AnswerChoiceField(
                choices=[(str(n), str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)],
                widget=forms.RadioSelect,
                invalid=_("Choose a number from 1 to 5."),
                **common,
            )
        if question.kind == Question.Kind.YES_NO:
            return AnswerChoiceField(
                choices=[("yes", _("Yes")), ("no", _("No"))],
                widget=forms.RadioSelect,
                invalid=_("Choose yes or no."),
                **common,
            )
        return forms.CharField(max_length=TEXT_MAX_LENGTH, widget=textarea(4), **common)

    def rows(self):
        """(question, bound field) pairs, in the questionnaire's order."""
        return [(q, self[field_name(q)]) for q in self.questions]
