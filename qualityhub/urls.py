import re

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve

from core.views import favicon, healthz
from live import views as live_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("organisations.urls")),
    path("o/", include("organisations.org_urls")),
    path("processes/", include("processes.urls")),
    path("debate/", include("debate.urls")),
    path("live/", include("live.urls")),
    # The short link a seminar's QR code points to (see live.views.join).
    path("j/<token:code>/", live_views.join, name="join_short"),
    path("catalogue/", include("catalog.urls")),
    path("implementation/", include("implementation.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("spreading/", include("spreading.urls")),
    path("cycles/", include("cycles.urls")),
    path("privacy/", include("privacy.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Not private/: good stories' images are served only to members, by their view.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?!private/)(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

handler500 = "core.views.server_error"
