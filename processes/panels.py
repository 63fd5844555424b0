"""Sections of the process page that other apps contribute.

`processes` knows nothing of the apps built on it (debate, catalog, implementation). An app
registers a panel from its `AppConfig.ready()`: a template to include on the process page
and a function that returns that template's context for one process. Each function must run
a fixed number of queries, whatever the size of the process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ContextFunction = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: ContextFunction
    order: int = 100
    # "summary": an <li> in the process page's list of figures; "section": a section below.
    slot: str = "section"


# Keyed, so importing a module twice (autoreload, tests) never registers a panel twice.
_REGISTRY: dict[str, Panel] = {}


def register_panel(
    key: str,
    template: str,
    context: ContextFunction,
    *,
    order: int = 100,
    slot: str = "section",
) -> None:
    """Show `template` on the process page with `context(process, membership)` as context."""
    if slot not in ("summary", "section"):
        raise ValueError(f"Unknown slot {slot!r}")
    _REGISTRY[key] = Panel(key, template, context, order, slot)


def panels_for(process, membership, slot: str) -> list[dict[str, Any]]:
    """The panels registered for `slot`, in order, each with its template and context."""
    panels = sorted(
        (p for p in _REGISTRY.values() if p.slot == slot), key=lambda p: (p.order, p.key)
    )
    return [
        {
            "key": panel.key,
            "template": panel.template,
            "context": panel.context(process, membership),
        }
        for panel in panels
    ]
