from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from organisations import services
from organisations.access import PLANNERS, get_organisation_for
from organisations.dashboard import panels_for
from organisations.forms import (
    AcceptInvitationForm,
    InvitationForm,
    LoginForm,
    MembershipForm,
    OrganisationForm,
    ProfileForm,
    QueuedPasswordResetForm,
)
from organisations.models import Invitation, Membership

# -- Accounts ---------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, with links built from SITE_URL rather than the Host header."""

    form_class = QueuedPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    @property
    def extra_email_context(self):
        return {"site_url": settings.SITE_URL.rstrip("/")}


# -- Dashboard --------------------------------------------------------------------------------


@require_safe
def home(request):
    """The person's organisations with their role and each organisation's processes.

    Two queries whatever the number of organisations and processes, plus the fixed number
    each panel other apps register (`organisations.dashboard`) runs.
    """
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        # The reverse relation keeps organisations free of imports from processes; the
        # processes come in their model's order (newest start first).
        .prefetch_related("organisation__processes")
        .order_by("organisation__name")
    )
    return render(
        request,
        "organisations/home.html",
        {"memberships": memberships, "panels": panels_for(request.user)},
    )


# -- Organisations ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(
            user=request.user,
            name=form.cleaned_data["name"],
            country=form.cleaned_data["country"],
        )
        messages.success(
            request,
            _("%(name)s was created. You are its facilitator: invite the participants next.")
            % {"name": organisation.name},
        )
        return redirect(organisation)
    return render(request, "organisations/organisation_form.html", {"form": form})


@require_safe
def organisation_detail(request, org_slug):
    organisation, membership = get_organisation_for(request, org_slug)
    members = list(organisation.memberships.select_related("user"))
    is_facilitator = membership.role in PLANNERS
    invitations = (
        organisation.invitations.filter(accepted_at__isnull=True).select_related("invited_by")
        if is_facilitator
        else Invitation.objects.none()
    )
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "membership": membership,
            "members": members,
            "invitations": invitations,
            "is_facilitator": is_facilitator,
            "facilitator_count": sum(m.role == Membership.Role.FACILITATOR for m in members),
        },
    )


# -- Members ----------------------------------------------------------------------------------


def _member_of(organisation, member_pk):
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=member_pk,
        organisation=organisation,
    )


@require_http_methods(["GET", "POST"])
def member_edit(request, org_slug, member_pk):
    organisation, membership = get_organisation_for(request, org_slug, PLANNERS)
    target = _member_of(organisation, member_pk)
    form = MembershipForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_membership(
                actor=membership,
                membership=_member_of(organisation, member_pk),
                role=data["role"],
                department=data["department"],
                professional_background=data["professional_background"],
                start_year=data["start_year"],
                is_external=data["is_external"],
            )
        except services.OrganisationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The changes for %(name)s were saved.") % {"name": target.display_name}
            )
            return redirect(organisation)
    return render(
        request,
        "organisations/member_form.html",
        {"organisation": organisation, "membership": membership, "target": target, "form": form},
    )


