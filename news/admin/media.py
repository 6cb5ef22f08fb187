"""The image library in admin: upload, caption and describe pictures; a list with thumbnails.

Articles pick their lead image here through an autocomplete (search by caption or alt text); the "+" next to
it opens this form in a popup, so a writer uploads a new photo without leaving the article.
Changing a picture that a published or scheduled article shows changes that public page, so it is an editor's
act (news/workflow.py, ``can_change_image``): writers see such an image read-only, with the articles using it.

The focal point: clicking the picture on the form sets it (static/news/admin/focal-point.js marks it and fills
the two number fields, which stay editable by keyboard); saving a new one remakes the cropped renditions.
"""
from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from news import workflow
from news.admin.search import LongSearchMixin
from news.images import CheckedImageFormField
from news.internal_links import showing_image
from news.models import Article, Image
from news.renditions import smallest

FOCAL_HELP = {
    "focal_x": _("Click the picture to choose the point its crops keep, or type it: from 0 (left edge) to 1 "
                 "(right edge). Empty: the middle."),
    "focal_y": _("From 0 (top edge) to 1 (bottom edge). Empty: the middle."),
}


class FocalPointField(forms.FloatField):
    """A fraction of the picture's width or height, 0..1, with a message saying what the number means."""

    def __init__(self, **kwargs):
        kwargs.update(min_value=0, max_value=1, required=False)
        super().__init__(**kwargs)
        message = _("Give a number from 0 to 1: a fraction of the picture from its top left corner (0.5 is the "
                    "middle), or leave it empty.")
        # The bounds' validators take the field's messages for their codes (Field.run_validators).
        self.error_messages.update(invalid=message, min_value=message, max_value=message)


@admin.register(Image)
class ImageAdmin(LongSearchMixin, TabbedTranslationAdmin):
    list_display = ("thumbnail", "__str__", "size", "credit", "uploaded_by", "created_at")
    list_display_links = ("thumbnail", "__str__")
    search_fields = ("caption_vi", "caption_en", "alt_vi", "alt_en", "credit")
    date_hierarchy = "created_at"
    fields = ("file", "preview", "focal_x", "focal_y", "caption", "alt", "credit", "used_in", "uploaded_by",
              "created_at")
    readonly_fields = ("preview", "used_in", "uploaded_by", "created_at")
    formfield_overrides = {models.ImageField: {"form_class": CheckedImageFormField}}

    class Media:
        js = ["news/admin/focal-point.js"]
        css = {"all": ["news/admin/focal-point.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in FOCAL_HELP:
            return FocalPointField(label=capfirst(db_field.verbose_name), help_text=FOCAL_HELP[db_field.name])
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by").prefetch_related("renditions")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self._may_change(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or self._may_change(request, obj))

    @staticmethod
    def _may_change(request, image):
        # The admin asks several times for one page (the form, its buttons, each field): the workflow's answer,
        # one query, is kept for the request.
        answers = request.__dict__.setdefault("_news_image_may_change", {})
        if image.pk not in answers:
            answers[image.pk] = workflow.can_change_image(request.user, image)
        return answers[image.pk]

    def get_deleted_objects(self, objs, request):
        """As Django's, and a picture shown inside an article's text is protected like a lead image is (by the
        database): deleting it would leave the page with a broken picture. The delete page names the articles."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            for article in Article.objects.filter(showing_image(image.pk)).exclude(image=image.pk).only("pk", "title"):
                protected.append(format_html(
                    '{}: <a href="{}">{}</a>', capfirst(Article._meta.verbose_name),
                    reverse("admin:news_article_change", args=[article.pk]), article,
                ))
        return deleted, counts, perms_needed, protected

    @admin.display(description=_("used by"))
    def used_in(self, image):
        """The articles showing the picture, as their lead image or in their text (a picture chosen in the body
        editor is stored as ``<img data-image="pk">``, news/internal_links.py): a link to each, where it shows
        the picture, its state and whether readers see it. One query whatever their number.
        """
        if not image.pk:
            return "—"
        marker = f'data-image="{image.pk}"'  # where() tells the text from the lead image
        # Newest first; those with no publication time (drafts) last, on every database.
        articles = list(Article.objects.filter(showing_image(image.pk)).order_by(F("published_at").desc(nulls_last=True), "-pk"))
        if not articles:
            return _("no article")
        now = timezone.now()
        # Each reader is shown what the article list would show them (render_change_form says who reads): the
        # others' drafts are counted, never named. Unknown reader: counted only.
        viewer = getattr(image, "usage_viewer", None)
        shown = [a for a in articles if viewer is not None and workflow.can_view(viewer, a)]
        hidden = len(articles) - len(shown)
        articles = shown

        def where(article):
            places = [_("lead image")] if article.image_id == image.pk else []
            if marker in (article.body_vi or "") or marker in (article.body_en or ""):
                places.append(_("in the text"))
            return ", ".join(str(place) for place in places)

        others = ngettext("and %(count)s article you may not open", "and %(count)s articles you may not open",
                          hidden) % {"count": hidden} if hidden else ""
        return format_html(
            '<ul class="image-usage">{}{}</ul>',
            format_html_join(
                "", '<li><a href="{}">{}</a> ({}) — {}; {}: {}</li>',
                ((reverse("admin:news_article_change", args=[a.pk]), a, where(a), a.get_status_display(),
                  _("on the public site"), workflow.public_state(a, now)) for a in articles),
            ),
            format_html("<li>{}</li>", others) if others else "",
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            obj.usage_viewer = request.user  # used_in() names only the articles this reader may open
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
        """The picture at up to 480 px, with the focal point marked; focal-point.js makes it clickable."""
        rendition = smallest(image) if image.pk else None
        if not rendition:
            return "—"
        left, top = (50 if v is None else round(v * 100, 1) for v in (image.focal_x, image.focal_y))
        return format_html(
            '<div class="focal-point" data-focal-hint="{}"><img src="{}" alt="{}" width="{}" height="{}">'
            '<span class="focal-marker" style="left: {}%; top: {}%" aria-hidden="true"></span></div>',
            _("Click the picture to choose the point its crops keep."),
            rendition.file.url, _("The picture: click the point its crops must keep"), rendition.width,
            rendition.height, left, top,
        )

    @admin.display(description=_("size in pixels"))
    def size(self, image):
        return f"{image.width} × {image.height}" if image.width else ""

    def save_model(self, request, obj, form, change):
        if not obj.uploaded_by_id:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)  # a new focal point remakes the crops (Image.save)
