"""The public pages' cache: whole responses for anonymous readers, dropped by what they show.

A page is stored with the *tags* of what it shows ("article:12", "section:3", "menu"...), declared by its
view with :func:`depends_on`. Changing something invalidates its tags (news/cache_invalidation.py says which),
which stamps each tag with the time of the change; a stored page is served only while every one of its tags
was last stamped before the page started rendering. So:

* an edit drops exactly the pages that show the edited thing, and nothing else;
* a page rendered from data read before an edit committed is never served after it: its render started
  before the stamp (invalidation runs when the transaction commits, and once more right away);
* nothing is ever enumerated or deleted: tags are one small key each, pages expire by themselves.

Stamps are wall-clock times, so hosts sharing one cache need clocks agreeing within
``PAGE_CACHE_CLOCK_SKEW`` (NTP gives milliseconds). A page is also never served past the moment the next
scheduled article goes live, since no edit happens then. Each process also keeps its most recently served
pages, so a hit costs one round trip to the shared cache (the stamps) instead of two; whether such a copy
may be served is still decided by the shared stamps. With a shared cache, a copy checked against the stamps
may be served again without asking for ``PAGE_CACHE_LEASE`` seconds (50 ms): a request or batch that
invalidated something waits out that lease once, after its last stamp (:func:`one_wait`), so a reader who
asks after an edit has returned still never gets the old page, and a page read 1,000 times a second costs
the cache about 20 round trips per process. Staff (signed-in users) are never served from the cache nor
stored in it; neither are previews (their views are not wrapped) or anything but a plain 200 that sets no
cookie.
"""
import functools
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

logger = logging.getLogger("orgsite.page_cache")

KEY_PREFIX = "page:v1:"
TAG_PREFIX = "page-tag:"
SCHEDULE_KEY = "page-schedule:next-go-live"
SCHEDULE_TAG = "schedule"
# Every public page shows the menu (sections) and the footer (the portal owner's contact block).
SITE_TAG = "menu"
# Headers worth keeping with a stored page; everything else is added again by middleware on the way out.
STORED_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "ETag", "X-Robots-Tag")

# The clock that leases are measured with, and the one way this module waits. Always called through these
# names, so that tests can put a controlled clock in their place (tests/conftest.py, ``clock``): a wait then
# moves that clock instead of sleeping. Stamps and expiries are time.time(), which time-machine moves in tests.
_monotonic = time.monotonic
_sleep = time.sleep


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


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def _lease():
    return getattr(settings, "PAGE_CACHE_LEASE", 0)


def _skew():
    return getattr(settings, "PAGE_CACHE_CLOCK_SKEW", 1.0)


def _tag_key(tag):
    return TAG_PREFIX + tag


def depends_on(request, *tags):
    """Declare that the page being rendered for ``request`` shows these things (see the module docstring)."""
    collected = getattr(request, "_page_cache_tags", None)
    if collected is not None:
        collected.update(str(tag) for tag in tags if tag)


def invalidate(*tags, wait=False):
    """Stamp ``tags`` with the time now: every stored page showing one of them is dropped.

    ``wait``: return only once no process may still serve such a page on an earlier check (its lease).
    """
    tags = {str(tag) for tag in tags if tag}
    if not tags:
        return
    now = time.time()
    try:
        cache.set_many({_tag_key(tag): now for tag in tags}, timeout=None)
    except Exception:
        # The edit is saved; its pages may be served stale until they expire (PAGE_CACHE_SECONDS).
        logger.exception("Page cache unreachable: could not drop the pages of %s", sorted(tags))
        return
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

    Each request runs inside one (WaitForInvalidations), so an admin save that drops many pages, or relinks
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


class WaitForInvalidations:
    """Middleware: the response to a request that changed something leaves once every lease has run out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_wait():
            return self.get_response(request)


def invalidate_everything():
    """Drop every stored page, in every process (after bulk changes that sent no signals)."""
    invalidate(SITE_TAG, SCHEDULE_TAG, wait=True)  # every page carries the first


def is_reader(request):
    """True for an anonymous reader, who may get a stored page; checked without a query when there is no session."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated


def _page_key(request):
    # Scheme, host and the full path with its query: pages hold absolute links (canonical, sharing).
    address = f"{get_language()}|{request.build_absolute_uri()}"
    return KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _fresh(entry, now):
    """Whether a stored page may still be served: not past its expiry, and no tag of it stamped since it began."""
    if entry is None or now >= entry["expires"]:
        return False
    stamps = cache.get_many([_tag_key(tag) for tag in entry["tags"]])
    # A stamp missing (the cache was flushed or restarted, or evicted it) may hide an edit: render again.
    return len(stamps) == len(entry["tags"]) and all(
        stamp < entry["started"] - _skew() for stamp in stamps.values()
    )


