from django.urls import path

from . import views

app_name = "cycles"

urlpatterns = [
    path("<int:process_pk>/next/", views.next_cycle, name="next_cycle"),
    path("<int:process_pk>/design.json", views.export, name="export"),
    path("import/<slug:org_slug>/", views.import_design, name="import"),
]
