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
from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
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


# What a view or decorator can set on a response to change its policy (django-csp's decorators).
_PER_RESPONSE = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's exception, and the headers of an ordinary response built once.

    django-csp builds both policies (enforced and report-only) from the settings for every response. A response
    without a nonce or a decorator's change gets the same headers as any other of its kind (admin or public),
    so they are built once per kind and process; the others take django-csp's own path.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._headers = {}

    def process_response(self, request, response):
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _PER_RESPONSE)
        ):
            return super().process_response(request, response)
        kind = self._kind(request)
        headers = self._headers.get(kind)
        if headers is None:
            probe = super().process_response(request, HttpResponse())
            headers = [(name, value) for name, value in probe.items() if "Security-Policy" in name]
            self._headers[kind] = headers
        else:
            # As django-csp does once the header is written: asking for a nonce now is an error, not a silent no-op.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        for name, value in headers:
            if name not in response:
                response[name] = value
        return response

    @staticmethod
    def _kind(request):
        path = request.path_info
        excluded = tuple(
            tuple((getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
        )
        admin = path.startswith(admin_prefixes())
        return (admin, *(bool(prefixes) and path.startswith(prefixes) for prefixes in excluded))

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(admin_prefixes()):
            parts.replace = {**admin_directives(), **(parts.replace or {})}
        return parts
