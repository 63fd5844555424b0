"""The emails organisations send, rendered in the organisation's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from organisations.models import Invitation

# The language an invitation email is written in: the organisation's country language.
COUNTRY_LANGUAGE = {"DK": "da", "NO": "nb"}


def invitation_message(invitation: Invitation) -> EmailMultiAlternatives:
    language = COUNTRY_LANGUAGE.get(invitation.organisation.country, settings.LANGUAGE_CODE)
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "inviter": invitation.invited_by,
        "accept_url": settings.SITE_URL.rstrip("/") + invitation.get_absolute_url(),
        "site_url": settings.SITE_URL,
    }
    with translation.override(language):
        subject = render_to_string("organisations/email/invitation_subject.txt", context)
        body = render_to_string("organisations/email/invitation_body.txt", context)
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )
