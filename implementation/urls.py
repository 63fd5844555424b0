from django.urls import path

from .views import initiatives as initiative_views

app_name = "implementation"

process = "<int:process_pk>/"
initiative = process + "initiatives/<int:initiative_pk>/"

urlpatterns = [
    # -- Starting implementation and the initiatives (views/initiatives.py) -----------------
    path(process, initiative_views.home, name="home"),
    path(process + "start/", initiative_views.start, name="start"),
    path(process + "settings/", initiative_views.settings, name="settings"),
    path(process + "initiatives/add/", initiative_views.add, name="add"),
    path(initiative, initiative_views.detail, name="initiative"),
    path(initiative + "edit/", initiative_views.edit, name="edit"),
    path(initiative + "status/", initiative_views.status, name="status"),
    path(initiative + "sign-off/", initiative_views.sign_off, name="sign_off"),
    path(initiative + "sign-off/withdraw/", initiative_views.withdraw_sign_off, name="withdraw"),
    path(initiative + "updates/", initiative_views.add_update, name="update_add"),
    # -- The improvement chain: goals, sub-goals, trial actions (views/chain.py) ------------
    # -- Indicators, measurements and run charts (views/indicators.py) ----------------------
    # -- The leaders' overview and exports (views/overview.py) ------------------------------
    # -- Status reports (views/reports.py) --------------------------------------------------
]
