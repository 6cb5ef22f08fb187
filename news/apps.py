from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News portal")

    def ready(self):
        import pagecache
        from orgsite import cache as cache_backend

        from . import checks, search_index, security, signals  # noqa: F401
        from . import revisions  # noqa: F401  (which models keep revisions)
        from . import cache_invalidation  # noqa: I001  (after signals: see below)

        # After news.signals: on commit, articles are relinked to documents before their pages are dropped.
        cache_invalidation.connect()
        # What the page cache needs from the news: when the next scheduled article goes live.
        pagecache.configure(next_go_live=cache_invalidation.next_go_live)
        # Redis answering again after an outage: pages stored before it ended are not trusted (pagecache.core).
        cache_backend.recovered.connect(pagecache.outage_ended, dispatch_uid="pagecache_outage_ended")
