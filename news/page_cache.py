"""Moved to the ``pagecache`` package (its rules of freshness import no model); this name is kept for the modules
that still import it from here (news/feeds.py, news/citations.py, the generate_sample_data and relink_citations
commands, bench/run.py). New code imports ``pagecache``."""
from pagecache import (  # noqa: F401
    SCHEDULE_TAG,
    SITE_TAG,
    cache_public_page,
    depends_on,
    invalidate,
    invalidate_everything,
    one_wait,
    recent,
)
