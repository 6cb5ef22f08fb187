"""Resized and cropped copies of library images (Rendition rows + files): which exist, making them once, choosing.

The whole picture, resized: widths 480, 960 and 1600 px, never wider than the original (a narrower original adds
its own width), each in WebP and JPEG, for the ``{% picture %}`` srcsets.

Cropped to a fixed shape, JPEG only, where a page needs one whatever the picture's shape: 16:9 (1200 px wide,
og:image and the first image of the article's structured data), 4:3 (1024 px) and 1:1 (720 px, the other two
shapes search engines ask for). Each is the largest window of its shape in the picture, placed so that the
image's focal point (chosen in the admin; the middle if none) is as near its centre as the picture allows
(``crop_box``). Rendition rows have no "kind": a crop is told from the resized copies by its width, which is
chosen never to be one of theirs (``crop_sizes``), so the image's own size says which row is which.

They are made when an image is saved (after the fixture's commit for loaded data) and, as a fallback, the
first time a page needs them; after that pages only read the rows, which views prefetch with the image, so a
page never resizes a picture or costs a query per rendition. A new focal point remakes the crops
(``remake_crops``): their old files are deleted once that commits, as every deleted rendition's are.
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
# name: (aspect width, aspect height, target width in px), in the order structured data lists them.
CROPS = {"16x9": (16, 9, 1200), "4x3": (4, 3, 1024), "1x1": (1, 1, 720)}
SHARE_CROP = "16x9"  # og:image: link previews (Facebook, Zalo, X) show a wide picture


def target_widths(original_width):
    """The widths made for a picture ``original_width`` px wide: no upscaling, the original width as the top."""
    widths = [width for width in WIDTHS if width < original_width]
    if original_width and original_width < WIDTHS[-1]:
        widths.append(original_width)
    return widths


def crop_sizes(original_width, original_height):
    """``{name: (width, height)}`` of the cropped copies of a picture of this size (none if its size is unknown).

    Each is its target width, or less when the picture's window of that shape is narrower (no upscaling), then
    made one pixel narrower while a resized copy or an earlier crop has that width: rows are unique by (width,
    format), and the width is what tells a crop from a resized copy.
    """
    if not (original_width and original_height):
        return {}
    taken = set(target_widths(original_width))
    sizes = {}
    for name, (aspect_w, aspect_h, target) in CROPS.items():
        window_width = min(original_width, original_height * aspect_w / aspect_h)
        width = min(target, int(window_width))
        while width in taken and width > 1:
            width -= 1
        if width < 1 or width in taken:
            continue
        taken.add(width)
        sizes[name] = (width, max(1, round(width * aspect_h / aspect_w)))
    return sizes


def crop_box(size, aspect, focal_x=None, focal_y=None):
    """The crop window ``(left, top, right, bottom)`` of shape ``aspect`` (width / height) in a picture of ``size``.

    The largest window of that shape the picture holds, placed so that the focal point (fractions of the width
    and height from the top left; None is the middle) is as near its centre as possible: centred on the point,
    then moved back inside the picture where the point is nearer an edge than half the window.
    """
    width, height = size
    if width / height > aspect:  # wider than the shape: all of the height, a part of the width
        window_w, window_h = max(1, min(width, round(height * aspect))), height
    else:
        window_w, window_h = width, max(1, min(height, round(width / aspect)))
    point_x = width * (0.5 if focal_x is None else min(max(focal_x, 0.0), 1.0))
    point_y = height * (0.5 if focal_y is None else min(max(focal_y, 0.0), 1.0))
    left = min(max(round(point_x - window_w / 2), 0), width - window_w)
    top = min(max(round(point_y - window_h / 2), 0), height - window_h)
    return left, top, left + window_w, top + window_h


def _encode(picture, width, pil_format, height=None):
    height = height or max(1, round(picture.height * width / picture.width))
    resized = picture if (width, height) == picture.size else picture.resize(
        (width, height), PILImage.Resampling.LANCZOS)
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
    crops = {(width, Rendition.Format.JPEG): (name, height)
             for name, (width, height) in crop_sizes(image.width, image.height).items()}
    wanted = [(width, fmt) for width in target_widths(image.width or 0) for fmt in FORMATS] + list(crops)
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
        if (width, fmt) in crops:
            name, height = crops[(width, fmt)]
            aspect_w, aspect_h, _target = CROPS[name]
            window = picture.crop(crop_box(picture.size, aspect_w / aspect_h, image.focal_x, image.focal_y))
            content, height = _encode(window, width, pil_format, height)
        else:
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


def remake_crops(image):
    """The focal point changed: delete the cropped copies (their files once this commits) and make them again."""
    widths = [width for width, _height in crop_sizes(image.width, image.height).values()]
    if widths:
        # One by one through the ORM, so each row's post_delete deletes its file and invalidates the pages.
        for rendition in Rendition.objects.filter(image=image, format=Rendition.Format.JPEG, width__in=widths):
            rendition.delete()
    getattr(image, "_prefetched_objects_cache", {}).pop("renditions", None)
    return ensure_renditions(image)


def renditions_for(image):
    """The image's renditions, from the prefetched rows when there are any; made on first use otherwise."""
    renditions = list(image.renditions.all())
    if not renditions and image.file:
        renditions = ensure_renditions(image)
    return renditions


def whole_renditions(image):
    """The resized copies of the whole picture (not the crops), narrowest first: what srcsets list."""
    renditions = renditions_for(image)
    if not image.width:  # size unknown (an old row): no crops were made, every rendition is a resized copy
        return sorted(renditions, key=lambda r: r.width)
    widths = set(target_widths(image.width))
    return sorted((r for r in renditions if r.width in widths), key=lambda r: r.width)


def cropped(image, name):
    """The cropped copy of shape ``name`` (a key of CROPS), or None (not made: the file could not be read)."""
    size = crop_sizes(image.width, image.height).get(name)
    if not size:
        return None
    return next((r for r in renditions_for(image)
                 if r.format == Rendition.Format.JPEG and (r.width, r.height) == size), None)


def after_image_save(image, raw):
    """post_save of Image: make the renditions now, or once loaded data is committed (fixtures)."""
    if raw:
        pk = image.pk
        transaction.on_commit(lambda: [ensure_renditions(i) for i in Image.objects.filter(pk=pk)])
    else:
        ensure_renditions(image)


def smallest(image, fmt=Rendition.Format.JPEG):
    """The smallest rendition of the whole picture in a format (admin thumbnails), or None."""
    candidates = [r for r in whole_renditions(image) if r.format == fmt]
    return min(candidates, key=lambda r: r.width) if candidates else None


def largest(image, fmt=Rendition.Format.JPEG):
    """The widest rendition of the whole picture in a format, or None."""
    candidates = [r for r in whole_renditions(image) if r.format == fmt]
    return max(candidates, key=lambda r: r.width) if candidates else None
