"""sitemap.xml: every public page, each with its language alternates (hreflang)."""
from django.contrib.sitemaps import Sitemap
from django.db.models import BooleanField, ExpressionWrapper, F, Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.translation import get_language

from consultation import effects as consultation_effects
from consultation.models import Draft
from consultation.models import written_in as draft_written_in
from news import cache_invalidation
from news.models import Article, ArticleTransition, Directive, Organization, Section, Tag
from news.models.articles import written_in
from pagecache import SITE_TAG

# Sitemap pages hold at most this many items; with two languages that is at most 10,000 URLs per response.
ITEMS_PER_PAGE = 5000


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = ITEMS_PER_PAGE


def newest_public_change():
    """When a public article last changed: the lastmod of the article sitemap in the index."""
    return Article.objects.published("vi").aggregate(latest=Max("updated_at"))["latest"]


class _ArticlesInLanguages:
    """The (article, language) pairs of the article sitemap, read one page at a time.

    Django's i18n sitemap builds every pair in memory to paginate them: at 100,000 articles that read every
    public article on each request (seconds, hundreds of MB). Here the pairs are all Vietnamese ones, then
    all English ones, so a page is one or two sliced queries and the count is two COUNTs.
    """

    def __init__(self, parts):
        self.parts = parts  # [(language, queryset)]
        self._counts = None

    def counts(self):
        if self._counts is None:
            self._counts = [queryset.count() for _lang, queryset in self.parts]
        return self._counts

    def __len__(self):
        return sum(self.counts())

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        start, stop, _step = index.indices(len(self))
        pairs, offset = [], 0
        for (lang, queryset), count in zip(self.parts, self.counts()):
            low, high = max(start - offset, 0), min(stop - offset, count)
            if low < high:
                pairs.extend((article, lang) for article in queryset[low:high])
            offset += count
        return pairs


class ArticleSitemap(_Bilingual):
    changefreq = "never"

    def __init__(self):
        self._url_templates = {}

    def items(self):
        return self._public("vi")

    def _public(self, language):
        # The bodies are not needed here: only whether an English version exists, asked in the same query.
        return (
            Article.objects.published(language)
            .annotate(in_english=ExpressionWrapper(written_in("en"), output_field=BooleanField()))
            .select_related("section")
            .only("pk", "slug_vi", "slug_en", "updated_at", "section__slug_vi", "section__slug_en")
            .order_by("-published_at", "-pk")
        )

    def _items(self):
        # Every public article has Vietnamese (see ArticleQuerySet.published); English only some.
        # An English page is listed with its Vietnamese alternate, which must exist too.
        english = self._public("en").filter(written_in("vi"))
        return _ArticlesInLanguages([("vi", self._public("vi")), ("en", english)])

    def get_languages_for_item(self, article):
        return ["vi", "en"] if article.in_english else ["vi"]

    def location(self, article):
        # Article.get_absolute_url() with the route reversed once per language rather than for each of the
        # 20,000 links a sitemap page holds.
        language = get_language()
        if language not in self._url_templates:
            self._url_templates[language] = reverse(
                "news:article", kwargs={"section": "__section__", "slug": "__article__"}
            )
        return (
            self._url_templates[language]
            .replace("__section__", article.section.slug, 1)
            .replace("__article__", article.slug, 1)
        )

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item (all public articles) for the index.
        return newest_public_change()

    def lastmod(self, article):
        return article.updated_at


class SectionSitemap(_Bilingual):
    """A section's lastmod is the last time its page changed for readers, never a change they cannot see.

    Its page lists its public articles, so it changes when one of them is edited, goes live (a scheduled
    article, at its publication time, after its last save) or leaves the public site (unpublished, or back to
    draft, once it had gone live). Drafts, articles in review, scheduled articles before their time and
    unpublished ones edited afterwards leave it alone.
    """

    changefreq = "daily"

    def items(self):
        public = (
            Article.objects.published("vi")  # every public article has Vietnamese (ArticleQuerySet.published)
            .filter(section=OuterRef("pk"))
            .annotate(changed=Greatest("updated_at", "published_at"))
            .order_by("-changed")
            .values("changed")[:1]
        )
        withdrawn = (
            ArticleTransition.objects.filter(
                article__section=OuterRef("pk"), from_status=Article.Status.PUBLISHED,
                article__published_at__lte=F("at"),  # it was online when it was taken off
            )
            .order_by("-at")
            .values("at")[:1]
        )
        return Section.objects.annotate(
            last_public_edit=Subquery(public), last_withdrawal=Subquery(withdrawn)
        ).order_by("position", "pk")

    def lastmod(self, section):
        return max(filter(None, (section.last_public_edit, section.last_withdrawal)), default=None)

    def get_latest_lastmod(self):
        # The sections are few: one query, the same as their page's.
        return max(filter(None, map(self.lastmod, self.items())), default=None)


class TagSitemap(_Bilingual):
    def items(self):
        return Tag.objects.order_by("pk")


class DirectiveSitemap(_Bilingual):
    def items(self):
        return Directive.objects.order_by("pk")


class OrganizationSitemap(_Bilingual):
    def items(self):
        return Organization.objects.order_by("pk")


class DraftSitemap(_Bilingual):
    """Drafts for comment readers see (DraftQuerySet.published()): each in Vietnamese, and in English when written
    in it. Their pages change by the clock too (the period), which the page cache follows; lastmod is the edit."""

    changefreq = "daily"

    def items(self):
        # Staff write every draft in Vietnamese (its title and summary are required there).
        return (
            Draft.objects.published("vi")
            .annotate(in_english=ExpressionWrapper(draft_written_in("en"), output_field=BooleanField()))
            .only("pk", "slug", "updated_at")
            .order_by("-opens_at", "-pk")
        )

    def get_languages_for_item(self, draft):
        return ["vi", "en"] if draft.in_english else ["vi"]

    def lastmod(self, draft):
        return draft.updated_at


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "documents": DirectiveSitemap,
    "organizations": OrganizationSitemap,
    "drafts": DraftSitemap,
}


# What each sitemap lists, as page cache tags (news/cache_invalidation.py); the index lists them all.
TAGS = {
    "articles": [cache_invalidation.ARTICLES],
    "sections": [SITE_TAG, cache_invalidation.ARTICLES],  # a section's lastmod is its articles' last public change
    "tags": [cache_invalidation.TAGS],
    "documents": [cache_invalidation.DIRECTIVES],
    "organizations": [cache_invalidation.ORGANIZATIONS],
    "drafts": [consultation_effects.DRAFTS],
}


def sitemap_tags(request, sitemaps, section=None, **kwargs):
    return TAGS[section] if section in TAGS else [tag for tags in TAGS.values() for tag in tags]
