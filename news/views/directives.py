"""The document registry (văn bản): a filterable list and one page per document, with its relations."""
import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from news.cache_invalidation import DIRECTIVES, ORGANIZATIONS, tag_for
from news.filters import DirectiveFilterSet
from news.models import Article, Directive, DocumentRelation, Organization, SubjectArea
from news.models.relations import SIDE_OF, SIDES, placeholder_citation
from pagecache import depends_on

from .mixins import AlternateLanguagesMixin, urls_in_each_language

DIRECTIVES_PER_PAGE = 20
CITING_PER_PAGE = 20
RELATED_PER_GROUP = 10  # the panel lists this many per relation, then links to the filtered list of all
TOC_MIN_ARTICLES = 3  # a text with at least this many articles (Điều) gets a table of contents


class DirectiveListView(AlternateLanguagesMixin, ListView):
    template_name = "news/directive_list.html"
    context_object_name = "directives"
    paginate_by = DIRECTIVES_PER_PAGE

    def get_queryset(self):
        # The issuing bodies filter lists organizations; subject areas are stamped with "directives".
        depends_on(self.request, DIRECTIVES, ORGANIZATIONS)
        queryset = (
            Directive.objects.select_related("issuing_body").with_validity().order_by("-issued_on", "number", "pk")
        )
        self.filterset = DirectiveFilterSet(self.request.GET or None, queryset=queryset)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.filterset.form, **kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        context["related_to"] = self.filterset.related_documents() if self.request.GET else None
        context["relation_label"] = self.filterset.relation_label()
        context["csv_url"] = export_url("api:directives_csv", query)
        return context


def export_url(name, query=None, **kwargs):
    """The address of a CSV export (api/exports.py) in the page's language, with ``query`` (a QueryDict)."""
    query = query.copy() if query is not None else QueryDict(mutable=True)
    if get_language() != settings.LANGUAGE_CODE:
        query["lang"] = get_language()
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{query.urlencode()}" if query else url


# --- One document -----------------------------------------------------------------------------------------------


@dataclass
class Related:
    """One document in the panel: a registered one (``directive``) or one named by number and date only."""

    directive: Directive | None
    citation: str
    issued_on: date | None
    parts: str
    effective_on: date | None


@dataclass
class RelationGroup:
    key: str  # a SIDES key, named from the side of the page's document
    label: str
    items: list = field(default_factory=list)
    count: int = 0
    all_url: str = ""


def relation_panel(directive):
    """The panel's groups, in SIDES order, and the registered documents they show: two queries in all."""
    # Newest first: by the issue date of the document on the other side (a placeholder's own date).
    other_issued = Case(
        When(source=directive, then=Coalesce("target__issued_on", "target_issued_on")),
        default=F("source__issued_on"),
    )
    rows = list(
        DocumentRelation.objects.filter(Q(source=directive) | Q(target=directive))
        .order_by(other_issued.desc(nulls_last=True), "-pk")
        .values("kind", "source_id", "target_id", "target_number", "target_issued_on", "target_type", "parts",
                "effective_on")
    )
    groups = {}
    for row in rows:
        is_source = row["source_id"] == directive.pk
        key = SIDE_OF[(row["kind"], is_source)]
        group = groups.setdefault(key, RelationGroup(key, SIDES[key][2]))
        group.count += 1
        if len(group.items) < RELATED_PER_GROUP:
            group.items.append(row | {"other_id": row["target_id"] if is_source else row["source_id"]})
    wanted = {item["other_id"] for group in groups.values() for item in group.items}
    wanted = wanted | {getattr(directive, "validity_ended_by_id", None)} - {None}
    others = {d.pk: d for d in Directive.objects.filter(pk__in=wanted).with_validity()} if wanted else {}
    ordered = []
    for key in SIDES:
        group = groups.get(key)
        if group is None:
            continue
        group.items = [_related(item, others) for item in group.items]
        # The group lists the documents standing in the other side's relation to this one.
        kind, this_is_source, _label = SIDES[key]
        group.all_url = "?" + urlencode({"relation": SIDE_OF[(kind, not this_is_source)], "of": directive.slug})
        ordered.append(group)
    return ordered, others


