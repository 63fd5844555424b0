from django.urls import path

from processes.views import seminars as views

seminar = "<int:process_pk>/seminars/<int:seminar_pk>/"
item = seminar + "agenda/<int:item_pk>/"

urlpatterns = [
    path("<int:process_pk>/seminars/", views.seminar_list, name="seminar_list"),
    path("<int:process_pk>/seminars/new/", views.seminar_create, name="seminar_create"),
    path("<int:process_pk>/seminars/plan/", views.seminar_plan, name="seminar_plan"),
    path("<int:process_pk>/seminars/seminars.ics", views.process_ical, name="process_ical"),
    path(seminar, views.seminar_detail, name="seminar_detail"),
    path(seminar + "edit/", views.seminar_edit, name="seminar_edit"),
    path(seminar + "delete/", views.seminar_delete, name="seminar_delete"),
    path(seminar + "print/", views.seminar_print, name="seminar_print"),
    path(seminar + "seminar.ics", views.seminar_ical, name="seminar_ical"),
    path(seminar + "summary/", views.seminar_summary, name="seminar_summary"),
    path(seminar + "agenda/new/", views.agenda_item_create, name="agenda_item_create"),
    path(item + "edit/", views.agenda_item_edit, name="agenda_item_edit"),
    path(item + "delete/", views.agenda_item_delete, name="agenda_item_delete"),
    path(item + "move/", views.agenda_item_move, name="agenda_item_move"),
]
