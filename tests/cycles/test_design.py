"""Exporting a process design as a versioned JSON file and importing it into an
organisation as a new process: no people and no debate in the file, the same bytes after a
round trip, and a broken file refused with every problem and its place, creating nothing."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cycles.services.design import design_file, export_design
from debate.models import GivenFrame
from processes.models import AgendaItem, FrameworkDocument, Group, Process, Seminar, Theme
from tests.cycles.conftest import problems_on

pytestmark = pytest.mark.django_db


def export_url(process):
    return reverse("cycles:export", args=[process.pk])


def import_url(organisation):
    return reverse("cycles:import", args=[organisation.slug])


def upload(content, name="design.json"):
    if not isinstance(content, bytes):
        content = json.dumps(content, ensure_ascii=False).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def post_import(client, organisation, content, name="design.json", **fields):
    data = {"start_date": "2028-02-07", "title": "", "file": upload(content, name), **fields}
    return client.post(import_url(organisation), data)


def minimal(**process):
    return {
        "format": "qualityhub.process-design",
        "version": 1,
        "process": {"title": "Værdier i hverdagen", "duration_days": 120, **process},
        "themes": [],
        "seminars": [],
        "groups": [],
    }


# --- Export ----------------------------------------------------------------------------------


def test_the_export_holds_the_design(finished):
    design = export_design(finished["process"])

    assert design["format"] == "qualityhub.process-design"
    assert design["version"] == 1
    assert design["process"] == {
        "title": "Slip værdierne løs på værkstederne",
        "purpose": "At sætte brugernes værdier i centrum.",
        "duration_days": 120,
        "min_initiatives_per_group": 4,
        "author_visibility": "hidden",
    }
    users, staff = design["themes"]
    assert users["title"] == "Brugerinddragelse og brugernes position"
    assert users["value_streams"] == [4, 7]
    assert users["documents"] == [
        {"title": "Handicappolitik 2008", "url": "https://example.org/politik.pdf"}
    ]
    assert [c["kind"] for c in users["frame"]] == ["law", "budget"]
    # An uploaded file stays home: only links travel.
    assert staff["documents"] == []
    kickoff, wrapup = design["seminars"]
    assert (kickoff["day"], kickoff["start_time"], kickoff["end_time"]) == (9, "09:00", "15:30")
    assert [i["title"] for i in kickoff["agenda"]] == ["Velkomst", "Gruppearbejde om temaerne"]
    assert wrapup["day"] == 108
    assert design["groups"] == [
        {"name": "Gruppe Brugerne", "theme": 0, "max_size": 8},
        {"name": "Gruppe Fag", "theme": 1, "max_size": None},
    ]


def test_the_export_holds_no_people_and_no_debate(finished, people):
    content = design_file(finished["process"]).decode()

    for membership in people.values():
        assert membership.user.username not in content
        assert membership.display_name not in content
    assert "Hemmeligt referat" not in content  # the seminar's summary
    assert "Ligeværdighed i debatten" not in content  # a value from the debate
    assert "MUS-samtaler" not in content  # an initiative
    assert "udviklingskontrakt" not in content  # an uploaded file's name


def test_the_download_keeps_the_danish_letters_in_its_name(finished, facilitator, as_user):
    response = as_user(facilitator).get(export_url(finished["process"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''slip-v%C3%A6rdierne-l%C3%B8s-p%C3%A5-v%C3%A6rkstederne" in disposition
    assert 'filename="slip-vaerdierne-loes-paa-vaerkstederne' in disposition
    assert response.content == design_file(finished["process"])


# --- Import ----------------------------------------------------------------------------------


def test_export_import_export_gives_the_same_file(finished, facilitator, organisation, as_user):
    client = as_user(facilitator)
    first = client.get(export_url(finished["process"])).content

    response = post_import(client, organisation, first, name="design.json")

    new = Process.objects.exclude(pk=finished["process"].pk).get()
    assert response.status_code == 302
    assert response["Location"] == new.get_absolute_url()
    second = client.get(export_url(new)).content
    assert second == first


def test_an_import_creates_the_process_from_the_design(
    finished, facilitator, organisation, as_user
):
    client = as_user(facilitator)
    content = client.get(export_url(finished["process"])).content

    response = post_import(
        client, organisation, content, start_date="2028-02-07", title="Vores værdier 2028"
    )

    new = Process.objects.get(title="Vores værdier 2028")
    assert response.status_code == 302
    assert (new.start_date, new.end_date) == (datetime.date(2028, 2, 7), datetime.date(2028, 6, 6))
    assert new.organisation == organisation
    assert new.min_initiatives_per_group == 4
    assert new.author_visibility == "hidden"
    themes = list(Theme.objects.filter(process=new).order_by("position"))
    assert [t.title for t in themes] == [
        "Brugerinddragelse og brugernes position",
        "Faglige værdier og kompetenceudvikling",
    ]
    assert sorted(s.number for s in themes[0].value_streams.all()) == [4, 7]
    assert FrameworkDocument.objects.filter(theme__process=new).count() == 1
    frame = GivenFrame.objects.filter(theme=themes[0])
    assert frame.count() == 2 and {c.author for c in frame} == {facilitator}
    seminars = list(Seminar.objects.filter(process=new).order_by("date"))
    assert [s.date for s in seminars] == [datetime.date(2028, 2, 16), datetime.date(2028, 5, 25)]
    assert AgendaItem.objects.filter(seminar__process=new).count() == 3
    groups = {g.name: g.theme for g in Group.objects.filter(process=new)}
    assert groups == {"Gruppe Brugerne": themes[0], "Gruppe Fag": themes[1]}


def test_seminars_on_a_weekend_are_pointed_out(facilitator, organisation, as_user):
    design = minimal()
    design["seminars"] = [
        {"kind": "kickoff", "day": 5, "start_time": "09:00", "end_time": "15:00", "agenda": []}
    ]
    # 7 February 2028 is a Monday: day 5 is a Saturday.
    response = post_import(as_user(facilitator), organisation, design, start_date="2028-02-07")

    page = as_user(facilitator).get(response["Location"]).content.decode()
    assert "1 seminar falls on a weekend with this start date" in page


# --- Broken files ----------------------------------------------------------------------------


def with_themes(*themes, groups=()):
    design = minimal()
    design["themes"] = list(themes)
    design["groups"] = list(groups)
    return design


THEME = {"title": "Tema", "value_streams": [1]}

BROKEN = {
    "bad JSON": (
        b'{"format": "qualityhub.process-design",\n  "version": 1,\n  "themes": [}\n',
        [("line 3, column 14", "not valid JSON: Expecting value")],
    ),
    "not UTF-8": (
        b'{"format": "qualityhub.process-design", "title": "V\xe6rdier"}',
        [("line 1, column 52", "not UTF-8 text")],
    ),
    "a list, not an object": (
        b"[1, 2]",
        [("/", "the file must hold one JSON object, not a list")],
    ),
    "another format": (
        {"format": "odt", "version": 1},
        [
            (
                "/format",
                "“odt” is another format: QualityHub reads “qualityhub.process-design” files",
            )
        ],
    ),
    "no format": (
        {"version": 1},
        [("/format", "is missing: this is not a QualityHub process design")],
    ),
    "another version": (
        {**minimal(), "version": 2},
        [
            (
                "/version",
                "this is version 2 of the process design format; this QualityHub reads "
                "version 1 only",
            )
        ],
    ),
    "broken references": (
        with_themes(
            THEME,
            {"title": "Tema 2", "value_streams": [9, 4, 4]},
            groups=[{"name": "G", "theme": 5}, {"name": "H", "theme": "første"}],
        ),
        [
            ("/themes/1/value_streams/0", "9 is not a value stream (1–7)"),
            ("/themes/1/value_streams/2", "value stream 4 is listed twice"),
            ("/groups/0/theme", "5 is not a theme of this file (the themes are 0–1)"),
            ("/groups/1/theme", "must be the number of a theme in this file (or null), not text"),
        ],
    ),
    "missing fields": (
        {
            "format": "qualityhub.process-design",
            "version": 1,
            "process": {"purpose": ""},
            "themes": [{"description": "x"}],
            "seminars": [{"kind": "kickoff", "agenda": [{"title": "Velkomst"}]}],
            "groups": [{}],
        },
        [
            ("/process/title", "is missing"),
            ("/process/duration_days", "is missing"),
            ("/themes/0/title", "is missing"),
            ("/seminars/0/start_time", "is missing"),
            ("/seminars/0/end_time", "is missing"),
            ("/seminars/0/agenda/0/duration_minutes", "is missing"),
            ("/seminars/0/agenda/0/format", "is missing"),
            ("/seminars/0/day", "is missing"),
            ("/groups/0/name", "is missing"),
        ],
    ),
    "over-long strings": (
        {
            **with_themes({"title": "T" * 201, "challenges": "c" * 10_001}),
            "process": {"title": "Værdier", "duration_days": 120, "purpose": "p" * 10_001},
        },
        [
            ("/process/purpose", "is 10001 characters long; at most 10000 are allowed"),
            ("/themes/0/title", "is 201 characters long; at most 200 are allowed"),
            ("/themes/0/challenges", "is 10001 characters long; at most 10000 are allowed"),
        ],
    ),
    "wrong types and values": (
        {
            **minimal(min_initiatives_per_group=0, author_visibility="secret"),
            "seminars": [
                {
                    "kind": "weekly",
                    "day": 1.5,
                    "start_time": "9.00",
                    "end_time": "08:00",
                    "agenda": [{"title": "", "duration_minutes": 600, "format": "group"}],
                }
            ],
            "themes": {"title": "not a list"},
            "colour": "red",
        },
        [
            ("/colour", "is not a field of version 1"),
            ("/process/min_initiatives_per_group", "must be between 1 and 20, not 0"),
            (
                "/process/author_visibility",
                "“secret” is not a choice of author visibility (named, hidden)",
            ),
            ("/themes", "must be a list, not an object"),
            ("/seminars/0/start_time", "“9.00” is not a time (HH:MM)"),
            ("/seminars/0/agenda/0/title", "must not be empty"),
            ("/seminars/0/agenda/0/duration_minutes", "must be between 5 and 480, not 600"),
            (
                "/seminars/0/kind",
                "“weekly” is not a kind of seminar (kickoff, midway, wrapup, other)",
            ),
            ("/seminars/0/day", "must be a whole number, not a decimal number"),
        ],
    ),
    "a web address that is not one": (
        with_themes({**THEME, "documents": [{"title": "Loven", "url": "javascript:alert(1)"}]}),
        [
            (
                "/themes/0/documents/0/url",
                "“javascript:alert(1)” is not a web address (http:// or https://)",
            )
        ],
    ),
    "a key given twice": (
        b'{"format": "qualityhub.process-design", "version": 1, '
        b'"process": {"title": "A", "title": "B", "duration_days": 10}}',
        [("/process/title", "is given more than once")],
    ),
    "a NUL character": (
        minimal(title="Værdier\u0000"),
        [("/process/title", "holds a NUL character, which no text can hold")],
    ),
    "an end before the start": (
        {
            **minimal(),
            "seminars": [{"kind": "other", "day": 3, "start_time": "12:00", "end_time": "12:00"}],
        },
        [("/seminars/0/end_time", "the seminar must end after it starts (12:00)")],
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_file_is_refused_with_every_problem_and_creates_nothing(
    case, facilitator, organisation, as_user
):
    content, expected = BROKEN[case]
    before = Process.objects.count(), Theme.objects.count(), Seminar.objects.count()

    response = post_import(as_user(facilitator), organisation, content)

    assert response.status_code == 400
    assert sorted(problems_on(response)) == sorted(expected)
    text = response.content.decode()
    assert "The file was not imported" in text
    assert (Process.objects.count(), Theme.objects.count(), Seminar.objects.count()) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("design.txt", b"{}", "choose a .json file exported from QualityHub"),
        ("design.json", b"  \n", "the file is empty"),
        (
            "design.json",
            b"{" + b" " * 2000 + b"}",
            "the file is 2.0\xa0KB; a design file can be at most 1.0\xa0KB",
        ),
    ],
)
def test_only_a_json_file_within_the_size_limit_is_read(
    name, content, message, facilitator, organisation, as_user, settings
):
    settings.UPLOAD_MAX_BYTES = 1024

    response = post_import(as_user(facilitator), organisation, content, name=name)

    assert response.status_code == 400
    assert problems_on(response) == [(name, message)]
    assert Process.objects.count() == 0


def test_a_missing_file_or_date_is_a_form_error(facilitator, organisation, as_user):
    response = as_user(facilitator).post(import_url(organisation), {"title": "x"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert Process.objects.count() == 0


def test_an_over_long_title_in_the_form_is_refused(facilitator, organisation, as_user):
    response = post_import(as_user(facilitator), organisation, minimal(), title="T" * 201)

    assert response.status_code == 400
    assert Process.objects.count() == 0
