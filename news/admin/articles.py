from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from news.models import Article, Attachment
from news.templatetags.portal import portal_datetime


class AttachmentInline(TranslationTabularInline):
    model = Attachment
    extra = 0
    fields = ("title", "file", "position")


@admin.register(Article)
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = ("title", "section", "status", "public_state", "display_published_at", "has_english")
    list_filter = ("status", "section", "tags")
    date_hierarchy = "published_at"
    search_fields = ("title_vi", "title_en", "lead_vi", "lead_en")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("section", "tags", "organizations", "directives")
    readonly_fields = ("author", "created_at", "updated_at")
    inlines = [AttachmentInline]
    actions = ["publish", "make_draft"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "section", "status", "published_at")}),
        (_("Content"), {"fields": ("source_label", "lead", "body")}),
        (_("Photo"), {"fields": ("photo", "photo_caption", "photo_alt")}),
        (_("Relations"), {"fields": ("tags", "organizations", "directives")}),
        (_("Record"), {"fields": ("author", "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description=_("publication time"), ordering="published_at")
    def display_published_at(self, article):
        return portal_datetime(article.published_at)

    @admin.display(description=_("on the public site"))
    def public_state(self, article):
        if article.status != Article.Status.PUBLISHED:
            return _("no (draft)")
        if article.published_at and article.published_at > timezone.now():
            return _("scheduled for %(time)s") % {"time": portal_datetime(article.published_at)}
        return _("yes")

    @admin.display(description=_("English"), boolean=True)
    def has_english(self, article):
        return bool(article.title_en and article.body_en)

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.save(update_fields=["status", "published_at", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Return the selected articles to draft"), permissions=["change"])
    def make_draft(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.DRAFT
            article.save(update_fields=["status", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d article returned to draft.", "%d articles returned to draft.", count) % count,
            messages.SUCCESS,
        )
