"""Checks on uploaded images: the content must be a real JPEG, PNG, WebP or GIF picture of sane size.

The file name is never trusted; Pillow reads the bytes. Messages are for staff, in Vietnamese.
"""
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image_file(upload):
    """Model-field validator: refuse anything Pillow cannot fully read as an allowed picture."""
    if upload.size and upload.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.MAX_IMAGE_UPLOAD_BYTES),
            },
            code="image_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                if width * height > settings.MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError
                image.load()  # decode every pixel: a truncated file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image is too large in pixels (at most %(limit)s million pixels)."),
            params={"limit": settings.MAX_IMAGE_PIXELS // 1_000_000},
            code="image_too_many_pixels",
        )
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(
            _("The file is not a valid image or is damaged. Upload a JPEG, PNG, WebP or GIF picture."),
            code="invalid_image",
        )
    finally:
        upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Image format %(format)s is not accepted. Upload a JPEG, PNG, WebP or GIF picture."),
            params={"format": image_format},
            code="image_format",
        )
