from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation

register = template.Library()

# The switch reads "VN | EN", as on the portal.
SWITCH_LABELS = {"vi": "VN"}


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language for the header switch: this page in that language, else that language's home."""
    alternates = context.get("alternate_urls") or {}
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = alternates.get(code)
        if not url:
            with translation.override(code):
                url = reverse("news:home")
        links.append(
            {
                "code": code,
                "name": name,
                "label": SWITCH_LABELS.get(code, code.upper()),
                "url": url,
                "current": code == current,
            }
        )
    return links


@register.filter
def portal_datetime(value):
    """The portal's date format, in Asia/Ho_Chi_Minh: 15:43 15/04/2024."""
    from django.utils.dateformat import format as date_format
    from django.utils.timezone import localtime

    return date_format(localtime(value), "H:i d/m/Y") if value else ""


@register.filter
def file_facts(field_file):
    """(type, size in bytes) of a stored file, for "name (PDF, 1,2 MB)"; size None when the file is missing."""
    import posixpath

    if not field_file:
        return None
    kind = posixpath.splitext(field_file.name)[1].lstrip(".").upper()
    try:
        size = field_file.size
    except OSError:
        size = None
    return {"type": kind, "size": size}


@register.simple_tag
def json_ld(data):
    """A <script type="application/ld+json"> block; escaped like json_script so text cannot close the tag."""
    import json

    from django.utils.html import _json_script_escapes
    from django.utils.safestring import mark_safe

    text = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.simple_tag
def lang_attr(obj, field):
    """` lang="vi"` when ``obj.field`` shows the Vietnamese text on a page in another language (fallback)."""
    from django.utils.html import format_html

    current = translation.get_language()
    if current == settings.LANGUAGE_CODE or getattr(obj, f"{field}_{current}", None):
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
