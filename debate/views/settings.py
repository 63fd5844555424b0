"""The facilitator's settings of the debate: whether participants see who wrote what."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from processes.access import get_process_for, require

from ..access import can_run_rounds
from ..forms.settings import AuthorVisibilityForm
from ..services.authors import set_author_visibility


@require_http_methods(["GET", "POST"])
def debate_settings(request, process_pk: int):
    process, membership = get_process_for(request, process_pk)
    require(can_run_rounds(membership))
    if request.method == "POST":
        form = AuthorVisibilityForm(request.POST)
        if form.is_valid():
            set_author_visibility(
                actor=membership,
                process=process,
                visibility=form.cleaned_data["author_visibility"],
            )
            messages.success(request, _("The setting has been saved."))
            return redirect("debate:settings", process.pk)
    else:
        form = AuthorVisibilityForm(initial={"author_visibility": process.author_visibility})
    return render(request, "debate/settings.html", {"process": process, "form": form})
