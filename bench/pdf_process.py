"""Rendering a PDF in a fresh process, to time it and read its peak memory.

The catalogue's and the implementation's benchmarks give the HTML they made to a new Python
process (multiprocessing's "spawn": nothing inherited from the benchmark, so the peak is the
renderer's own, as in a Celery worker that has Django and WeasyPrint loaded), which renders
it and answers with the PDF, its wall-clock and CPU seconds and its peak resident memory
(`getrusage` maxrss). The same helper renders the floor, bare WeasyPrint on the same words,
so both are measured alike.
"""

from __future__ import annotations

import html
import io
import multiprocessing
import re
import resource
import sys
import time
from dataclasses import dataclass

# What a child can be asked to do: the project's pipeline (as the tasks call it) or bare
# WeasyPrint with its defaults (no stylesheet of ours, no fonts, no URL fetcher, no PDF/UA).
RENDERERS = {
    "catalogue": "catalog.services.render:write_pdf",
    "report": "implementation.services.report:html_to_pdf",
    "plain": "bench.pdf_process:plain_pdf",
}


@dataclass
class Rendered:
    pdf: bytes
    wall_s: float
    cpu_s: float  # the rendering process's and its part processes' CPU time together
    peak_mb: float  # the rendering process's peak
    part_peak_mb: float = 0.0  # the largest peak of a part process (0: rendered in one go)

    @property
    def pages(self) -> int:
        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(self.pdf)).pages)


def plain_pdf(document: str) -> bytes:
    """Bare WeasyPrint: its defaults, no URL fetcher of ours, no PDF/UA."""
    from weasyprint import HTML

    output = io.BytesIO()
    HTML(string=document).write_pdf(output)
    return output.getvalue()


def words_only(document: str) -> str:
    """A document's words as bare paragraphs: no stylesheet, no fonts, no charts."""
    body = document[document.index("<body>") :]
    body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.S)
    body = re.sub(r"</(p|li|dd|dt|h\d|tr|caption|figcaption|div|section|article)>", "\n", body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    return (
        "<!DOCTYPE html><html><body>"
        + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p)
        + "</body></html>"
    )


def _child(renderer: str, document: str, answer, processes: int | None) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualityhub.settings")
    os.environ.setdefault("QUALITYHUB_ENV", "test")
    import django

    django.setup()
    import importlib

    if processes is not None:
        # Set here, not in the environment: spawn re-imports the benchmark's main module,
        # which has set Django up already.
        from django.conf import settings

        settings.PDF_RENDER_PROCESSES = processes

    module, name = RENDERERS[renderer].split(":")
    function = getattr(importlib.import_module(module), name)
    import weasyprint  # noqa: F401  (loaded before the clock starts, as in a worker)

    wall, cpu = time.perf_counter(), time.process_time()
    pdf = function(document)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    parts = resource.getrusage(resource.RUSAGE_CHILDREN)  # the part processes, all waited for
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    unit = 1024 if sys.platform != "darwin" else 2**20
    answer.send(
        (pdf, wall, cpu + parts.ru_utime + parts.ru_stime, peak / unit, parts.ru_maxrss / unit)
    )
    answer.close()


def render(renderer: str, document: str, processes: int | None = None) -> Rendered:
    """Render `document` with one of RENDERERS in a fresh process (with `processes`, the
    project's PDF_RENDER_PROCESSES: 1 renders in one go)."""
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(renderer, document, sending, processes))
    process.start()
    sending.close()
    try:
        pdf, wall, cpu, peak, part_peak = receiving.recv()
    except EOFError:
        process.join()
        message = f"rendering with {renderer!r} failed (exit {process.exitcode})"
        raise RuntimeError(message) from None
    process.join()
    return Rendered(pdf=pdf, wall_s=wall, cpu_s=cpu, peak_mb=peak, part_peak_mb=part_peak)
