"""The rules of freshness: tags, stamps, leases, this process's recent copies, the go-live expiry, outages.

A stored thing (a page, a fragment, a memo) carries the *tags* of what it shows ("article:12", "menu"...) and
the wall-clock time it began rendering (``started``). Invalidating a tag stamps it with the time of the change
(:func:`invalidate`); a stored thing may be served only while

* it has not expired (``PAGE_CACHE_SECONDS`` after it began, or the moment the next scheduled article goes live,
  whichever comes first: no edit happens then, so no stamp would drop it);
* every one of its tags carries a stamp, each older than its start by more than ``PAGE_CACHE_CLOCK_SKEW``
  (a missing stamp may hide an edit, after Redis was flushed or restarted: it costs a render, never a stale page);
* it began after the end of the last cache outage this process saw (:func:`outage_ended`).

Nothing is ever enumerated or deleted: tags are one small key each, stored things expire by themselves.

With a shared cache, a process may serve its own copy of a page again without asking for ``PAGE_CACHE_LEASE``
seconds after checking it; whatever invalidated something waits out that lease once, after its last stamp
(:func:`one_wait`), so a reader who asks after an edit has returned never gets the old page.

A stamp that cannot be written (the cache is unreachable, or its circuit breaker is open) is remembered: as
soon as the cache answers again, this process stamps the site tag, which every page carries, so no page stored
before the lost stamp passes for fresh (:func:`retry_lost_stamps`, tried at each request while one is lost).

This module imports no model: what it needs from the site (when the next scheduled article goes live) is given
to it by :func:`configure`.
"""
import logging
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("orgsite.page_cache")

KEY_PREFIX = "page:v2:"
TAG_PREFIX = "page-tag:"
SCHEDULE_KEY = "page-schedule:next-go-live"
SCHEDULE_TAG = "schedule"
# Every public page shows the menu and the footer: a page always carries this tag, so stamping it drops them all.
SITE_TAG = "menu"

# The clock leases and the breaker's intervals are measured with, and the one way this package waits. Always
# called through these names, so that tests put a controlled clock in their place (tests/conftest.py, ``clock``):
# a wait then moves that clock instead of sleeping. Stamps and expiries are time.time(), which time-machine moves.
_monotonic = time.monotonic
_sleep = time.sleep


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def _lease():
    return getattr(settings, "PAGE_CACHE_LEASE", 0)


def _skew():
    return getattr(settings, "PAGE_CACHE_CLOCK_SKEW", 1.0)


def enabled():
    """PAGE_CACHE_ENABLED: off, pages are neither served from the cache nor stored (fragments still are)."""
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def tag_key(tag):
    return TAG_PREFIX + tag


# --- What the site tells this package ----------------------------------------------------------------------------

_providers = {"next_go_live": []}


def configure(*, next_go_live=None):
    """Register one of the site's answers: ``next_go_live()`` -> epoch seconds of the next moment its pages change
    with no edit (a scheduled publication, an expiry, a comment period opening or closing), or None.

    Called from each app's AppConfig.ready() (news/apps.py, consultation/apps.py): the soonest answer counts.
    Registering the same function twice keeps one. Without any, nothing expires at a go-live.
    """
    if next_go_live is not None and next_go_live not in _providers["next_go_live"]:
        _providers["next_go_live"].append(next_go_live)


def _soonest_go_live():
    moments = [moment for moment in (provider() for provider in _providers["next_go_live"]) if moment is not None]
    return min(moments) if moments else None


# --- Logging once per interval -------------------------------------------------------------------------------------

class _Once:
    """Log a kind of failure at most once per interval: an outage must not write a line per request."""

    def __init__(self):
        self._last = {}
        self._lock = threading.Lock()

    def __call__(self, kind, interval=None):
        interval = getattr(settings, "CACHE_BREAKER_SECONDS", 5) if interval is None else interval
        now = _monotonic()
        with self._lock:
            last = self._last.get(kind)
            if last is not None and now - last < interval:
                return False
            self._last[kind] = now
            return True

    def reset(self):
        with self._lock:
            self._last.clear()


log_once = _Once()


# --- Outages -------------------------------------------------------------------------------------------------------

class _Outage:
    """What this process knows of the cache failing: stamps it could not write, and when it last came back."""

    def __init__(self):
        self.lost = False  # a stamp could not be written: stamp every page once the cache answers
        self.not_before = 0.0  # wall clock: nothing that began before it is fresh (the end of the last outage)
        self.lock = threading.Lock()

    def reset(self):
        self.lost, self.not_before = False, 0.0


