"""Whole pages for anonymous readers, served before the middleware stack runs, and dropped by what they show.

* ``pagecache.core``: the rules of freshness (tags and their stamps, leases, this process's recent copies, the
  go-live expiry, what an outage of the cache leaves untrusted);
* ``pagecache.keys``: one key per page however its address is spelled, and the bound on copies of one path;
* ``pagecache.middleware``: the first middleware, which answers hits and stores what readers are rendered;
* ``pagecache.views``: ``cache_public_page``, the mark on a cached page's view;
* ``pagecache.fragments`` and ``{% fragment %}``: parts of pages kept between renders under the same rules.

It imports no model: the site tells it when the next scheduled publication is (``configure``, from
news/apps.py) and stamps the tags of what each save changes (news/cache_invalidation.py, portal/signals.py).
"""
from . import core
from .core import (
    SCHEDULE_TAG,
    SITE_TAG,
    configure,
    depends_on,
    invalidate,
    invalidate_everything,
    one_wait,
    outage_ended,
    recent,
)
from .fragments import memo, without_parts
from .routes import routes
from .views import cache_public_page


def reset():
    """Forget what this process holds: its recent pages, what it knows of outages and paths (tests start anew)."""
    core.reset()
    routes.forget()

__all__ = [
    "SCHEDULE_TAG",
    "SITE_TAG",
    "cache_public_page",
    "configure",
    "depends_on",
    "invalidate",
    "invalidate_everything",
    "memo",
    "one_wait",
    "outage_ended",
    "recent",
    "reset",
    "without_parts",
]
