"""What the debate's forms share."""

from django import forms


def textarea(rows: int = 3) -> forms.Textarea:
    # dir="auto" lets right-to-left text (Arabic, Hebrew) be typed and shown the right way.
    return forms.Textarea(attrs={"rows": rows, "dir": "auto", "class": "form-input--wide"})
