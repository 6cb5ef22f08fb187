from django.apps import AppConfig
from django.core.signals import setting_changed


class PageCacheConfig(AppConfig):
    """The whole-page cache for anonymous readers; no models (its template tags: ``{% load pagecache %}``)."""

    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        setting_changed.connect(_forget_routes, dispatch_uid="pagecache_routes")


def _forget_routes(setting, **kwargs):
    # Which paths are cached pages is read from the URLconf once per path: a test's URLconf is another one.
    if setting in ("ROOT_URLCONF", "LANGUAGE_CODE", "LANGUAGES", "STATIC_URL", "MEDIA_URL"):
        from .routes import routes

        routes.forget()
