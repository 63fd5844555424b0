def navigation(request):
    """The process the page belongs to (set by the access helpers) for the sub-navigation."""
    return {
        "nav_process": getattr(request, "process", None),
        "nav_membership": getattr(request, "membership", None),
    }
