from .articles import Article, ArticleQuerySet, ArticleTransition, Attachment
from .media import Image, Rendition
from .directives import Directive
from .organizations import Organization, OrganizationStatistics
from .search import SearchEntry
from .taxonomy import Section, Tag

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleTransition",
    "Attachment",
    "Directive",
    "Image",
    "Organization",
    "OrganizationStatistics",
    "Rendition",
    "SearchEntry",
    "Section",
    "Tag",
]
