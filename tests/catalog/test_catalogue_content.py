"""What the catalogue says: hostile input stays text, hidden authors stay hidden, exports
are safe in spreadsheets, the changes between editions are listed, and pages cost a fixed
number of queries."""

import csv
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from catalog.services import workflow
from catalog.services.compile import compile_snapshot
from debate.models import Idea, Value
from processes.models import Process

from .conftest import approve_and_render, build_material
from .pdf_text import pdf_text, squash

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = '<script>alert("x")</script><b style="color:red">Fed</b>'
LONG_WORD = "Kvalitets" + "udviklings" * 30 + "tiltag"
RTL = "قيمة المساواة"
EMOJI = "Fællesskab 🤝🏽 og kaffe ☕"


def _publish(process, facilitator, leader, language="da", render=True):
    edition = workflow.start_edition(actor=facilitator, process=process)
    workflow.update_draft(actor=facilitator, edition=edition, language=language)
    edition = workflow.submit_for_review(actor=facilitator, edition=edition, override_reason="x")
    if render:
        return approve_and_render(leader, edition, note="ok")
    return workflow.approve(actor=leader, edition=edition, note="ok")


def test_hostile_input_is_text_in_the_preview_and_the_pdf(
    as_user, process, facilitator, leader, material
):
    group = next(iter(material))
    idea = material[group]["ideas"][0]
    Idea.objects.filter(pk=idea.pk).update(
        title=HOSTILE_TITLE, description=f"{LONG_WORD}\n{RTL}\n{EMOJI}"
    )
    Value.objects.filter(pk=material[group]["values"][0].pk).update(
        meaning='<img src="https://evil.example/x.png" onerror="alert(1)">'
    )
    edition = _publish(process, facilitator, leader)
    client = as_user(leader)
    page = client.get(reverse("catalog:preview", args=[process.pk, edition.pk])).text
    assert "<script>alert" not in page and "<b style" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<img src="https://evil.example' not in page
    assert RTL in page and EMOJI in page

    response = client.get(reverse("catalog:pdf", args=[process.pk, edition.pk]))
    text = squash(pdf_text(b"".join(response.streaming_content)))
    # The markup is printed as the text it is, not interpreted.
    assert '<script>alert("x")</script><b style="color:red">Fed</b>' in text
    assert '<img src="https://evil.example/x.png"' in text
    assert RTL in text and EMOJI in text
    assert edition.render_job.status == "ready"


def test_a_very_long_word_is_wrapped_inside_the_page(
    as_user, process, facilitator, leader, material
):
    from pypdf import PdfReader

    group = next(iter(material))
    Idea.objects.filter(pk=material[group]["ideas"][0].pk).update(description=LONG_WORD)
    edition = _publish(process, facilitator, leader)
    response = as_user(leader).get(reverse("catalog:pdf", args=[process.pk, edition.pk]))
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    width = float(reader.pages[0].mediabox.width)
    # Every glyph drawn lies on the page: collect x positions of text runs.
    xs = []
    for page in reader.pages:
        page.extract_text(visitor_text=lambda text, cm, tm, *_: xs.append(tm[4] * cm[0] + cm[4]))
    assert xs and max(xs) < width


def test_hidden_authors_never_appear_in_the_catalogue(
    as_user, process, facilitator, leader, material
):
    Process.objects.filter(pk=process.pk).update(author_visibility="hidden")
    process.refresh_from_db()
    edition = workflow.start_edition(actor=facilitator, process=process)
    assert edition.include_participants is False  # the default follows the debate's choice
    edition = workflow.submit_for_review(actor=facilitator, edition=edition)
    edition = approve_and_render(leader, edition, note="ok")
    authors = {v.author.display_name for data in material.values() for v in data["values"]}
    authors |= {i.author.display_name for data in material.values() for i in data["ideas"]}
    client = as_user(leader)
    page = client.get(reverse("catalog:preview", args=[process.pk, edition.pk])).text
    response = client.get(reverse("catalog:pdf", args=[process.pk, edition.pk]))
    text = pdf_text(b"".join(response.streaming_content))
    for name in authors:
        assert name not in page
        assert name not in text


def test_the_participants_appendix_lists_names_and_roles_when_chosen(
    as_user, process, facilitator, leader, member, material
):
    process.participants.add(member)
    edition = workflow.start_edition(actor=facilitator, process=process)
    workflow.update_draft(
        actor=facilitator, edition=edition, include_participants=True, language="en"
    )
    edition = workflow.submit_for_review(actor=facilitator, edition=edition)
    page = as_user(leader).get(reverse("catalog:preview", args=[process.pk, edition.pk])).text
    assert "Appendix: participants" in page
    assert member.display_name in page


