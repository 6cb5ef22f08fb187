"""The API's browsable docs: Swagger UI from drf-spectacular-sidecar, served by this site under its CSP.

The split view loads its start-up script from its own address (?script) instead of inline, so the page needs no
inline script (script-src 'self'); our template moves the stock page's inline <style> into a file (style-src
'self'), which also draws the few icons Swagger UI has as data: URLs from files here (img-src 'self'). Checked in
Chromium: the operations render and run, with no violation of the policy reported. ReDoc is not offered: it
writes inline styles of its own, which the policy refuses.
"""
from django.conf import settings
from django.utils import translation
from drf_spectacular.views import SpectacularSwaggerSplitView

from .views import requested_language


class DocsView(SpectacularSwaggerSplitView):
    """In the language the API answers in: ?lang=en shows the schema's descriptions in English (the view passes
    ?lang on to the schema), Vietnamese otherwise. Swagger UI's own buttons are in English whatever the language."""

    template_name = "api/docs.html"

    def dispatch(self, request, *args, **kwargs):
        with translation.override(requested_language(request) or settings.LANGUAGE_CODE):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response
