"""Checks on uploaded images, and the clean copy that gets published.

Checks read the bytes, never trust the name: only real JPEG, PNG, WebP or GIF pictures of sane size whose content
matches their extension; SVG is refused outright (it can carry scripts). Untrusted bytes only ever reach
Pillow's decoders for those four formats (:func:`open_image`): a TIFF, PSD or BMP is named and refused from its
first bytes, never parsed. The pixel limit is checked from the header, before any pixel is decoded; for an
animation, over all its frames. :func:`clean_image` re-encodes an accepted upload, every frame of an animated
GIF included, with its EXIF orientation applied and every metadata block (EXIF, GPS, XMP, comments) and
anything appended after the picture left out: that copy is what is stored.
"""
import io
import posixpath
import warnings
from itertools import pairwise

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageChops, ImageOps

# The formats accepted, in the order Pillow tries them; no other decoder is ever given an upload.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
ALLOWED_IMAGE_FORMATS = set(ACCEPTED_FORMATS)
# The format each accepted extension promises.
EXTENSION_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "jpe": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
JPEG_QUALITY = 88
# An animation is decoded whole (every frame, to check it and to store it again): a bound on its frames keeps a
# file of hundreds of thousands of tiny frames from costing seconds and hundreds of MiB. 1,000 frames are
# 100 s at 10 frames a second.
MAX_ANIMATION_FRAMES = 1000

# Other picture formats staff may try, recognised by their first bytes alone so that the refusal can name them
# without handing the file to their decoders (which are exactly the code we keep away from untrusted bytes).
OTHER_FORMAT_SIGNATURES = (
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"8BPS", "PSD"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"),
    (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"%PDF-", "PDF"),
    (b"%!PS", "EPS"),
    (b"\xc5\xd0\xd3\xc6", "EPS"),
    (b"P1", "PBM"), (b"P2", "PGM"), (b"P3", "PPM"), (b"P4", "PBM"), (b"P5", "PGM"), (b"P6", "PPM"),
    (b"\x76\x2f\x31\x01", "OpenEXR"),
    (b"gimp xcf", "XCF"),
)
# ISO base media files (HEIC from phones, AVIF) say what they are in their "ftyp" box.
FTYP_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF", b"msf1": "HEIF", b"avif": "AVIF", b"avis": "AVIF"}


def open_image(fp):
    """``Image.open`` restricted to the accepted formats: the one way untrusted (or stored) bytes reach Pillow."""
    return Image.open(fp, formats=ACCEPTED_FORMATS)


def _other_format(head):
    """The name of a picture format we do not accept, from the file's first bytes; None if not recognised."""
    for signature, name in OTHER_FORMAT_SIGNATURES:
        if head.startswith(signature):
            return name
    if head[4:8] == b"ftyp":
        return FTYP_BRANDS.get(head[8:12])
    return None


def _looks_like_svg(upload, extension):
    if extension in {"svg", "svgz"}:
        return True
    upload.seek(0)
    head = upload.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head


