from django.urls import path
from django.utils.translation import gettext_lazy as _

from news import feeds
from news.filters import DirectiveFilterSet
from news.views import articles, directives, downloads, organizations, search
from pagecache import cache_public_page as cached

app_name = "news"

# Public pages are cached for anonymous readers (pagecache/); attachments are files, served as they are.
# Each page names the query parameters it reads (``query``): the others are no part of its cached copy and are
# removed before it renders (pagecache/keys.py). A page that starts reading one must name it here.
# Route strings are translated: "news/..." in English, "tin-tuc/..." in Vietnamese (locale/vi).
PAGE = ("page",)
DIRECTIVE_FILTERS = (*DirectiveFilterSet.base_filters, "page")
urlpatterns = [
    path("", cached(articles.HomeView.as_view()), name="home"),
    path(_("news/<slug:section>/<slug:slug>/"), cached(articles.ArticleDetailView.as_view()), name="article"),
    path(_("news/<slug:section>/<slug:slug>/print/"), cached(articles.ArticlePrintView.as_view()), name="article_print"),
    path(_("attachments/<int:pk>/"), downloads.attachment, name="attachment"),
    path(_("archive/<int:year>/"), cached(articles.YearArchiveView.as_view()), name="archive_year"),
    path(_("archive/<int:year>/<int:month>/"), cached(articles.MonthArchiveView.as_view(), query=PAGE), name="archive_month"),
    path("rss/", cached(feeds.LatestArticlesFeed()), name="feed"),
    path("rss/<slug:section>/", cached(feeds.LatestArticlesFeed()), name="section_feed"),
    path("atom/", cached(feeds.LatestArticlesAtomFeed()), name="atom"),
    path("atom/<slug:section>/", cached(feeds.LatestArticlesAtomFeed()), name="section_atom"),
    path(_("sections/<slug:slug>/"), cached(articles.SectionView.as_view(), query=PAGE), name="section"),
    path(_("tags/<slug:slug>/"), cached(articles.TagView.as_view(), query=PAGE), name="tag"),
    path(_("search/"), cached(search.SearchView.as_view(), query=("q", "page")), name="search"),
    path(_("documents/"), cached(directives.DirectiveListView.as_view(), query=DIRECTIVE_FILTERS), name="directive_list"),
    path(_("documents/<slug:slug>/"), cached(directives.DirectiveDetailView.as_view(), query=PAGE), name="directive"),
    path(_("organizations/"), cached(organizations.OrganizationListView.as_view()), name="organization_list"),
    path(_("organizations/<slug:slug>/"), cached(organizations.OrganizationDetailView.as_view()), name="organization"),
]
