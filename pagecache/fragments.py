"""Parts of pages kept between renders, with the tags of what they show: a page that must be rendered is cheap.

What every page shows (the header and menu, the footer, the portal's identity) and blocks many pages share (the
newest articles of a section) are rendered or read once and kept under the same rules as pages
(pagecache.core): served only while none of their tags was stamped since they began, never past
``PAGE_CACHE_SECONDS``, nor past the next go-live when they list articles. A page using one declares its tags
as if it had read the data itself (``depends_on``), so invalidation stays exact: the page is dropped by the same
edits as before, and its next render finds the part dropped too.

:func:`memo` keeps a value (model instances, lists of them: anything picklable); the ``{% fragment %}`` tag
(pagecache/templatetags/pagecache.py) keeps rendered HTML. One round trip to the cache reads a part with its
tags' stamps, and a part found fresh is used again by the process without asking for PAGE_CACHE_LEASE, as a
page is. A cache that fails costs the work, never the page.
"""
import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from . import core

MEMO_PREFIX = "page-part:v2:"


class _KeptInOutage:
    """Parts this process keeps while the shared cache is down: {key: (monotonic end, value, declared tags)}."""

    LIMIT = 1000  # parts; beyond, all are dropped and kept anew (an outage is short, the parts few)

    def __init__(self):
        self._parts = {}
        self._lock = threading.Lock()

    @staticmethod
    def seconds():
        return getattr(settings, "PAGE_PARTS_OUTAGE_SECONDS", 5)

    def get(self, key):
        kept = self._parts.get(key)
        if kept is None or core._monotonic() >= kept[0]:
            return None
        return kept

    def keep(self, key, value, declared, expires):
        seconds = min(self.seconds(), expires - time.time())
        if seconds <= 0 or value is None:
            return
        with self._lock:
            if len(self._parts) >= self.LIMIT:
                self._parts.clear()
            self._parts[key] = (core._monotonic() + seconds, value, declared)

    def forget(self):
        with self._lock:
            self._parts.clear()


kept_in_outage = _KeptInOutage()


class _CheckedParts:
    """Parts this process found fresh in the shared cache lately: one checked less than PAGE_CACHE_LEASE ago is
    used again without asking Redis, as a page is (core.recent): an edit waits out the lease after its stamps,
    so a reader who asks after it returned never gets a part checked before it. The same objects serve every
    request of the process meanwhile (as during an outage): parts are only read, never changed by a page."""

    LIMIT = 512

    def __init__(self):
        self._parts = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, tags, now):
        """(value, declared tags) if ``key`` was checked less than the lease before ``now`` (monotonic).

        Once the lease is over, the same value again if its tags' stamps still vouch for it. The parts this process
        used during their lease are checked together (one round trip for their stamps, a few bytes each, not the
        parts themselves read and unpickled anew); the others are dropped and read from the cache when asked.
        """
        with self._lock:
            kept = self._parts.get(key)
        if kept is None:
            return None
        if time.time() >= kept[1]["expires"] or (tags is not None and kept[1]["tags"] != tags):
            return None
        if now >= kept[0]:
            try:
                self._check_again(now, key)
            except Exception:  # a cache that fails: the caller's own path decides (and logs)
                return None
            with self._lock:
                kept = self._parts.get(key)
            if kept is None or now >= kept[0]:
                return None
        kept[4] = True  # used during this lease
        return kept[2], kept[3]

    def _check_again(self, now, asked):
        """The parts whose lease ran out and that were used during it (and ``asked``), checked by their stamps in
        one round trip: renewed for another lease, or dropped."""
        with self._lock:
            due = [(key, kept) for key, kept in self._parts.items() if now >= kept[0]]
            for key, kept in due:
                if not kept[4] and key != asked:
                    del self._parts[key]
        due = [(key, kept) for key, kept in due if kept[4] or key == asked]
        stamps = cache.get_many(list({core.tag_key(tag) for _key, kept in due for tag in kept[1]["tags"]}))
        wall, lease = time.time(), core._lease()
        with self._lock:
            for key, kept in due:
                if self._parts.get(key) is not kept:
                    continue  # kept anew meanwhile
                if core.fresh(kept[1], wall, stamps):
                    kept[0], kept[4] = now + lease, False
                else:
                    del self._parts[key]

    def keep(self, key, checked, entry):
        lease = core._lease()
        if lease <= 0:
            return
        # What freshness is judged on (core.fresh), without the value; then the value, the tags the page
        # declares, and whether a request used it during its lease (the one keeping it does).
        judged = {"started": entry["started"], "expires": entry["expires"], "tags": entry["tags"]}
        with self._lock:
            self._parts[key] = [checked + lease, judged, entry["value"], entry["declares"], True]
            self._parts.move_to_end(key)
            while len(self._parts) > self.LIMIT:
                self._parts.popitem(last=False)

    def forget(self):
        with self._lock:
            self._parts.clear()