def test_exports_are_safe_against_formula_injection(
    as_user, process, facilitator, leader, material
):
    group = next(iter(material))
    Idea.objects.filter(pk=material[group]["ideas"][0].pk).update(
        title='=HYPERLINK("https://evil.example","klik")', description="+1+2", first_step="@SUM(A1)"
    )
    edition = _publish(process, facilitator, leader)
    client = as_user(leader)
    response = client.get(
        reverse("catalog:export_csv", args=[process.pk, edition.pk, "initiatives"])
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("https://evil.example","klik")' in cells
    assert "'+1+2" in cells and "'@SUM(A1)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)

    response = client.get(reverse("catalog:export_xlsx", args=[process.pk, edition.pk]))
    data = response.content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) for n in sheets)
    workbook = load_workbook(io.BytesIO(data))
    values = [c.value for row in workbook.worksheets[0].iter_rows() for c in row]
    assert '=HYPERLINK("https://evil.example","klik")' in values  # kept exactly, as text
    assert workbook.sheetnames == ["Initiativer", "Idealværdier"] or len(workbook.sheetnames) == 2


def test_the_values_csv_lists_the_ideal_values(as_user, process, facilitator, leader, material):
    edition = _publish(process, facilitator, leader)
    response = as_user(leader).get(
        reverse("catalog:export_csv", args=[process.pk, edition.pk, "values"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = sorted(row[2] for row in rows[1:])
    assert names == sorted(data["values"][0].name for data in material.values())


def test_the_changes_between_two_editions(as_user, process, facilitator, leader, material):
    first = _publish(process, facilitator, leader, language="en")
    group_one, group_two = list(material)
    removed = material[group_one]["ideas"][0]
    changed = material[group_one]["ideas"][1]
    Idea.objects.filter(pk=removed.pk).update(status="rejected", rejection_reason="Dubleret")
    Idea.objects.filter(pk=changed.pk).update(first_step="Et nyt første skridt")
    added = Idea.objects.create(
        group=group_two, title="Et helt nyt tiltag", description="Nyt.", status="selected"
    )
    added.values.set([material[group_two]["values"][0]])
    second = _publish(process, facilitator, leader, language="en")
    assert (first.number, second.number) == (1, 2)

    client = as_user(leader)
    page = client.get(reverse("catalog:changes", args=[process.pk])).text
    assert "From edition 1 to edition 2" in page
    assert 'Added:</strong> <span dir="auto">Et helt nyt tiltag' in page
    assert f'Removed:</strong> <span dir="auto">{removed.title}' in page
    assert f'Changed:</strong> <span dir="auto">{changed.title}' in page
    assert "First step" in page

    # The PDF of edition 2 carries the same list as an appendix.
    response = client.get(reverse("catalog:pdf", args=[process.pk, second.pk]))
    text = squash(pdf_text(b"".join(response.streaming_content)))
    assert "Appendix: changes since edition 1" in text
    assert "Et helt nyt tiltag" in text


def test_compiling_costs_the_same_queries_for_more_material(
    process, organisation, group_lead, second_lead
):
    build_material(process, [group_lead, second_lead], initiatives=3)
    with CaptureQueriesContext(connection) as small:
        compile_snapshot(process)
    build_material(process, [group_lead, second_lead], initiatives=12, prefix="B ")
    with CaptureQueriesContext(connection) as large:
        snapshot = compile_snapshot(process)
    assert len(snapshot["groups"]) == 4
    assert len(large) == len(small)


@pytest.mark.parametrize("page", ["edition", "preview", "catalogue"])
def test_pages_cost_the_same_queries_for_more_material(
    as_user, process, facilitator, leader, group_lead, second_lead, page
):
    build_material(process, [group_lead, second_lead], initiatives=3)
    # Editions 2 and 3 are compared: both have an edition before them to list changes since.
    _publish(process, facilitator, leader, render=False)
    small_edition = _publish(process, facilitator, leader, render=False)
    client = as_user(leader)

    def count(edition):
        args = [process.pk] if page == "catalogue" else [process.pk, edition.pk]
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"catalog:{page}", args=args)).status_code == 200
        return len(queries)

    small = count(small_edition)
    build_material(process, [group_lead, second_lead], initiatives=10, prefix="B ")
    large_edition = _publish(process, facilitator, leader, render=False)
    assert count(large_edition) == small
