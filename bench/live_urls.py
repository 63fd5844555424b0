"""The app's URLs plus the floor of the live seminar benchmark: a view that answers 304
through the same middleware as the live polls, with no query and no template."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import path
from django.views.decorators.http import require_GET

from qualityhub.urls import urlpatterns as app_urlpatterns

FLOOR_ETAG = '"bench-floor"'


@login_not_required
@require_GET
def floor(request):
    if request.headers.get("If-None-Match") == FLOOR_ETAG:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse("floor", content_type="text/plain")
    response["ETag"] = FLOOR_ETAG
    return response


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *app_urlpatterns]
