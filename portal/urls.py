"""/gioi-thieu/, /tiep-can-thong-tin/, /so-do-trang/ and /en/about/, /en/access-to-information/, /en/site-map/.

The addresses are fixed per language here rather than translated through the catalog (as news/urls.py does):
they are part of the site's design (shared/design.md), so they hold before and after any translation work.
"""
from django.urls import path
from django.utils.functional import lazy
from django.utils.translation import get_language

from pagecache import cache_public_page as cached

from . import views

app_name = "portal"


def _route(vi, en):
    """A route that reads ``vi`` on Vietnamese pages and ``en`` on English ones (resolved and reversed per language)."""
    return lazy(lambda: en if (get_language() or "vi").startswith("en") else vi, str)()


urlpatterns = [
    path(_route("gioi-thieu/", "about/"), cached(views.AboutView.as_view()), name="about"),
    path(_route("tiep-can-thong-tin/", "access-to-information/"), cached(views.AccessView.as_view()), name="access"),
    path(_route("so-do-trang/", "site-map/"), cached(views.SiteMapView.as_view()), name="site_map"),
]
