"""The catalogue's content as spreadsheets: CSV and XLSX, one row per initiative or value.

Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return) as a
formula, so text a participant typed could become a formula in a leader's spreadsheet. In CSV
such cells get a leading apostrophe (the OWASP advice); in XLSX every cell is written as a
string, which no spreadsheet evaluates, so the text stays exactly as typed.
"""

from __future__ import annotations

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

from debate.models import Idea

from ..models import Edition

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _group_themes(snapshot: dict) -> dict[int, str]:
    return {t["id"]: t["title"] for t in snapshot.get("themes", [])}


def initiative_rows(edition: Edition) -> tuple[list[str], list[list[str]]]:
    snapshot = edition.snapshot
    themes = _group_themes(snapshot)
    involved = dict(Idea.Involved.choices)
    roles = dict(Idea.UsersRole.choices)
    with translation.override(edition.language):
        header = [
            _("Theme"),
            _("Group"),
            _("Initiative"),
            _("Description"),
            _("The values it builds on"),
            _("How it improves the core task and quality for the users"),
            _("How it spreads to the whole organisation"),
            _("Who is involved"),
            _("The users' role"),
            _("First step"),
        ]
        rows = [
            [
                themes.get(group["theme_id"], ""),
                group["name"],
                item["title"],
                item["description"],
                "; ".join(v["name"] for v in item["values"]),
                item["improves_core_task"],
                item["spread_plan"],
                ", ".join(str(involved.get(k, k)) for k in item["involved"]),
                str(roles.get(item["users_role"], "")),
                item["first_step"],
            ]
            for group in snapshot.get("groups", [])
            for item in group["initiatives"]
        ]
    return [str(h) for h in header], rows


def value_rows(edition: Edition) -> tuple[list[str], list[list[str]]]:
    snapshot = edition.snapshot
    themes = _group_themes(snapshot)
    with translation.override(edition.language):
        header = [
            _("Theme"),
            _("Group"),
            _("Value"),
            _("What we mean by it"),
            _("Everyday examples"),
            _("Dilemmas"),
            _("The gap between ideal and practice"),
            _("Also called"),
        ]
        rows = [
            [
                themes.get(group["theme_id"], ""),
                group["name"],
                value["name"],
                value["meaning"],
                value["examples"],
                value["dilemmas"],
                value["gap"],
                ", ".join(value["also_called"]),
            ]
            for group in snapshot.get("groups", [])
            for value in group["ideal_values"]
        ]
    return [str(h) for h in header], rows


def to_csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    # A byte-order mark so spreadsheet programs read the Danish letters as UTF-8.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


def to_xlsx(edition: Edition) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    with translation.override(edition.language):
        sheets = [
            (_("Initiatives"), initiative_rows(edition)),
            (_("Ideal values"), value_rows(edition)),
        ]
    for title, (header, rows) in sheets:
        sheet = workbook.create_sheet(str(title)[:31])
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
