"""Library images on pages: ``{% picture %}`` and ``{% image_caption %}``.

``{% picture %}``: the image as <picture> with WebP and JPEG srcsets of its stored resized renditions (not the
crops, which have another shape). Reads only the renditions already stored (views prefetch them with the image);
the first render of an image that has none makes them once (news/renditions.py).

``{% image_caption %}``: the <figcaption> under it, the caption and the credit ("Ảnh: …" / "Photo: …").
"""
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from news.models import Rendition
from news.renditions import whole_renditions

register = template.Library()

DEFAULT_SIZES = "(max-width: 800px) 100vw, 800px"
DEFAULT_SRC_WIDTH = 960  # the <img src> for browsers without srcset: the middle size, or the widest below it


def _srcset(renditions):
    return ", ".join(f"{r.file.url} {r.width}w" for r in renditions)


@register.simple_tag
def picture(image, alt=None, sizes=DEFAULT_SIZES, loading="lazy", fetchpriority=""):
    """``alt`` defaults to the image's alternative text in the active language; pass "" for a decorative copy."""
    if not image or not image.file:
        return ""
    renditions = whole_renditions(image)
    jpegs = [r for r in renditions if r.format == Rendition.Format.JPEG]
    webps = [r for r in renditions if r.format == Rendition.Format.WEBP]
    alt = image.alt or "" if alt is None else alt
    if not jpegs:  # renditions could not be made (file unreadable): the stored original, as it is
        return format_html('<img src="{}" alt="{}" width="{}" height="{}" loading="{}">',
                           image.file.url, alt, image.width or "", image.height or "", loading)
    fallback = [r for r in jpegs if r.width <= DEFAULT_SRC_WIDTH][-1:] or jpegs[:1]
    extra = format_html_join("", ' {}="{}"', [("fetchpriority", fetchpriority)] if fetchpriority else [])
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}"'
        ' decoding="async"{}></picture>',
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', _srcset(webps), sizes) if webps else "",
        fallback[0].file.url, _srcset(jpegs), sizes, image.width or fallback[0].width,
        image.height or fallback[0].height, alt, loading, extra,
    )


@register.simple_tag
def image_caption(image):
    """The <figcaption> of a shown picture: its caption, then its credit as readers see it; nothing if both empty.

    The credit is the photographer or source, the same in every language; only its label is translated.
    """
    if not image:
        return ""
    caption, credit = (image.caption or "").strip(), (image.credit or "").strip()
    if not (caption or credit):
        return ""
    credit_html = format_html(
        '<span class="photo-credit">{}</span>', gettext("Photo: %(credit)s") % {"credit": credit},
    ) if credit else ""
    return format_html("<figcaption>{}{}{}</figcaption>", caption, " " if caption and credit else "", credit_html)
