"""The catalogue as a document: one template for the HTML preview and the PDF.

`document_context` turns a snapshot into what the templates show, with every label in the
edition's language. `render_pdf` lays the same content out with WeasyPrint: a cover, a table
of contents with page numbers, bookmarks from the headings, running headers, page numbers and
IBM Plex Sans, the typeface of the web pages. Resources are only ever read from the project's
own static files, so nothing a user typed can make the renderer fetch anything.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from debate.models import GivenFrame, Idea, InfluenceItem
from organisations.models import Membership
from processes.models import Seminar
from processes.sanitise import sanitise_html

from ..models import Edition
from .diff import EditionDiff

logger = logging.getLogger(__name__)

FONT_DIR = "vendor/dkfds/fonts/IBMPlexSans/complete/ttf"
FONT_FACES = [
    ("Regular", 400, "normal"),
    ("Italic", 400, "italic"),
    ("SemiBold", 600, "normal"),
    ("Bold", 700, "normal"),
]


@dataclass
class StreamPoint:
    number: int
    name: str
    description: str
    covered: bool
    x: float
    y: float


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _universe(snapshot: dict, language: str) -> list[StreamPoint]:
    """The seven value streams on a ring, marking those the process's themes cover."""
    covered = {n for theme in snapshot.get("themes", []) for n in theme["value_streams"]}
    streams = snapshot.get("value_streams", [])
    points = []
    for i, stream in enumerate(streams):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(streams), 1)
        points.append(
            StreamPoint(
                number=stream["number"],
                name=stream["name"].get(language) or stream["name"].get("da", ""),
                description=stream["description"].get(language, ""),
                covered=stream["number"] in covered,
                x=round(150 + 105 * math.cos(angle), 1),
                y=round(150 + 105 * math.sin(angle), 1),
            )
        )
    return points


def document_context(edition: Edition, snapshot: dict, diff: EditionDiff | None = None) -> dict:
    """Everything the document templates need; call inside translation.override(language)."""
    language = edition.language
    stream_names = {p.number: p.name for p in _universe(snapshot, language)}
    kinds = dict(Seminar.Kind.choices)
    frame_kinds = dict(GivenFrame.Kind.choices)
    involved = dict(Idea.Involved.choices)
    users_roles = dict(Idea.UsersRole.choices)
    roles = dict(Membership.Role.choices)
    columns = [(key, label) for key, label in InfluenceItem.Column.choices if key != "unplaced"]

    def seminar(data):
        if not data:
            return None
        return {
            "title": data["title"] or kinds.get(data["kind"], ""),
            "kind": kinds.get(data["kind"], ""),
            "date": _date(data["date"]),
        }

    groups_by_theme: dict[int | None, list[dict]] = {}
    for group in snapshot.get("groups", []):
        initiatives = []
        for item in group["initiatives"]:
            initiatives.append(
                dict(
                    item,
                    involved_labels=[str(involved.get(k, k)) for k in item["involved"]],
                    users_role_label=str(users_roles.get(item["users_role"], "")),
                    seminar=seminar(item["seminar"]),
                )
            )
        influence = group["influence"]
        groups_by_theme.setdefault(group["theme_id"], []).append(
            dict(
                group,
                anchor=f"group-{group['id']}",
                ideal_values=[
                    dict(v, stream_names=[stream_names.get(n, "") for n in v["value_streams"]])
                    for v in group["ideal_values"]
                ],
                initiatives=initiatives,
                influence_columns=[(label, influence.get(key, [])) for key, label in columns],
                has_influence=any(influence.get(key) for key, _label in columns),
            )
        )
    themes = []
    for theme in snapshot.get("themes", []):
        themes.append(
            dict(
                theme,
                anchor=f"theme-{theme['id']}",
                stream_names=[stream_names.get(n, "") for n in theme["value_streams"]],
                frame=[
                    dict(f, kind_label=str(frame_kinds.get(f["kind"], ""))) for f in theme["frame"]
                ],
                groups=groups_by_theme.get(theme["id"], []),
            )
        )
    loose_groups = groups_by_theme.get(None, [])
    process = snapshot.get("process", {})
    return {
        "edition": edition,
        "language": language,
        "snapshot": snapshot,
        "process": dict(
            process,
            start=_date(process.get("start_date")),
            end=_date(process.get("end_date")),
        ),
        "title": edition.title or process.get("title", ""),
        "universe": _universe(snapshot, language),
        "themes": themes,
        "loose_groups": loose_groups,
        "seminars": [
            dict(
                s,
                heading=s["title"] or kinds.get(s["kind"], ""),
                kind_label=kinds.get(s["kind"], ""),
                day=_date(s["date"]),
                summary_html=sanitise_html(s["summary"]) if s["summary"] else "",
            )
            for s in snapshot.get("seminars", [])
        ],
        "participants": [
            dict(p, role_label=roles.get(p["role"], "")) for p in snapshot.get("participants", [])
        ],
        "diff": diff,
        "previous_number": (edition.number - 1) if edition.number and diff else None,
        "initiative_count": sum(len(g["initiatives"]) for t in themes for g in t["groups"])
        + sum(len(g["initiatives"]) for g in loose_groups),
    }


