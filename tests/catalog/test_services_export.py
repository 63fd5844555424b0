"""The catalogue's exports (catalog/services/exports.py): the rows, the CSV and the
spreadsheet, and the names the files download under."""

import copy
import csv
import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from catalog.services import exports

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_run_gets_an_apostrophe(trigger):
    assert exports.neutralise(f"{trigger}HYPERLINK(1)") == f"'{trigger}HYPERLINK(1)"


def test_ordinary_text_is_left_as_typed():
    assert exports.neutralise("Brugerne 1+1 = 2") == "Brugerne 1+1 = 2"
    assert exports.neutralise("") == ""


def test_one_row_per_initiative_with_its_theme_group_and_values(in_review):
    in_review.language = "da"
    header, rows = exports.initiative_rows(in_review)

    assert header[:3] == ["Tema", "Gruppe", "Tiltag"]
    assert len(rows) == 6
    assert rows[0][:3] == ["Tema 1", "Gruppe 1", "Tiltag 1.1"]
    assert rows[0][4] == "Idealværdi 1"
    assert {row[1] for row in rows} == {"Gruppe 1", "Gruppe 2"}


def test_one_row_per_ideal_value_in_the_editions_language(in_review):
    in_review.language = "en"
    snapshot = copy.deepcopy(in_review.snapshot)
    snapshot["groups"][0]["ideal_values"][0]["also_called"] = ["Indflydelse", "Medbestemmelse"]
    in_review.snapshot = snapshot

    header, rows = exports.value_rows(in_review)

    assert header == [
        "Theme",
        "Group",
        "Value",
        "What we mean by it",
        "Everyday examples",
        "Dilemmas",
        "The gap between ideal and practice",
        "Also called",
    ]
    assert [row[2] for row in rows] == ["Idealværdi 1", "Idealværdi 2"]
    assert rows[0][-1] == "Indflydelse, Medbestemmelse"


def test_the_csv_has_a_byte_order_mark_and_neutralised_cells():
    text = exports.to_csv(["Værdi", "=Header"], [["=SUM(A1)", "Ligeværd"]])

    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["Værdi", "=Header"], ["'=SUM(A1)", "Ligeværd"]]


def test_the_spreadsheet_keeps_formulas_as_text(in_review):
    in_review.language = "da"
    snapshot = copy.deepcopy(in_review.snapshot)
    snapshot["groups"][0]["initiatives"][0]["title"] = '=HYPERLINK("http://x")'
    in_review.snapshot = snapshot

    book = load_workbook(io.BytesIO(exports.to_xlsx(in_review)))

    assert book.sheetnames == ["Tiltag", "Idealværdier"]
    sheet = book["Tiltag"]
    assert sheet["A1"].value == "Tema" and sheet["A1"].font.bold
    assert sheet["C2"].value == '=HYPERLINK("http://x")'
    assert sheet["C2"].data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert book["Idealværdier"].max_row == 3


def download_url(name, edition, *args):
    return reverse(f"catalog:{name}", args=[edition.process_id, edition.pk, *args])


def test_the_downloads_keep_the_danish_letters_of_the_title(as_user, member, published):
    published.title = "Slip værdidebatten løs"
    published.save(update_fields=["title"])

    for url, name in [
        (download_url("export_csv", published, "values"), "slip-værdidebatten-løs-1.values.csv"),
        (download_url("export_xlsx", published), "slip-værdidebatten-løs-1.xlsx"),
    ]:
        header = as_user(member).get(url)["Content-Disposition"]
        ascii_name = name.replace("æ", "ae").replace("ø", "oe")
        assert f'attachment; filename="{ascii_name}"' in header
        assert unquote(header.split("filename*=UTF-8''")[1]) == name