def _ensure_stamps(tags):
    """Give each tag never stamped yet a stamp of 0 (never changed), without overwriting a real one."""
    keys = [_tag_key(tag) for tag in tags]
    present = cache.get_many(keys)
    for key in keys:
        if key not in present:
            cache.add(key, 0.0, timeout=None)


def _response_from(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def next_go_live():
    """When the next scheduled article becomes public (epoch seconds), or None; remembered in the cache."""
    from news.models import Article

    now = time.time()
    memo = cache.get(SCHEDULE_KEY)
    if memo is not None and _fresh(memo, now) and (memo["at"] is None or memo["at"] > now):
        return memo["at"]
    started = now
    upcoming = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    at = upcoming.timestamp() if upcoming else None
    _ensure_stamps([SCHEDULE_TAG])
    cache.set(
        SCHEDULE_KEY,
        {"at": at, "started": started, "tags": [SCHEDULE_TAG], "expires": float("inf")},
        timeout=None,
    )
    return at


def _store(request, response, key, started, checked_at, tags, go_live):
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    session = getattr(request, "session", None)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or (session is not None and session.modified):
        return  # a cookie for this reader alone will be added on the way out
    if response.has_header("Cache-Control") and "private" in response["Cache-Control"]:
        return
    if not response.has_header("ETag"):
        # Computed once here rather than by ConditionalGetMiddleware on every hit.
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    # The time it was rendered: any change since means a new render, so If-Modified-Since is answered truly.
    response["Last-Modified"] = http_date(started)
    expires = started + _seconds()
    if go_live is not None:
        expires = min(expires, go_live)
    entry = {
        "started": started,
        "expires": expires,
        "tags": sorted(tags),
        "status": response.status_code,
        "content": response.content,
        "headers": {name: response[name] for name in STORED_HEADERS if response.has_header(name)},
    }
    _ensure_stamps(entry["tags"])
    cache.set(key, entry, timeout=max(1, int(expires - time.time())))
    recent.put(key, entry, checked_at)  # rendered from data read after checked_at


def _served_copy(key, now, checked_at):
    """(entry, may serve it): this process's copy within its lease, else checked against the shared stamps."""
    local = recent.get(key)
    if local is not None:
        entry, lease_ends = local
        if checked_at < lease_ends and now < entry["expires"]:
            return entry, True
        if _fresh(entry, now):
            recent.put(key, entry, checked_at)
            return entry, True
    # Not here, or outdated: another process may have stored a newer page since.
    entry = cache.get(key)
    if _fresh(entry, now):
        recent.put(key, entry, checked_at)
        return entry, True
    recent.forget(key)
    return entry, False


def cache_public_page(view=None, *, tags=None):
    """Serve ``view`` to anonymous readers from the cache, storing what it renders with its tags.

    ``tags(request, *args, **kwargs)`` may name tags known from the URL alone; the view adds the others with
    :func:`depends_on` while it renders. Every page carries the site tag (menu and footer).
    """
    if view is None:
        return functools.partial(cache_public_page, tags=tags)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_reader(request):
            response = view(request, *args, **kwargs)
            # A signed-in user's copy may differ (and must never be kept by a shared cache).
            patch_cache_control(response, private=True, no_cache=True)
            return response
        key = _page_key(request)
        now, checked_at = time.time(), _monotonic()
        try:
            entry, fresh = _served_copy(key, now, checked_at)
            # Read before rendering: an article going live while the page renders must end its life.
            go_live = None if fresh else next_go_live()
        except Exception:
            # A cache that is down costs speed, never the page.
            logger.warning("Page cache unreachable: rendering %s without it", request.path, exc_info=True)
            return view(request, *args, **kwargs)
        if fresh:
            response = _response_from(entry)
        else:
            request._page_cache_tags = {SITE_TAG, *(tags(request, *args, **kwargs) if tags else ())}
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # so the template's own depends_on() calls are in before storing
            try:
                _store(request, response, key, now, checked_at, request._page_cache_tags, go_live)
            except Exception:
                logger.warning("Page cache unreachable: %s not stored", request.path, exc_info=True)
            response["X-Page-Cache"] = "miss"
        # Browsers keep the page but ask each time; an unchanged page costs them a 304 (ETag).
        if "private" not in response.get("Cache-Control", ""):
            patch_cache_control(response, public=True, no_cache=True)
        return response

    return wrapper
