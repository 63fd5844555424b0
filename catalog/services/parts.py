"""Rendering a long document in parts, side by side, and putting the parts together.

WeasyPrint lays a document out on one core and holds every laid-out page until the PDF is
written: a catalogue or status report of 400 initiatives takes most of a minute of CPU and
up to a gigabyte. The documents are made of sections that each begin on a new page (the
templates mark them with `PART_MARK`), so they can be laid out apart:

1. the sections are shared out, in order, into a few body parts of about the same size, and
   child processes render them at the same time, each a tagged PDF of its own (and a
   stand-in of the front matter, to learn how many pages it takes);
2. with every part's page count and the page of every anchor known, the front matter (the
   cover and the contents) is rendered, in a child too, with the contents' page numbers
   written in;
3. the parts are joined into one PDF (`assemble`): the pages in order, one structure tree for
   PDF/UA with the parts' elements under one Document element and the parent tree numbered
   anew, the bookmarks, the named destinations the contents' links point to, and the front
   matter's metadata (title, language, PDF/UA identification). The body pages' numbers
   ("12 / 328") are written onto them as pagination artifacts, in the font and place of
   WeasyPrint's own footers.

Each child holds only its own part's pages and the parent none, and a page's layout does not
depend on its number, so the result reads and looks like the document rendered in one go.
"""

from __future__ import annotations

import html as html_lib
import io
import logging
import os
import pickle
import re
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

logger = logging.getLogger(__name__)

PART_MARK = "<!--qh:part-->"
END_MARK = "<!--qh:end-->"
UA = "pdf/ua-1"
# The footer a body page gets, the same as `@bottom-right` in catalog/pdf/document.css.
NUMERALS = "0123456789 /"
FONT_KEY = "/QHPageNumber"
_RUNNING_TITLE = re.compile(r'<p class="qh-running-title"[^>]*>(.*?)</p>', re.S)
_TOC_LINK = re.compile(r'<a href="#([^"]+)"')


@dataclass
class RenderedPart:
    pdf: bytes
    pages: int
    anchors: dict[str, int] = field(default_factory=dict)  # anchor -> 0-based page in the part


@dataclass
class SplitDocument:
    head: str  # up to and including <body>
    front: str  # the cover and the contents
    sections: list[str]
    reopen: str  # the elements still open where the first section begins
    close: str  # what follows the last section

    def front_document(self, pages: dict[str, int] | None, total: int | None) -> str:
        """The cover and contents; with `pages`, each contents entry carries its page.
        Without, a stand-in to count the pages: no leader dots (a third of the time the
        contents take), the numbers as wide as they will be."""
        probe = pages is None
        pages = pages or {}
        missing = "0000" if probe else ""
        # Each link gets an anchor of its own name here, so that WeasyPrint keeps the link;
        # `assemble` points the name at the section in its body part.
        front = _TOC_LINK.sub(
            lambda m: f'<a href="#{m[1]}" id="{m[1]}" data-page="{pages.get(m[1], missing)}"',
            self.front,
        )
        leader = "' ' attr(data-page)" if probe else "leader('.') attr(data-page)"
        style = (
            f".qh-toc a::after {{ content: {leader}; }}"
            f"@page {{ @bottom-right {{ content: counter(page) {_css_string(f' / {total or 0}')};"
            " } }"
        )
        return self._document(front, style)

    def body_document(self, sections: Sequence[str]) -> str:
        title = _RUNNING_TITLE.search(self.front)
        title_text = html_lib.unescape(re.sub(r"<[^>]+>", "", title[1])) if title else ""
        # The running header on a part's first page too (only the cover goes without), the
        # title written in (it is set on the cover), and no page number: `assemble` adds it.
        style = (
            f"@page {{ @top-left {{ content: {_css_string(title_text)}; }}"
            " @bottom-right { content: none; } }"
            f"@page :first {{ @top-left {{ content: {_css_string(title_text)}; }}"
            " @top-right { content: string(section); } }"
        )
        return self._document(self.reopen + "".join(sections), style)

    def _document(self, body: str, style: str) -> str:
        head = self.head.replace("</style>", f"{style}\n</style>", 1)
        return f"{head}{body}{self.close}</body></html>"


def _css_string(text: str) -> str:
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


class _OpenElements(HTMLParser):
    """The start tags still open at the end of the text fed (to reopen them in a part)."""

    VOID = {"br", "img", "meta", "link", "hr", "input", "wbr", "source", "col", "area"}

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, self.get_starttag_text()))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


