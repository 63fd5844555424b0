from django.urls import path

from .views import chain as chain_views
from .views import indicators as indicator_views
from .views import initiatives as initiative_views
from .views import overview as overview_views
from .views import reports as report_views

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
    # No URL deletes a trial action: an abandoned trial is kept as learning.
    path(initiative + "goals/add/", chain_views.goal_add, name="goal_add"),
    path(
        initiative + "goals/<int:goal_pk>/sub-goals/add/",
        chain_views.goal_add,
        name="subgoal_add",
    ),
    path(initiative + "goals/<int:goal_pk>/edit/", chain_views.goal_edit, name="goal_edit"),
    path(initiative + "trials/add/", chain_views.trial_add, name="trial_add"),
    path(initiative + "trials/<int:trial_pk>/", chain_views.trial_detail, name="trial"),
    *(
        path(
            initiative + f"trials/<int:trial_pk>/{stage}/",
            chain_views.trial_stage,
            {"stage": stage},
            name=f"trial_{stage}",
        )
        for stage in ("plan", "do", "study", "act")
    ),
    # -- Indicators, measurements and run charts (views/indicators.py) ----------------------
    path(initiative + "indicators/add/", indicator_views.indicator_add, name="indicator_add"),
    path(
        initiative + "indicators/<int:indicator_pk>/",
        indicator_views.indicator_detail,
        name="indicator",
    ),
    path(
        initiative + "indicators/<int:indicator_pk>/edit/",
        indicator_views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        initiative + "indicators/<int:indicator_pk>/measure/",
        indicator_views.measurement_add,
        name="measurement_add",
    ),
    path(
        initiative + "indicators/<int:indicator_pk>/measurements/<int:measurement_pk>/edit/",
        indicator_views.measurement_edit,
        name="measurement_edit",
    ),
    path(
        initiative + "indicators/<int:indicator_pk>/measurements/<int:measurement_pk>/delete/",
        indicator_views.measurement_delete,
        name="measurement_delete",
    ),
    # -- The leaders' overview and exports (views/overview.py) ------------------------------
    path(process + "overview/", overview_views.overview, name="overview"),
    path(
        process + "overview/export.<str:kind>",
        overview_views.overview_export,
        name="overview_export",
    ),
    path(
        "organisation/<slug:org_slug>/overview/",
        overview_views.organisation_overview,
        name="organisation_overview",
    ),
    path(
        "organisation/<slug:org_slug>/overview/export.<str:kind>",
        overview_views.organisation_overview_export,
        name="organisation_overview_export",
    ),
    # -- Status reports (views/reports.py) --------------------------------------------------
    path(process + "reports/", report_views.reports, name="reports"),
    path(process + "reports/new/", report_views.create, name="report_create"),
    path(process + "reports/preview/", report_views.preview, name="report_preview"),
    path(process + "reports/<int:report_pk>/", report_views.detail, name="report"),
    path(process + "reports/<int:report_pk>/status/", report_views.status, name="report_status"),
    path(process + "reports/<int:report_pk>/retry/", report_views.retry, name="report_retry"),
    path(process + "reports/<int:report_pk>/pdf/", report_views.pdf, name="report_pdf"),
]
