"""Panels on the home page (the dashboard after login) that other apps contribute.

`organisations` knows nothing of the apps built on it. An app registers a panel from its
`AppConfig.ready()`: a template to include on the home page and a function that returns that
template's context for one user. Each function must run a fixed number of queries, however
many organisations, processes or initiatives the user has. A function that returns an empty
context (`{}` or `None`) means "nothing to show": the panel is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ContextFunction = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    template: str
    context: ContextFunction
    order: int = 100


# Keyed, so importing a module twice (autoreload, tests) never registers a panel twice.
_REGISTRY: dict[str, DashboardPanel] = {}


def register_dashboard_panel(
    key: str, template: str, context_fn: ContextFunction, *, order: int = 100
) -> None:
    """Show `template` on the home page with `context_fn(user)` as its `panel` context."""
    _REGISTRY[key] = DashboardPanel(key, template, context_fn, order)


def panels_for(user) -> list[dict[str, Any]]:
    """The registered panels with something to show for `user`, in order."""
    panels = sorted(_REGISTRY.values(), key=lambda p: (p.order, p.key))
    result = []
    for panel in panels:
        context = panel.context(user)
        if context:
            result.append({"key": panel.key, "template": panel.template, "context": context})
    return result
