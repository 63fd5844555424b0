from django.urls import path

from processes.views import themes as views

theme = "<int:process_pk>/themes/<int:theme_pk>/"
document = theme + "documents/<int:document_pk>/"

urlpatterns = [
    path("<int:process_pk>/themes/", views.theme_list, name="theme_list"),
    path("<int:process_pk>/themes/new/", views.theme_create, name="theme_create"),
    path(theme, views.theme_detail, name="theme_detail"),
    path(theme + "edit/", views.theme_edit, name="theme_edit"),
    path(theme + "delete/", views.theme_delete, name="theme_delete"),
    path(theme + "documents/new/", views.document_create, name="document_create"),
    path(document + "download/", views.document_download, name="document_download"),
    path(document + "delete/", views.document_delete, name="document_delete"),
]
