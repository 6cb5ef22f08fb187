"""Links and pictures chosen in the body editor, shown as their targets are now: addresses and renditions.

The editor's choosers (news/admin/choosers.py, static/news/admin/prose-editor-choosers.js) store what they insert
with a reference that news/sanitize.py keeps: ``<a href="/tin-tuc/…" data-link="article:12">`` (or
``directive:7``, ``organization:3``) and ``<img src="…" data-image="5">``. The stored ``href``/``src`` is only
what the address was when the link was made. When a page shows the body, :func:`render` puts in

- for each link, the target's current public address in the active language, so renaming a slug or moving an
  article to another section never breaks it; a link whose target readers cannot see (a draft, an article not
  written in this language, a deleted document) becomes its plain text, never a dead or revealing link;
- for each library picture, its current rendition (a picture whose file was replaced has new renditions, the old
  ones are deleted) and its alternative text in the active language when the library has one.

Cost: no query for a body without references, one query per kind of link present, two for pictures (the images
and their renditions), whatever their number. The page declares the targets' cache tags
(:func:`target_tags`), so saving a target drops the pages that link to it.
"""
import re
from html import escape

from modeltranslation.utils import get_language

import pagecache

from news.cache_invalidation import tag_for
from news.models import Article, Directive, Image, Organization, Rendition
from news.renditions import target_widths
from news.sanitize import DATA_IMAGE, DATA_LINK

def showing_image(image_pk):
    """The condition on articles for "shows library image ``image_pk``": as its lead image or in its text."""
    from django.db.models import Q

    marker = f'data-image="{int(image_pk)}"'  # as nh3 writes the attribute: the whole number, quoted
    return Q(image=image_pk) | Q(body_vi__contains=marker) | Q(body_en__contains=marker)


# Start tags as nh3 serializes them (news/sanitize.py): lower-case names, every value double-quoted and escaped,
# so these cannot match inside text or inside an attribute value. Links do not nest (the parser closes one
# before the next opens), so a link ends at the first </a>.
_LINK = re.compile(r'<a((?: [a-z-]+="[^"]*")*)>(.*?)</a>', re.S)
_IMG = re.compile(r'<img((?: [a-z-]+="[^"]*")*)>')
_ATTRIBUTE = re.compile(r' ([a-z-]+)="([^"]*)"')
_MODELS = {"article": Article, "directive": Directive, "organization": Organization}
# The rendition put in src: the widest JPEG not wider than the body's column (as {% picture %} chooses).
SRC_WIDTH = 960


def _attributes(text):
    return dict(_ATTRIBUTE.findall(text))


def _serialize(tag, attributes):
    return "<%s%s>" % (tag, "".join(f' {name}="{value}"' for name, value in attributes.items()))


def references(html):
    """``{"article": {12}, "directive": {7}, "image": {5}, ...}``: what ``html`` links to and shows (no query)."""
    found = {}
    if not html or ("data-link" not in html and "data-image" not in html):
        return found
    for match in _LINK.finditer(html):
        value = _attributes(match.group(1)).get("data-link", "")
        if DATA_LINK.match(value):
            kind, pk = value.split(":")
            found.setdefault(kind, set()).add(int(pk))
    for match in _IMG.finditer(html):
        value = _attributes(match.group(1)).get("data-image", "")
        if DATA_IMAGE.match(value):
            found.setdefault("image", set()).add(int(value))
    return found


def stored_body(article, language=None):
    """The body of ``article`` as stored for ``language`` (default: the active one), before :func:`render`."""
    lang = language or get_language()
    return getattr(article, f"body_linked_{lang}", "") or getattr(article, f"body_{lang}", "") or ""


def target_tags(html):
    """The page-cache tags of what ``html`` links to and shows (``article:12``...), for the page showing it."""
    models = {**_MODELS, "image": Image}
    found = references(html)
    tags = {tag_for(models[kind], pk) for kind, pks in found.items() for pk in pks}
    if "article" in found:
        # A linked article may come online or down at its time, with no save to stamp its tag: the schedule's
        # tag ends the page then, as it ends the pages listing articles.
        tags.add(pagecache.SCHEDULE_TAG)
    return sorted(tags)


def _addresses(kind, pks):
    """{pk: current public address in the active language} of the targets of one kind readers may see."""
    if kind == "article":
        targets = Article.objects.published().filter(pk__in=pks).select_related("section").only(
            "pk", "slug", "section__slug")
    else:
        targets = _MODELS[kind].objects.filter(pk__in=pks).only("pk", "slug")
    return {target.pk: target.get_absolute_url() for target in targets}


def _whole(image, rendition):
    """Whether ``rendition`` is the whole picture resized, not a crop (crops never take a resized copy's width)."""
    return not image.width or rendition.width in target_widths(image.width)


def _pictures(pks):
    """{pk: (src, width, height, alt)} of the library images still there (two queries)."""
    pictures = {}
    for image in Image.objects.filter(pk__in=pks).prefetch_related("renditions"):
        jpegs = sorted((r for r in image.renditions.all() if r.format == Rendition.Format.JPEG and _whole(image, r)),
                       key=lambda r: r.width)
        if not jpegs:
            continue  # no rendition (unreadable file): what was stored stays
        chosen = ([r for r in jpegs if r.width <= SRC_WIDTH] or jpegs)[-1]
        pictures[image.pk] = (chosen.file.url, chosen.width, chosen.height, (image.alt or "").strip())
    return pictures


def render(html):
    """``html`` (sanitized body) with its chosen links and pictures as they are now (see the module docstring)."""
    found = references(html)
    if not found:
        return html or ""
    addresses = {kind: _addresses(kind, pks) for kind, pks in found.items() if kind in _MODELS}
    pictures = _pictures(found["image"]) if "image" in found else {}

    def link(match):
        attributes = _attributes(match.group(1))
        value = attributes.get("data-link")
        if value is None:
            return match.group(0)
        kind, _, pk = value.partition(":")
        address = addresses.get(kind, {}).get(int(pk)) if DATA_LINK.match(value) else None
        if address is None:
            return match.group(2)  # the target is not public: its text stays, the link goes
        attributes["href"] = escape(address)
        return _serialize("a", attributes) + match.group(2) + "</a>"

    def picture(match):
        attributes = _attributes(match.group(1))
        value = attributes.get("data-image", "")
        current = pictures.get(int(value)) if DATA_IMAGE.match(value) else None
        if current is None:
            return match.group(0)
        src, width, height, alt = current
        attributes["src"] = escape(src)
        attributes["width"], attributes["height"] = str(width), str(height)
        if alt:
            attributes["alt"] = escape(alt)
        return _serialize("img", attributes)

    return _IMG.sub(picture, _LINK.sub(link, html))
