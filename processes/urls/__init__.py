"""Routes of a development process, one module per area of the plan."""

from . import groups, process, seminars, themes

app_name = "processes"

urlpatterns = process.urlpatterns + themes.urlpatterns + seminars.urlpatterns + groups.urlpatterns
