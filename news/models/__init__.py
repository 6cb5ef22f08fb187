from .articles import Article, ArticleQuerySet, Attachment
from .directives import Directive
from .organizations import Organization, OrganizationStatistics
from .search import SearchEntry
from .taxonomy import Section, Tag

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Attachment",
    "Directive",
    "Organization",
    "OrganizationStatistics",
    "SearchEntry",
    "Section",
    "Tag",
]
