"""Which fields of drafts are written in each language (django-modeltranslation)."""
from modeltranslation.translator import TranslationOptions, register

from .models import Draft, DraftFile


@register(Draft)
class DraftTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "report")


@register(DraftFile)
class DraftFileTranslationOptions(TranslationOptions):
    fields = ("title",)
