"""The document registry in admin: documents with their relations (edited inline from either side), their
derived validity, and the small list of subject areas."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from news.admin.revisions import RevisionAdmin
from news.admin.richtext import RichTextAdminMixin
from news.admin.safety import DirectiveSafeDeleteMixin
from news.admin.search import LongSearchMixin
from news.admin.slugs import VietnameseSlugMixin
from news.models import Directive, DocumentRelation, SubjectArea


class RelationsFromInline(admin.TabularInline):
    """Rows read "this document — relation — that document"; that one may be named by number if not registered."""

    model = DocumentRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ("target",)
    fields = ("kind", "target", "target_number", "target_issued_on", "target_type", "parts", "effective_on")
    verbose_name = _("relation of this document to another")
    verbose_name_plural = _("This document amends, replaces, guides... (its relations to other documents)")


class RelationsToInline(admin.TabularInline):
    """The same relations seen from their target: rows read "that document — relation — this document"."""

    model = DocumentRelation
    fk_name = "target"
    extra = 0
    autocomplete_fields = ("source",)
    fields = ("source", "kind", "parts", "effective_on")
    verbose_name = _("relation of another document to this one")
    verbose_name_plural = _("Other documents amend, replace, guide... this one (their relations to it)")


class ValidityFilter(admin.SimpleListFilter):
    """The validity readers see (derived), not only what was set by hand."""

    title = _("validity status")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return Directive.Validity.choices

    def queryset(self, request, queryset):
        if self.value() in Directive.Validity.values:
            return queryset.validity_is(self.value())
        return queryset


@admin.register(Directive)
class DirectiveAdmin(
    LongSearchMixin, DirectiveSafeDeleteMixin, RevisionAdmin, RichTextAdminMixin, TabbedTranslationAdmin
):
    list_display = ("__str__", "document_type", "issuing_body", "term", "issued_on", "validity_status")
    list_filter = ("document_type", "term", ValidityFilter, "subject_areas", "issuing_body")
    date_hierarchy = "issued_on"
    search_fields = ("number", "summary_vi", "summary_en", "signer")
    autocomplete_fields = ("issuing_body", "subject_areas")
    rich_text_fields = ("full_text",)
    readonly_fields = ("validity_now",)
    inlines = [RelationsFromInline, RelationsToInline]
    fieldsets = (
        (None, {"fields": (
            "number", "document_type", "issuing_body", "term", "plenum", "issued_on", "effective_on", "expires_on",
            "signer", "summary", "subject_areas",
        )}),
        (_("Official Gazette"), {"fields": ("gazette_number", "gazette_date")}),
        (_("Validity"), {
            "fields": ("validity_now", "validity_override", "validity_reason"),
            "description": _(
                "Validity follows from the dates above and the relations below; set it by hand only where they "
                "cannot say, and give the reason readers will see."
            ),
        }),
        (_("Text"), {"fields": ("full_text", "file", "slug")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_validity()

    @admin.display(description=_("validity status"), ordering="validity_code")
    def validity_status(self, obj):
        return Directive.Validity(obj.validity_code).label

    @admin.display(description=_("validity today"))
    def validity_now(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        current = Directive.objects.with_validity(details=True).get(pk=obj.pk)
        label = str(Directive.Validity(current.validity_code).label)
        if current.validity_override:
            return _("%(validity)s (set by hand)") % {"validity": label}
        return label


@admin.register(SubjectArea)
class SubjectAreaAdmin(LongSearchMixin, VietnameseSlugMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "position")
    search_fields = ("name_vi", "name_en")
    prepopulated_fields = {"slug": ("name_vi",)}
