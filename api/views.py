"""The open-data API (read-only): what the site shows the public, as JSON, in the language a client asks for.

**Language**: ``?lang=vi`` (the default) or ``?lang=en``, in the query string rather than Accept-Language
because the page cache keys a copy by its address (pagecache/keys.py), not by headers; an unknown code is a 400.
Every response says its language (Content-Language, and ``language`` in the body). An article not written in
English is not in the English list and its English record is a 404, as its page is (ArticleQuerySet.published(),
the one definition of public). Labels of choices (document types, validity, kinds) are in the response's language.

**HTTP**: every record and list is a cached page (``cache_public_page`` in api/urls.py, with the query
parameters it reads) carrying the tags of what it shows, so an edit shows at once; the page cache gives it its
ETag and Last-Modified (the time its copy was rendered, which any change since drops) and answers conditional
requests with 304. Requests that reach a view are throttled per address (AddressRateThrottle; a stored copy is
answered before, at no cost). CORS: any site's scripts may read (GET), never write (settings CORS_*).
"""
import math

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from modeltranslation.utils import get_language
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ErrorDetail, NotFound, Throttled, ValidationError
from rest_framework.response import Response

import pagecache
from news.cache_invalidation import ARTICLES, DIRECTIVES, ORGANIZATIONS, TAGS, tag_for
from news.filters import DirectiveFilterSet  # the document registry's one FilterSet, shared with its HTML list
from news.internal_links import stored_body, target_tags
from news.models import Article, Directive, Image, Organization, Section, SubjectArea, Tag
from news.views.directives import CITING_PER_PAGE, relation_panel

from . import serializers as api
from .filters import MAX_ID, ArticleFilterSet
from .schema import ApiSchema
from .throttling import AddressRateThrottle

LANGUAGE_PARAM = "lang"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# What each list reads of the query string besides its filters (the page cache keeps only these).
LIST_QUERY = (LANGUAGE_PARAM, "page", "page_size")
DETAIL_QUERY = (LANGUAGE_PARAM,)


def requested_language(request):
    """The language code a client asked for (?lang=, default Vietnamese), or None for one the site lacks."""
    code = request.GET.get(LANGUAGE_PARAM, settings.LANGUAGE_CODE)
    return code if code in LANGUAGES else None


# --- The schema's description of what every operation shares -------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


LANGUAGE = OpenApiParameter(
    LANGUAGE_PARAM, str, OpenApiParameter.QUERY, enum=LANGUAGES, default=settings.LANGUAGE_CODE,
    description=gettext_lazy("The language of the response: vi (Vietnamese, the default) or en (English)."),
)
ID = OpenApiParameter("id", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, OpenApiParameter.PATH,
                      examples=[OpenApiExample("The first", value=1)])
REFUSED = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description=gettext_lazy("A parameter has a value it cannot take.")),
    429: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Too many requests from this address; "
                                                                     "the Retry-After header says when to try again.")),
}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Nothing public at this address."))}
NO_SUCH_PAGE = {404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("No such page: past the last one."))}


def documented(name, plural, serializer, detail_serializer):
    """The schema of a resource's list and record: the language parameter, and the errors they may answer."""
    return extend_schema_view(
        list=extend_schema(summary=plural, parameters=[LANGUAGE],
                           responses={200: serializer(many=True), **NO_SUCH_PAGE, **REFUSED}),
        retrieve=extend_schema(summary=name, parameters=[LANGUAGE, ID],
                               responses={200: detail_serializer, **NOT_FOUND, **REFUSED}),
    )


# --- Views ---------------------------------------------------------------------------------------------------------


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and a record of one kind of public thing, in the language asked for."""

    throttle_classes = [AddressRateThrottle]
    schema = ApiSchema()
    detail_serializer_class = None

    def dispatch(self, request, *args, **kwargs):
        self.language = requested_language(request)
        # Rendered inside the language too: nothing lazy is left to be translated in another one later.
        with translation.override(self.language or settings.LANGUAGE_CODE):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # throttled first: a wrong parameter costs a request too
        if self.language is None:
            raise ValidationError({LANGUAGE_PARAM: [
                _("Unknown language; choose one of: %(codes)s.") % {"codes": ", ".join(LANGUAGES)}
            ]})

    def throttled(self, request, wait):
        # REST framework's own message has no Vietnamese; the Retry-After header is set from ``wait`` as before.
        refused = Throttled()
        refused.wait = math.ceil(wait) if wait is not None else None
        refused.detail = ErrorDetail(ngettext(
            "Too many requests from your address: try again in %(seconds)d second.",
            "Too many requests from your address: try again in %(seconds)d seconds.",
            refused.wait or 0,
        ) % {"seconds": refused.wait or 0}, code=refused.default_code)
        raise refused

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        if request.method in ("GET", "HEAD"):
            # The page cache serves this copy to every reader, whatever Origin the one who caused the render sent
            # (CorsMiddleware adds the header only when a request names one): the copy says it for all.
            response["Access-Control-Allow-Origin"] = "*"
        return response

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            # REST framework would pass on Django's message, in English and naming the model: its own, translated.
            raise NotFound from None

    def depends_on(self, *tags):
        """The page shows these things: a change to one drops its cached copy (news/cache_invalidation.py)."""
        pagecache.depends_on(self.request._request, *tags)

    def list_tags(self, objects):
        return ()

    def record_tags(self, obj):
        return self.list_tags([obj])

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.depends_on(*self.list_tags(page))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        self.depends_on(*self.record_tags(obj))
        return self.respond(obj)

    def respond(self, obj, **context):
        serializer = self.get_serializer_class()(obj, context={**self.get_serializer_context(), **context})
        return Response(serializer.data)


@documented(gettext_lazy("A published article"), gettext_lazy("Published articles, newest first"),
            api.ArticleSerializer, api.ArticleDetailSerializer)
class ArticleViewSet(PublicViewSet):
    """Articles public in the response's language (ArticleQuerySet.published()), newest first."""

    serializer_class = api.ArticleSerializer
    detail_serializer_class = api.ArticleDetailSerializer
    filterset_class = ArticleFilterSet

    def get_queryset(self):
        articles = (
            Article.objects.published(get_language()).newest_first()
            .select_related("section", "image")
            .prefetch_related("tags", "organizations", "directives", "cited_directives", "attachments",
                              "image__renditions")
        )
        if self.action == "list":
            articles = articles.defer(*(f"{field}_{code}" for field in ("body", "body_linked") for code in LANGUAGES))
        return articles

    def list_tags(self, articles):
        # ARTICLES: any public article saved or going online or down; each one's own tag covers its attachments.
        tags = {ARTICLES}
        for article in articles:
            tags |= {tag_for(Article, article.pk), tag_for(Section, article.section_id),
                     tag_for(Image, article.image_id)}
            tags |= {tag_for(Tag, tag.pk) for tag in article.tags.all()}
            tags |= {tag_for(Organization, org.pk) for org in article.organizations.all()}
            tags |= {tag_for(Directive, d.pk) for d in [*article.directives.all(), *article.cited_directives.all()]}
        return tags

    def record_tags(self, article):
        # What its body links to and shows, as the article's page declares it.
        return {*self.list_tags([article]), *target_tags(stored_body(article)), pagecache.SCHEDULE_TAG}


