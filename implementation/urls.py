app_name = "implementation"

process = "<int:process_pk>/"
initiative = process + "initiatives/<int:initiative_pk>/"

urlpatterns = [
    # -- Starting implementation and the initiatives (views/initiatives.py) -----------------
    # -- The improvement chain: goals, sub-goals, trial actions (views/chain.py) ------------
    # -- Indicators, measurements and run charts (views/indicators.py) ----------------------
    # -- The leaders' overview and exports (views/overview.py) ------------------------------
    # -- Status reports (views/reports.py) --------------------------------------------------
]
