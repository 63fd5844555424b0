"""The catalogue as a document (catalog/services/render.py): the context the templates get,
the HTML body in the edition's language, the PDF and what the renderer may fetch."""

import copy
import io

import pytest
from django.contrib.staticfiles import finders
from pypdf import PdfReader

from catalog.services import render
from catalog.services.diff import diff_snapshots
from tests.catalog.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


def test_the_context_puts_each_group_under_its_theme(in_review):
    context = render.document_context(in_review, in_review.snapshot)

    assert [t["title"] for t in context["themes"]] == ["Tema 1", "Tema 2"]
    assert [[g["name"] for g in t["groups"]] for t in context["themes"]] == [
        ["Gruppe 1"],
        ["Gruppe 2"],
    ]
    assert context["loose_groups"] == []
    assert context["initiative_count"] == 6
    assert context["title"] == in_review.snapshot["process"]["title"]
    group = context["themes"][0]["groups"][0]
    assert group["anchor"] == "group-{}".format(group["id"])
    assert group["has_influence"] is True


def test_a_group_without_a_theme_is_kept(in_review):
    snapshot = copy.deepcopy(in_review.snapshot)
    snapshot["groups"][1]["theme_id"] = None

    context = render.document_context(in_review, snapshot)

    assert [g["name"] for g in context["loose_groups"]] == ["Gruppe 2"]
    assert context["initiative_count"] == 6


def test_value_streams_are_named_in_the_editions_language(in_review):
    in_review.language = "nb"
    context = render.document_context(in_review, in_review.snapshot)

    names = [p.name for p in context["universe"]]
    assert names[0] == "Offentlig sektors bidrag til samfunnet"
    assert [p.covered for p in context["universe"]][:3] == [True, True, False]
    assert context["themes"][0]["stream_names"] == [names[0]]


def test_a_stream_without_the_language_falls_back_to_danish(in_review):
    snapshot = copy.deepcopy(in_review.snapshot)
    del snapshot["value_streams"][0]["name"]["nb"]
    in_review.language = "nb"

    points = render.document_context(in_review, snapshot)["universe"]

    assert points[0].name == "Den offentlige sektors bidrag til samfundet"


def test_seminar_summaries_are_sanitised(in_review):
    snapshot = copy.deepcopy(in_review.snapshot)
    snapshot["seminars"][0]["summary"] = '<p>Vi fandt <script>alert("x")</script>værdier.</p>'

    seminar = render.document_context(in_review, snapshot)["seminars"][0]

    assert "<script>" not in seminar["summary_html"]
    assert "værdier" in seminar["summary_html"]
    assert seminar["heading"]  # the kind's name when the seminar has no title


def test_the_diff_with_the_previous_edition_is_numbered(in_review):
    in_review.number = 2
    diff = diff_snapshots({}, in_review.snapshot)
    context = render.document_context(in_review, in_review.snapshot, diff)
    assert context["previous_number"] == 1
    assert render.document_context(in_review, in_review.snapshot)["previous_number"] is None


def test_the_body_is_written_in_the_editions_language(in_review):
    in_review.language = "da"
    danish = render.render_body(in_review, in_review.snapshot)
    in_review.language = "en"
    english = render.render_body(in_review, in_review.snapshot)

    assert "Tiltag 1.1" in danish and "Tiltag 1.1" in english
    assert "Idealværdi 1" in danish
    assert danish != english


def test_the_renderer_fetches_only_the_projects_static_files():
    font = finders.find(f"{render.FONT_DIR}/IBMPlexSans-Regular.ttf")
    fetched = render._url_fetcher(f"file://{font}")
    fetched["file_obj"].close()
    assert fetched["redirected_url"] == f"file://{font}"
    for url in ("https://example.org/x.png", "file:///etc/passwd", "data:text/plain,x"):
        with pytest.raises(ValueError, match="Refused to fetch"):
            render._url_fetcher(url)


def test_the_pdf_is_tagged_pdf_ua_with_the_catalogues_text(in_review):
    data = render.render_pdf(in_review, in_review.snapshot)

    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert "pdfuaid" in catalog["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    text = pdf_text(data)
    assert "Tiltag 2.3" in text
    assert "Idealværdi 2" in text
