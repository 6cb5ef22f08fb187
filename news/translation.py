"""Which fields are written in each language (django-modeltranslation): vi is required, en optional."""
from modeltranslation.translator import TranslationOptions, register

from .models import Article, Attachment, Directive, Image, Organization, Section, SubjectArea, Tag


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("name", "slug", "description")
    required_languages = ("vi", "en")
    empty_values = {"slug": None}


@register(Tag)
class TagTranslation(TranslationOptions):
    fields = ("name", "slug")
    required_languages = ("vi", "en")
    empty_values = {"slug": None}


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "slug", "lead", "body", "lead_linked", "body_linked")
    required_languages = {"vi": ("title",)}
    empty_values = {"slug": None}


@register(Attachment)
class AttachmentTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = {"vi": ("title",)}


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "short_name", "description", "address")
    required_languages = {"vi": ("name",)}


@register(Directive)
class DirectiveTranslation(TranslationOptions):
    fields = ("summary", "validity_reason")


@register(SubjectArea)
class SubjectAreaTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("vi", "en")


@register(Image)
class ImageTranslation(TranslationOptions):
    fields = ("caption", "alt")
