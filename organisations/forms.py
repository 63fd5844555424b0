from functools import partial

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from organisations import tasks
from organisations.models import Invitation, Membership, Organisation

# Plain text rather than Django's HTML list: the hint sits in a <span> next to the input.
_password_help_text = lazy(
    lambda: " ".join(str(t) for t in password_validation.password_validators_help_texts()), str
)


# No password is this long; the bound keeps a megabyte of text away from the hasher.
PASSWORD_MAX_LENGTH = 4096


ROLE_HELP = _(
    "Facilitators plan the processes and manage the members. "
    "Everyone else takes part; group leads also lead a working group."
)


def _year_field(label, help_text=""):
    this_year = timezone.localdate().year
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1900,
        max_value=this_year,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-char-4"}),
    )


class LoginForm(AuthenticationForm):
    """Django's login form, worded for people whose username is their email address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The email address or password is not correct. Both are case-sensitive."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Django sets max_length after the field is built, so it is only the input's
        # maxlength attribute: without the validator a longer name reaches the failed-login
        # record (django-axes), whose column is shorter, and PostgreSQL answers an error.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "inputmode": "email", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form; the email is rendered here, in the person's language, and sent
    by a Celery task after the commit, so a slow or broken mail server never fails the page."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        html = (
            render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        transaction.on_commit(
            partial(tasks.queue_email, subject, body, from_email, [to_email], html)
        )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "country"]
        widgets = {"country": forms.RadioSelect}
        help_texts = {
            "name": _("For example the municipality, institution or workplace."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A model field with a default renders a blank radio choice otherwise.
        self.fields["country"].choices = Organisation._meta.get_field("country").choices
        self.fields["name"].widget.attrs["autocomplete"] = "organization"


class MembershipForm(forms.ModelForm):
    """What a facilitator may change about a member."""

    start_year = _year_field(_("Started in the organisation (year)"))

    class Meta:
        model = Membership
        fields = ["role", "department", "professional_background", "start_year", "is_external"]
        widgets = {"role": forms.RadioSelect}
        help_texts = {
            "role": ROLE_HELP,
            "professional_background": _("For example pedagogue, craftsperson, social worker."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Membership.Role.choices


class ProfileForm(forms.Form):
    """What a person may change about themselves in one organisation."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    department = forms.CharField(label=_("Department"), max_length=120, required=False)
    professional_background = forms.CharField(
        label=_("Professional background"),
        max_length=120,
        required=False,
        help_text=_("For example pedagogue, craftsperson, social worker."),
    )
    start_year = _year_field(_("Started in the organisation (year)"))
    birth_year = _year_field(
        _("Year of birth"),
        help_text=_(
            "Used only to compose groups with both younger and older colleagues. "
            "Only facilitators see it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["birth_year"].widget.attrs["autocomplete"] = "bday-year"


class InvitationForm(forms.ModelForm):
    start_year = _year_field(_("Started in the organisation (year)"))

    class Meta:
        model = Invitation
        fields = [
            "email",
            "first_name",
            "last_name",
            "role",
            "department",
            "professional_background",
            "start_year",
            "is_external",
        ]
        widgets = {"role": forms.RadioSelect}
        help_texts = {
            "email": _("The invitation link is sent to this address."),
            "role": ROLE_HELP,
            "is_external": _("For example a representative from the municipal administration."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Membership.Role.choices
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})


class AcceptInvitationForm(forms.Form):
    """Name and a new password, checked like Django's SetPasswordForm."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    new_password1 = forms.CharField(
        label=_("Password"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_password_help_text(),
    )
    new_password2 = forms.CharField(
        label=_("Repeat the password"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def clean_new_password2(self):
        password1 = self.cleaned_data.get("new_password1")
        password2 = self.cleaned_data.get("new_password2")
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError(_("The two passwords are not the same."))
        return password2

    def _post_clean(self):
        super()._post_clean()
        password = self.cleaned_data.get("new_password2")
        if password:
            # Validate against the account as it will be, so the similarity check sees
            # the person's name and email.
            user = get_user_model()(
                username=self.invitation.email,
                email=self.invitation.email,
                first_name=self.cleaned_data.get("first_name", ""),
                last_name=self.cleaned_data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                # Next to the hint that lists the rules.
                self.add_error("new_password1", error)
