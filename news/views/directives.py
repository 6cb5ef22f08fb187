"""The document registry (văn bản): a filterable list and one page per document, with its relations."""
import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from modeltranslation.utils import get_language

from news.cache_invalidation import DIRECTIVES, ORGANIZATIONS, tag_for
from news.models import Article, Directive, DocumentRelation, Organization, SubjectArea
from news.models.relations import SIDE_OF, SIDES, placeholder_citation
from news.references import normalize_number
from pagecache import depends_on

from .mixins import AlternateLanguagesMixin, urls_in_each_language

DIRECTIVES_PER_PAGE = 20
CITING_PER_PAGE = 20
RELATED_PER_GROUP = 10  # the panel lists this many per relation, then links to the filtered list of all
TOC_MIN_ARTICLES = 3  # a text with at least this many articles (Điều) gets a table of contents


class DirectiveFilterForm(forms.Form):
    """The list's filters; all optional, all in the query string so a filtered list can be bookmarked."""

    q = forms.CharField(label=_("Number or words of the summary"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Document type"), required=False)
    body = forms.ChoiceField(label=_("Issuing body"), required=False)
    year = forms.TypedChoiceField(label=_("Year of issue"), required=False, coerce=int, empty_value=None)
    term = forms.ChoiceField(label=_("Term"), required=False)
    validity = forms.ChoiceField(label=_("Validity status"), required=False)
    area = forms.ChoiceField(label=_("Subject area"), required=False)
    relation = forms.ChoiceField(label=_("Relation"), required=False)
    of = forms.CharField(label=_("To the document (number)"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["type"].choices = everything + list(Directive.DocumentType.choices)
        bodies = Organization.objects.filter(issued_directives__isnull=False).distinct().order_by("name")
        self.fields["body"].choices = everything + [(org.slug, org.name) for org in bodies]
        years = Directive.objects.filter(issued_on__isnull=False).dates("issued_on", "year", order="DESC")
        self.fields["year"].choices = everything + [(day.year, day.year) for day in years]
        terms = Directive.objects.exclude(term="").order_by().values_list("term", flat=True).distinct()
        self.fields["term"].choices = everything + [(term, term) for term in sorted(terms, key=roman_value)]
        self.fields["validity"].choices = everything + list(Directive.Validity.choices)
        self.fields["area"].choices = everything + [(area.slug, area.name) for area in SubjectArea.objects.all()]
        self.fields["relation"].choices = everything + [(key, label) for key, (_k, _s, label) in SIDES.items()]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            words = data["q"].strip()
            queryset = queryset.filter(
                Q(number__icontains=normalize_number(words)) | Q(**{f"summary_{get_language()}__icontains": words})
            )
        if data["type"]:
            queryset = queryset.filter(document_type=data["type"])
        if data["body"]:
            queryset = queryset.filter(issuing_body__slug=data["body"])
        if data["year"]:
            queryset = queryset.filter(issued_on__year=data["year"])
        if data["term"]:
            queryset = queryset.filter(term=data["term"])
        if data["validity"]:
            queryset = queryset.validity_is(data["validity"])
        if data["area"]:
            queryset = queryset.filter(subject_areas__slug=data["area"])
        if data["relation"] or data["of"]:
            queryset = queryset.filter(self._related_to(data["relation"], data["of"].strip()))
        return queryset

    def related_documents(self):
        """The documents the "of" filter names (for the list to say whom it is about), or None without it."""
        of = self.cleaned_data.get("of", "").strip() if self.is_valid() else ""
        if not of:
            return None
        return list(_named_by(of)[:10])

    @staticmethod
    def _related_to(side, of):
        """Documents that stand in relation ``side`` (a SIDES key, or any) to the document(s) ``of`` names.

        ``of`` is a document's address (the panel's links) or a number, which may name several documents.
        """
        relations = DocumentRelation.objects.all()
        if side:
            kind, listed_is_source, _label = SIDES[side]
            relations = relations.filter(kind=kind)
        if of:
            others = _named_by(of)
        if not side:  # any relation, either way
            both = Q()
            for own, other in (("source", "target"), ("target", "source")):
                link = relations.filter(**{own: OuterRef("pk")})
                both |= Exists(link.filter(**{f"{other}__in": others}) if of else link)
            return both
        own, other = ("source", "target") if listed_is_source else ("target", "source")
        link = relations.filter(**{own: OuterRef("pk")})
        return Exists(link.filter(**{f"{other}__in": others}) if of else link)


def _named_by(of):
    """The documents a reader names by address (the panel's links) or by number (several, across terms)."""
    return Directive.objects.filter(Q(slug=of) | Q(number=normalize_number(of)) & ~Q(number=""))


def roman_value(numeral):
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for letter, following in zip(numeral, numeral[1:] + " "):
        value = values.get(letter, 0)
        total += -value if values.get(following, 0) > value else value
    return total


class DirectiveListView(AlternateLanguagesMixin, ListView):
    template_name = "news/directive_list.html"
    context_object_name = "directives"
    paginate_by = DIRECTIVES_PER_PAGE

    def get_queryset(self):
        # The issuing bodies filter lists organizations; subject areas are stamped with "directives".
        depends_on(self.request, DIRECTIVES, ORGANIZATIONS)
        self.form = DirectiveFilterForm(self.request.GET or None)
        queryset = (
            Directive.objects.select_related("issuing_body").with_validity().order_by("-issued_on", "number", "pk")
        )
        return self.form.filter(queryset) if self.request.GET else queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        context["related_to"] = self.form.related_documents() if self.request.GET else None
        relation = self.form.cleaned_data.get("relation") if self.form.is_valid() else ""
        context["relation_label"] = SIDES[relation][2] if relation else ""
        return context


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
