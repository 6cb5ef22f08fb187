"""Which paths are cached pages, and which query parameters each reads: asked of the URLconf once per path.

The first middleware answers before URL resolution runs, yet must know whether a path is a cached page (if
not, it asks the cache nothing) and which parameters are part of its key. It resolves the path once, in the
language the path is rendered in, reads what ``cache_public_page`` declared on the view, and remembers it in a
bounded table (random paths cost a resolution each, as they would anyway, and push out only other paths).
"""
import threading
from collections import OrderedDict

from django.conf import settings
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation

from .keys import language_of

_NOT_CACHED = object()
SIZE = 4096


class _Routes:
    def __init__(self):
        self._paths = OrderedDict()
        self._lock = threading.Lock()

    def params(self, path_info):
        """The query parameters the cached page at ``path_info`` reads (a frozenset), or None: not a cached page."""
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        key = (urlconf, path_info)
        found = self._paths.get(key)
        if found is None:
            found = _resolve(path_info, urlconf)
            with self._lock:
                self._paths[key] = found
                while len(self._paths) > SIZE:
                    self._paths.popitem(last=False)
        return None if found is _NOT_CACHED else found

    def forget(self):
        with self._lock:
            self._paths.clear()


def _resolve(path_info, urlconf):
    try:
        with translation.override(language_of(path_info)):
            match = resolve(path_info, urlconf)
    except Resolver404:
        return _NOT_CACHED
    options = getattr(match.func, "pagecache", None)
    return _NOT_CACHED if options is None else options.query


routes = _Routes()