def _too_many_pixels():
    return ValidationError(
        _("The image is too large in pixels (at most %(limit)s million pixels)."),
        params={"limit": settings.MAX_IMAGE_PIXELS // 1_000_000},
        code="image_too_many_pixels",
    )


def _frames_within_limit(image):
    """Decode every frame of an animation, refusing it past MAX_ANIMATION_FRAMES frames, or once its frames add
    up to more than the pixel limit.

    Frames are counted as they are reached (not with n_frames, which would first walk a whole hostile file), and
    each frame's size is known before it is decoded (a GIF frame may be larger than the first one).
    """
    total, index = 0, 0
    while True:
        if index:
            try:
                image.seek(index)
            except EOFError:
                break
        if index >= MAX_ANIMATION_FRAMES:
            raise ValidationError(
                _("The animation has more than %(limit)s frames. Upload a shorter animation."),
                params={"limit": MAX_ANIMATION_FRAMES},
                code="animation_too_many_frames",
            )
        total += image.width * image.height
        if total > settings.MAX_IMAGE_PIXELS:
            raise ValidationError(
                _("The animation is too large: its frames add up to more than %(limit)s million pixels. "
                  "Upload a shorter or smaller animation."),
                params={"limit": settings.MAX_IMAGE_PIXELS // 1_000_000},
                code="animation_too_many_pixels",
            )
        image.load()  # a truncated or damaged frame fails here
        index += 1
    image.seek(0)


def validate_image_file(upload):
    """Model-field validator: refuse anything that is not an allowed picture, fully readable, as its name says.

    Returns the picture's format. A file already stored is not read again: it is the clean copy made when it
    was uploaded, and checking it on every edit of a caption would cost a download from the media storage.
    """
    if getattr(upload, "_committed", False):
        return None
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
    image_format = None
    try:
        if _looks_like_svg(upload, extension):
            raise ValidationError(
                _("SVG images are not accepted (they can carry scripts). Upload a JPEG, PNG, WebP or GIF picture."),
                code="image_svg",
            )
        upload.seek(0)
        image_format = _other_format(upload.read(16))
        if image_format is None:
            upload.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with open_image(upload) as image:
                    image_format = image.format
                    # Only the header has been read so far: refuse a bomb before decoding a single pixel.
                    if image.width * image.height > settings.MAX_IMAGE_PIXELS:
                        raise Image.DecompressionBombError
                    _frames_within_limit(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels()
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
    return image_format


def _save_animation(image, output):
    """Write every frame of an animated GIF again: same pictures, durations, loop count and transparency.

    Pillow gives each frame as it is shown (drawn over the previous ones), so each is written whole: a frame is
    cleared before the next only where the next one turns pixels transparent, which keeps files small.
    """
    frames, durations = [], []
    for index in range(image.n_frames):
        image.seek(index)
        durations.append(image.info.get("duration", 0))
        frame = image.convert("RGBA")
        frame.info = {}  # Pillow's GIF writer copies a frame's info (its comment...) into the file
        frames.append(frame)
    disposal = [
        2 if ImageChops.subtract(shown.getchannel("A"), following.getchannel("A")).getbbox() else 1
        for shown, following in pairwise(frames)
    ] + [1]
    options = {"save_all": True, "append_images": frames[1:], "duration": durations, "disposal": disposal}
    image.seek(0)
    if "loop" in image.info:  # absent: the animation plays once, as the original does
        options["loop"] = image.info["loop"]
    frames[0].save(output, "GIF", **options)


def clean_image(upload):
    """The picture to store: orientation applied, no metadata, same format; returns (ContentFile, (width, height)).

    Checks first (so saving through the model refuses what the admin form refuses). Whatever follows the picture
    in the upload (an appended HTML page or ZIP archive) is not part of what Pillow decodes, so it is left out.
    """
    validate_image_file(upload)
    upload.seek(0)
    output = io.BytesIO()
    with open_image(upload) as image:
        image_format = image.format
        if image_format == "GIF" and getattr(image, "n_frames", 1) > 1:
            _save_animation(image, output)
            size = image.size
        else:
            upright = ImageOps.exif_transpose(image)
            # Some encoders copy blocks from .info (JPEG comments, WebP/PNG XMP): keep only what the picture needs.
            upright.info = {key: upright.info[key] for key in ("transparency", "icc_profile") if key in upright.info}
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
            size = upright.size
    return ContentFile(output.getvalue(), name=posixpath.basename(upload.name)), size


class CheckedImageFormField(forms.ImageField):
    """Form field running these checks instead of Django's own, so staff read the precise reason.

    Django's ImageField would open the upload with every decoder Pillow has; this one never does. Nor does it
    limit the uploaded name to the column's 100 characters: the stored name is the server's (image_upload_to).
    """

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        image_format = validate_image_file(upload)
        upload.content_type = Image.MIME.get(image_format)
        return upload
