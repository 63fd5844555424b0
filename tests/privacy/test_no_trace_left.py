"""The proof: one person active in every part of the app (world.py) is anonymised, and then
nothing stored (no column of any table, no file) holds their name or email address; and their
download holds every row that named them before.

Searched through the database itself (every column of every table cast to text, ILIKE) and
the stored files (PDFs read with pdftotext, ZIPs opened), so a model or a file the privacy
code does not know about is searched all the same.
"""

import io
import json
import zipfile

from catalog.models import RenderJob
from debate.models import Value, ValueComment
from implementation.models import StatusReport
from privacy.models import AnonymisationRecord, DataExport, EditionNote
from privacy.services.anonymise import anonymise_member
from privacy.services.export import collect
from tests.catalog.pdf_text import pdf_text, squash

from .helpers import pseudonym
from .search import search_database, search_files, stored_files, table_models, where
from .world import EMAIL, NAME, NEEDLES, run_on_commit

# Where the world puts the person's name or address: the search must see every one, or the
# test proves nothing.
EXPECTED_TABLES = {
    "auth_user",
    "organisations_invitation",
    "processes_seminar",
    "processes_agendaitem",
    "processes_phasechange",
    "debate_value",
    "debate_valuecomment",
    "debate_valuerevision",
    "debate_valuemerge",
    "debate_givenframe",
    "debate_idea",
    "debate_idearevision",
    "debate_influenceitem",
    "debate_influenceitemrevision",
    "catalog_edition",
    "catalog_groupreview",
    "implementation_initiative",
    "implementation_initiativerevision",
    "implementation_measurement",
    "implementation_progressupdate",
    "implementation_trialaction",
    "evaluation_answer",
    "evaluation_initiativeevaluation",
    "evaluation_initiativeevaluationrevision",
    "evaluation_reflectionmeeting",
    "spreading_comment",
    "spreading_proposal",
    "spreading_story",
    "django_admin_log",
    "axes_accesslog",
}


def test_after_anonymisation_no_table_and_no_file_holds_the_name_or_the_address(
    world, facilitator, leader, client
):
    person = world["person"]
    before = search_database(NEEDLES)
    assert where(before) >= EXPECTED_TABLES, EXPECTED_TABLES - where(before)
    files_before = search_files(NEEDLES)
    assert any(f.endswith(".pdf") and f.startswith("catalogues/") for f in files_before)
    assert any(f.startswith("status-reports/") for f in files_before)
    assert any(f.endswith(".zip") for f in files_before)

    with run_on_commit():
        outcome = anonymise_member(
            actor=facilitator, membership=person, reason="left", confirmation=NAME.upper()
        )

    assert search_database(NEEDLES) == set()
    assert search_files(NEEDLES) == []

    # What they wrote stays, under the pseudonym in the organisation's language.
    expected = pseudonym(1)
    assert outcome.pseudonym == expected
    value = Value.objects.get(pk=world["value"].pk)
    assert value.author_id == person.pk
    assert value.author.display_name == expected
    assert f"Som {expected} sagde på mødet." in value.examples
    assert ValueComment.objects.filter(text="Det ser jeg hver dag.", author=person).exists()
    user = value.author.user
    assert not user.is_active and not user.has_usable_password()
    assert user.email.endswith("@anonymised.invalid")

    # The catalogue's PDF was made again (rendition 2) without her; the report withdrawn.
    job = RenderJob.objects.get(edition=world["edition"])
    assert job.status == RenderJob.Status.READY
    text = squash(pdf_text(job.file.read()))
    assert expected in text
    assert NAME not in text
    note = EditionNote.objects.get(edition=world["edition"])
    assert note.rendition == 2
    assert note.reference == outcome.record.reference
    client.force_login(leader.user)
    page = client.get(world["edition"].get_absolute_url()).content.decode()
    assert "Rendition 2 of this edition" in page and outcome.record.reference in page
    report = StatusReport.objects.get(process=world["edition"].process)
    assert report.status == StatusReport.Status.FAILED and not report.file
    assert not DataExport.objects.exists()
    assert not any(f.endswith(".zip") for f in stored_files())

    # The log says that, when and by whom; nothing about whom.
    record = AnonymisationRecord.objects.get()
    assert record.actor == facilitator
    assert record.reason == "left"
    assert record.summary["editions"] == 1 and record.summary["reports"] == 1
    assert NAME not in json.dumps(record.summary) and str(person.pk) not in record.reference


def _exported(data: dict) -> set[tuple[str, str]]:
    rows = {("auth.user", str(data["person"]["id"]))}
    for section in data["sections"]:
        model = section["model"]
        for row in section["rows"]:
            key = row.get("id", row.get("session_key"))
            rows.add((model, str(key)))
    rows.update(("organisations.invitation", str(i["id"])) for i in data["invitations_to_you"])
    rows.update((m["model"], str(m["id"])) for m in data["mentions"])
    return rows


def test_the_download_holds_every_row_that_names_the_person(world):
    person = world["person"]
    models = table_models()
    found = {(models[table], pk) for table, pk in search_database(NEEDLES)}
    data = collect(person.user)
    missing = found - _exported(data)
    assert not missing, f"Rows naming the person that the download leaves out: {sorted(missing)}"


def test_the_download_file_holds_json_csv_and_a_readme(world):
    export = world["export"]
    assert export.status == DataExport.Status.READY
    with zipfile.ZipFile(io.BytesIO(export.file.read())) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("data.json"))
        values_csv = archive.read("csv/debate.value.csv").decode()
        mentions_csv = archive.read("csv/mentions.csv").decode()
        readme = archive.read("README.txt").decode()
    assert "README.txt" in names
    assert data["person"]["email"] == EMAIL
    assert "Ligeværd" in values_csv
    assert "Enig med" in mentions_csv  # a colleague's comment, quoted around her name
    assert any(s["model"] == "evaluation.respondent" for s in data["sections"])
    # Anonymous answers are not hers to download: only that she answered.
    assert not any(s["model"] == "evaluation.answer" for s in data["sections"])
    assert "data.json" in readme
    # The colleague's own data is not in it: the dots, the ballot and the seats are hers.
    assert "kollega@example.org" not in json.dumps(data)
