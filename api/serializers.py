"""What the API says of each public thing, in the active language (api/views.py activates the one asked for).

Only what the public pages show: no author, status, notes, versions, pending changes, unresolved references,
revisions or audit. Addresses are absolute: ``url`` is the thing's page on the site in the response's language,
``api_url`` its record here. Names and summaries fall back to the Vietnamese where no English is written, as the
English pages show them; an article's own texts never do (an article not written in English is not in English).
"""
from urllib.parse import parse_qsl

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.utils import extend_schema_field
from modeltranslation.utils import get_language
from rest_framework import serializers

from news.models import Directive, Organization
from news.renditions import largest


NULLABLE_INTEGER = {"type": "integer", "nullable": True}
NULLABLE_URI = {"type": "string", "format": "uri", "nullable": True}


def absolute(request, path):
    return request.build_absolute_uri(path)


def api_url(request, name, pk=None, **query):
    """The absolute address of an API resource in the active language (?lang= unless it is the default)."""
    path = reverse(f"api:{name}", kwargs={"pk": pk} if pk is not None else None)
    language = get_language()
    if language != settings.LANGUAGE_CODE:
        query = {"lang": language, **query}
    return absolute(request, f"{path}?{urlencode(query)}" if query else path)


def label(value):
    """A choice's label in the active language, as a string now (not a lazy one translated when rendered)."""
    return str(value)


class Addresses:
    """The ``url`` (its public page) and ``api_url`` (its API record) of a record a serializer shows."""

    resource = None  # the URL name of its API record

    def get_url(self, obj) -> str:
        return absolute(self.context["request"], obj.get_absolute_url())

    def get_api_url(self, obj) -> str:
        return api_url(self.context["request"], f"{self.resource}-detail", obj.pk)


class LinkSerializer(Addresses, serializers.Serializer):
    """Another thing a record names: its id, its name, its page and its API record."""

    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()


class SectionLinkSerializer(LinkSerializer):
    resource = "section"


class TagLinkSerializer(LinkSerializer):
    resource = "tag"


class OrganizationLinkSerializer(LinkSerializer):
    resource = "organization"


class DocumentLinkSerializer(LinkSerializer):
    """A document as text names it ("Quyết định 47-QĐ/TW"), with its number and date."""

    name = None
    citation = serializers.CharField()
    number = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    resource = "document"


# --- Sections and tags -------------------------------------------------------------------------------------------


class SectionSerializer(SectionLinkSerializer):
    slug = serializers.CharField()
    description = serializers.CharField()
    in_menu = serializers.BooleanField()
    position = serializers.IntegerField()
    articles_url = serializers.SerializerMethodField()

    def get_articles_url(self, obj) -> str:
        return api_url(self.context["request"], "article-list", section=obj.pk)


class TagSerializer(TagLinkSerializer):
    slug = serializers.CharField()
    articles_url = serializers.SerializerMethodField()

    def get_articles_url(self, obj) -> str:
        return api_url(self.context["request"], "article-list", tag=obj.pk)


# --- Articles ------------------------------------------------------------------------------------------------------


class ImageSerializer(serializers.Serializer):
    """The lead image: its widest resized copy (the whole picture), with what the page shows under it."""

    url = serializers.SerializerMethodField()
    width = serializers.SerializerMethodField()
    height = serializers.SerializerMethodField()
    caption = serializers.CharField()
    alt = serializers.CharField()
    credit = serializers.CharField()

    def _shown(self, image):
        rendition = largest(image)
        return (rendition.file.url, rendition.width, rendition.height) if rendition else (
            image.file.url, image.width, image.height)

    def get_url(self, image) -> str:
        return absolute(self.context["request"], self._shown(image)[0])

    @extend_schema_field(NULLABLE_INTEGER)
    def get_width(self, image):
        return self._shown(image)[1]

    @extend_schema_field(NULLABLE_INTEGER)
    def get_height(self, image):
        return self._shown(image)[2]


