"""Which portal fields are written in each language (django-modeltranslation): vi first, en optional."""
from modeltranslation.translator import TranslationOptions, register

from .models import InformationItem, Leader, Portal


@register(Portal)
class PortalTranslation(TranslationOptions):
    fields = (
        "logo_text", "footer_text", "responsible_position", "responsible_unit", "functions", "functions_source",
        "access_intro", "access_procedure", "access_unit", "access_address",
    )


@register(Leader)
class LeaderTranslation(TranslationOptions):
    fields = ("job_title", "duties")
    required_languages = {"vi": ("job_title",)}


@register(InformationItem)
class InformationItemTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"vi": ("title",)}
