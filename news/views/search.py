"""The site search: published articles, documents and organizations, in the page's language."""
from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Paginator
from django.utils.http import urlencode
from django.views.generic import TemplateView
from modeltranslation.utils import get_language

from news.cache_invalidation import ARTICLES, DIRECTIVES, ORGANIZATIONS
from news.models import Article, Directive, Organization, SearchEntry
from news.search import InvalidQuery, SearchTerms, highlight, search, snippet
from pagecache import depends_on

from .mixins import AlternateLanguagesMixin

RESULTS_PER_PAGE = 20


@dataclass
class Result:
    kind: str
    kind_label: str
    url: str
    title: str  # HTML: escaped, query words in <mark>
    snippet: str  # idem
    date: date | datetime | None

    @property
    def has_time(self):
        return isinstance(self.date, datetime)


def results_for(entries, terms, language):
    """The page's entries as results, with their objects' current addresses: one query per kind on the page.

    Articles are loaded through ``Article.objects.published()``, the one definition of public, so an entry
    that lags behind its article (an update that bypassed signals) is left out rather than shown.
    """
    wanted = {kind: [entry.object_id for entry in entries if entry.kind == kind] for kind in SearchEntry.Kind}
    loaders = {
        SearchEntry.Kind.ARTICLE: lambda ids: Article.objects.published(language).filter(pk__in=ids)
        .select_related("section"),
        SearchEntry.Kind.DIRECTIVE: lambda ids: Directive.objects.filter(pk__in=ids),
        SearchEntry.Kind.ORGANIZATION: lambda ids: Organization.objects.filter(pk__in=ids),
    }
    objects = {
        kind: {obj.pk: obj for obj in loaders[kind](ids)} if ids else {} for kind, ids in wanted.items()
    }
    results = []
    for entry in entries:
        obj = objects[entry.kind].get(entry.object_id)
        if obj is None:
            continue
        when = {
            SearchEntry.Kind.ARTICLE: lambda: obj.published_at,
            SearchEntry.Kind.DIRECTIVE: lambda: obj.issued_on,
        }.get(entry.kind, lambda: None)()
        results.append(
            Result(
                kind=entry.kind,
                kind_label=entry.get_kind_display(),
                url=obj.get_absolute_url(),
                title=highlight(entry.title, terms),
                snippet=snippet(entry.body, terms) if entry.body else "",
                date=when,
            )
        )
    return results


class SearchView(AlternateLanguagesMixin, TemplateView):
    template_name = "news/search.html"

    def get_alternate_urls(self):
        # The same search in the other language.
        urls = super().get_alternate_urls()
        query = self.request.GET.get("q")
        if query is None:
            return urls
        return {code: f"{url}?{urlencode({'q': query})}" if url else url for code, url in urls.items()}

    def get_context_data(self, **kwargs):
        depends_on(self.request, ARTICLES, DIRECTIVES, ORGANIZATIONS)
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q")
        context.update(query=query or "", searched=query is not None)
        if query is None:
            return context
        try:
            terms = SearchTerms(query)
        except InvalidQuery as invalid:
            context["error"] = invalid.message
            return context
        language = get_language()
        found = search(terms, language)
        paginator = Paginator(found, RESULTS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            paginator=paginator,
            capped=found.capped,  # more than paginator.count results: the page says "more than"
            page_obj=page,
            page_query=urlencode({"q": query}),  # kept in the pagination links
            results=results_for(list(page.object_list), terms, language),
        )
        return context