@require_http_methods(["GET", "POST"])
def member_remove(request, org_slug, member_pk):
    organisation, membership = get_organisation_for(request, org_slug, PLANNERS)
    target = _member_of(organisation, member_pk)
    error = None
    if request.method == "POST":
        try:
            services.remove_membership(actor=membership, membership=target)
        except services.OrganisationError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("%(name)s was removed from %(organisation)s.")
                % {"name": target.display_name, "organisation": organisation.name},
            )
            if target.user_id == request.user.pk:
                return redirect("home")
            return redirect(organisation)
    return render(
        request,
        "organisations/member_confirm_remove.html",
        {
            "organisation": organisation,
            "membership": membership,
            "target": target,
            "error": error,
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def my_profile(request, org_slug):
    organisation, membership = get_organisation_for(request, org_slug)
    user = membership.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "department": membership.department,
        "professional_background": membership.professional_background,
        "start_year": membership.start_year,
        "birth_year": membership.birth_year,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_own_profile(actor=membership, membership=membership, **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect(organisation)
    return render(
        request,
        "organisations/profile_form.html",
        {"organisation": organisation, "membership": membership, "form": form},
    )


# -- Invitations ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation_create(request, org_slug):
    organisation, membership = get_organisation_for(request, org_slug, PLANNERS)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_member(
                actor=membership, organisation=organisation, **form.cleaned_data
            )
        except services.OrganisationError as error:
            form.add_error("email", str(error))
        else:
            _report_email(request, invitation, _("An invitation was sent to %(email)s."))
            return redirect(organisation)
    return render(
        request,
        "organisations/invitation_form.html",
        {
            "organisation": organisation,
            "membership": membership,
            "form": form,
            "invitation_valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


def _report_email(request, invitation, sent):
    """Say what became of the invitation's email: sent, on its way, or not sent.

    The task runs after the commit: at once where tasks run in-process (development), in a
    worker otherwise, so the answer may still be "on its way".
    """
    invitation.refresh_from_db(fields=["email_status"])
    email = {"email": invitation.email}
    if invitation.email_status == Invitation.EmailStatus.SENT:
        messages.success(request, sent % email)
    elif invitation.email_status == Invitation.EmailStatus.FAILED:
        messages.warning(
            request,
            _(
                "The invitation to %(email)s is saved, but its email could not be sent. "
                "Use “Send again” in the list when the mail server works again."
            )
            % email,
        )
    else:
        messages.success(
            request, _("The invitation to %(email)s is saved; its email is on its way.") % email
        )


def _pending_invitation(organisation, invitation_pk):
    return get_object_or_404(
        Invitation.objects.select_related("organisation"),
        pk=invitation_pk,
        organisation=organisation,
        accepted_at__isnull=True,
    )


@require_POST
def invitation_resend(request, org_slug, invitation_pk):
    organisation, membership = get_organisation_for(request, org_slug, PLANNERS)
    invitation = _pending_invitation(organisation, invitation_pk)
    try:
        services.resend_invitation(actor=membership, invitation=invitation)
    except services.OrganisationError as error:
        messages.error(request, str(error))
    else:
        _report_email(request, invitation, _("The invitation was sent again to %(email)s."))
    return redirect(organisation)


@require_POST
def invitation_revoke(request, org_slug, invitation_pk):
    organisation, membership = get_organisation_for(request, org_slug, PLANNERS)
    invitation = _pending_invitation(organisation, invitation_pk)
    try:
        services.revoke_invitation(actor=membership, invitation=invitation)
    except services.OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s was withdrawn. The link no longer works.")
            % {"email": invitation.email},
        )
    return redirect(organisation)


INVITATION_PROBLEMS = {
    "used": gettext_lazy("This invitation has already been used"),
    "expired": gettext_lazy("This invitation has expired"),
    "mismatch": gettext_lazy("This invitation is for someone else"),
    "invalid": gettext_lazy("This invitation link is not valid"),
    "error": gettext_lazy("The invitation cannot be used"),
}


@login_not_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    """The page an invitation link opens: create an account, or join with the one you have."""
    invitation = Invitation.objects.select_related("organisation").filter(token=token).first()

    def problem(kind, status, message=""):
        context = {
            "invitation": invitation,
            "kind": kind,
            "heading": INVITATION_PROBLEMS.get(kind, INVITATION_PROBLEMS["error"]),
            "message": message,
        }
        return TemplateResponse(
            request, "organisations/invitation_problem.html", context, status=status
        )

    if invitation is None:
        # Never accepted, or withdrawn by a facilitator.
        return problem("invalid", 404)

    if invitation.accepted_at is not None:
        return problem("used", 410)
    if not invitation.is_usable:
        return problem("expired", 410)

    if request.user.is_authenticated:
        matches = services.users_with_email(invitation.email).filter(pk=request.user.pk).exists()
        if not matches:
            return problem("mismatch", 403)
        if request.method == "POST":
            try:
                services.accept_invitation_as_existing_user(
                    user=request.user, invitation=invitation
                )
            except services.InvitationUnusable as error:
                return problem("unusable", 410, str(error))
            except services.OrganisationError as error:
                return problem("error", 400, str(error))
            return _welcome(request, invitation)
        return render(
            request,
            "organisations/invitation_accept.html",
            {"invitation": invitation, "form": None},
        )

    if services.users_with_email(invitation.email).exists():
        login_url = f"{reverse('login')}?next={invitation.get_absolute_url()}"
        return render(
            request,
            "organisations/invitation_login_first.html",
            {"invitation": invitation, "login_url": login_url},
        )

    form = AcceptInvitationForm(
        request.POST or None,
        invitation=invitation,
        initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.accept_invitation_as_new_user(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["new_password1"],
            )
        except services.InvitationUnusable as error:
            return problem("unusable", 410, str(error))
        except services.OrganisationError as error:
            form.add_error(None, str(error))
        else:
            login(request, membership.user, backend="organisations.backends.EmailBackend")
            return _welcome(request, invitation)
    return render(
        request, "organisations/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def _welcome(request, invitation):
    messages.success(
        request,
        _("Welcome to %(organisation)s. You can change your profile under “My profile”.")
        % {"organisation": invitation.organisation.name},
    )
    return redirect(invitation.organisation)


# -- Public pages -----------------------------------------------------------------------------


@login_not_required
@require_safe
def accessibility(request):
    return render(
        request,
        "core/accessibility.html",
        {
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "statement_date": settings.ACCESSIBILITY_STATEMENT_DATE,
        },
    )
