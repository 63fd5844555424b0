from django.urls import path

from processes.views import composition as views

urlpatterns = [
    path("<int:process_pk>/composition/", views.composition, name="composition"),
    path(
        "<int:process_pk>/composition/propose/",
        views.composition_propose,
        name="composition_propose",
    ),
    path(
        "<int:process_pk>/composition/accept/", views.composition_accept, name="composition_accept"
    ),
    path("<int:process_pk>/composition/move/", views.composition_move, name="composition_move"),
]
