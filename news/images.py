"""Checks on uploaded images, and the clean copy that gets published.

Checks read the bytes, never trust the name: only real JPEG, PNG, WebP or GIF pictures of sane size whose content
matches their extension; SVG is refused outright (it can carry scripts). The pixel limit is checked from the
header, before any pixel is decoded. ``clean_image_content`` re-encodes an accepted upload with its EXIF
orientation applied and every metadata block (EXIF, GPS, XMP, comments) left out: that copy is what is stored.
"""
import io
import posixpath
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# The format each accepted extension promises.
EXTENSION_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "jpe": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
JPEG_QUALITY = 88


def _looks_like_svg(upload, extension):
    if extension in {"svg", "svgz"}:
        return True
    upload.seek(0)
    head = upload.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head


def validate_image_file(upload):
    """Model-field validator: refuse anything that is not an allowed picture, fully readable, as its name says."""
    if upload.size and upload.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.MAX_IMAGE_UPLOAD_BYTES),
            },
            code="image_too_large",
        )
    extension = posixpath.splitext(upload.name or "")[1].lstrip(".").lower()
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        if _looks_like_svg(upload, extension):
            raise ValidationError(
                _("SVG images are not accepted (they can carry scripts). Upload a JPEG, PNG, WebP or GIF picture."),
                code="image_svg",
            )
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                # Only the header has been read so far: refuse a bomb before decoding a single pixel.
                if width * height > settings.MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError
                if image_format in ALLOWED_IMAGE_FORMATS:
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
    if EXTENSION_FORMATS.get(extension) != image_format:
        raise ValidationError(
            _("The file is named %(name)s but contains a %(format)s picture. Rename it to .%(extension)s "
              "or upload the right file."),
            params={
                "name": posixpath.basename(upload.name or ""),
                "format": image_format,
                "extension": image_format.lower().replace("jpeg", "jpg"),
            },
            code="image_name_mismatch",
        )


def clean_image_content(upload):
    """The picture to store: orientation applied, no metadata, same format; returns a ContentFile.

    Checks first (so saving through the model refuses what the admin form refuses). An animated GIF is kept as
    uploaded: GIF carries no EXIF/GPS, and re-encoding would drop its frames.
    """
    validate_image_file(upload)
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format
        if image_format == "GIF" and getattr(image, "n_frames", 1) > 1:
            upload.seek(0)
            return ContentFile(upload.read(), name=posixpath.basename(upload.name))
        upright = ImageOps.exif_transpose(image)
        # Some encoders copy blocks from .info (JPEG comments, WebP/PNG XMP): keep only what the picture needs.
        upright.info = {key: upright.info[key] for key in ("transparency", "icc_profile") if key in upright.info}
        output = io.BytesIO()
        if image_format == "JPEG":
            if upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            upright.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        elif image_format == "PNG":
            upright.save(output, "PNG", optimize=True)
        elif image_format == "WEBP":
            upright.save(output, "WEBP", quality=JPEG_QUALITY)
        else:
            upright.save(output, image_format)
    return ContentFile(output.getvalue(), name=posixpath.basename(upload.name))


class CheckedImageFormField(forms.ImageField):
    """Form field running these checks before Django's own generic one, so staff read the precise reason."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            validate_image_file(upload)
        return super().to_python(data)
