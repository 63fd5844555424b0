"""Prioritisation rounds: the list, opening, voting with dots, closing, the results."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.params import int_param
from processes.access import get_process_for, require

from .. import services
from ..access import can_run_rounds, can_vote, can_write, get_round_for
from ..forms.rounds import RoundForm
from ..models import PrioritisationRound, RoundBallot, RoundCandidate
from ..services import rounds as round_services


@require_GET
def round_list(request, process_pk: int):
    """Every round of the process, open ones first; the facilitator opens new ones here."""
    process, membership = get_process_for(request, process_pk)
    rounds = (
        PrioritisationRound.objects.filter(process=process)
        .select_related("group")
        .annotate(
            candidate_count=Count("candidates", distinct=True),
            voter_count=Count("ballots", filter=Q(ballots__dots_used__gt=0), distinct=True),
        )
        # "open" > "closed", so descending puts the open rounds first.
        .order_by("-status", "-opened_at", "-pk")
    )
    context = {
        "process": process,
        "rounds": rounds,
        "can_run": can_run_rounds(membership),
    }
    return render(request, "debate/round_list.html", context)


@require_http_methods(["GET", "POST"])
def round_create(request, process_pk: int):
    process, membership = get_process_for(request, process_pk)
    require(can_run_rounds(membership))
    if request.method == "POST":
        form = RoundForm(request.POST, process=process)
        if form.is_valid():
            data = form.cleaned_data
            try:
                round = round_services.open_round(
                    actor=membership,
                    process=process,
                    title=data["title"],
                    dots_per_person=data["dots_per_person"],
                    target=data["target"],
                    group=data["group"],
                    source_rounds=data.get("source_rounds") or [],
                    top_n=data.get("top_n"),
                )
            except services.DebateError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The round is open: participants can place dots."))
                return redirect(round)
    else:
        initial = {}
        if (group_pk := int_param(request.GET.get("group"))) is not None:
            initial["group"] = group_pk
        if (source_pk := int_param(request.GET.get("source"))) is not None:
            initial["source_rounds"] = [source_pk]
        form = RoundForm(initial=initial, process=process)
    return render(request, "debate/round_create.html", {"process": process, "form": form})


def _voting_context(round, membership) -> dict:
    """What anyone may see of an open round: the candidates, their own dots, how many voted."""
    voting = can_vote(membership, round)
    # A value merged during the round has handed its dots to the value it was merged into
    # (see services.merge_values); only that one is on the ballot now.
    candidates = list(
        round.candidates.exclude(value__merged_into__isnull=False).select_related(
            "value__group", "idea__group"
        )
    )
    mine = round_services.own_dots(round, membership) if voting else {}
    ballot = RoundBallot.objects.filter(round=round, voter=membership).first() if voting else None
    used = ballot.dots_used if ballot else 0
    return {
        "can_vote": voting,
        "candidates": [(c, mine.get(c.pk, 0), "●" * mine.get(c.pk, 0)) for c in candidates],
        "dots_used": used,
        "dots_left": round.dots_per_person - used,
        "voter_count": round_services.voter_count(round),
    }


def _results_context(round, membership) -> dict:
    rows = round_services.results(round)
    # Marking ideals: per row, whether the viewer writes in that value's group.
    writable_groups = {}
    ideal_rows = []
    for row in rows:
        value = row.candidate.value
        if value is None:
            ideal_rows.append((row, False))
            continue
        if value.group_id not in writable_groups:
            writable_groups[value.group_id] = can_write(membership, value.group)
        ideal_rows.append((row, writable_groups[value.group_id] and not value.merged_into_id))
    return {
        "rows": ideal_rows,
        "total_dots": sum(row.dots for row in rows),
        "voter_count": round_services.voter_count(round),
        "any_ideal_control": any(allowed for _row, allowed in ideal_rows),
    }


def _detail_context(process, membership, round) -> dict:
    context = {
        "process": process,
        "round": round,
        "sources": list(round.source_rounds.select_related("group")),
        "can_run": can_run_rounds(membership),
    }
    if round.is_open:
        context.update(_voting_context(round, membership))
    else:
        context.update(_results_context(round, membership))
    return context


@require_GET
def round_detail(request, process_pk: int, round_pk: int):
    """Open: the ballot (own dots only). Closed: the ranked results, on record."""
    process, membership, round = get_round_for(request, process_pk, round_pk)
    return render(request, "debate/round_detail.html", _detail_context(process, membership, round))


@require_POST
def round_dot(request, process_pk: int, round_pk: int):
    """Place (action=add) or take back (action=remove) one dot; htmx gets the ballot back."""
    process, membership, round = get_round_for(request, process_pk, round_pk)
    require(can_vote(membership, round))
    candidate = get_object_or_404(
        RoundCandidate, pk=int_param(request.POST.get("candidate")) or 0, round=round
    )
    action = request.POST.get("action")
    error = None
    try:
        if action == "add":
            round_services.place_dot(actor=membership, round=round, candidate=candidate)
        elif action == "remove":
            round_services.remove_dot(actor=membership, round=round, candidate=candidate)
        else:
            error = _("Choose whether to add or remove a dot.")
    except services.DebateError as problem:
        error = str(problem)
    round.refresh_from_db()
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(f"{round.get_absolute_url()}#candidate-{candidate.pk}")
    context = _detail_context(process, membership, round)
    context.update(
        {
            "error": error,
            "focus_candidate": candidate.pk,
            "focus_action": action,
            "closed_notice": not round.is_open,
        }
    )
    template = (
        "debate/round_detail.html#ballot"
        if round.is_open
        else "debate/round_detail.html#closed-notice"
    )
    return render(request, template, context, status=200)


@require_POST
def round_close(request, process_pk: int, round_pk: int):
    process, membership, round = get_round_for(request, process_pk, round_pk)
    require(can_run_rounds(membership))
    try:
        round_services.close_round(actor=membership, round=round)
    except services.DebateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The round is closed. The results are shown below."))
    return redirect(round)


@require_POST
def round_ideal(request, process_pk: int, round_pk: int, candidate_pk: int):
    """From the results: mark (or unmark) a value as one of its group's ideals."""
    process, membership, round = get_round_for(request, process_pk, round_pk)
    candidate = get_object_or_404(
        RoundCandidate.objects.select_related("value__group"),
        pk=candidate_pk,
        round=round,
        value__isnull=False,
    )
    require(can_write(membership, candidate.value.group))
    is_ideal = request.POST.get("is_ideal") == "1"
    try:
        services.set_ideal(actor=membership, value=candidate.value, is_ideal=is_ideal)
    except services.DebateError as error:
        messages.error(request, str(error))
    else:
        name = candidate.value.name
        if is_ideal:
            messages.success(
                request, _("“%(name)s” is now one of the group's ideals.") % {"name": name}
            )
        else:
            messages.success(
                request, _("“%(name)s” is no longer one of the group's ideals.") % {"name": name}
            )
    return redirect(f"{round.get_absolute_url()}#candidate-{candidate.pk}")
