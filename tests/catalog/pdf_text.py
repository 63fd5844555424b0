"""Reading a rendered catalogue back, as a reader's PDF tool would.

The text comes from poppler's pdftotext, which follows the fonts' Unicode maps the way PDF
readers do (pypdf misreads some subset fonts); the outline (bookmarks) comes from pypdf.
"""

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    executable = shutil.which("pdftotext")
    if executable is None:  # pragma: no cover - .ci/run installs poppler-utils
        pytest.fail("pdftotext (poppler-utils) is needed to read the catalogue back")
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own PDF on stdin
        [executable, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def pdf_pages(data: bytes) -> list[str]:
    return pdf_text(data).split("\f")


def pdf_outline(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def squash(text: str) -> str:
    """Whitespace-insensitive text: a PDF wraps lines where it likes."""
    return " ".join(text.split())
