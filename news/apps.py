from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News portal")

    def ready(self):
        from . import checks, search_index, security, signals  # noqa: F401
        from . import revisions  # noqa: F401  (which models keep revisions)
        from . import cache_invalidation

        # After news.signals: on commit, articles are relinked to documents before their pages are dropped.
        cache_invalidation.connect()