outage = _Outage()


def cache_down():
    """Whether the shared cache is being skipped now (its circuit breaker is open: orgsite/cache.py)."""
    breaker = getattr(cache, "breaker", None)
    return bool(breaker is not None and breaker.is_open)


def outage_ended(at=None, **kwargs):
    """The cache answers again after failing: nothing stored before now is trusted by this process.

    During the outage edits may have been saved whose stamps could not be written (in this process or another),
    so a page stored before it ended may be older than an edit. Connected to orgsite.cache's ``recovered`` signal
    (its receivers take keyword arguments).
    """
    outage.not_before = time.time() if at is None else at
    from .fragments import checked_parts, kept_in_outage  # fragments imports this module

    kept_in_outage.forget()
    checked_parts.forget()
    _go_live_in_outage.forget()


def _lose(tags):
    outage.lost = True
    if log_once("lost-stamps"):
        logger.warning(
            "Page cache unreachable: could not drop the pages of %s; every page will be dropped once it answers",
            sorted(tags)[:10],
        )


def _write_stamps(tags, when):
    """Stamp ``tags`` with ``when``; False if any stamp could not be written."""
    try:
        failed = cache.set_many({tag_key(tag): when for tag in tags}, timeout=None)
    except Exception:
        return False
    return not failed


def retry_lost_stamps():
    """If a stamp was lost, stamp every page now (the site and schedule tags); True once nothing is lost."""
    if not outage.lost:
        return True
    if not outage.lock.acquire(blocking=False):
        return False  # another thread is at it
    try:
        if outage.lost and _write_stamps({SITE_TAG, SCHEDULE_TAG}, time.time()):
            outage.lost = False
            logger.warning("Page cache reachable again: every page stored before now was dropped")
    finally:
        outage.lock.release()
    return not outage.lost


# --- Stamps --------------------------------------------------------------------------------------------------------

def depends_on(request, *tags):
    """Declare that the page being rendered for ``request`` shows these things (see the module docstring)."""
    collected = getattr(request, "_page_cache_tags", None)
    if collected is not None:
        collected.update(str(tag) for tag in tags if tag)


def invalidate(*tags, wait=False):
    """Stamp ``tags`` with the time now: every stored page or fragment showing one of them is dropped.

    ``wait``: return only once no process may still serve such a page on an earlier check (its lease).
    """
    tags = {str(tag) for tag in tags if tag}
    if not tags:
        return
    from .fragments import checked_parts, kept_in_outage

    kept_in_outage.forget()  # an edit in this process shows at once in its parts, outage or not
    checked_parts.forget()
    _go_live_in_outage.forget()
    if not _write_stamps(tags, time.time()):
        # The edit is saved; its pages are dropped, with every other, once the cache answers again.
        _lose(tags)
        return
    if outage.lost:
        retry_lost_stamps()
    if wait and _lease():
        deadline = getattr(_waiting, "deadline", None)
        if deadline is None:
            _sleep(_lease())
        else:  # inside one_wait(): wait once, at its end
            _waiting.deadline = max(deadline, _monotonic() + _lease())


_waiting = threading.local()


@contextmanager
def one_wait():
    """Invalidations made inside wait out the lease once, when the block ends, instead of once each.

    Each request runs inside one (pagecache.middleware), so an admin save that drops many pages, or relinks
    the hundreds of articles citing a document, returns 50 ms after its last stamp, not 50 ms per stamp.
    """
    if getattr(_waiting, "deadline", None) is not None:
        yield  # already inside one: the outermost waits
        return
    _waiting.deadline = 0.0
    try:
        yield
    finally:
        deadline, _waiting.deadline = _waiting.deadline, None
        remaining = deadline - _monotonic()
        if remaining > 0:
            _sleep(remaining)


def invalidate_everything():
    """Drop every stored page, in every process (after bulk changes that sent no signals)."""
    invalidate(SITE_TAG, SCHEDULE_TAG, wait=True)  # every page carries the first


def ensure_stamps(tags):
    """Give each tag never stamped yet a stamp of 0 (never changed), without overwriting a real one."""
    keys = [tag_key(tag) for tag in tags]
    present = cache.get_many(keys)
    for key in keys:
        if key not in present:
            cache.add(key, 0.0, timeout=None)


