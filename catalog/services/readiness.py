"""Is a compiled catalogue ready for review? Checked on the snapshot that would go to review,
so the facilitator sees exactly what the group leads and the leader will read."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from processes.readiness import Check, missing_for


def catalogue_checks(snapshot: dict) -> list[Check]:
    groups = snapshot.get("groups", [])
    minimum = snapshot.get("process", {}).get("min_initiatives_per_group", 0)
    if not groups:
        return [Check(_("The process has groups"), False, _("There are no groups yet."))]

    requirement = ngettext(
        "Every group has at least %(count)d initiative selected for the catalogue",
        "Every group has at least %(count)d initiatives selected for the catalogue",
        minimum,
    ) % {"count": minimum}
    short = [
        _("%(group)s (%(count)d)") % {"group": g["name"], "count": len(g["initiatives"])}
        for g in groups
        if len(g["initiatives"]) < minimum
    ]
    unlinked = [i["title"] for g in groups for i in g["initiatives"] if not i["values"]]
    without_ideals = [g["name"] for g in groups if not g["ideal_values"]]
    return [
        Check(requirement, not short, missing_for(short) if short else ""),
        Check(
            _("Every initiative builds on at least one value"),
            not unlinked,
            missing_for(unlinked) if unlinked else "",
        ),
        Check(
            _("Every group has marked its ideal values"),
            not without_ideals,
            missing_for(without_ideals) if without_ideals else "",
        ),
    ]


def is_ready(checks: list[Check]) -> bool:
    return all(check.met for check in checks)
