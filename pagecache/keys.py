"""Which stored copy answers a request: one per page, however its address is spelled.

A page's key is its scheme, its host, its path and the query parameters the page reads, nothing else:

* host variants share one copy: ``Example.org``, ``example.org.`` and ``example.org:443`` (over https) are one
  host; the request is rendered under the plain name, so the copy holds the same links whichever asked first;
* each page declares the query parameters it reads (``cache_public_page(view, query=("q", "page"))``); the
  others (``utm_*``, ``fbclid``, random ones) are not part of the key, and are removed from the request before
  the page renders, so its copy cannot depend on them. A declaration, rather than learning what a view reads,
  because it is read once from the code, the same in every process, and cannot be taught by requests;
* the number of copies of one path (its query and host variants together) made in a window of
  ``PAGE_CACHE_SECONDS`` is bounded by ``PAGE_CACHE_MAX_VARIANTS``: beyond it, pages are rendered, not stored.

The language is part of the path here (Vietnamese at the root, English under /en/), so it needs no place of its
own: :func:`language_of` says which language a path is rendered in, as LocaleMiddleware decides it.
"""
import hashlib
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language_from_path

from . import core

VARIANTS_PREFIX = "page-variants:v1:"
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def normalized_host(host, scheme):
    """``host`` (a Host header) as one spelling: lower case, no trailing dot, no default port for ``scheme``."""
    host = host.strip().lower()
    if host.startswith("["):  # an IPv6 address, maybe with a port after the bracket
        end = host.find("]")
        if end == -1:
            return host
        name, port = host[: end + 1], host[end + 2 :] if host[end + 1 : end + 2] == ":" else ""
    else:
        name, _colon, port = host.partition(":")
    name = name.rstrip(".")
    if port and port != _DEFAULT_PORTS.get(scheme):
        return f"{name}:{port}"
    return name


def request_host(request):
    """The request's host, normalized; from the Host header, else the server's name and port (as Django does)."""
    meta = request.META
    host = meta.get("HTTP_HOST")
    if not host:
        host = f"{meta.get('SERVER_NAME', '')}:{meta.get('SERVER_PORT', '')}"
    return normalized_host(host, request.scheme)


def canonical_query(query_string, params):
    """The part of ``query_string`` a page reads (``params``), in one order: sorted by name, values as given."""
    if not query_string or not params:
        return ""
    # WSGI gives the query's bytes as a latin-1 string; they are UTF-8, as Django reads them (QueryDict).
    text = query_string.encode("iso-8859-1", "replace").decode("utf-8", "replace")
    wanted = [(name, value) for name, value in parse_qsl(text, keep_blank_values=True) if name in params]
    if not wanted:
        return ""
    wanted.sort(key=lambda pair: pair[0])  # stable: several values of one name keep their order
    return urlencode(wanted)


def page_key(scheme, host, path, query):
    address = f"{scheme}://{host}{path}?{query}"
    return core.KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def language_of(path_info):
    """The language a path is rendered in, as LocaleMiddleware decides with i18n_patterns(prefix_default_language=
    False): the language prefix, else the default language."""
    return get_language_from_path(path_info) or settings.LANGUAGE_CODE


def may_add_variant(path):
    """Count one more stored copy of ``path``; False once ``PAGE_CACHE_MAX_VARIANTS`` were made in this window.

    Windows are ``PAGE_CACHE_SECONDS`` long, as long as a copy lives: at most that many copies of one path are
    made per window, whatever the query strings and hosts a crawler or an attacker invents, so at most twice
    that many exist at any time.
    """
    limit = getattr(settings, "PAGE_CACHE_MAX_VARIANTS", 200)
    if not limit:
        return True
    seconds = max(1, core._seconds())
    window = int(time.time() // seconds)
    counter = f"{VARIANTS_PREFIX}{window}:{hashlib.sha256(path.encode()).hexdigest()}"
    cache.add(counter, 0, timeout=2 * seconds)
    try:
        count = cache.incr(counter)
    except ValueError:
        return False  # the counter could not be made (the cache is failing): store nothing
    return count <= limit
