"""Public pages of the news: home, article, section and tag listings."""
import functools
import operator
from types import SimpleNamespace

from django.conf import settings
from django.db import connection
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView, TemplateView, dates
from modeltranslation.utils import get_language

from news import internal_links
from news.cache_invalidation import ARTICLES, DIRECTIVES, tag_for
from news.models import Article, Directive, Image, Organization, Section, Tag
from pagecache import SITE_TAG, depends_on, memo

from .mixins import AlternateLanguagesMixin, urls_in_each_language

ARTICLES_PER_PAGE = 20
RELATED_ARTICLES = 5


def public_articles():
    """Published articles of the active language, newest first, with what a list shows."""
    return Article.objects.published().newest_first().select_related("section")


HOME_LATEST = 8
HOME_PER_SECTION = 4
HOME_DIRECTIVES = 5


def newest_per_section(count):
    """The ``count`` newest public articles of every section, sections in menu order: two queries at any size.

    Each section's few are read from the index on (section, published_at) and stop there; ranking every
    public article with a window function instead took 600 ms at 100,000 articles.
    """
    parts = [
        public_articles().filter(section=pk).order_by("-published_at", "-pk").values("pk")[:count]
        for pk in Section.objects.order_by().values_list("pk", flat=True)
    ]
    if not parts:
        return public_articles().none()
    if connection.features.supports_slicing_ordering_in_compound:
        newest = Q(pk__in=parts[0].union(*parts[1:], all=True))  # PostgreSQL: one indexed scan per section
    else:
        newest = functools.reduce(operator.or_, (Q(pk__in=part) for part in parts))  # SQLite
    return public_articles().filter(newest).order_by("section__position", "section_id", "-published_at", "-pk")


class HomeView(AlternateLanguagesMixin, TemplateView):
    """The front page: the lead article with its photo, the latest news, a block per section, new documents."""

    template_name = "news/home.html"

    def get_context_data(self, **kwargs):
        latest = list(public_articles()[: HOME_LATEST + 1])
        lead = next((article for article in latest if article.image_id), latest[0] if latest else None)
        if lead and lead.image_id:
            prefetch_related_objects([lead], "image__renditions")
        blocks = {}
        for article in newest_per_section(HOME_PER_SECTION):
            blocks.setdefault(article.section, []).append(article)
        depends_on(self.request, ARTICLES, DIRECTIVES, tag_for(Image, lead.image_id) if lead else None)
        return super().get_context_data(
            lead=lead,
            latest=[article for article in latest if article != lead][:HOME_LATEST],
            section_blocks=list(blocks.items()),
            latest_directives=Directive.objects.order_by("-issued_on", "-pk")[:HOME_DIRECTIVES],
            **kwargs,
        )


