"""Good stories: short stories of how an initiative made a difference, with an optional image,
an organisation-wide feed, and the leader's featured stories for the status report.

An uploaded image is accepted only when its first bytes say JPEG, PNG or WebP, Pillow reads
it as that same format, and it is within `settings.UPLOAD_MAX_BYTES` and a pixel limit. It is
then re-encoded from its pixels alone: turned upright, scaled to at most 2,000 pixels a side,
first frame only, without EXIF (camera, place), comments or other metadata. Only the
re-encoded image is stored, under a random name below `private/`, and served by a view to
members of the organisation.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from implementation.models import Initiative
from organisations.models import Membership
from processes.models import Process

from ..access import can_feature, can_remove
from ..models import Story

MAX_SIDE = 2000
MAX_PIXELS = 50_000_000

# Pillow's format name → (content type, file extension).
FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}


def sniff(head: bytes) -> str | None:
    """The image format the first bytes announce: JPEG, PNG or WEBP, else None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


@dataclass(frozen=True)
class PreparedImage:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def prepare_image(upload) -> PreparedImage:
    """The upload checked and re-encoded, or a ValidationError keyed "image" saying why."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                "image": _("The image is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": _megabytes(upload.size), "limit": _megabytes(limit)}
            },
            code="too_big",
        )
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    not_an_image = ValidationError(
        {"image": _("The file is not an image: choose a JPEG, PNG or WebP picture.")},
        code="not_an_image",
    )
    if kind is None:
        raise not_an_image
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused, not merely warned about.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format != kind:
                    raise not_an_image
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        {"image": _("The image has too many pixels: make it smaller first.")},
                        code="too_many_pixels",
                    )
                image.seek(0)
                image.load()
                clean = _reencode(image, kind)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            {"image": _("The image has too many pixels: make it smaller first.")},
            code="too_many_pixels",
        ) from error
    except Exception as error:
        raise ValidationError(
            {"image": _("The image could not be read: it may be damaged.")}, code="unreadable"
        ) from error
    content_type, extension = FORMATS[kind]
    return PreparedImage(clean.getvalue(), content_type, extension, *clean.size)


class _Encoded(io.BytesIO):
    size: tuple[int, int]


def _reencode(image: Image.Image, kind: str) -> _Encoded:
    upright = ImageOps.exif_transpose(image)
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    if kind == "JPEG":
        pixels = upright.convert("RGB")
        options = {"quality": 85, "optimize": True, "progressive": True}
    else:
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        pixels = upright.convert("RGBA" if has_alpha else "RGB")
        options = {"optimize": True} if kind == "PNG" else {"quality": 85}
    # A new image from the pixels alone: no EXIF, XMP, ICC, comments or other chunks.
    bare = Image.new(pixels.mode, pixels.size)
    bare.paste(pixels)
    out = _Encoded()
    bare.save(out, format=kind, **options)
    out.size = bare.size
    return out


def _text(value: str | None) -> str:
    return (value or "").strip()


@transaction.atomic
def add_story(
    initiative: Initiative,
    *,
    actor: Membership,
    title: str,
    text: str,
    image=None,
    image_alt: str = "",
) -> Story:
    """A good story on `initiative`, with an optional image (see the module's docstring)."""
    if actor.organisation_id != initiative.process.organisation_id:
        raise PermissionDenied
    errors = {}
    title, text, image_alt = _text(title), _text(text), _text(image_alt)
    if not title:
        errors["title"] = _("Give the story a title.")
    if not text:
        errors["text"] = _("Tell the story in a few lines.")
    if image and not image_alt:
        errors["image_alt"] = _(
            "Say in a few words what the image shows, for those who cannot see it."
        )
    prepared = None
    if image:
        try:
            prepared = prepare_image(image)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors, code="invalid")
    story = Story.objects.create(
        initiative=initiative,
        title=title,
        text=text,
        author=actor,
        image_alt=image_alt if prepared else "",
    )
    if prepared is not None:
        story.image_type = prepared.content_type
        story.image_width, story.image_height = prepared.width, prepared.height
        story.image.save(f"story.{prepared.extension}", ContentFile(prepared.content), save=False)
        story.save(update_fields=["image", "image_type", "image_width", "image_height"])
    return story


@transaction.atomic
def set_featured(story: Story, *, actor: Membership, featured: bool) -> Story:
    """The leader features a story (it is marked in the feed and goes into the status
    report), or takes the feature back."""
    if not can_feature(actor):
        raise PermissionDenied
    locked = Story.objects.select_for_update().get(pk=story.pk)
    if featured and locked.featured_at is None:
        locked.featured_at, locked.featured_by = timezone.now(), actor
    elif not featured:
        locked.featured_at, locked.featured_by = None, None
    locked.save(update_fields=["featured_at", "featured_by"])
    story.featured_at, story.featured_by = locked.featured_at, locked.featured_by
    return story


@transaction.atomic
def delete_story(story: Story, *, actor: Membership) -> None:
    """Remove a story: its author, the facilitator or the leader. The image file goes
    after the commit."""
    if not can_remove(actor, story):
        raise PermissionDenied
    if story.image:
        transaction.on_commit(partial(story.image.storage.delete, story.image.name))
    story.delete()


def featured_stories(process: Process) -> list[Story]:
    """The process's featured good stories, the most recently featured first, for the status
    report: each with its initiative and author loaded (one query)."""
    return list(
        Story.objects.filter(initiative__process=process, featured_at__isnull=False)
        .select_related("initiative", "author__user")
        .order_by("-featured_at", "-pk")
    )