def fresh(entry, now, stamps=None):
    """Whether a stored ``entry`` may still be served (see the module docstring).

    ``stamps``: its tags' stamps if already read ({tag key: stamp}), else they are read here.
    """
    if entry is None or now >= entry["expires"]:
        return False
    started = entry["started"]
    keys = [tag_key(tag) for tag in entry["tags"]]
    if stamps is None:
        stamps = cache.get_many(keys)
    # After the read: the read that finds the cache back is the one that ends the outage (outage_ended).
    if started < outage.not_before + _skew():
        return False
    limit = started - _skew()
    for key in keys:
        stamp = stamps.get(key)
        # A stamp missing (the cache was flushed or restarted, or evicted it) may hide an edit: render again.
        if stamp is None or stamp >= limit:
            return False
    return True


def expiry(started, go_live):
    """When something that began rendering at ``started`` stops being served, whatever the stamps say."""
    expires = started + _seconds()
    return expires if go_live is None else min(expires, go_live)


def next_go_live():
    """When the next scheduled article becomes public (epoch seconds), or None; remembered in the cache.

    While the cache is skipped, remembered in this process as the parts of pages are (PAGE_PARTS_OUTAGE_SECONDS,
    pagecache.fragments): otherwise every page would ask the database for it.
    """
    if not _providers["next_go_live"]:
        return None
    now = time.time()
    down = cache_down()
    if down:
        kept = _go_live_in_outage.get(now)
        if kept is not _NOTHING:
            return kept
    memo = cache.get(SCHEDULE_KEY)
    if memo is not None and fresh(memo, now) and (memo["at"] is None or memo["at"] > now):
        return memo["at"]
    started = now
    at = _soonest_go_live()
    if down or cache_down():
        _go_live_in_outage.keep(at)
        return at
    ensure_stamps([SCHEDULE_TAG])
    cache.set(
        SCHEDULE_KEY,
        {"at": at, "started": started, "tags": [SCHEDULE_TAG], "expires": float("inf")},
        timeout=None,
    )
    return at


_NOTHING = object()


class _GoLiveInOutage:
    """The next go-live as this process last read it while the cache was skipped: (monotonic end, at)."""

    def __init__(self):
        self._kept = None

    def get(self, now):
        kept = self._kept
        if kept is None or _monotonic() >= kept[0] or (kept[1] is not None and kept[1] <= now):
            return _NOTHING
        return kept[1]

    def keep(self, at):
        from .fragments import kept_in_outage

        self._kept = (_monotonic() + kept_in_outage.seconds(), at)

    def forget(self):
        self._kept = None


_go_live_in_outage = _GoLiveInOutage()


# --- This process's recent pages ---------------------------------------------------------------------------------

class _RecentPages:
    """The pages this process served last (a small LRU): [entry, monotonic time its lease ends]."""

    def __init__(self):
        self._pages = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._pages.get(key)
            if item is not None:
                self._pages.move_to_end(key)
            return item

    def put(self, key, entry, checked_at):
        """Keep ``entry``, whose tags were found unstamped at ``checked_at`` (_monotonic())."""
        size = getattr(settings, "PAGE_CACHE_LOCAL_ENTRIES", 256)
        with self._lock:
            self._pages[key] = [entry, checked_at + _lease()]
            self._pages.move_to_end(key)
            while len(self._pages) > size:
                self._pages.popitem(last=False)

    def forget(self, key=None):
        with self._lock:
            if key is None:
                self._pages.clear()
            else:
                self._pages.pop(key, None)


recent = _RecentPages()


def served_copy(key, now, checked_at):
    """(entry, may serve it): this process's copy within its lease, else checked against the shared stamps."""
    local = recent.get(key)
    if local is not None:
        entry, lease_ends = local
        if checked_at < lease_ends and now < entry["expires"] and entry["started"] >= outage.not_before + _skew():
            return entry, True
        if fresh(entry, now):
            recent.put(key, entry, checked_at)
            return entry, True
    # Not here, or outdated: another process may have stored a newer page since.
    entry = cache.get(key)
    if fresh(entry, now):
        recent.put(key, entry, checked_at)
        return entry, True
    recent.forget(key)
    return entry, False


def store(key, entry, checked_at):
    """Keep ``entry`` (its tags stamped if they never were) in the shared cache and in this process."""
    ensure_stamps(entry["tags"])
    cache.set(key, entry, timeout=max(1, int(entry["expires"] - time.time())))
    recent.put(key, entry, checked_at)  # rendered from data read after checked_at


def reset():
    """Forget everything this process holds (tests start from nothing)."""
    from .fragments import checked_parts, kept_in_outage

    kept_in_outage.forget()
    checked_parts.forget()
    _go_live_in_outage.forget()
    recent.forget()
    outage.reset()
    log_once.reset()
