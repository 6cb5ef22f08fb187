"""Vietnamese at the root, English under /en/; the admin follows the same rule (/admin/ is Vietnamese)."""
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from news.admin.choosers import install as install_choosers
from news.sitemaps import SITEMAPS, sitemap_tags
from news.views.pages import robots_txt
from pagecache import cache_public_page
from portal.views import favicon

handler403 = "news.views.pages.permission_denied"  # in the admin, the admin's layout
handler404 = "news.views.pages.page_not_found"
handler500 = "news.views.pages.server_error"

urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    # Browsers ask for /favicon.ico whatever the page says: sent to the drawn icon (scripts/draw_favicon.py).
    path("favicon.ico", favicon, name="favicon"),
    path("sitemap.xml", cache_public_page(sitemap_views.index, tags=sitemap_tags),
         {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap-index"),
    # A sitemap section is split into pages by ?p= (Django's sitemap view).
    # The open-data API answers in both languages at one address (api/): not under /en/.
    path("api/", include("api.urls")),
    path("sitemap-<section>.xml", cache_public_page(sitemap_views.sitemap, tags=sitemap_tags, query=("p",)),
         {"sitemaps": SITEMAPS}, name="sitemap-section"),
]

# The body editor's choosers (pictures, internal links) answer under /admin/choosers/, in the admin's namespace.
install_choosers(admin.site)

urlpatterns += i18n_patterns(
    path("admin/desk/", include("desk.urls")),  # the desk's endpoints (presence), before the admin's catch-all
    path("admin/", admin.site.urls),
    path("", include("portal.urls")),  # about, access to information, site map
    path("", include("consultation.urls")),  # drafts for public comment
    path("captcha/", include("captcha.urls")),  # the comment form's CAPTCHA pictures (django-simple-captcha)
    path("", include("news.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
