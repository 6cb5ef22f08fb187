"""The one place that decides which HTML may be stored in rich-text fields (nh3 allow-list).

The allow-list is what the admin's editor (news/admin/richtext.py) produces: paragraphs, h2-h4, bold/italic,
lists, links, quotes, tables and images with captions. Everything else is removed on save: scripts, event
handlers, style attributes, frames and plugins, forms, SVG/MathML, <base>/<meta>/<link>, and URLs whose scheme
is not http(s)/mailto/tel (nh3 decodes entities and drops tabs/newlines before it reads a scheme, so
``jav&#x09;ascript:`` is caught as well as ``javascript:``).

Links to other sites get ``rel="noopener noreferrer"``; links within the portal (relative, or to one of our
own hosts) do not, so readers moving between our pages keep the referrer. nh3's ``link_rel`` would mark every
link, and its ``attribute_filter`` sees one attribute at a time (it cannot add ``rel`` by looking at ``href``),
so the rel is added between two nh3 passes; the second pass is the final gate and only lets that one exact
``rel`` value through. Document links (class="directive-ref") are added after this, by news/citations.py.

The editor's choosers (news/admin/choosers.py) mark what they insert with a reference: ``data-image="12"`` on a
library picture, ``data-link="article:12"`` (or ``directive:``/``organization:``) on a link to our own pages.
Those two attributes are kept only with exactly that form of value; news/internal_links.py reads them when the
page is shown, so the link follows its target however its address changes.
"""
import html
import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "figure", "figcaption", "img",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "data-link"},
    "img": {"src", "alt", "width", "height", "data-image"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed together with what is inside them: their content is code or foreign markup, never text for readers.
DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "noscript", "noembed", "noframes", "template", "textarea", "select", "title", "xmp",
}
EXTERNAL_LINK_REL = "noopener noreferrer"

# The references the choosers write (see the module docstring); any other value is dropped with its attribute.
LINK_KINDS = ("article", "directive", "organization")
DATA_LINK = re.compile(rf"^(?:{'|'.join(LINK_KINDS)}):[1-9][0-9]{{0,17}}$")
DATA_IMAGE = re.compile(r"^[1-9][0-9]{0,17}$")
_REFERENCE_FORMS = {("a", "data-link"): DATA_LINK, ("img", "data-image"): DATA_IMAGE}


def _only_valid_references(tag, attribute, value):
    form = _REFERENCE_FORMS.get((tag, attribute))
    if form is None:
        return value
    return value if form.match(value) else None


_COMMON = {
    "tags": ALLOWED_TAGS,
    "clean_content_tags": DROPPED_WITH_CONTENT,
    "url_schemes": ALLOWED_URL_SCHEMES,
    "strip_comments": True,
    "link_rel": None,
    "attribute_filter": _only_valid_references,
}
# First pass: the allow-list; any rel or target that came in is dropped (ours is decided below).
_FIRST = nh3.Cleaner(attributes=ALLOWED_ATTRIBUTES, **_COMMON)
# Final pass: the same allow-list, plus exactly our rel value on links.
_FINAL = nh3.Cleaner(
    attributes=ALLOWED_ATTRIBUTES, tag_attribute_values={"a": {"rel": {EXTERNAL_LINK_REL}}}, **_COMMON
)
# A link's start tag as nh3 serializes it: lower-case names, every value double-quoted with " escaped as &quot;,
# and "<" in text escaped as &lt;, so this cannot match inside text or inside an attribute value.
_LINK_START = re.compile(r'<a((?: [a-z-]+="[^"]*")*)>')
_HREF = re.compile(r' href="([^"]*)"')
# What browsers ignore in a URL: surrounding spaces and C0 controls; tabs and newlines anywhere.
_URL_TRIM = "".join(chr(code) for code in range(0x21))
_URL_NOISE = re.compile(r"[\t\n\r]")


def own_hosts():
    """The host names this portal answers to (ALLOWED_HOSTS without wildcards)."""
    return [host.lower() for host in settings.ALLOWED_HOSTS if host and host != "*"]


def _is_own_host(host):
    for allowed in own_hosts():
        if allowed.startswith("."):  # ".example.vn" covers example.vn and its subdomains
            if host == allowed[1:] or host.endswith(allowed):
                return True
        elif host == allowed.strip("[]") or host == allowed:
            return True
    return False


def is_external_link(href):
    """True when ``href`` (as written in HTML) leads a reader to another website."""
    url = _URL_NOISE.sub("", html.unescape(href).strip(_URL_TRIM)).replace("\\", "/")  # "/\evil" is "//evil"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # malformed host: treat as foreign, the safe side
        return True
    if parts.scheme and parts.scheme.lower() not in {"http", "https"}:
        return False  # mailto:, tel: lead to no website
    if not parts.netloc:
        return False  # a path on this site: /van-ban/..., #muc-2, ?page=2
    return not _is_own_host(host)


def _mark_external(match):
    attributes = match.group(1)
    href = _HREF.search(attributes)
    if href and is_external_link(href.group(1)):
        return f'<a{attributes} rel="{EXTERNAL_LINK_REL}">'
    return match.group(0)


def sanitize_html(value):
    """Return ``value`` reduced to the allow-list; scripts, handlers and unsafe URLs are dropped.

    Idempotent: cleaning stored HTML again gives the same HTML, so every save can (and does) clean.
    """
    if not value:
        return value
    cleaned = _FIRST.clean(value)
    return _FINAL.clean(_LINK_START.sub(_mark_external, cleaned))
