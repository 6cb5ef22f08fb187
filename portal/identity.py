"""The portal's identity, read from data: the owner organization (settings.PORTAL_OWNER_SLUG) and its Portal row.

Every page's header, footer and <title>, the feeds, the article's publisher (JSON-LD), the print view and the
admin's header read it from here; no template or module writes the ministry's name. One query reads both rows
(``load``); a request reads them once (``for_request``, what the context processor and the views share).

The 500 page may not query the database (it may be what failed): it reads the last identity a page was
rendered with, kept in the cache (``last_known``), and says nothing of the name when the cache has none.
"""
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import get_language
from django.utils.translation import gettext as _

LAST_KNOWN_KEY = "portal:identity:last-known"
_bound = ContextVar("portal_identity", default=None)


class Identity:
    """The owner organization and its Portal row (either may be missing on a new site), as pages show them."""

    def __init__(self, owner=None, portal=None):
        self.owner = owner
        self.portal = portal

    def __bool__(self):
        return self.owner is not None

    # --- names ------------------------------------------------------------------------------------------------
    @property
    def name(self):
        """The owner's name in the active language (Vietnamese when it has none in that language)."""
        return (self.owner.name or "") if self.owner else ""

    def name_in(self, language):
        return (getattr(self.owner, f"name_{language}", None) or "") if self.owner else ""

    @property
    def short_name(self):
        return (self.owner.short_name or "") if self.owner else ""

    def logo_line(self, language):
        """The header's line in ``language``: the logo text typed for it, else the owner's name in capitals."""
        typed = getattr(self.portal, f"logo_text_{language}", "") if self.portal else ""
        return typed or self.name_in(language).upper()

    @property
    def logo_lines(self):
        """[(language, text)] for the header: the site's languages, Vietnamese first, each present."""
        return [(code, text) for code, _name in settings.LANGUAGES if (text := self.logo_line(code))]

    @property
    def admin_header(self):
        return _("%(name)s portal") % {"name": self.name} if self.name else _("Portal administration")

    # --- contact ------------------------------------------------------------------------------------------------
    def _owner(self, field):
        return (getattr(self.owner, field) or "") if self.owner else ""

    def _portal(self, field):
        return (getattr(self.portal, field) or "") if self.portal else ""

    address = property(lambda self: self._owner("address"))
    phone = property(lambda self: self._owner("phone"))
    email = property(lambda self: self._owner("email"))
    website = property(lambda self: self._owner("website"))
    footer_text = property(lambda self: self._portal("footer_text"))
    responsible_name = property(lambda self: self._portal("responsible_name"))
    responsible_position = property(lambda self: self._portal("responsible_position"))

    @property
    def footer_lines(self):
        return [line.strip() for line in self.footer_text.splitlines() if line.strip()]

    def snapshot(self):
        """What the 500 page may show of it, kept in the cache: plain strings only."""
        return {
            "names": {code: self.name_in(code) for code, _name in settings.LANGUAGES},
            "logo": self.logo_lines,
        }


def load():
    """The identity as stored now: one query (the owner with its Portal row)."""
    from news.models import Organization

    owner = Organization.objects.filter(slug=settings.PORTAL_OWNER_SLUG).select_related("portal").first()
    portal = None
    if owner is not None:
        try:
            portal = owner.portal
        except ObjectDoesNotExist:
            portal = None
    identity = Identity(owner, portal)
    remember(identity, overwrite=False)
    return identity


def for_request(request):
    """The identity for this request, read at most once per request, and kept between requests (cached).

    Kept by the page cache (pagecache.memo) until the site tag or the portal record's tag is stamped: any save of
    the owner, of a Portal row or of its parts reads it again, so the portal record a page gets is never older
    than the last save. The pages showing it carry only the site tag: a save that changes what they show
    (the identity's fields) stamps the site tag itself (portal/signals.py, news/cache_invalidation.py).
    """
    if request is None:
        return current()
    identity = getattr(request, "_portal_identity", None)
    if identity is None:
        identity = _bound.get()
        identity = request._portal_identity = _kept(request) if identity is None else identity
    return identity


def _kept(request):
    import pagecache

    from .signals import PORTAL_PAGES  # signals imports this module

    return pagecache.memo(
        request, "portal-identity", (pagecache.SITE_TAG, PORTAL_PAGES), load, declares=(pagecache.SITE_TAG,),
        language=False,
    )


def current():
    """The identity bound by ``bound`` (a feed being rendered), else read now."""
    identity = _bound.get()
    return load() if identity is None else identity


class bound:
    """``with bound(identity):`` code that has no request (a feed's title()) reads this identity."""

    def __init__(self, identity):
        self.identity = identity

    def __enter__(self):
        self._token = _bound.set(self.identity)
        return self.identity

    def __exit__(self, *exc):
        _bound.reset(self._token)


# --- the 500 page's memory ---------------------------------------------------------------------------------------

def remember(identity, overwrite=True):
    """Keep what the 500 page shows; a render only fills a gap, a save of the identity overwrites it."""
    try:
        if not identity:
            if overwrite:  # the owner is gone: the 500 page names nobody rather than a former owner
                cache.delete(LAST_KNOWN_KEY)
        elif overwrite:
            cache.set(LAST_KNOWN_KEY, identity.snapshot(), timeout=None)
        else:
            cache.add(LAST_KNOWN_KEY, identity.snapshot(), timeout=None)
    except Exception:  # a cache that is down costs the 500 page its name, never a page
        pass


def last_known(language=None):
    """{"name": ..., "logo": [(language, text)]} from the cache, or None; never touches the database."""
    try:
        snapshot = cache.get(LAST_KNOWN_KEY)
    except Exception:
        return None
    if not snapshot:
        return None
    names = snapshot.get("names") or {}
    language = language or get_language() or settings.LANGUAGE_CODE
    return {
        "name": names.get(language) or names.get(settings.LANGUAGE_CODE) or "",
        "logo": [tuple(line) for line in snapshot.get("logo") or []],
    }
