"""The overview's CSV and XLSX exports: the filtered list, formula-safe, in the asker's language."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from implementation.models import Initiative

from .builders import portfolio, themes_and_groups

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("https://evil.example","klik")'


def export_url(process, kind, query=""):
    return reverse("implementation:overview_export", args=[process.pk, kind]) + query


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def pairs(process):
    return themes_and_groups(process)


@pytest.fixture
def initiatives(process, pairs, member):
    made = portfolio(process, pairs, initiatives=3, owner=member, improving=1)
    Initiative.objects.filter(pk=made[1].pk).update(title=HOSTILE)
    Initiative.objects.filter(pk=made[2].pk).update(title="+1+2")
    return made


def test_the_csv_lists_every_initiative_with_its_facts(as_user, process, initiatives, member):
    response = as_user(member).get(export_url(process, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="' in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())  # Excel reads the Danish letters
    header, *rows = csv_rows(response)
    assert header[:6] == ["Process", "Theme", "Group", "Value streams", "Initiative", "Status"]
    by_title = {row[4]: dict(zip(header, row, strict=True)) for row in rows}
    first = by_title["Tiltag 1"]
    assert first["Initiative"] == "Tiltag 1" and first["Theme"] == "Tema 1"
    assert first["Owner"] == member.display_name and first["Status"] == "Running"
    assert first["Signals"].startswith("Tiltag 1: indikator 1: Signal of improvement since")
    assert first["Link"].endswith(initiatives[0].get_absolute_url())
    assert len(rows) == 3


def test_exports_are_safe_against_formula_injection(as_user, process, initiatives, leader):
    client = as_user(leader)
    cells = [cell for row in csv_rows(client.get(export_url(process, "csv")))[1:] for cell in row]
    assert "'" + HOSTILE in cells and "'+1+2" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)

    data = client.get(export_url(process, "xlsx")).content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) for n in sheets)
    workbook = load_workbook(io.BytesIO(data))
    values = [c.value for row in workbook.active.iter_rows() for c in row]
    assert HOSTILE in values and "+1+2" in values  # kept exactly, as text
    assert workbook.active.title == "Initiatives"


def test_an_export_has_the_overviews_filters(as_user, process, pairs, initiatives, leader):
    portfolio(process, pairs, initiatives=2, status=Initiative.Status.PAUSED, prefix="Pause")
    client = as_user(leader)
    rows = csv_rows(client.get(export_url(process, "csv", "?status=paused")))
    assert [row[4] for row in rows[1:]] == ["Pause 1", "Pause 2"]
    rows = csv_rows(client.get(export_url(process, "csv", "?signal=on")))
    assert [row[4] for row in rows[1:]] == ["Tiltag 1"]
    workbook = load_workbook(
        io.BytesIO(client.get(export_url(process, "xlsx", "?status=paused")).content)
    )
    assert [row[4].value for row in workbook.active.iter_rows(min_row=2)] == ["Pause 1", "Pause 2"]


def test_the_columns_are_in_the_askers_language(client, process, initiatives, leader):
    client.force_login(leader.user)
    response = client.get(export_url(process, "csv"), HTTP_ACCEPT_LANGUAGE="da")
    header = csv_rows(response)[0]
    assert header[0] == "Forløb" and header[4] == "Tiltag"


def test_the_organisations_export_names_each_initiatives_process(
    as_user, organisation, process, initiatives, leader
):
    from tests.factories import ProcessFactory

    other = ProcessFactory(organisation=organisation, title="Anden proces")
    portfolio(other, themes_and_groups(other, 1, prefix="B "), initiatives=1, prefix="Andet")
    url = reverse("implementation:organisation_overview_export", args=[organisation.slug, "csv"])
    rows = csv_rows(as_user(leader).get(url))
    processes = {row[4]: row[0] for row in rows[1:]}
    assert processes["Andet 1"] == "Anden proces" and processes["Tiltag 1"] == process.title
