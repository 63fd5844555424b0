"""Routes of a development process, one module per area of the plan."""

from . import composition, groups, process, seminars, themes

app_name = "processes"

urlpatterns = (
    process.urlpatterns
    + themes.urlpatterns
    + seminars.urlpatterns
    + groups.urlpatterns
    + composition.urlpatterns
)
