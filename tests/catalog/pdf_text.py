"""Reading a rendered catalogue back, as a reader's PDF tool would."""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


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
