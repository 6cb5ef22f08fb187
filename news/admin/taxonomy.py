from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from news.admin.search import LongSearchMixin
from news.admin.slugs import VietnameseSlugMixin
from news.models import Section, Tag


@admin.register(Section)
class SectionAdmin(LongSearchMixin, VietnameseSlugMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "position", "in_menu")
    list_editable = ("position", "in_menu")
    search_fields = ("name_vi", "name_en")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(LongSearchMixin, VietnameseSlugMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name_vi", "name_en")
    prepopulated_fields = {"slug": ("name",)}