@documented(gettext_lazy("A document of the registry"),
            gettext_lazy("The document registry, newest first, filtered as its page is"),
            api.DocumentSerializer, api.DocumentDetailSerializer)
class DocumentViewSet(PublicViewSet):
    """The whole registry is public: every document, with its validity derived today (news/models/relations.py)."""

    serializer_class = api.DocumentSerializer
    detail_serializer_class = api.DocumentDetailSerializer
    filterset_class = DirectiveFilterSet

    def get_queryset(self):
        return (
            Directive.objects.select_related("issuing_body").prefetch_related("subject_areas")
            .with_validity(details=self.action == "retrieve").order_by("-issued_on", "number", "pk")
        )

    def list_tags(self, directives):
        # DIRECTIVES: any document, relation or subject area saved; ORGANIZATIONS: the issuing bodies' names.
        return {DIRECTIVES, ORGANIZATIONS}

    def retrieve(self, request, *args, **kwargs):
        directive = self.get_object()
        groups, others = relation_panel(directive)
        # Cited in the text or linked by hand, published in this language (as the document's page lists them).
        linked = Article.cited_directives.through.objects.filter(directive=directive).values("article_id").union(
            Article.directives.through.objects.filter(directive=directive).values("article_id")
        )
        citing = list(
            Article.objects.published(get_language()).filter(pk__in=linked).newest_first()
            .select_related("section").only("pk", "title_vi", "title_en", "published_at", "slug_vi", "slug_en",
                                            "section__slug_vi", "section__slug_en")[:CITING_PER_PAGE]
        )
        self.depends_on(
            tag_for(Directive, directive.pk), tag_for(Organization, directive.issuing_body_id),
            *(tag_for(SubjectArea, area.pk) for area in directive.subject_areas.all()),
            *(tag_for(Directive, pk) for pk in others),
        )
        return self.respond(directive, relation_groups=groups, ended_by=others.get(directive.validity_ended_by_id),
                            citing_articles=citing)


@documented(gettext_lazy("An organization"), gettext_lazy("Organizations, with their figures"),
            api.OrganizationSerializer, api.OrganizationDetailSerializer)
class OrganizationViewSet(PublicViewSet):
    serializer_class = api.OrganizationSerializer
    detail_serializer_class = api.OrganizationDetailSerializer

    def get_queryset(self):
        return (
            Organization.objects.select_related("parent", "established_by")
            .prefetch_related("children", "statistics").order_by("pk")
        )

    def list_tags(self, organizations):
        # ORGANIZATIONS: any organization saved (names of parents and units); each one's tag: its figures.
        tags = {ORGANIZATIONS}
        for organization in organizations:
            tags |= {tag_for(Organization, organization.pk), tag_for(Directive, organization.established_by_id)}
        return tags


@documented(gettext_lazy("A section"), gettext_lazy("Sections, in menu order"), api.SectionSerializer,
            api.SectionSerializer)
class SectionViewSet(PublicViewSet):
    # Every save of a section stamps the site's tag, which every cached page carries already.
    serializer_class = api.SectionSerializer
    queryset = Section.objects.order_by("position", "pk")


@documented(gettext_lazy("A tag"), gettext_lazy("Tags"), api.TagSerializer, api.TagSerializer)
class TagViewSet(PublicViewSet):
    serializer_class = api.TagSerializer
    queryset = Tag.objects.order_by("pk")

    def list_tags(self, tags):
        return {TAGS}


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a 404 in JSON, as the API's own are (the site's is an HTML page)."""
    return JsonResponse({"detail": _("Nothing here: see /api/docs/ for what the API serves.")}, status=404)
