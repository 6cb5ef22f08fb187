from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from news.admin.revisions import RevisionAdmin
from news.admin.safety import DirectiveSafeDeleteMixin
from news.admin.search import LongSearchMixin
from news.models import Directive


@admin.register(Directive)
class DirectiveAdmin(LongSearchMixin, DirectiveSafeDeleteMixin, RevisionAdmin, TabbedTranslationAdmin):
    list_display = ("__str__", "document_type", "issuing_body", "term", "issued_on", "validity")
    list_filter = ("document_type", "term", "validity", "issuing_body")
    date_hierarchy = "issued_on"
    search_fields = ("number", "summary_vi", "summary_en", "signer")
    autocomplete_fields = ("issuing_body",)
    fields = (
        "number", "document_type", "issuing_body", "term", "plenum", "issued_on", "effective_on",
        "signer", "summary", "validity", "file", "slug",
    )
