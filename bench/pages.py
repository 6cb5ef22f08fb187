"""The public pages the benchmark requests, chosen from the database (worst realistic cases where it matters)."""
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from news.models import Article, Directive, Organization, Section, Tag

COMMON_WORD = "chuyen doi so"  # without diacritics, as readers type it: one topic, thousands of articles
VERY_COMMON_WORD = "doanh nghiep"  # in most articles: tens of thousands of matches
RARE_WORD = "tao bien"  # "tảo biển": a few dozen articles in 100,000


def pages():
    """[(name, path)] in Vietnamese, the site's main language."""
    with translation.override("vi"):
        published = Article.objects.published("vi")
        article = published.newest_first()[1000:1001].get()  # an article a few weeks old, not the newest
        section = Section.objects.annotate(n=Count("articles")).order_by("-n").first()
        tag = Tag.objects.exclude(slug_vi="du-lieu-mau").annotate(n=Count("articles")).order_by("-n").first()
        directive = Directive.objects.annotate(n=Count("citing_articles")).order_by("-n").first()
        # The document most related to by others (a law and its decrees, circulars...): the largest panel.
        related = Directive.objects.annotate(n=Count("relations_to")).order_by("-n", "pk").first()
        organization = Organization.objects.annotate(n=Count("articles")).order_by("-n").first()
        year = Directive.objects.order_by("-issued_on").values_list("issued_on", flat=True).first().year - 1
        search = reverse("news:search")
        return [
            ("home", reverse("news:home")),
            ("article", article.get_absolute_url()),
            ("section p1", section.get_absolute_url()),
            ("section p500", f"{section.get_absolute_url()}?page=500"),
            ("tag", tag.get_absolute_url()),
            ("directive list filtered", f"{reverse('news:directive_list')}?type=quyet-dinh&year={year}"),
            ("directive detail", directive.get_absolute_url()),
            ("directive with relations", related.get_absolute_url()),
            ("directives guiding it", f"{reverse('news:directive_list')}?relation=guides&of={related.slug}"),
            ("directives partly in force", f"{reverse('news:directive_list')}?validity=partly_in_force&type=nghi-dinh"),
            ("organization", organization.get_absolute_url()),
            ("search common", f"{search}?q={COMMON_WORD.replace(' ', '+')}"),
            ("search very common", f"{search}?q={VERY_COMMON_WORD.replace(' ', '+')}"),
            ("search rare", f"{search}?q={RARE_WORD.replace(' ', '+')}"),
            ("rss", reverse("news:feed")),
            ("sitemap index", "/sitemap.xml"),
            ("sitemap articles p2", "/sitemap-articles.xml?p=2"),
            # The open-data API (api/) and the registry's CSV file, with the same filters as the list above.
            ("api articles p1", reverse("api:article-list")),
            ("api article", reverse("api:article-detail", args=[article.pk])),
            ("api documents filtered", f"{reverse('api:document-list')}?type=quyet-dinh&year={year}"),
            ("csv documents filtered", f"{reverse('api:directives_csv')}?type=quyet-dinh&year={year}"),
        ]
