"""The organisation's quality team: setting it up, its purpose, its members with their roles
(with a hint where a profession lacks its leader or its frontline worker), and the cadence of
reflection meetings at each level with the next one due."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..access import can_manage_team, can_record_meetings, get_team_for, require
from ..forms.quality_team import CadenceForm, SeatForm, TeamForm
from ..models import QualityTeamMember, ReflectionCadence, ReflectionLevel
from ..services import quality_team as services
from .common import posted, show_errors


@require_safe
def team(request, org_slug: str):
    organisation, membership, team = get_team_for(request, org_slug)
    context = {
        "organisation": organisation,
        "membership": membership,
        "team": team,
        "can_manage": can_manage_team(membership),
        "can_record": can_record_meetings(membership, team),
        "today": timezone.localdate(),
    }
    if team is not None:
        seats = list(
            team.seats.select_related("membership__user").order_by(
                "profession", "position", "membership__user__first_name", "pk"
            )
        )
        context.update(
            {
                "seats": seats,
                "hints": services.profession_hints(seats),
                "missing_roles": services.missing_roles(seats),
                "plans": services.level_plans(team),
                "recent": list(team.meetings.order_by("-held_on", "-pk")[:5]),
            }
        )
    return render(request, "evaluation/team/team.html", context)


@require_POST
def setup(request, org_slug: str):
    organisation, membership, team = get_team_for(request, org_slug)
    require(can_manage_team(membership))
    if team is None:
        services.set_up_team(actor=membership, organisation=organisation)
        messages.success(
            request,
            _(
                "The quality team is set up, with a cadence for each level and a bank of "
                "reflection questions to start from. Add its members."
            ),
        )
    return redirect("evaluation:quality_team", organisation.slug)


def _managed(request, org_slug: str):
    organisation, membership, team = get_team_for(request, org_slug)
    require(can_manage_team(membership))
    if team is None:
        raise Http404
    return organisation, membership, team


@require_http_methods(["GET", "HEAD", "POST"])
def team_edit(request, org_slug: str):
    organisation, membership, team = _managed(request, org_slug)
    form = TeamForm(posted(request), instance=team)
    if request.method == "POST" and form.is_valid():
        services.edit_team(actor=membership, team=team, **form.cleaned_data)
        messages.success(request, _("The quality team is saved."))
        return redirect("evaluation:quality_team", organisation.slug)
    context = {"organisation": organisation, "team": team, "form": form}
    return render(request, "evaluation/team/team_edit.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def seat_add(request, org_slug: str):
    organisation, membership, team = _managed(request, org_slug)
    form = SeatForm(posted(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.add_member(actor=membership, team=team, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is on the quality team.") % {"name": seat.membership.display_name},
            )
            return redirect("evaluation:quality_team", organisation.slug)
    context = {"organisation": organisation, "team": team, "form": form, "seat": None}
    return render(request, "evaluation/team/seat_form.html", context)


def _seat(team, seat_pk: int) -> QualityTeamMember:
    seat = get_object_or_404(
        QualityTeamMember.objects.select_related("membership__user"), pk=seat_pk, team=team
    )
    seat.team = team
    return seat


@require_http_methods(["GET", "HEAD", "POST"])
def seat_edit(request, org_slug: str, seat_pk: int):
    organisation, membership, team = _managed(request, org_slug)
    seat = _seat(team, seat_pk)
    form = SeatForm(posted(request), instance=seat, organisation=organisation, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_member(actor=membership, seat=seat, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The seat on the team is saved."))
            return redirect("evaluation:quality_team", organisation.slug)
    context = {"organisation": organisation, "team": team, "form": form, "seat": seat}
    return render(request, "evaluation/team/seat_form.html", context)


@require_POST
def seat_remove(request, org_slug: str, seat_pk: int):
    organisation, membership, team = _managed(request, org_slug)
    seat = _seat(team, seat_pk)
    name = seat.membership.display_name
    services.remove_member(actor=membership, seat=seat)
    messages.success(request, _("%(name)s has left the quality team.") % {"name": name})
    return redirect("evaluation:quality_team", organisation.slug)


@require_http_methods(["GET", "HEAD", "POST"])
def cadence_edit(request, org_slug: str, level: str):
    organisation, membership, team = _managed(request, org_slug)
    if level not in ReflectionLevel.values:
        raise Http404
    cadence = ReflectionCadence.objects.filter(team=team, level=level).first() or (
        ReflectionCadence(team=team, level=level, every_weeks=4)
    )
    form = CadenceForm(posted(request), instance=cadence)
    if request.method == "POST" and form.is_valid():
        if cadence.pk is None:
            cadence.save()
        try:
            services.edit_cadence(actor=membership, cadence=cadence, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The cadence is saved."))
            return redirect("evaluation:quality_team", organisation.slug)
    context = {
        "organisation": organisation,
        "team": team,
        "form": form,
        "level": level,
        "level_label": ReflectionLevel(level).label,
    }
    return render(request, "evaluation/team/cadence_form.html", context)
