from .articles import Article, ArticleQuerySet, Attachment
from .directives import Directive
from .organizations import Organization, OrganizationStatistics
from .taxonomy import Section, Tag

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Attachment",
    "Directive",
    "Organization",
    "OrganizationStatistics",
    "Section",
    "Tag",
]