def split_document(document: str) -> SplitDocument | None:
    """The document cut at its part marks, or None when it has fewer than two sections."""
    body_start = document.find("<body>")
    body_end = document.rfind("</body>")
    end = document.rfind(END_MARK)
    if body_start < 0 or body_end < 0 or end < 0:
        return None
    body_start += len("<body>")
    pieces = document[body_start:end].split(PART_MARK)
    front, sections = pieces[0], pieces[1:]
    if len(sections) < 2:
        return None
    opened = _OpenElements()
    opened.feed(front)
    return SplitDocument(
        head=document[:body_start],
        front=front + END_MARK,
        sections=sections,
        reopen="".join(text for _tag, text in opened.stack),
        close=document[end:body_end],
    )


def share_out(sections: Sequence[str], count: int) -> list[list[str]]:
    """The sections in order in at most `count` runs of about the same length."""
    total = sum(len(s) for s in sections) or 1
    runs: list[list[str]] = [[]]
    done = 0
    for section in sections:
        # Start the next run once this one has its share (measured at the section's middle).
        if runs[-1] and len(runs) < count and done + len(section) / 2 > total * len(runs) / count:
            runs.append([])
        runs[-1].append(section)
        done += len(section)
    return runs


def render_part(document: str, url_fetcher: Callable) -> RenderedPart:
    """One part as a tagged PDF, with its page count and the page of each anchor."""
    from weasyprint import HTML

    from .render import _speed_up_weasyprint

    _speed_up_weasyprint()
    rendered = HTML(
        string=document, base_url=str(settings.BASE_DIR), url_fetcher=url_fetcher
    ).render(pdf_variant=UA)
    anchors: dict[str, int] = {}
    for number, page in enumerate(rendered.pages):
        for name in page.anchors:
            anchors.setdefault(name, number)
    output = io.BytesIO()
    rendered.write_pdf(output, pdf_variant=UA, custom_metadata=True)
    return RenderedPart(pdf=output.getvalue(), pages=len(rendered.pages), anchors=anchors)


def processes() -> int:
    """PDF_RENDER_PROCESSES, or the CPUs this process may run on (not the machine's)."""
    if settings.PDF_RENDER_PROCESSES:
        return max(1, settings.PDF_RENDER_PROCESSES)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def write_pdf_in_parts(document: str, *, url_fetcher: Callable) -> bytes | None:
    """The document rendered in parts side by side and joined; None when it is too short to
    gain from it (the caller renders it in one go)."""
    workers = processes()
    if workers < 2 or len(document) < settings.PDF_PARTS_MIN_CHARS:
        return None
    split = split_document(document)
    if split is None:
        return None
    runs = share_out(split.sections, workers * 2)
    # Every rendering runs in a child, so that this process holds no laid-out pages when it
    # joins the parts; the stand-in that counts the front matter's pages goes first.
    probe, *bodies = side_by_side(
        [partial(render_part, split.front_document(None, None), url_fetcher)]
        + [partial(render_part, split.body_document(run), url_fetcher) for run in runs],
        workers,
    )
    front_pages = probe.pages
    for _attempt in range(3):
        pages, total = _page_numbers(front_pages, bodies)
        (front,) = side_by_side(
            [partial(render_part, split.front_document(pages, total), url_fetcher)], 1
        )
        if front.pages == front_pages:
            break
        front_pages = front.pages
    try:
        return assemble(front, bodies, _numerals(split, url_fetcher))
    except SoftTimeLimitExceeded:
        raise
    except Exception as error:  # a bug of ours in joining must not cost the leader the PDF
        raise PartsFailed(f"joining the parts failed: {error}") from error


class PartsFailed(RuntimeError):
    """Rendering in parts failed (a part, or joining them); `write_pdf` renders in one go."""


class PartFailed(PartsFailed):
    pass


def side_by_side(jobs: Sequence[Callable], workers: int) -> list:
    """Each job's result, computed in a child process of its own, at most `workers` at once.

    Plain `fork` rather than a multiprocessing pool: Celery's prefork workers are daemonic
    processes, which multiprocessing does not let start children. A child writes its result
    to a file and leaves with `os._exit`: it never touches the database, and leaving that way
    it does not close the connections it inherited either (that would end this process's
    sessions; closing them here first would break a transaction the caller is in). Children
    still running when this ends (a time limit, an error) are killed."""
    results: list = [None] * len(jobs)
    running: dict[int, int] = {}  # pid -> job
    with tempfile.TemporaryDirectory(prefix="qh-parts-") as folder:

        def start(index: int) -> None:
            path = os.path.join(folder, str(index))
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child's lines run in the child
                status = 1
                try:
                    result = jobs[index]()
                    with open(path, "wb") as handle:
                        pickle.dump(result, handle, pickle.HIGHEST_PROTOCOL)
                    status = 0
                except BaseException:
                    with open(path + ".error", "w") as handle:
                        handle.write(traceback.format_exc()[-4000:])
                finally:
                    os._exit(status)
            running[pid] = index

        waiting = list(range(len(jobs)))
        try:
            while waiting and len(running) < workers:
                start(waiting.pop(0))
            while running:
                for pid in list(running):
                    done, status = os.waitpid(pid, os.WNOHANG)
                    if not done:
                        continue
                    index = running.pop(pid)
                    path = os.path.join(folder, str(index))
                    if status != 0 or not os.path.exists(path):
                        error = Path(path + ".error")
                        trace = error.read_text() if error.exists() else f"exit status {status}"
                        logger.error("Rendering part %s of a PDF failed:\n%s", index + 1, trace)
                        # The exception's own line, for the page that shows why it failed.
                        reason = trace.strip().splitlines()[-1]
                        raise PartFailed(f"rendering part {index + 1} failed: {reason}")
                    with open(path, "rb") as handle:
                        results[index] = pickle.load(handle)  # noqa: S301 - our own child's file
                    if waiting:
                        start(waiting.pop(0))
                time.sleep(0.02)
        finally:
            for pid in running:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    return results


