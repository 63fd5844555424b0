"""File names for downloads that keep the Danish and Norwegian letters.

A download gets both names in its Content-Disposition header (RFC 6266): `filename*`, the
UTF-8 name ("slip-værdidebatten-løs-1.pdf", RFC 5987), which every current browser uses, and
`filename`, an ASCII spelling for the rest ("slip-vaerdidebatten-loes-1.pdf"): æ, ø and å
written the Danish and Norwegian way, other accents dropped.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponseBase
from django.utils.text import slugify

_NORDIC = str.maketrans(
    {
        "æ": "ae",
        "ø": "oe",
        "å": "aa",
        "Æ": "Ae",
        "Ø": "Oe",
        "Å": "Aa",
        "ß": "ss",
        "–": "-",
        "—": "-",
    }
)
# What may stand in a quoted filename on every platform: no quotes, slashes or controls.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def ascii_name(name: str) -> str:
    """The name in ASCII: æ→ae, ø→oe, å→aa, accents dropped (é→e), anything else left out."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_NORDIC))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    return _UNSAFE.sub("-", ascii_only).strip(" .-") or "download"


def file_name(title: str, extension: str, *, fallback: str) -> str:
    """A name from a title: "Slip værdidebatten løs", "pdf" → "slip-værdidebatten-løs.pdf"."""
    stem = slugify(title, allow_unicode=True) or fallback
    return f"{stem}.{extension}"


def content_disposition(name: str, *, inline: bool = False) -> str:
    kind = "inline" if inline else "attachment"
    safe = _UNSAFE.sub("-", name).strip(" .-") or "download"
    fallback = ascii_name(safe)
    if fallback == safe:
        return f'{kind}; filename="{safe}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"


def attach(response: HttpResponseBase, name: str, *, inline: bool = False) -> HttpResponseBase:
    """Give the response its download name (after FileResponse, which sets its own)."""
    response["Content-Disposition"] = content_disposition(name, inline=inline)
    return response