class AttachmentSerializer(serializers.Serializer):
    """A file attached to the article, downloaded from the site (only while the article is public)."""

    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    file_type = serializers.CharField()
    size = serializers.IntegerField()

    def get_url(self, attachment) -> str:
        return absolute(self.context["request"], reverse("news:attachment", kwargs={"pk": attachment.pk}))


class ArticleSerializer(Addresses, serializers.Serializer):
    """A published article as its page shows it (the list leaves out the body)."""

    resource = "article"

    id = serializers.IntegerField(source="pk")
    title = serializers.SerializerMethodField()
    source_label = serializers.CharField()
    lead = serializers.SerializerMethodField()
    lead_html = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    section = SectionLinkSerializer()
    tags = TagLinkSerializer(many=True)
    organizations = OrganizationLinkSerializer(many=True)
    documents = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True)
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_title(self, article) -> str:
        return getattr(article, f"title_{get_language()}") or ""

    def get_lead(self, article) -> str:
        """Plain text, in this language only (never another's as a fallback)."""
        return getattr(article, f"lead_{get_language()}") or ""

    def get_lead_html(self, article) -> str:
        """The lead as its page shows it: HTML, with links to the documents it cites (addresses on this site)."""
        return article.lead_html()

    @extend_schema_field(DocumentLinkSerializer(many=True))
    def get_documents(self, article):
        """The documents it cites in its text and those linked to it by hand, each once, newest first."""
        documents = {d.pk: d for d in [*article.cited_directives.all(), *article.directives.all()]}
        ordered = sorted(documents.values(), key=lambda d: (d.issued_on is not None, d.issued_on, d.pk), reverse=True)
        return DocumentLinkSerializer(ordered, many=True, context=self.context).data

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, article):
        return ImageSerializer(article.image, context=self.context).data if article.image_id else None



class ArticleDetailSerializer(ArticleSerializer):
    language = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()

    def get_language(self, article) -> str:
        return get_language()

    def get_body(self, article) -> str:
        """HTML sanitized when saved, with its document links and its chosen links and pictures as they are now;
        links are addresses on this site (relative to ``url``)."""
        return article.body_html()


# --- Documents -------------------------------------------------------------------------------------------------


class SubjectAreaSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()


class DocumentSerializer(Addresses, serializers.Serializer):
    """A document of the registry (văn bản): what its page's table says of it."""

    resource = "document"

    id = serializers.IntegerField(source="pk")
    number = serializers.CharField()
    citation = serializers.CharField()
    document_type = serializers.ChoiceField(choices=Directive.DocumentType.choices)
    document_type_label = serializers.SerializerMethodField()
    issuing_body = OrganizationLinkSerializer(allow_null=True)
    signer = serializers.CharField()
    term = serializers.CharField()
    plenum = serializers.IntegerField(allow_null=True)
    issued_on = serializers.DateField(allow_null=True)
    effective_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    gazette_number = serializers.CharField()
    gazette_date = serializers.DateField(allow_null=True)
    summary = serializers.CharField()
    validity = serializers.ChoiceField(choices=Directive.Validity.choices, source="validity_code")
    validity_label = serializers.SerializerMethodField()
    subject_areas = SubjectAreaSerializer(many=True)
    file_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_document_type_label(self, directive) -> str:
        return label(directive.get_document_type_display())

    def get_validity_label(self, directive) -> str:
        return label(directive.validity.label)

    @extend_schema_field(NULLABLE_URI)
    def get_file_url(self, directive):
        return absolute(self.context["request"], directive.file.url) if directive.file else None



class RelatedDocumentSerializer(serializers.Serializer):
    """One document on the other side of a relation: registered (``document``), or named by number and date."""

    document = DocumentLinkSerializer(source="directive", allow_null=True)
    citation = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    parts = serializers.CharField(help_text="Which articles (Điều) it concerns; empty: the whole document.")
    effective_on = serializers.DateField(allow_null=True)