def _related(item, others):
    other = others.get(item["other_id"])
    if other is not None:
        return Related(other, other.citation, other.issued_on, item["parts"], item["effective_on"])
    citation = placeholder_citation(item["target_type"], item["target_number"], item["target_issued_on"])
    return Related(None, citation, item["target_issued_on"], item["parts"], item["effective_on"])


class DirectiveDetailView(AlternateLanguagesMixin, DetailView):
    template_name = "news/directive_detail.html"
    context_object_name = "directive"

    def get_object(self, queryset=None):
        documents = Directive.objects.select_related("issuing_body").with_validity(details=True)
        return get_object_or_404(documents, slug=self.kwargs["slug"])

    def get_alternate_urls(self):
        return urls_in_each_language(self.object)

    def get_context_data(self, **kwargs):
        directive = self.object
        depends_on(self.request, tag_for(Directive, directive.pk), tag_for(Organization, directive.issuing_body_id))
        areas = list(directive.subject_areas.all())
        depends_on(self.request, *(tag_for(SubjectArea, area.pk) for area in areas))
        groups, others = relation_panel(directive)
        # Cited in the text or linked by hand: a union of the two link tables rather than an OR over joins
        # with DISTINCT (278 -> 78 ms for a document cited by 600 of 100,000 articles on PostgreSQL).
        linked = Article.cited_directives.through.objects.filter(directive=directive).values("article_id").union(
            Article.directives.through.objects.filter(directive=directive).values("article_id")
        )
        citing = Article.objects.published().filter(pk__in=linked).newest_first().select_related("section")
        page = Paginator(citing, CITING_PER_PAGE).get_page(self.request.GET.get("page"))
        text, contents = full_text_with_contents(directive.full_text)
        return super().get_context_data(
            citing_articles=page.object_list,
            page_obj=page,
            subject_areas=areas,
            relation_groups=groups,
            ended_by=others.get(getattr(directive, "validity_ended_by_id", None)),
            full_text=text,
            contents=contents if len(contents) >= TOC_MIN_ARTICLES else [],
            **kwargs,
        )


# --- The full text's table of contents ----------------------------------------------------------------------------

# A paragraph or heading that opens an article: "<p><strong>Điều 5. Hiệu lực thi hành</strong></p>". Stored text
# went through news/sanitize.py, so these tags carry no attributes and an id can be added safely.
_ARTICLE_START = re.compile(
    r"<(?P<tag>p|h[234])>(?P<lead>(?:\s|<(?:strong|b|em|i|u)>)*)(?P<word>Điều)\s+(?P<number>\d{1,3}[a-zđ]?)\s*[.:]",
    re.IGNORECASE,
)
_TAGS = re.compile(r"<[^>]*>")


@dataclass
class ContentsEntry:
    anchor: str
    title: str


def full_text_with_contents(text):
    """``text`` (sanitized HTML) with an anchor on each article (Điều), and the entries of its contents."""
    if not text:
        return "", []
    parts, entries, used, position = [], [], set(), 0
    for match in _ARTICLE_START.finditer(text):
        anchor = base = f"dieu-{match['number'].lower()}"
        suffix = 1
        while anchor in used:  # an amending text quotes the articles it changes
            suffix += 1
            anchor = f"{base}-{suffix}"
        used.add(anchor)
        end = text.find(f"</{match['tag']}>", match.end())
        block = text[match.start():end if end != -1 else len(text)]
        title = " ".join(html_lib.unescape(_TAGS.sub(" ", block)).split())
        entries.append(ContentsEntry(anchor, title if len(title) <= 160 else title[:157].rstrip() + "…"))
        parts.append(text[position:match.start()])
        parts.append(f'<{match["tag"]} id="{anchor}">')
        position = match.start() + len(match["tag"]) + 2
    parts.append(text[position:])
    return mark_safe("".join(parts)), entries
