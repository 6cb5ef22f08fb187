"""The first middleware: a reader's hit is answered here, before the rest of the stack runs.

For a GET or HEAD without a session cookie, to a path whose view is a cached page (pagecache.routes), it looks
the page up (this process's copy within its lease, else the shared cache and its stamps) and, if fresh, answers
with the stored body and the stored headers: every header the page left the stack with when it was rendered
(CSP, HSTS, X-Frame-Options, Referrer-Policy, COOP, nosniff, Content-Language, Vary, ETag, Last-Modified,
Cache-Control), computed once then. If-None-Match and If-Modified-Since are answered with a 304 here too.

Otherwise the request goes down the stack: a request with a session cookie, as before (the view's wrapper
decides: staff get a private render, never stored); a reader's miss with its host and query reduced to their
canonical form (pagecache.keys), to be rendered by the view's wrapper, then stored here on the way out, with
its final headers, unless it sets a cookie, is private, varies by cookie or is not a plain 200.

Every request that goes down the stack runs inside one_wait(): a request that changed something answers once
no process may still serve a page older than the change (pagecache.core).
"""
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from . import core, keys
from .routes import routes
from .views import only_declared, storable

# Not stored: set for each response as it leaves (X-Page-Cache says hit or miss; a stored page sets no cookie).
_PER_RESPONSE = {"x-page-cache", "set-cookie"}
# Not sent with a 304: it has no body, so nothing describes one (RFC 9110, 15.4.5).
_BODY_HEADERS = {"content-type", "content-length", "content-language"}
_CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


class Miss:
    """A reader's page to render: where to store it, and what the lookup found."""

    __slots__ = ("checked_at", "go_live", "key", "new", "started")

    def __init__(self, key, started, checked_at, go_live, new):
        self.key, self.started, self.checked_at, self.go_live, self.new = key, started, checked_at, go_live, new


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.session_cookie = settings.SESSION_COOKIE_NAME
        # Files are never pages: no resolution, no lookup.
        self.files = tuple(
            prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix and prefix.startswith("/")
        )

    def __call__(self, request):
        if core.outage.lost:
            core.retry_lost_stamps()
        if (
            request.method in ("GET", "HEAD")
            and self.session_cookie not in request.COOKIES
            and core.enabled()
            and not request.path_info.startswith(self.files)
        ):
            params = routes.params(request.path_info)
            if params is not None:
                return self.reader(request, params)
        request._pagecache_front = True
        with core.one_wait():
            return self.get_response(request)

    def reader(self, request, params):
        scheme = request.scheme
        host = keys.request_host(request)
        query = keys.canonical_query(request.META.get("QUERY_STRING", ""), params)
        key = keys.page_key(scheme, host, request.path, query)
        now, checked_at = time.time(), core._monotonic()
        try:
            entry, fresh = core.served_copy(key, now, checked_at)
            if fresh and entry.get("final"):
                return hit(request, entry)
            # Read before rendering: an article going live while the page renders must end its life.
            go_live = core.next_go_live()
        except Exception:
            # A cache that fails costs speed, never the page (orgsite.cache's breaker logs it, once per interval).
            if core.log_once("read-failed"):
                core.logger.warning("Page cache unreachable: rendering pages without it", exc_info=True)
            request._pagecache_front = True
            with core.one_wait():
                return self.get_response(request)
        # Rendered as its canonical address: the copy holds the same links whichever spelling asked first.
        request.META["HTTP_HOST"] = host
        only_declared(request, query)
        request._pagecache_front = True
        request._pagecache_miss = miss = Miss(key, now, checked_at, go_live, entry is None)
        with core.one_wait():
            response = self.get_response(request)
        if getattr(request, "_pagecache_rendered", False) and storable(request, response):
            self.store(request, response, miss)
        return response

    def store(self, request, response, miss):
        try:
            if miss.new and not keys.may_add_variant(request.path):
                return
            entry = {
                "started": miss.started,
                "expires": core.expiry(miss.started, miss.go_live),
                "tags": tuple(sorted(request._page_cache_tags)),
                "status": response.status_code,
                "content": response.content,
                "headers": [(name, value) for name, value in response.items() if name.lower() not in _PER_RESPONSE],
                "final": True,
            }
            core.store(miss.key, entry, miss.checked_at)
        except Exception:
            if core.log_once("store-failed"):
                core.logger.warning("Page cache unreachable: pages not stored", exc_info=True)


def _prepared(entry):
    """The hit's headers as Django's response keeps them, built once per copy in this process."""
    prepared = entry.get("_hit")
    if prepared is None:
        headers = {name.lower(): (name, value) for name, value in entry["headers"]}
        headers["x-page-cache"] = ("X-Page-Cache", "hit")
        not_modified = {name: pair for name, pair in headers.items() if name not in _BODY_HEADERS}
        last_modified = headers.get("last-modified")
        validators = (
            headers.get("etag", (None, None))[1],
            last_modified and parse_http_date_safe(last_modified[1]),
        )
        # Only in this process's copy (the shared one was pickled before): never stored.
        prepared = entry["_hit"] = (headers, not_modified, validators)
    return prepared


def _with_headers(response, headers):
    store = getattr(response.headers, "_store", None)
    if isinstance(store, dict):
        # Django's own table of headers, replaced at once: they were checked when the page was stored.
        response.headers._store = dict(headers)
    else:  # pragma: no cover - another Django keeping its headers otherwise
        for name, value in headers.values():
            response[name] = value
    return response


def hit(request, entry):
    headers, not_modified, (etag, last_modified) = _prepared(entry)
    response = _with_headers(HttpResponse(entry["content"], status=entry["status"]), headers)
    meta = request.META
    if any(condition in meta for condition in _CONDITIONS):
        answer = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
        if answer is not response:  # 304 Not Modified (or 412 for a failed If-Match)
            if isinstance(answer, HttpResponseNotModified):
                return _with_headers(HttpResponseNotModified(), not_modified)
            return answer
    return response
