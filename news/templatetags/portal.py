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
