from .articles import Article, ArticleQuerySet, ArticleTransition, Attachment
from .media import Image, Rendition
from .directives import Directive, SubjectArea
from .relations import DocumentRelation
from .organizations import Organization, OrganizationStatistics
from .search import SearchEntry
from .taxonomy import Section, Tag

__all__ = [
    "Article",
    "ArticleQuerySet",
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
