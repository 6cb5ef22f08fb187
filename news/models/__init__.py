from .articles import Article, ArticleQuerySet, ArticleReference, ArticleTransition, Attachment
from .media import Image, Rendition
from .directives import Directive, SubjectArea
from .relations import DocumentRelation
from .organizations import Organization, OrganizationStatistics
from .search import SearchEntry
from .taxonomy import Section, Tag

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleReference",
    "ArticleTransition",
    "Attachment",
    "Directive",
    "DocumentRelation",
    "Image",
    "Organization",
    "OrganizationStatistics",
    "Rendition",
    "SearchEntry",
    "Section",
    "SubjectArea",
    "Tag",
]
