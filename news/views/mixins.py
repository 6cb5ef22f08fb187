from django.conf import settings
from django.urls import translate_url
from django.utils import translation


class AlternateLanguagesMixin:
    """Gives templates ``alternate_urls``: this page's address in each language, or None where it has none.

    The header's language switch and the ``hreflang`` links both read it, so they always agree.
    """

    def get_alternate_urls(self):
        path = self.request.path
        return {code: translate_url(path, code) for code, _name in settings.LANGUAGES}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["alternate_urls"] = self.get_alternate_urls()
        return context


def urls_in_each_language(obj, available=lambda obj, code: True):
    """``obj.get_absolute_url()`` rendered under each language where ``available(obj, code)`` holds."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = obj.get_absolute_url() if available(obj, code) else None
    return urls
