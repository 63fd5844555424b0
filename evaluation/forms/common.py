"""What the evaluation forms share."""

from django import forms


def textarea(rows: int = 3) -> forms.Textarea:
    # dir="auto" lets right-to-left text be typed and shown the right way.
    return forms.Textarea(attrs={"rows": rows, "dir": "auto", "class": "form-input--wide"})


def text_input(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"dir": "auto", "autocomplete": "off", **attrs})


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
