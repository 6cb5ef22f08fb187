"""sitemap.xml: every public page, each with its language alternates (hreflang)."""
from django.contrib.sitemaps import Sitemap
from django.db.models import BooleanField, ExpressionWrapper, Max

from news import cache_invalidation
from news.models import Article, Directive, Organization, Section, Tag
from news.models.articles import written_in
from news.page_cache import SITE_TAG

# Sitemap pages hold at most this many items; with two languages that is at most 10,000 URLs per response.
ITEMS_PER_PAGE = 5000


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = ITEMS_PER_PAGE


class ArticleSitemap(_Bilingual):
    changefreq = "never"

    def items(self):
        # Vietnamese is the language every public article has; English only where the English version is public.
        # The bodies are not needed here: only whether an English version exists, asked in the same query.
        return (
            Article.objects.published("vi")
            .annotate(in_english=ExpressionWrapper(written_in("en"), output_field=BooleanField()))
            .select_related("section")
            .only("pk", "slug_vi", "slug_en", "updated_at", "section__slug_vi", "section__slug_en")
            .order_by("-published_at", "-pk")
        )

    def get_languages_for_item(self, article):
        return ["vi", "en"] if article.in_english else ["vi"]

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item (all public articles) for the index.
        return Article.objects.published("vi").aggregate(latest=Max("updated_at"))["latest"]

    def lastmod(self, article):
        return article.updated_at


class SectionSitemap(_Bilingual):
    changefreq = "daily"

    def items(self):
        return Section.objects.annotate(last_article=Max("articles__updated_at")).order_by("position", "pk")

    def lastmod(self, section):
        return section.last_article

    def get_latest_lastmod(self):
        return Article.objects.published("vi").aggregate(latest=Max("updated_at"))["latest"]


class TagSitemap(_Bilingual):
    def items(self):
        return Tag.objects.order_by("pk")


class DirectiveSitemap(_Bilingual):
    def items(self):
        return Directive.objects.order_by("pk")


class OrganizationSitemap(_Bilingual):
    def items(self):
        return Organization.objects.order_by("pk")


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "documents": DirectiveSitemap,
    "organizations": OrganizationSitemap,
}


# What each sitemap lists, as page cache tags (news/cache_invalidation.py); the index lists them all.
TAGS = {
    "articles": [cache_invalidation.ARTICLES],
    "sections": [SITE_TAG, cache_invalidation.ARTICLES],  # a section's lastmod is its newest article's
    "tags": [cache_invalidation.TAGS],
    "documents": [cache_invalidation.DIRECTIVES],
    "organizations": [cache_invalidation.ORGANIZATIONS],
}


def sitemap_tags(request, sitemaps, section=None, **kwargs):
    return TAGS[section] if section in TAGS else [tag for tags in TAGS.values() for tag in tags]
