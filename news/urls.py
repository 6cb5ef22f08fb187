from django.urls import path
from django.utils.translation import gettext_lazy as _

from news import feeds
from news.views import articles, directives, downloads, organizations, search

app_name = "news"

# Route strings are translated: "news/..." in English, "tin-tuc/..." in Vietnamese (locale/vi).
urlpatterns = [
    path("", articles.HomeView.as_view(), name="home"),
    path(_("news/<slug:section>/<slug:slug>/"), articles.ArticleDetailView.as_view(), name="article"),
    path(_("news/<slug:section>/<slug:slug>/print/"), articles.ArticlePrintView.as_view(), name="article_print"),
    path(_("attachments/<int:pk>/"), downloads.attachment, name="attachment"),
    path(_("archive/<int:year>/"), articles.YearArchiveView.as_view(), name="archive_year"),
    path(_("archive/<int:year>/<int:month>/"), articles.MonthArchiveView.as_view(), name="archive_month"),
    path("rss/", feeds.LatestArticlesFeed(), name="feed"),
    path("rss/<slug:section>/", feeds.LatestArticlesFeed(), name="section_feed"),
    path("atom/", feeds.LatestArticlesAtomFeed(), name="atom"),
    path("atom/<slug:section>/", feeds.LatestArticlesAtomFeed(), name="section_atom"),
    path(_("sections/<slug:slug>/"), articles.SectionView.as_view(), name="section"),
    path(_("tags/<slug:slug>/"), articles.TagView.as_view(), name="tag"),
    path(_("search/"), search.SearchView.as_view(), name="search"),
    path(_("documents/"), directives.DirectiveListView.as_view(), name="directive_list"),
    path(_("documents/<slug:slug>/"), directives.DirectiveDetailView.as_view(), name="directive"),
    path(_("organizations/"), organizations.OrganizationListView.as_view(), name="organization_list"),
    path(_("organizations/<slug:slug>/"), organizations.OrganizationDetailView.as_view(), name="organization"),
]
