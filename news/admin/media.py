"""The image library in admin: upload, caption and describe pictures; a list with thumbnails.

Articles pick their lead image here through an autocomplete (search by caption or alt text); the "+" next to
it opens this form in a popup, so a writer uploads a new photo without leaving the article.
"""
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from news.admin.search import LongSearchMixin
from news.images import CheckedImageFormField
from news.models import Image
from news.renditions import smallest


@admin.register(Image)
class ImageAdmin(LongSearchMixin, TabbedTranslationAdmin):
    list_display = ("thumbnail", "__str__", "size", "credit", "uploaded_by", "created_at")
    list_display_links = ("thumbnail", "__str__")
    search_fields = ("caption_vi", "caption_en", "alt_vi", "alt_en", "credit")
    date_hierarchy = "created_at"
    fields = ("file", "preview", "caption", "alt", "credit", "uploaded_by", "created_at")
    readonly_fields = ("preview", "uploaded_by", "created_at")
    formfield_overrides = {models.ImageField: {"form_class": CheckedImageFormField}}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by").prefetch_related("renditions")

    @admin.display(description=_("picture"))
    def thumbnail(self, image):
        rendition = smallest(image)
        if not rendition:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="120" height="{}" loading="lazy">',
            rendition.file.url, round(120 * rendition.height / rendition.width),
        )

    @admin.display(description=_("preview"))
    def preview(self, image):
        return self.thumbnail(image) if image.pk else "—"

    @admin.display(description=_("size in pixels"))
    def size(self, image):
        return f"{image.width} × {image.height}" if image.width else ""

    def save_model(self, request, obj, form, change):
        if not obj.uploaded_by_id:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
