"""The catalogue's exports (catalog/services/exports.py): the rows, the CSV and the
spreadsheet, and the names the files download under."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


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
