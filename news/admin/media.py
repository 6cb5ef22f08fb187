"""The image library in admin: upload, caption and describe pictures; a list with thumbnails.

Articles pick their lead image here through an autocomplete (search by caption or alt text); the "+" next to
it opens this form in a popup, so a writer uploads a new photo without leaving the article.
Changing a picture that a published or scheduled article shows changes that public page, so it is an editor's
act (news/workflow.py, ``can_change_image``): writers see such an image read-only, with the articles using it.
"""
from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from news import workflow
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
    fields = ("file", "preview", "caption", "alt", "credit", "used_in", "uploaded_by", "created_at")
    readonly_fields = ("preview", "used_in", "uploaded_by", "created_at")
    formfield_overrides = {models.ImageField: {"form_class": CheckedImageFormField}}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by").prefetch_related("renditions")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_change_image(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.can_change_image(request.user, obj)
        )

    @admin.display(description=_("used by"))
    def used_in(self, image):
        """The articles showing the picture as their lead image, each with whether readers see it."""
        if not image.pk:
            return "—"
        articles = list(image.articles.order_by("-published_at", "-pk"))
        if not articles:
            return _("no article")
        return format_html_join(
            mark_safe("<br>"), '<a href="{}">{}</a> ({})',
            ((reverse("admin:news_article_change", args=[a.pk]), a, workflow.public_state(a)) for a in articles),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and not self.has_change_permission(request, obj) \
                and self.has_view_permission(request, obj) and request.user.has_perm("news.change_image"):
            self.message_user(request, _(
                "A published or scheduled article shows this picture: only an editor may change it now. "
                "Ask an editor, or choose another picture for your article."
            ), messages.INFO)
        return super().render_change_form(request, context, add, change, form_url, obj)

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