class RelationGroupSerializer(serializers.Serializer):
    """The documents standing in one relation to this one, read from its side ("replaced-by", "amends"...)."""

    relation = serializers.CharField(source="key")
    label = serializers.SerializerMethodField()
    count = serializers.IntegerField()
    documents = RelatedDocumentSerializer(many=True, source="items")
    all_url = serializers.SerializerMethodField()

    def get_label(self, group) -> str:
        return label(group.label)

    def get_all_url(self, group) -> str:
        """Every document of the group: the documents list, filtered as the page's "all" link is."""
        return api_url(self.context["request"], "document-list", **dict(parse_qsl(group.all_url.lstrip("?"))))


class CitingArticleSerializer(Addresses, serializers.Serializer):
    """An article that cites a document, as the document's page lists it."""

    resource = "article"

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    published_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()


class DocumentDetailSerializer(DocumentSerializer):
    language = serializers.SerializerMethodField()
    validity_reason = serializers.SerializerMethodField()
    validity_ended_on = serializers.DateField(allow_null=True)
    validity_ended_by = serializers.SerializerMethodField()
    full_text = serializers.CharField(help_text="HTML, sanitized when saved.")
    relations = serializers.SerializerMethodField()
    citing_articles = serializers.SerializerMethodField()
    citing_articles_url = serializers.SerializerMethodField()

    def get_language(self, directive) -> str:
        return get_language()

    def get_validity_reason(self, directive) -> str:
        """Why staff set the validity by hand (empty when it is derived)."""
        return (directive.validity_reason or "") if directive.validity_override else ""

    @extend_schema_field(DocumentLinkSerializer(allow_null=True))
    def get_validity_ended_by(self, directive):
        ended_by = self.context["ended_by"]
        return DocumentLinkSerializer(ended_by, context=self.context).data if ended_by else None

    @extend_schema_field(RelationGroupSerializer(many=True))
    def get_relations(self, directive):
        return RelationGroupSerializer(self.context["relation_groups"], many=True, context=self.context).data

    @extend_schema_field(CitingArticleSerializer(many=True))
    def get_citing_articles(self, directive):
        """The newest published articles citing or linking it (all of them: ``citing_articles_url``)."""
        return CitingArticleSerializer(self.context["citing_articles"], many=True, context=self.context).data

    def get_citing_articles_url(self, directive) -> str:
        return api_url(self.context["request"], "article-list", document=directive.pk)


# --- Organizations -------------------------------------------------------------------------------------------------


class StatisticsSerializer(serializers.Serializer):
    """Figures of a Party organization on one date (as_of)."""

    as_of = serializers.DateField()
    members = serializers.IntegerField(allow_null=True)
    subordinate_committees = serializers.IntegerField(allow_null=True)
    cells_total = serializers.IntegerField(allow_null=True)
    grassroots_cells = serializers.IntegerField(allow_null=True)
    subordinate_cells = serializers.IntegerField(allow_null=True)


class OrganizationSerializer(OrganizationLinkSerializer):
    short_name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Organization.Kind.choices)
    kind_label = serializers.SerializerMethodField()
    parent = OrganizationLinkSerializer(allow_null=True)
    children = serializers.SerializerMethodField()
    established_on = serializers.DateField(allow_null=True)
    established_by = DocumentLinkSerializer(allow_null=True)
    dissolved_on = serializers.DateField(allow_null=True)
    description = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()
    statistics = serializers.SerializerMethodField()

    def get_kind_label(self, organization) -> str:
        return label(organization.get_kind_display())

    @extend_schema_field(OrganizationLinkSerializer(many=True))
    def get_children(self, organization):
        """Its units (current and dissolved), in Vietnamese alphabetical order of their names."""
        children = Organization.alphabetical(organization.children.all())
        return OrganizationLinkSerializer(children, many=True, context=self.context).data

    @extend_schema_field(StatisticsSerializer(many=True))
    def get_statistics(self, organization):
        """Its figures on every date recorded, newest first."""
        return StatisticsSerializer(organization.statistics.all(), many=True).data


class OrganizationDetailSerializer(OrganizationSerializer):
    language = serializers.SerializerMethodField()

    def get_language(self, organization) -> str:
        return get_language()
