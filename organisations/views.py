from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


def home(request):
    return render(request, "organisations/home.html", {})


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.html", {})