checked_parts = _CheckedParts()


def _in_outage(request, key, tags, compute, declares, until_go_live):
    """memo() while the shared cache is skipped: this process's copy, kept a few seconds."""
    kept = kept_in_outage.get(key)
    if kept is not None:
        core.depends_on(request, *kept[2])
        return kept[1]
    now = time.time()
    value = compute()
    _shown, declared = _shown_and_declared(tags, value, declares)
    kept_in_outage.keep(key, value, declared, core.expiry(now, _go_live(request) if until_go_live else None))
    core.depends_on(request, *declared)
    return value


def without_parts(request):
    """Render ``request``'s page from what it is given alone: no part is read from or kept for other pages.

    For a page that shows what is not stored, such as the preview of unsaved edits: its article's part must not
    be the stored article's, nor become it.
    """
    request._pagecache_no_parts = True


def _key(name, vary):
    text = "|".join([name, *(str(value) for value in vary)])
    return MEMO_PREFIX + hashlib.sha256(text.encode()).hexdigest()


def _go_live(request):
    """The next go-live, read once a request (the first middleware has read it already for a page it renders)."""
    miss = getattr(request, "_pagecache_miss", None) if request is not None else None
    if miss is not None:
        return miss.go_live
    if request is not None and hasattr(request, "_pagecache_go_live"):
        return request._pagecache_go_live
    at = core.next_go_live()
    if request is not None:
        request._pagecache_go_live = at
    return at


def _tags(tags):
    return tuple(sorted({str(tag) for tag in tags if tag}))


def _shown_and_declared(tags, value, declares):
    """(the tags ``value`` shows, the tags a page using it declares): see memo()."""
    if callable(tags):
        shown = _tags(tags(value)) if value is not None else ()
    else:
        shown = _tags(tags)
    return shown, (shown if declares is None else _tags(declares))


def memo(request, name, tags, compute, *, vary=(), declares=None, until_go_live=False, language=True):
    """``compute()``, or its value kept from an earlier call with the same ``name`` and ``vary``.

    ``tags``: what the value shows; kept only while none is stamped. A function of the value when they depend on
    it (an article's tags, its organizations): then the value is read first, its stamps in a second round trip.
    ``declares``: the tags the page using it carries (default: ``tags``); fewer when a tag guards only data the
    page does not show (the identity's portal record, re-read after any edit of it, whose shown fields stamp the
    site tag anyway). ``until_go_live``: the value lists articles, so it ends when the next scheduled one goes
    live. ``language``: it differs by language. None (nothing found) is never kept.
    """
    if request is not None and getattr(request, "_pagecache_no_parts", False):
        return compute()  # a page showing what is not stored (a preview): its parts are neither read nor kept
    dynamic = callable(tags)
    known = () if dynamic else _tags(tags)
    if language:
        vary = (get_language(), *vary)
    key = _key(name, vary)
    if core.cache_down():
        return _in_outage(request, key, tags, compute, declares, until_go_live)
    checked = core._monotonic()  # before the read: the lease counts from the earliest the check could be
    kept = checked_parts.get(key, None if dynamic else known, checked)
    if kept is not None:
        core.depends_on(request, *kept[1])
        return kept[0]
    now = time.time()
    try:
        found = cache.get_many([key, *(core.tag_key(tag) for tag in known)])
        if not found and core.cache_down():  # it failed just now
            return _in_outage(request, key, tags, compute, declares, until_go_live)
        entry = found.get(key)
        if entry is not None and (dynamic or entry["tags"] == known):
            if dynamic:
                found.update(cache.get_many([core.tag_key(tag) for tag in entry["tags"]]))
            if core.fresh(entry, now, found):
                checked_parts.keep(key, checked, entry)
                core.depends_on(request, *entry["declares"])
                return entry["value"]
    except Exception:
        if core.log_once("part-read-failed"):
            core.logger.warning("Page cache unreachable: rendering page parts without it", exc_info=True)
        value = compute()
        core.depends_on(request, *_shown_and_declared(tags, value, declares)[1])
        return value
    value = compute()
    shown, declared = _shown_and_declared(tags, value, declares)
    if value is not None:
        try:
            entry = {
                "value": value,
                "tags": shown,
                "declares": declared,
                "started": now,
                "expires": core.expiry(now, _go_live(request) if until_go_live else None),
            }
            core.ensure_stamps(shown)
            cache.set(key, entry, timeout=max(1, int(entry["expires"] - time.time())))
        except Exception:
            if core.log_once("part-store-failed"):
                core.logger.warning("Page cache unreachable: page parts not stored", exc_info=True)
    core.depends_on(request, *declared)
    return value
