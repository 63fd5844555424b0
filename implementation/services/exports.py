"""The overview's filtered list as spreadsheets: CSV and XLSX, one row per initiative.

Formula-safe as the catalogue's exports: in CSV a cell that starts with = + - @ (or a tab or
carriage return) gets a leading apostrophe (`catalog.services.exports.neutralise`); in XLSX
every cell is written as a string, which no spreadsheet evaluates, so text stays as typed.
"""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

from catalog.services.exports import neutralise, to_csv

from .overview import Overview

__all__ = ["neutralise", "overview_rows", "to_csv", "to_xlsx"]


def _day(value) -> str:
    return value.isoformat() if value else ""


def _number(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


def overview_rows(overview: Overview, *, site_url: str = "") -> tuple[list[str], list[list[str]]]:
    """The header and one row per initiative in the overview (filters applied), as text."""
    header = [
        _("Process"),
        _("Theme"),
        _("Group"),
        _("Value streams"),
        _("Initiative"),
        _("Status"),
        _("Status since"),
        _("Owner"),
        _("Start date"),
        _("End date"),
        _("Last progress update"),
        _("Update overdue"),
        _("Signed off"),
        _("Indicators"),
        _("Signals"),
        _("Progress towards the targets (%)"),
        _("Link"),
    ]
    rows = []
    for row in overview.rows:
        initiative = row.initiative
        rows.append(
            [
                row.process.title,
                row.theme.title if row.theme else "",
                row.group.name if row.group else "",
                "; ".join(str(s) for s in row.streams),
                initiative.title,
                initiative.get_status_display(),
                _day(initiative.status_changed_on),
                row.owner.display_name if row.owner else "",
                _day(initiative.start_date),
                _day(initiative.end_date),
                _day(initiative.last_update_on),
                _("Yes") if row.overdue else _("No"),
                date_format(initiative.frame_signed_off_at, "Y-m-d")
                if initiative.frame_signed_off_at
                else "",
                "; ".join(
                    f"{i.indicator.name} ({_number(i.latest)})"
                    if i.latest is not None
                    else i.indicator.name
                    for i in row.indicators
                ),  # fmt: skip
                "; ".join(f"{i.indicator.name}: {i.sentence}" for i in row.signals),
                "" if row.progress is None else str(round(row.progress * 100)),
                site_url + initiative.get_absolute_url(),
            ]
        )
    return [str(h) for h in header], rows


def to_xlsx(header: list[str], rows: list[list[str]], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for r, row in enumerate([header, *rows], start=1):
        for c, text in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            # Set the value and then force the type: openpyxl would read "=..." as a formula.
            cell.value = text
            cell.data_type = TYPE_STRING
            if r == 1:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
