"""Sections that apps above `implementation` contribute to its pages.

`implementation` knows nothing of the apps built on it (spreading, evaluation). Such an app
registers a section from its `AppConfig.ready()`: a title, a template and a function that
returns that template's context. The page gives each section a heading of its own (and, in
the status report, an entry in the contents) and includes the template with the context as
`section`. Each function must run a fixed number of queries, whatever the size of what it
is given; it returns None to leave its section out.

The slots and what their functions are called with (keyword arguments):

- "overview": the leaders' overview of a process or an organisation:
  `initiatives` (a queryset, already narrowed to what the viewer may read) and `membership`.
- "report": the status report, both the HTML preview and the PDF (one template):
  `process` and `initiatives` (a queryset of every initiative of the process). The
  template must render in a PDF: no links to pages, no scripts, only the project's files.
- "initiative": the initiative's page: `initiative` and `membership`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SLOTS = ("overview", "report", "initiative")

ContextFunction = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    key: str
    slot: str
    title: Any  # a lazy translation, read in the page's or the report's language
    template: str
    context: ContextFunction
    order: int = 100


# Keyed by slot and key, so importing a module twice (autoreload, tests) never registers a
# section twice, and one key may name the same section in several slots.
_REGISTRY: dict[tuple[str, str], Section] = {}


def register_section(
    key: str,
    *,
    slot: str,
    title: Any,
    template: str,
    context: ContextFunction,
    order: int = 100,
) -> None:
    """Show `template` under `title` in `slot`, with `context(**arguments)` as `section`."""
    if slot not in SLOTS:
        raise ValueError(f"Unknown slot {slot!r}")
    _REGISTRY[(slot, key)] = Section(key, slot, title, template, context, order)


def sections_for(slot: str, **arguments) -> list[dict[str, Any]]:
    """The sections registered for `slot`, in order, each with its key, an anchor for the
    page, title, template and context; those whose function returned None are left out."""
    if slot not in SLOTS:
        raise ValueError(f"Unknown slot {slot!r}")
    found = []
    for section in sorted(
        (s for s in _REGISTRY.values() if s.slot == slot), key=lambda s: (s.order, s.key)
    ):
        context = section.context(**arguments)
        if context is None:
            continue
        found.append(
            {
                "key": section.key,
                "anchor": "section-" + section.key.replace(".", "-").replace("_", "-"),
                "title": section.title,
                "template": section.template,
                "context": context,
            }
        )
    return found
