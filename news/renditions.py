"""Resized copies of library images (Rendition rows + files): which sizes exist, making them once, choosing them.

Widths 480, 960 and 1600 px, never wider than the original (a narrower original adds its own width), each in
WebP and JPEG. They are made when an image is saved (after the fixture's commit for loaded data) and, as a
fallback, the first time a page needs them; after that pages only read the rows, which views prefetch with
the image, so a page never resizes a picture or costs a query per rendition.
"""
import io
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image as PILImage
from PIL import ImageOps

from news.images import open_image
from news.models import Image, Rendition

logger = logging.getLogger(__name__)

WIDTHS = (480, 960, 1600)
FORMATS = {Rendition.Format.WEBP: ("WEBP", "webp"), Rendition.Format.JPEG: ("JPEG", "jpg")}
QUALITY = 82


def target_widths(original_width):
    """The widths made for a picture ``original_width`` px wide: no upscaling, the original width as the top."""
    widths = [width for width in WIDTHS if width < original_width]
    if original_width and original_width < WIDTHS[-1]:
        widths.append(original_width)
    return widths


def _encode(picture, width, pil_format):
    height = max(1, round(picture.height * width / picture.width))
    resized = picture if width == picture.width else picture.resize((width, height), PILImage.Resampling.LANCZOS)
    output = io.BytesIO()
    if pil_format == "JPEG":
        resized = resized.convert("RGB")  # JPEG has no alpha
        resized.save(output, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    else:
        resized.save(output, "WEBP", quality=QUALITY, method=4)
    return output.getvalue(), height


def ensure_renditions(image):
    """Make the renditions ``image`` lacks (rows and files); returns them all. Safe to call again: no-op then."""
    if not image.file:
        return []
    existing = {(r.width, r.format): r for r in image.renditions.all()}
    wanted = [(width, fmt) for width in target_widths(image.width or 0) for fmt in FORMATS]
    missing = [key for key in wanted if key not in existing]
    if not missing:
        return list(existing.values())
    try:
        # Only the accepted formats' decoders: the stored original is the clean copy, but a file put in the
        # storage by other means is no more trusted than an upload.
        with image.file.open("rb") as stored, open_image(stored) as opened:
            # The stored original is upright already; transposing again is a no-op that also covers old files.
            picture = ImageOps.exif_transpose(opened.convert("RGBA") if opened.mode == "P" else opened)
            picture.load()
    except (OSError, PILImage.DecompressionBombError):
        logger.warning("Image %s: file %s cannot be read; no renditions made", image.pk, image.file.name)
        return list(existing.values())
    for width, fmt in missing:
        pil_format, extension = FORMATS[fmt]
        content, height = _encode(picture, width, pil_format)
        rendition = Rendition(image=image, format=fmt)
        # The name is rendition_upload_to's (random); only the extension is taken from this one.
        rendition.file.save(f"rendition.{extension}", ContentFile(content), save=False)
        rendition.width, rendition.height = width, height  # known: no need to read the file back
        try:
            with transaction.atomic():
                rendition.save()
        except IntegrityError:  # made meanwhile by another request: keep theirs
            rendition.file.delete(save=False)
            continue
        existing[(width, fmt)] = rendition
    if hasattr(image, "_prefetched_objects_cache"):
        image._prefetched_objects_cache.pop("renditions", None)
    return list(existing.values())


def renditions_for(image):
    """The image's renditions, from the prefetched rows when there are any; made on first use otherwise."""
    renditions = list(image.renditions.all())
    if not renditions and image.file:
        renditions = ensure_renditions(image)
    return renditions


def after_image_save(image, raw):
    """post_save of Image: make the renditions now, or once loaded data is committed (fixtures)."""
    if raw:
        pk = image.pk
        transaction.on_commit(lambda: [ensure_renditions(i) for i in Image.objects.filter(pk=pk)])
    else:
        ensure_renditions(image)


def smallest(image, fmt=Rendition.Format.JPEG):
    """The smallest rendition of a format (admin thumbnails), or None."""
    candidates = [r for r in renditions_for(image) if r.format == fmt]
    return min(candidates, key=lambda r: r.width) if candidates else None


def largest(image, fmt=Rendition.Format.JPEG):
    """The widest rendition of a format (shared previews, structured data), or None."""
    candidates = [r for r in renditions_for(image) if r.format == fmt]
    return max(candidates, key=lambda r: r.width) if candidates else None
