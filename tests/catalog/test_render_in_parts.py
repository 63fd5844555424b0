"""Rendering a long catalogue in parts side by side (catalog/services/parts.py): the joined
PDF must read like the one rendered in one go: the same pages, words, page numbers, contents,
bookmarks, links and PDF/UA structure."""

import io
import os
import re

import pikepdf
import pytest

from catalog.services import parts, render
from catalog.services.render import render_html_document
from tests.catalog.pdf_text import pdf_outline, pdf_pages, squash

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_parts(settings):
    settings.PDF_RENDER_PROCESSES = 2
    settings.PDF_PARTS_MIN_CHARS = 0


def rendered(settings, edition, processes: int) -> bytes:
    settings.PDF_RENDER_PROCESSES = processes
    settings.PDF_PARTS_MIN_CHARS = 0
    return render.render_pdf(edition, edition.snapshot)


def stamped(data: bytes) -> bool:
    """Whether the last page carries the page number the joining writes (see `_stamp`)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = pdf.pages[-1].Resources.get("/Font")
        return fonts is not None and parts.FONT_KEY in fonts


def content_of(page) -> bytes:
    contents = page.obj.Contents
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    return b"\n".join(stream.read_bytes() for stream in streams)


def page_of(pdf: pikepdf.Pdf, page_object) -> int:
    return next(i for i, page in enumerate(pdf.pages) if page.obj.objgen == page_object.objgen)


def test_the_parts_read_like_the_document_rendered_in_one_go(settings, in_review):
    whole = rendered(settings, in_review, 1)
    joined = rendered(settings, in_review, 2)
    assert stamped(joined) and not stamped(whole)

    # Every page the same words, the running headers and the "N / total" footers included.
    assert [squash(p) for p in pdf_pages(joined)] == [squash(p) for p in pdf_pages(whole)]
    pages = pdf_pages(joined)
    total = len(pages) - 1  # pdftotext ends with a form feed
    for number, text in enumerate(pages[1:total], start=2):
        assert re.search(rf"\b{number} ?/ ?{total}\b", squash(text)), number
    assert pdf_outline(joined) == pdf_outline(whole)


def test_the_contents_give_each_sections_page_and_link_to_it(settings, in_review):
    data = rendered(settings, in_review, 2)
    pdf = pikepdf.open(io.BytesIO(data))
    texts = [squash(t) for t in pdf_pages(data)]
    headings = {f"theme-{t['id']}": t["title"] for t in in_review.snapshot["themes"]}
    headings["about"] = "Forløbet og værdiuniverset"
    destinations = pikepdf.NameTree(pdf.Root.Names.Dests)
    links = {
        str(annotation.Dest)
        for page in pdf.pages[:2]
        for annotation in page.obj.get("/Annots", [])
        if annotation.get("/Subtype") == "/Link"
    }
    assert set(headings) <= links
    contents = " ".join(texts[:2])
    for name, heading in headings.items():
        target = page_of(pdf, destinations[name][0])
        # The link leads to the page with the section's heading, not to the contents' own
        # stand-in anchor, and the contents line shows that page's number.
        assert target >= 2 and heading in texts[target], name
        assert re.search(rf"{re.escape(heading)} \.{{10,}} ?{target + 1}\b", contents), name


def test_the_joined_structure_tree_covers_every_page_once(settings, in_review):
    whole = pikepdf.open(io.BytesIO(rendered(settings, in_review, 1)))
    pdf = pikepdf.open(io.BytesIO(rendered(settings, in_review, 2)))
    root = pdf.Root.StructTreeRoot
    nums = list(root.ParentTree.Nums)
    keys = [int(k) for k in nums[::2]]
    assert len(keys) == len(set(keys)) and int(root.ParentTreeNextKey) > max(keys)
    by_key = dict(zip(keys, nums[1::2], strict=True))
    document = root.K[0]
    assert document.S == "/Document"
    for page in pdf.pages:
        marked = re.findall(rb"/MCID (\d+)", content_of(page))
        elements = by_key[int(page.obj.StructParents)]
        assert len(elements) == len(marked)
        for element in elements:  # each marked content belongs to an element under Document
            while element.P.objgen != document.objgen:
                element = element.P
            assert element.P.objgen == document.objgen
        for annotation in page.obj.get("/Annots", []):
            assert by_key[int(annotation.StructParent)].S == "/Link"
    assert len(document.K) == len(whole.Root.StructTreeRoot.K[0].K)
    assert str(pdf.Root.Lang) == "da" and bool(pdf.Root.MarkInfo.Marked)
    assert b"pdfuaid" in pdf.Root.Metadata.read_bytes()
    assert str(pdf.docinfo.Title) == str(whole.docinfo.Title)


def test_a_title_with_css_and_html_in_it_is_written_as_typed(settings, in_review):
    title = 'Tema "1" \\ </style><script>alert(1)</script> }'
    in_review.title = title
    data = rendered(settings, in_review, 2)
    pages = pdf_pages(data)
    assert squash(title) in squash(pages[-2])  # the running header of a body page
    assert "alert(1)" not in squash(pages[-2]).replace(squash(title), "")


def test_a_short_document_is_rendered_in_one_go(settings, in_review):
    settings.PDF_RENDER_PROCESSES = 2
    settings.PDF_PARTS_MIN_CHARS = 10**9
    data = render.render_pdf(in_review, in_review.snapshot)
    assert not stamped(data)


def test_the_document_is_cut_at_its_sections_and_shared_out_in_order(in_review):
    document = render_html_document(in_review, in_review.snapshot)
    split = parts.split_document(document)
    assert split is not None and len(split.sections) >= 3
    assert all(s.lstrip().startswith('<section class="qh-section') for s in split.sections)
    assert split.reopen.startswith('<div class="qh-catalogue"')
    runs = parts.share_out(split.sections, 2)
    assert len(runs) == 2 and [s for run in runs for s in run] == split.sections
    body = split.body_document(runs[1])
    assert body.count("<body>") == 1 and body.rstrip().endswith("</body></html>")
    assert parts.split_document("<html><body><p>x</p></body></html>") is None


@pytest.mark.parametrize(
    ("lengths", "count", "expected"),
    [
        ([10, 10, 10, 10], 2, [[10, 10], [10, 10]]),
        ([100, 1, 1, 1], 2, [[100], [1, 1, 1]]),
        ([5, 5, 5], 8, [[5], [5], [5]]),
        ([5], 3, [[5]]),
    ],
)
def test_sections_are_shared_out_by_length_and_never_reordered(lengths, count, expected):
    sections = ["x" * n for n in lengths]
    runs = parts.share_out(sections, count)
    assert [[len(s) for s in run] for run in runs] == expected


def test_side_by_side_gives_each_jobs_result_in_order_each_from_a_child():
    jobs = [lambda n=n: (n, os.getpid()) for n in range(5)]
    results = parts.side_by_side(jobs, 2)
    assert [n for n, _pid in results] == [0, 1, 2, 3, 4]
    children = {pid for _n, pid in results}
    assert len(children) == 5 and os.getpid() not in children


def test_a_part_that_fails_fails_the_whole_render_with_its_reason():
    def broken():
        raise ValueError("no such font")

    with pytest.raises(parts.PartFailed) as failed:
        parts.side_by_side([lambda: 1, broken], 2)
    # The reason in one line (shown on the job's page); the traceback goes to the log.
    assert str(failed.value) == "rendering part 2 failed: ValueError: no such font"


@pytest.mark.parametrize("where", ["part", "join"])
def test_when_rendering_in_parts_fails_the_pdf_is_rendered_in_one_go(
    settings, in_review, monkeypatch, caplog, where
):
    here, render_part = os.getpid(), parts.render_part

    def broken(*args, **kwargs):
        if where == "part" and os.getpid() == here:  # one go renders here; parts in children
            return render_part(*args, **kwargs)
        raise ValueError("a bug of ours")

    monkeypatch.setattr(parts, "render_part" if where == "part" else "assemble", broken)
    whole = rendered(settings, in_review, 1)
    data = rendered(settings, in_review, 2)
    assert not stamped(data)  # rendered in one go
    assert [squash(p) for p in pdf_pages(data)] == [squash(p) for p in pdf_pages(whole)]
    assert "Rendering in parts failed" in caplog.text and "a bug of ours" in caplog.text
