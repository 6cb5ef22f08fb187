from django.utils import timezone
from django.utils.functional import SimpleLazyObject


def portal(request):
    """The main menu and the portal's identity (header, footer, titles); lazy, so pages that do not show them run
    no query. The identity is the owner organization with its portal record (portal/identity.py), read once a
    request whoever asks (this, the views, the feeds)."""
    from news.models import Section
    from pagecache import SITE_TAG, memo
    from portal.identity import for_request

    def menu_sections():
        # Kept between requests like a page (every change of a section stamps the site tag); the language is
        # read when a name or address is shown, so one list serves both.
        return memo(request, "menu-sections", (SITE_TAG,), lambda: list(Section.objects.filter(in_menu=True)),
                    language=False)

    return {
        "menu_sections": SimpleLazyObject(menu_sections),
        "now_year": timezone.localdate().year,
        "identity": SimpleLazyObject(lambda: for_request(request)),
        # The owner organization itself (the footer used to read it by this name).
        "portal_owner": SimpleLazyObject(lambda: for_request(request).owner),
    }