def _page_numbers(front_pages: int, bodies: Sequence[RenderedPart]) -> tuple[dict[str, int], int]:
    pages: dict[str, int] = {}
    offset = front_pages
    for part in bodies:
        for name, number in part.anchors.items():
            pages.setdefault(name, offset + number + 1)
        offset += part.pages
    return pages, offset


# Putting the parts together -------------------------------------------------------------


@dataclass
class Numerals:
    """The footer's font and place, read from a page WeasyPrint rendered with NUMERALS as its
    page number: the glyph codes of each character, their widths and the text's right edge."""

    pdf: bytes
    font_name: str
    size: Decimal
    colour: list
    right: Decimal
    y: Decimal
    codes: dict[str, bytes]
    widths: dict[str, Decimal]


def _numerals(split: SplitDocument, url_fetcher: Callable) -> Numerals:
    import pikepdf
    from weasyprint import HTML

    style = f"@page {{ @bottom-right {{ content: {_css_string(NUMERALS)}; }} }}"
    document = split._document('<p style="break-after: page">.</p><p>.</p>', style)
    data = HTML(
        string=document, base_url=str(settings.BASE_DIR), url_fetcher=url_fetcher
    ).write_pdf()
    with pikepdf.open(io.BytesIO(data)) as sheet:
        page = sheet.pages[1]
        runs, font, size, matrix, colour = [], None, None, None, None
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name == "rg":
                colour = [Decimal(str(v)) for v in operands]
            elif name == "Tm":
                matrix = [Decimal(str(v)) for v in operands]
            elif name == "Tf":
                font, size = str(operands[0]), Decimal(str(operands[1]))
            elif name == "TJ":
                runs.append((font, size, matrix, colour, operands[0]))
        font, size, matrix, colour, array = runs[-1]  # the footer is drawn last
        code = b"".join(bytes(item) for item in array if isinstance(item, pikepdf.String))
        codes = {char: code[2 * i : 2 * i + 2] for i, char in enumerate(NUMERALS)}
        widths_by_cid = _cid_widths(page.Resources.Font[font])
        widths = {
            char: widths_by_cid.get(int.from_bytes(c, "big"), Decimal(0)) * size / 1000
            for char, c in codes.items()
        }
        right = matrix[4] + sum(widths.values())
    return Numerals(data, font, size, colour, right, matrix[5], codes, widths)


def _cid_widths(font) -> dict[int, Decimal]:
    import pikepdf

    widths: dict[int, Decimal] = {}
    w = list(font.DescendantFonts[0].get("/W", []))
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], pikepdf.Array):
            for n, value in enumerate(w[i + 1]):
                widths[first + n] = Decimal(str(value))
            i += 2
        else:
            for cid in range(first, int(w[i + 1]) + 1):
                widths[cid] = Decimal(str(w[i + 2]))
            i += 3
    return widths


