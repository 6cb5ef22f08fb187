from django.contrib import admin
from django.db import models
from modeltranslation.admin import TabbedTranslationAdmin

from news.admin.revisions import RevisionAdmin
from news.admin.search import LongSearchMixin
from news.admin.slugs import VietnameseSlugMixin
from news.models import Organization, OrganizationStatistics


class StatisticsInline(admin.TabularInline):
    model = OrganizationStatistics
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(LongSearchMixin, RevisionAdmin, VietnameseSlugMixin, TabbedTranslationAdmin):
    list_display = ("name", "short_name", "kind", "parent", "established_on", "dissolved_on")
    list_filter = ("kind",)
    search_fields = ("name_vi", "name_en", "short_name_vi", "short_name_en")
    prepopulated_fields = {"slug": ("name_vi",)}
    autocomplete_fields = ("parent", "established_by", "predecessors")
    inlines = [StatisticsInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # "mpi.gov.vn" means https
