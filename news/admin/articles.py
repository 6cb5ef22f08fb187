from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from news import workflow
from news.admin.forms_locking import ArticleLockingMixin
from news.admin.revisions import RevisionAdmin
from news.admin.richtext import RichTextAdminMixin
from news.admin.safety import ArticleSafeDeleteMixin
from news.admin.search import LongSearchMixin
from news.admin.slugs import VietnameseSlugMixin
from news.admin.workflow import ArticleWorkflowMixin
from news.models import Article, Attachment
from news.templatetags.portal import portal_datetime

S = Article.Status


class UnresolvedReferencesFilter(admin.SimpleListFilter):
    title = _("documents missing from the registry")
    parameter_name = "unresolved"

    def lookups(self, request, model_admin):
        return [("yes", _("cites documents not in the registry")), ("no", _("all citations linked"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(unresolved_references=[])
        if self.value() == "no":
            return queryset.filter(unresolved_references=[])
        return queryset


class PublicStateFilter(admin.SimpleListFilter):
    """Where the article stands for readers, one choice per state, in the words of the "on the public site" column.

    It takes the place of the bare status filter: "published" alone mixes what readers see with what is only
    scheduled, so an editor looking for the article they just scheduled found it among the online ones.
    (Old links with ``status__exact=`` still filter the list.)
    """

    title = _("on the public site")
    parameter_name = "public"

    def lookups(self, request, model_admin):
        return [
            (S.DRAFT, _("no (draft)")),
            (S.REVIEW, _("no (pending review)")),
            ("scheduled", _("scheduled")),
            ("online", _("yes (online)")),
            (S.ARCHIVED, _("no (unpublished)")),
        ]

    def queryset(self, request, queryset):
        # As workflow.public_state() reads one article: published with its time to come is scheduled.
        now = timezone.now()
        value = self.value()
        if value == "scheduled":
            return queryset.filter(status=S.PUBLISHED, published_at__gt=now)
        if value == "online":
            return queryset.filter(Q(published_at__lte=now) | Q(published_at__isnull=True), status=S.PUBLISHED)
        if value in (S.DRAFT, S.REVIEW, S.ARCHIVED):
            return queryset.filter(status=value)
        return queryset


class AttachmentInline(TranslationTabularInline):
    model = Attachment
    extra = 0
    fields = ("title", "file", "position")


@admin.register(Article)
class ArticleAdmin(
    LongSearchMixin,  # a long search is shortened, with a warning, not a server error
    ArticleWorkflowMixin,  # roles and state changes, enforced on the server (news/workflow.py)
    ArticleSafeDeleteMixin,  # deleting a published article archives it
    ArticleLockingMixin,  # a save from a stale form is refused, nothing typed is lost
    RichTextAdminMixin,  # the body's editor
    RevisionAdmin,  # history, compare, restore (django-reversion)
    VietnameseSlugMixin,  # "Hội nghị" -> "hoi-nghi" while typing
    TabbedTranslationAdmin,
):
    list_display = ("title", "section", "status", "public_state", "display_published_at", "has_english")
    list_filter = (PublicStateFilter, "section", UnresolvedReferencesFilter, "tags")
    date_hierarchy = "published_at"
    search_fields = ("title_vi", "title_en", "lead_vi", "lead_en")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("section", "tags", "organizations", "directives", "image")
    readonly_fields = ("author", "created_at", "updated_at", "citations")
    inlines = [AttachmentInline]
    actions = ["submit_for_review", "publish", "make_draft"]  # news/admin/workflow.py
    fieldsets = (
        (None, {"fields": ("title", "slug", "section", "status", "published_at")}),
        (_("Content"), {"fields": ("source_label", "lead", "body")}),
        (_("Photo"), {"fields": ("image",)}),  # from the image library; "+" uploads a new one in a popup
        (_("Relations"), {"fields": ("tags", "organizations", "directives", "citations")}),
        (_("Record"), {"fields": ("author", "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description=_("publication time"), ordering="published_at")
    def display_published_at(self, article):
        return portal_datetime(article.published_at)

    @admin.display(description=_("on the public site"))
    def public_state(self, article):
        return workflow.public_state(article)

    @admin.display(description=_("documents cited in the text"))
    def citations(self, article):
        """What the text cites: linked documents, and the numbers staff still need to add to the registry."""
        linked = format_html_join(
            ", ", '<a href="{}">{}</a>',
            ((reverse("admin:news_directive_change", args=[d.pk]), d.citation) for d in article.cited_directives.all()),
        )
        missing = format_html_join(
            ", ", '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:news_directive_add") + "?" + urlencode({"number": item["reference"]}),
                    item["reference"],
                    _("not in the registry yet: add it") if item["reason"] == "missing"
                    else _("several documents have this number: the text does not say which"),
                )
                for item in article.unresolved_references
            ),
        )
        return format_html(
            "{}<br>{}", linked or _("none"), format_html("{} {}", _("References not in the registry:"), missing)
            if missing else "",
        )

    @admin.display(description=_("English"), boolean=True)
    def has_english(self, article):
        return bool(article.title_en and article.body_en)

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        super().save_model(request, obj, form, change)
