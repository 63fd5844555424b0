from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from processes.models import FrameworkDocument, Theme, ValueStream
from processes.services.themes import ALLOWED_EXTENSIONS, validate_document_file


class ValueStreamChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ValueStream) -> str:
        # The name in the active language; the descriptions are on the value streams page.
        return f"{obj.number}. {obj.name}"


class ThemeForm(forms.ModelForm):
    value_streams = ValueStreamChoiceField(
        label=_("Value streams"),
        queryset=ValueStream.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The parts of the public value universe the theme takes up."),
    )

    class Meta:
        model = Theme
        fields = ["title", "description", "challenges", "value_streams"]
        widgets = {
            # Theme titles are long ("Faglige værdier og kompetenceudvikling").
            "title": forms.TextInput(attrs={"class": "input-width-xl"}),
            "description": forms.Textarea(attrs={"rows": 4, "class": "input-width-xl"}),
            "challenges": forms.Textarea(attrs={"rows": 4, "class": "input-width-xl"}),
        }
        help_texts = {
            "title": _("For example “User involvement and the users’ position”."),
        }

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("This field is required."), code="required")
        return title


class DocumentForm(forms.ModelForm):
    # Without a scheme, "odense.dk/politik" is read as an https address.
    url = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        max_length=200,
        widget=forms.URLInput(attrs={"class": "input-width-xl"}),
        help_text=_("Where the document is published, if it is online."),
    )

    class Meta:
        model = FrameworkDocument
        fields = ["title", "url", "file"]
        widgets = {"title": forms.TextInput(attrs={"class": "input-width-xl"})}
        help_texts = {
            "title": _("For example “Disability policy 2008” or “Development contract”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs["placeholder"] = "https://"
        self.fields["file"].help_text = _(
            "PDF, office document or text file, at most %(limit)s."
        ) % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        self.fields["file"].widget = forms.FileInput(
            attrs={"accept": ",".join(sorted(f".{e}" for e in ALLOWED_EXTENSIONS))}
        )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("This field is required."), code="required")
        return title

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_document_file(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if "file" in self.errors or "url" in self.errors:
            return cleaned
        if not cleaned.get("url") and not cleaned.get("file"):
            raise ValidationError(
                _("Give a link to the document, upload it as a file, or both."),
                code="link_or_file",
            )
        return cleaned
