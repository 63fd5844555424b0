"""What the evaluation views share."""

from django.core.exceptions import ValidationError


def posted(request):
    return request.POST if request.method == "POST" else None


def show_errors(form, error: ValidationError) -> None:
    """A service's refusal in the form: each message at its field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