def render_body(edition: Edition, snapshot: dict, diff: EditionDiff | None = None) -> str:
    """The catalogue's content as HTML in the edition's language (for the preview page)."""
    with translation.override(edition.language):
        context = document_context(edition, snapshot, diff)
        return render_to_string("catalog/includes/document_body.html", context)


def _font_css() -> str:
    faces = []
    for name, weight, style in FONT_FACES:
        path = finders.find(f"{FONT_DIR}/IBMPlexSans-{name}.ttf")
        if path:
            faces.append(
                "@font-face { font-family: 'IBM Plex Sans'; "
                f"src: url('{Path(path).as_uri()}'); font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(faces)


def _static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    for app_static in finders.get_finder(
        "django.contrib.staticfiles.finders.AppDirectoriesFinder"
    ).storages.values():
        roots.append(Path(app_static.location).resolve())
    return roots


def _url_fetcher(url: str, *args, **kwargs):
    """Only the project's own static files; anything else is refused."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith("file://"):
        path = Path(url.removeprefix("file://")).resolve()
        if any(path.is_relative_to(root) for root in _static_roots()):
            return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"Refused to fetch {url[:80]!r} while rendering a catalogue.")


def render_html_document(edition: Edition, snapshot: dict, diff: EditionDiff | None = None) -> str:
    with translation.override(edition.language):
        context = document_context(edition, snapshot, diff)
        context["font_css"] = _font_css()
        return render_to_string("catalog/pdf/document.html", context)


def _remembered_page_references(pdf) -> tuple[bytes, ...]:
    """pydyf's `PDF.page_references`, built once for the pages there are instead of on every
    read. WeasyPrint reads it for every element it tags for PDF/UA, and pydyf (0.13) builds
    the whole tuple each time: a quadratic cost, a tenth of a 300-page catalogue's time. The
    page list only grows (`add_page`), so its length says when the tuple is stale."""
    kids = pdf.pages["Kids"]
    remembered = pdf.__dict__.get("_qh_page_references")
    if remembered is None or remembered[0] != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        remembered = pdf.__dict__["_qh_page_references"] = (len(kids), references)
    return remembered[1]


def _remember_page_references() -> None:
    import pydyf

    page_references = getattr(pydyf.PDF, "page_references", None)
    # Only pydyf's own property is replaced, so a pydyf that changes it keeps its own.
    if isinstance(page_references, property) and page_references.fget.__name__ == (
        "page_references"
    ):
        pydyf.PDF.page_references = property(_remembered_page_references)


def _one_box_of_leader_dots(context, line, containing_block) -> None:
    """WeasyPrint's `handle_leader`, with the dots it lays out as one text box instead of
    one box per dot. A contents line's leader is some 150 boxes, each drawn and tagged on its
    own: two thirds of the time a 400-entry contents took. The dots stay where WeasyPrint
    put them (one string from the leftmost dot, each dot as wide as before)."""
    from weasyprint.layout.leader import leader_index
    from weasyprint.text.line_break import split_first_line

    _one_box_of_leader_dots.original(context, line, containing_block)
    _index, leader = leader_index(line)
    if leader is None or len(leader.children) < 2:
        return
    first = min(leader.children, key=lambda box: box.position_x)
    layout, _length, _resume, width, _height, _baseline = split_first_line(
        first.text * len(leader.children), first.style, context, math.inf, 0
    )
    dots = first.copy_with_text(layout.text)
    dots.pango_layout, dots.width = layout, width
    leader.children = (dots,)


def _speed_up_weasyprint() -> None:
    """Two fixes for costs WeasyPrint (67) has with long documents, each applied once and
    only over the function it was written for."""
    import weasyprint.layout.inline as inline

    _remember_page_references()
    if inline.handle_leader.__qualname__ == "handle_leader":
        _one_box_of_leader_dots.original = inline.handle_leader
        inline.handle_leader = _one_box_of_leader_dots


def write_pdf(html: str, *, url_fetcher=None) -> bytes:
    """The HTML as a tagged PDF (PDF/UA-1) with WeasyPrint; the catalogue's and the status
    report's one way to a PDF. `url_fetcher` defaults to the project's static files only."""
    from .parts import PartsFailed, render_part, write_pdf_in_parts

    url_fetcher = url_fetcher or _url_fetcher
    try:
        in_parts = write_pdf_in_parts(html, url_fetcher=url_fetcher)
    except PartsFailed:
        # The document may still render in one go (slower); if it cannot either, that
        # attempt's error is the one the job shows.
        logger.exception("Rendering in parts failed; rendering in one go instead.")
        in_parts = None
    if in_parts is not None:
        return in_parts
    return render_part(html, url_fetcher).pdf


def render_pdf(edition: Edition, snapshot: dict, diff: EditionDiff | None = None) -> bytes:
    return write_pdf(render_html_document(edition, snapshot, diff))


def format_day(value: date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""
