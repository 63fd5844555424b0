from django.urls import path

from . import views

app_name = "catalog"

edition = "<int:process_pk>/editions/<int:edition_pk>/"
urlpatterns = [
    path("<int:process_pk>/", views.catalogue, name="catalogue"),
    path("<int:process_pk>/start/", views.start, name="start"),
    path("<int:process_pk>/changes/", views.changes, name="changes"),
    path(edition, views.edition_detail, name="edition"),
    path(edition + "edit/", views.edit, name="edit"),
    path(edition + "preview/", views.preview, name="preview"),
    path(edition + "submit/", views.submit, name="submit"),
    path(edition + "draft/", views.to_draft, name="to_draft"),
    path(edition + "groups/<int:group_pk>/review/", views.review, name="review"),
    path(edition + "approve/", views.approve, name="approve"),
    path(edition + "publish/", views.publish, name="publish"),
    path(edition + "pdf/status/", views.pdf_status, name="pdf_status"),
    path(edition + "pdf/retry/", views.pdf_retry, name="pdf_retry"),
    path(edition + "pdf/", views.pdf, name="pdf"),
    path(edition + "export/<str:kind>.csv", views.export_csv, name="export_csv"),
    path(edition + "export.xlsx", views.export_xlsx, name="export_xlsx"),
]
