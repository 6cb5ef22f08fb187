"""Public pages of the news: home, article, section and tag listings."""
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView
from modeltranslation.utils import get_language

from news.models import Article, Section, Tag

from .mixins import AlternateLanguagesMixin, urls_in_each_language

ARTICLES_PER_PAGE = 20
RELATED_ARTICLES = 5


def public_articles():
    """Published articles of the active language, newest first, with what a list shows."""
    return Article.objects.published().newest_first().select_related("section")


class HomeView(AlternateLanguagesMixin, ListView):
    template_name = "news/home.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE

    def get_queryset(self):
        return public_articles()


class ArticleDetailView(AlternateLanguagesMixin, DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        lang = get_language()
        return get_object_or_404(
            public_articles().prefetch_related("tags", "attachments"), **{f"slug_{lang}": self.kwargs["slug"]}
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if request.path != canonical:  # moved to another section, or an old section slug
            return redirect(canonical, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_alternate_urls(self):
        return urls_in_each_language(
            self.object,
            lambda article, code: Article.objects.published(code).filter(pk=article.pk).exists(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section_articles"] = public_articles().filter(section=self.object.section_id).exclude(
            pk=self.object.pk
        )[:RELATED_ARTICLES]
        return context


class _ArticlesOfView(AlternateLanguagesMixin, ListView):
    """Articles of one section or tag (``model``), newest first, paginated."""

    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE
    model = None
    filter_name = None

    def get_queryset(self):
        lang = get_language()
        self.owner = get_object_or_404(self.model, **{f"slug_{lang}": self.kwargs["slug"]})
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
