"""``cache_public_page``: the mark that a view's page is cached for anonymous readers, and its render.

Readers without a session cookie are answered by the first middleware (pagecache.middleware), which finds the
stored page before the rest of the stack runs, or lets the request through to be rendered here and stores what
leaves the stack. This wrapper:

* for a request the middleware sent to be rendered: collects the page's tags while it renders, gives it its
  ETag and Last-Modified, and leaves storing to the middleware (which sees the final headers);
* for staff (signed in): renders, marked ``private``: never stored nor served from the cache;
* for any other anonymous reader (one with a session cookie, or a view called without the middleware): serves
  the stored page if fresh, with the headers of its content (the middleware below add theirs, as for any
  page), else renders. Only without the middleware does it store: with it, a page is stored only from a request
  without cookies, with the headers every such reader gets.
"""
import functools
import hashlib
import time

from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from . import core, keys

# The headers of a page's content, kept when the wrapper alone stores a page (without the middleware).
CONTENT_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "ETag", "X-Robots-Tag")
_CONTENT = {name.lower() for name in CONTENT_HEADERS}


class PageOptions:
    def __init__(self, tags, query):
        self.tags = tags
        self.query = frozenset(query)


def is_reader(request):
    """True for an anonymous reader, who may get a stored page; checked without a query when there is no session."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated


def reader_key(request, params):
    """The key of the page ``request`` asks for (pagecache.keys); the request now reads only ``params``."""
    host = keys.request_host(request)
    query = keys.canonical_query(request.META.get("QUERY_STRING", ""), params)
    only_declared(request, query)
    return keys.page_key(request.scheme, host, request.path, query)


def only_declared(request, query):
    """Leave the request only the query parameters its page reads, so the copy cannot depend on the others."""
    if request.META.get("QUERY_STRING", "") != query:
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


def start_render(request, tags, args, kwargs):
    request._page_cache_tags = {core.SITE_TAG, *(tags(request, *args, **kwargs) if tags else ())}


def finish_render(response, started):
    """The rendered page, complete: its template's own depends_on() calls are in, its validators are set."""
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code == 200 and not response.streaming:
        if not response.has_header("ETag"):
            # Computed once here rather than by ConditionalGetMiddleware on every request.
            response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        # The time it began rendering: any change since means a new render, so If-Modified-Since is answered truly.
        response["Last-Modified"] = http_date(started)
    response["X-Page-Cache"] = "miss"
    return response


def public(response):
    # Browsers keep the page but ask each time; an unchanged page costs them a 304 (ETag).
    if "private" not in response.get("Cache-Control", ""):
        patch_cache_control(response, public=True, no_cache=True)
    return response


def storable(request, response):
    """Whether a rendered response may be kept for every reader: a plain 200 that sets no cookie and is not private."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    session = getattr(request, "session", None)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or (session is not None and session.modified):
        return False  # a cookie for this reader alone will be added on the way out
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control:
        return False
    return "cookie" not in response.get("Vary", "").lower()  # a page that differs by cookie is not everyone's


def _response_from(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        if name.lower() in _CONTENT:
            response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def cache_public_page(view=None, *, tags=None, query=()):
    """Cache ``view``'s page for anonymous readers, with the tags of what it shows.

    ``tags(request, *args, **kwargs)`` may name tags known from the URL alone; the view adds the others with
    :func:`pagecache.depends_on` while it renders. Every page carries the site tag (menu and footer).
    ``query``: the query parameters the page reads; the others are removed before it renders (pagecache.keys).
    """
    if view is None:
        return functools.partial(cache_public_page, tags=tags, query=query)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        miss = getattr(request, "_pagecache_miss", None)
        if miss is not None:  # the first middleware found no fresh copy: render, it stores
            start_render(request, tags, args, kwargs)
            response = finish_render(view(request, *args, **kwargs), miss.started)
            request._pagecache_rendered = True
            return public(response)
        if not is_reader(request):
            response = view(request, *args, **kwargs)
            # A signed-in user's copy may differ (and must never be kept by a shared cache).
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if not core.enabled():
            return public(view(request, *args, **kwargs))
        return public(_served_here(view, request, args, kwargs, wrapper.pagecache))

    wrapper.pagecache = PageOptions(tags, query)
    return wrapper


def _served_here(view, request, args, kwargs, options):
    """A reader the first middleware did not answer: the stored page, or a render (stored without the middleware)."""
    key = reader_key(request, options.query)
    now, checked_at = time.time(), core._monotonic()
    try:
        entry, fresh = core.served_copy(key, now, checked_at)
        # Read before rendering: an article going live while the page renders must end its life.
        go_live = None if fresh else core.next_go_live()
    except Exception:
        # A cache that is down costs speed, never the page.
        if core.log_once("read-failed"):
            core.logger.warning("Page cache unreachable: rendering pages without it", exc_info=True)
        return view(request, *args, **kwargs)
    if fresh:
        return _response_from(entry)
    start_render(request, options.tags, args, kwargs)
    response = finish_render(view(request, *args, **kwargs), now)
    if getattr(request, "_pagecache_front", False) or not storable(request, response):
        return response  # with the first middleware, only it stores (from a request without cookies)
    if entry is None and not keys.may_add_variant(request.path):
        return response
    stored = {
        "started": now,
        "expires": core.expiry(now, go_live),
        "tags": tuple(sorted(request._page_cache_tags)),
        "status": response.status_code,
        "content": response.content,
        "headers": [(name, response[name]) for name in CONTENT_HEADERS if response.has_header(name)],
        "final": False,
    }
    try:
        core.store(key, stored, checked_at)
    except Exception:
        if core.log_once("store-failed"):
            core.logger.warning("Page cache unreachable: pages not stored", exc_info=True)
    return response
