"""Searching everything stored for a person: every column of every table, through the
database itself, and every stored file (PDFs read back with pdftotext, ZIPs opened)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

from tests.catalog.pdf_text import pdf_text, squash


def _like(needle: str) -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_database(needles: list[str]) -> set[tuple[str, str]]:
    """(table, primary key) of every row with a needle in any column (case-insensitive).

    Every column is cast to text, so JSON, text and anything else is searched alike; a table
    without a primary key column is searched by its row id."""
    assert connection.vendor == "postgresql", "the search reads PostgreSQL's catalogue"
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            key = connection.introspection.get_primary_key_column(cursor, table) or "ctid"
            quoted = connection.ops.quote_name
            for column in columns:
                for needle in needles:
                    cursor.execute(
                        f"SELECT {quoted(key)}::text FROM {quoted(table)} "  # noqa: S608 - names from the catalogue
                        f"WHERE {quoted(column)}::text ILIKE %s",
                        [_like(needle)],
                    )
                    found.update((table, pk) for (pk,) in cursor.fetchall())
    return found


def where(found: set[tuple[str, str]]) -> set[str]:
    return {table for table, _pk in found}


def table_models() -> dict[str, str]:
    return {m._meta.db_table: m._meta.label_lower for m in apps.get_models()}


def _texts_of(path: Path) -> list[str]:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return [squash(pdf_text(data))]
    if path.suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return [data.decode("utf-8", "replace")]


def search_files(needles: list[str], root: Path | None = None) -> list[str]:
    """The stored files (under MEDIA_ROOT) that contain a needle."""
    root = Path(root or settings.MEDIA_ROOT)
    hits = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        texts = _texts_of(path)
        if any(needle.casefold() in text.casefold() for text in texts for needle in needles):
            hits.append(str(path.relative_to(root)))
    return hits


def stored_files(root: Path | None = None) -> list[str]:
    root = Path(root or settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
