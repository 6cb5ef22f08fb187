from .articles import Article, ArticleQuerySet, ArticleReference, ArticleTransition, Attachment
from .media import Image, Rendition
from .directives import Directive, SubjectArea
from .relations import DocumentRelation
from .organizations import Organization, OrganizationStatistics
from .search import SearchEntry
from .taxonomy import Section, Tag
from .pending import PendingChange
from .addresses import OldAddress

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleReference",
    "ArticleTransition",
    "Attachment",
    "Directive",
    "DocumentRelation",
    "Image",
    "OldAddress",
    "Organization",
    "OrganizationStatistics",
    "PendingChange",
    "Rendition",
    "SearchEntry",
    "Section",
    "SubjectArea",
    "Tag",
]