def assemble(front: RenderedPart, bodies: Sequence[RenderedPart], numerals: Numerals) -> bytes:
    import pikepdf
    from pikepdf import Array, Dictionary

    merged = pikepdf.open(io.BytesIO(front.pdf))
    root = merged.Root.StructTreeRoot
    document_element = _document_element(root)
    nums = list(root.ParentTree.Nums)
    next_key = max((int(k) for k in nums[::2]), default=-1) + 1
    destinations: dict[str, Array] = {}
    outline_items = []
    sheet = pikepdf.open(io.BytesIO(numerals.pdf))
    font = merged.copy_foreign(sheet.pages[1].Resources.Font[numerals.font_name])
    total = front.pages + sum(part.pages for part in bodies)
    number = front.pages
    sources = [sheet]  # open until the joined PDF is written: qpdf reads their streams then

    for part in bodies:
        source = pikepdf.open(io.BytesIO(part.pdf))
        sources.append(source)
        first = len(merged.pages)
        merged.pages.extend(source.pages)
        pages = [merged.pages[first + i] for i in range(len(source.pages))]
        source_index = {page.obj.objgen: i for i, page in enumerate(source.pages)}

        # The structure tree: copied whole (qpdf copies each object once, and maps the
        # elements' pages to the pages just added), then hung under our Document element.
        part_root = merged.copy_foreign(source.Root.StructTreeRoot)
        part_document = _document_element(part_root)
        for kid in part_document.K:
            kid.P = document_element
            document_element.K.append(kid)
        old_nums = list(part_root.ParentTree.Nums)
        _adopt(old_nums[1::2], part_document, document_element)
        keys = {}
        for key, value in zip(old_nums[::2], old_nums[1::2], strict=True):
            keys[int(key)] = next_key
            nums.extend([next_key, value])
            next_key += 1
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = keys[int(page.obj.StructParents)]
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = keys[int(annotation.StructParent)]

        # Named destinations (what the contents' links point to) and bookmarks.
        if "/Names" in source.Root and "/Dests" in source.Root.Names:
            for name, target in pikepdf.NameTree(source.Root.Names.Dests).items():
                destinations[name] = _moved(target, source_index, pages)
        with source.open_outline() as outline:
            outline_items.extend(_copy_outline(outline.root, source_index, pages))

        for page in pages:
            number += 1
            _stamp(merged, page, font, numerals, f"{number} / {total}")

    root.ParentTree = merged.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = next_key
    names = merged.Root.get("/Names") or merged.make_indirect(Dictionary())
    merged.Root.Names = names
    tree = pikepdf.NameTree.new(merged)
    for name, target in sorted(destinations.items()):
        tree[name] = target
    names.Dests = tree.obj
    with merged.open_outline() as outline:
        outline.root.extend(outline_items)
    output = io.BytesIO()
    merged.save(
        output,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    merged.close()
    for source in sources:
        source.close()
    return output.getvalue()


def _document_element(structure_root):
    """The Document element WeasyPrint puts at the top of a structure tree."""
    import pikepdf

    kids = structure_root.K
    return kids[0] if isinstance(kids, pikepdf.Array) else kids


def _adopt(values, old_document, new_document) -> None:
    """Point every element whose parent is a part's Document element at the joined one.

    WeasyPrint gives some elements the Document as parent without listing them among its
    kids (running elements, for one), so walking down from the kids does not reach them all;
    walking up from the marked content does."""
    import pikepdf

    old, seen = old_document.objgen, {new_document.objgen}
    for value in values:
        elements = value if isinstance(value, pikepdf.Array) else [value]
        for element in elements:
            while element.objgen not in seen and "/P" in element:
                seen.add(element.objgen)
                parent = element.P
                if parent.objgen == old:
                    element.P = new_document
                    break
                element = parent


def _moved(target, source_index: dict, pages: list):
    """A destination array of a part, pointing at the same place on the joined page."""
    import pikepdf

    if isinstance(target, pikepdf.Dictionary):
        target = target.D
    items = list(target)
    page = pages[source_index[items[0].objgen]]
    return pikepdf.Array([page.obj, *items[1:]])


def _copy_outline(items, source_index: dict, pages: list) -> list:
    import pikepdf

    copied = []
    for item in items:
        destination = item.destination
        if destination is not None and not isinstance(destination, int):
            destination = _moved(destination, source_index, pages)
        new = pikepdf.OutlineItem(item.title, destination)
        new.is_closed = item.is_closed
        new.children.extend(_copy_outline(item.children, source_index, pages))
        copied.append(new)
    return copied


def _stamp(pdf, page, font, numerals: Numerals, text: str) -> None:
    """Write `text` right-aligned where the front matter's footers are, as an artifact."""
    import pikepdf

    resources = page.obj.Resources
    if "/Font" not in resources:
        resources.Font = pikepdf.Dictionary()
    resources.Font[FONT_KEY] = font
    width = sum(numerals.widths[c] for c in text)
    x = numerals.right - width
    height = Decimal(str(page.mediabox[3]))
    codes = b"".join(numerals.codes[c] for c in text).hex().encode()
    r, g, b = (f"{v:f}".encode() for v in numerals.colour)
    content = b"".join(
        [
            b"Q q 1 0 0 -1 0 %s cm .75 0 0 .75 0 0 cm " % f"{height:f}".encode(),
            b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC ",
            b"%s %s %s rg BT 1 0 0 -1 %s %s Tm "
            % (r, g, b, f"{x:f}".encode(), f"{numerals.y:f}".encode()),
            b"%s %s Tf <%s> Tj ET EMC Q"
            % (FONT_KEY.encode(), f"{numerals.size:f}".encode(), codes),
        ]
    )
    page.contents_add(pikepdf.Stream(pdf, b"q"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, content))
