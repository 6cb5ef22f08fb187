"""/api/: the open-data API (read-only), its OpenAPI schema and docs, and the CSV exports (api/export_urls.py).

Each list and record is a cached page for readers (pagecache/), naming the query parameters it reads: the others
are no part of its copy. Version 1 lives under /api/v1/; a change that breaks clients gets /api/v2/ beside it.
"""
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from news.filters import DirectiveFilterSet
from pagecache import cache_public_page as cached

from . import docs, views
from .filters import ArticleFilterSet

app_name = "api"


def resource(route, viewset, name, filters=()):
    """The list (``name``-list) and the record (``name``-detail) of one kind of thing, both cached pages."""
    return [
        path(f"v1/{route}/", cached(viewset.as_view({"get": "list"}), query=(*views.LIST_QUERY, *filters)),
             name=f"{name}-list"),
        path(f"v1/{route}/<int:pk>/", cached(viewset.as_view({"get": "retrieve"}), query=views.DETAIL_QUERY),
             name=f"{name}-detail"),
    ]


urlpatterns = [
    *resource("articles", views.ArticleViewSet, "article", tuple(ArticleFilterSet.base_filters)),
    *resource("documents", views.DocumentViewSet, "document", tuple(DirectiveFilterSet.base_filters)),
    *resource("organizations", views.OrganizationViewSet, "organization"),
    *resource("sections", views.SectionViewSet, "section"),
    *resource("tags", views.TagViewSet, "tag"),
    # Not a cached page: its format follows the Accept header too, which a cached copy's key does not hold.
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("export/", include("api.export_urls")),  # CSV for spreadsheets, linked from the registry's pages
    # Anything else ending in a slash: a JSON 404 (without the slash, Django's redirect to it comes first).
    re_path(r"^.*/$", views.not_found),
]
