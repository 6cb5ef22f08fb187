"""Content Security Policy: django-csp's middleware, plus the one exception the admin needs, on its URLs only.

The policy itself is CONTENT_SECURITY_POLICY in settings. In the admin (``/admin/`` and ``/en/admin/``), the
article editor (django-prose-editor, built on Tiptap/ProseMirror) needs two things that policy forbids:

* an inline ``<script type="importmap">`` that maps the editor's module names to its static files. It is
  allowed by the SHA-256 of its exact text, so no other inline script runs, in the admin either;
* inline styles: Tiptap adds a ``<style>`` element with the editor's own CSS (without it ProseMirror loses
  its white-space rules), and some of its extensions write ``style`` attributes. Styles cannot run code;
  scripts stay as strict as on public pages.

If another widget adds to the import map, the page's map is no longer the one hashed here and the browser
would refuse it: tests/test_production_csp.py compares the two, and ``importmap_hash`` must then hash the
merged map.
"""
import base64
import hashlib
import re
from functools import cache

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_prose_editor.widgets import importmap as prose_editor_importmap

_SCRIPT_TEXT = re.compile(r"^<script[^>]*>(.*)</script>$", re.DOTALL)


@cache
def admin_prefixes():
    """The admin's URL prefix in every language (``/admin/``, ``/en/admin/``)."""
    prefixes = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            prefixes.add(reverse("admin:index"))
    return tuple(sorted(prefixes))


@cache
def importmap_hash():
    """The CSP source for the editor's import map, exactly as the admin renders it (static URLs included)."""
    text = _SCRIPT_TEXT.match(str(prose_editor_importmap.render())).group(1)
    return "'sha256-{}'".format(base64.b64encode(hashlib.sha256(text.encode()).digest()).decode())


def admin_directives():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    return {
        "script-src": [*directives["script-src"], importmap_hash()],
        "style-src": [SELF, UNSAFE_INLINE],
    }


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(admin_prefixes()):
            parts.replace = {**admin_directives(), **(parts.replace or {})}
        return parts