class ArticleDetailView(AlternateLanguagesMixin, DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"
    shows_organizations = True

    def get_object(self, queryset=None):
        lang = get_language()
        slug = self.kwargs["slug"]

        def read():
            return (
                public_articles().select_related("image").prefetch_related("tags", "attachments", "image__renditions")
                .filter(**{f"slug_{lang}": slug}).first()
            )

        # Kept between renders until the article, its section, image or tags change (their tags): a page that
        # must be rendered again for another reason (the menu changed, another host name) reads no article.
        # Not past the next go-live either: an article's time to come down is one (no edit happens then).
        article = memo(self.request, "article", article_tags, read, vary=(slug,), until_go_live=True)
        if article is None:
            raise Http404("No article at this address.")
        return article

    def get_page_path(self):
        return self.object.get_absolute_url()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.get_page_path()
        if request.path != canonical:  # moved to another section, or an old section slug
            return redirect(canonical, permanent=True)
        # ETag and Last-Modified (so a repeat visit gets 304) are added where the page is rendered: pagecache/views.py.
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_alternate_urls(self):
        # The article is public (it was loaded through published()); only its languages remain to check.
        return urls_in_each_language(self.object, lambda article, code: article.is_written_in(code))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        page_url = self.request.build_absolute_uri(article.get_absolute_url())
        context["page_url"] = page_url
        context["section_articles"] = SimpleLazyObject(lambda: [
            other for other in section_newest(self.request, article.section_id) if other.pk != article.pk
        ][:RELATED_ARTICLES])
        context["related_organizations"] = (
            related_organizations(article, self.request) if self.shows_organizations else []
        )
        # What the article's own part of the page shows ({% fragment "article-main" %}, kept per host for its
        # share links): not the section's tag, which every article of the section stamps.
        context["article_part_tags"] = [
            *article_tags(article),
            *(tag_for(Organization, organization.pk) for organization in context["related_organizations"]),
            # What the body links to and shows from the library (news/internal_links.py): their addresses, and
            # whether readers may see them, are read when the part is made.
            *internal_links.target_tags(internal_links.stored_body(article)),
        ]
        context["section_tag"] = tag_for(Section, article.section_id)  # the "more from this section" list
        depends_on(self.request, *context["article_part_tags"], context["section_tag"])
        context["today"] = timezone.localdate()
        # Read only when the page's head is rendered, not when its kept part is used.
        context["share_image"] = SimpleLazyObject(lambda: share_image(article, self.request))
        context["structured_data"] = lambda: news_article_data(article, page_url, self.request)
        return context


class ArticlePrintView(ArticleDetailView):
    """The article alone, for printing: no menu, no footer, no related lists."""

    template_name = "news/article_print.html"
    shows_organizations = False  # links to other pages, like the tags and attachments it leaves out too

    def get_page_path(self):
        return reverse("news:article_print", kwargs={"section": self.object.section.slug, "slug": self.object.slug})

    def get_alternate_urls(self):
        return {}


def section_newest(request, section_id):
    """The section's newest public articles, one more than a "more from this section" list shows (the article
    itself may be among them): read once for every article of the section and kept until one of its articles
    changes (the section's tag, which the page carries) or the next scheduled one goes live (pagecache.memo)."""
    def read():
        newest = public_articles().filter(section=section_id).defer(*LISTED_DEFERRED)[: RELATED_ARTICLES + 1]
        # What the list shows, in this language: a few hundred bytes kept, not the articles' bodies.
        return [
            SimpleNamespace(pk=other.pk, title=other.title, get_absolute_url=other.get_absolute_url(),
                            published_at=other.published_at)
            for other in newest
        ]

    return memo(request, "section-newest", (tag_for(Section, section_id),), read, vary=(section_id,),
                until_go_live=True)


# Columns a list of articles does not show (their bodies and leads, in each language).
LISTED_DEFERRED = [
    f"{field}_{code}" for field in ("body", "body_linked", "lead", "lead_linked") for code, _name in settings.LANGUAGES
]


def article_tags(article):
    """The tags of what an article's own page reads of it: itself, its image and its tags, and its section's name
    and address, which the site tag guards: every save of a section stamps it (news/cache_invalidation.py),
    while the section's own tag is stamped by every article of it, which would drop this one for nothing."""
    return [
        tag_for(Article, article.pk), SITE_TAG, tag_for(Image, article.image_id),
        *(tag_for(Tag, tag.pk) for tag in article.tags.all()),
    ]


def related_organizations(article, request=None):
    """The organizations the article is about, as the directory orders them: one query, whatever their number.

    Current ones first, each before its own units among them, then the dissolved ones (marked as such). Kept
    between renders (a related block, pagecache.memo) until the article's links or one of them change, and for
    one day at most: whether one is dissolved depends on the date.
    """

    def read():
        return Organization.in_tree_order(Organization.alphabetical(article.organizations.order_by()))

    return memo(
        request, "related-organizations",
        lambda organizations: [tag_for(Article, article.pk), *(tag_for(Organization, org.pk) for org in organizations)],
        read, vary=(article.pk, timezone.localdate()),
    )


def news_article_data(article, page_url, request):
    """schema.org NewsArticle for search engines (JSON-LD)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "mainEntityOfPage": page_url,
        "inLanguage": get_language(),
        "articleSection": article.section.name,
        "publisher": {"@type": "GovernmentOrganization", "name": _portal_owner_name(request)},
    }
    if article.lead:
        data["description"] = article.lead
    images = crop_urls(article, request)
    if images:
        data["image"] = images  # 16:9, 4:3 and 1:1, the shapes search engines ask for, around the focal point
    return data


def share_image(article, request):
    """The lead image as shared pages get it (og:image): its 16:9 crop around the focal point, absolute URL.

    The widest JPEG of the whole picture if the crop could not be made."""
    from news.renditions import SHARE_CROP, cropped, largest

    rendition = (cropped(article.image, SHARE_CROP) or largest(article.image)) if article.image_id else None
    if not rendition:
        return None
    return {"url": request.build_absolute_uri(rendition.file.url), "width": rendition.width, "height": rendition.height}


def crop_urls(article, request):
    """Absolute URLs of the lead image's crops for structured data (news/renditions.py CROPS, in its order)."""
    from news.renditions import CROPS, cropped, largest

    if not article.image_id:
        return []
    renditions = [r for r in (cropped(article.image, name) for name in CROPS) if r] or [largest(article.image)]
    return [request.build_absolute_uri(r.file.url) for r in renditions if r]


def _portal_owner_name(request):
    """The publisher: the portal's owner as its record names it (portal/identity.py), read once a request."""
    from portal.identity import for_request

    return for_request(request).name


class _PublicDateMixin:
    """Date-based archive over public articles only (djangoproject.com's blog pattern)."""

    date_field = "published_at"
    allow_empty = True
    allow_future = False
    context_object_name = "articles"

    def get_queryset(self):
        depends_on(self.request, ARTICLES)
        return public_articles()


class YearArchiveView(_PublicDateMixin, AlternateLanguagesMixin, dates.YearArchiveView):
    template_name = "news/archive_year.html"
    make_object_list = False


class MonthArchiveView(_PublicDateMixin, AlternateLanguagesMixin, dates.MonthArchiveView):
    template_name = "news/archive_month.html"
    month_format = "%m"
    paginate_by = ARTICLES_PER_PAGE


class _ArticlesOfView(AlternateLanguagesMixin, ListView):
    """Articles of one section or tag (``model``), newest first, paginated."""

    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE
    model = None
    filter_name = None

    def get_queryset(self):
        lang = get_language()
        self.owner = get_object_or_404(self.model, **{f"slug_{lang}": self.kwargs["slug"]})
        depends_on(self.request, tag_for(self.model, self.owner.pk))
        return public_articles().filter(**{self.filter_name: self.owner})

    def get_alternate_urls(self):
        return urls_in_each_language(self.owner)

    def get_context_data(self, **kwargs):
        return super().get_context_data(owner=self.owner, **kwargs)


class SectionView(_ArticlesOfView):
    template_name = "news/section_detail.html"
    model = Section
    filter_name = "section"


class TagView(_ArticlesOfView):
    template_name = "news/tag_detail.html"
    model = Tag
    filter_name = "tags"
