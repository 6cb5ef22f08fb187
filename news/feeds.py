"""RSS and Atom feeds of the news, for all sections or one, in the language of the URL (/rss/, /en/rss/)."""
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from modeltranslation.utils import get_language

from news.cache_invalidation import ARTICLES, tag_for
from news.models import Article, Section
from news.page_cache import depends_on

FEED_ITEMS = 30


class LatestArticlesFeed(Feed):
    def get_object(self, request, section=None):
        if section is None:
            depends_on(request, ARTICLES)
            return None
        section = get_object_or_404(Section, **{f"slug_{get_language()}": section})
        depends_on(request, tag_for(Section, section.pk))
        return section

    def get_feed(self, obj, request):
        # title() and description() have no request: they read the portal's identity bound here (one query).
        from portal.identity import bound, for_request

        with bound(for_request(request)):
            return super().get_feed(obj, request)

    def title(self, section):
        from portal.identity import current

        portal_name = current().name or _("News portal")
        return f"{section.name} | {portal_name}" if section else portal_name

    def link(self, section):
        return section.get_absolute_url() if section else reverse("news:home")

    def description(self, section):
        from portal.identity import current

        name = current().name
        return _("Latest news of the %(name)s portal") % {"name": name} if name else _("Latest news")

    def feed_url(self, section):
        return None

    def items(self, section):
        articles = Article.objects.published().newest_first().select_related("section")
        if section is not None:
            articles = articles.filter(section=section)
        return articles[:FEED_ITEMS]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lead

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_categories(self, article):
        return [article.section.name]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
