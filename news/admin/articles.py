from django.contrib import admin
from django.contrib.auth.models import Group
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
from news.admin.widgets import AttachmentFileWidget
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


def _who_adds_documents():
    """For staff who may not add documents: who can (the roles whose group grants it; superusers always can)."""
    roles = Group.objects.filter(
        permissions__content_type__app_label="news", permissions__codename="add_directive"
    ).order_by("name").values_list("name", flat=True)
    if not roles:
        return _("not in the registry yet: ask an administrator to add it")
    return _("not in the registry yet: ask someone with the %(roles)s role to add it") % {"roles": ", ".join(roles)}


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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":  # the current file by its original name, linking to its download
            kwargs["widget"] = AttachmentFileWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)


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
        """What the text cites: linked documents, and the references still missing from the registry.

        Each reader is offered only what they may do (documents are added by administrators, not by writers or
        editors): the link that starts adding a missing document goes only to those with the permission to add
        documents; the others read that it is missing and who can add it, instead of following a link to a
        refusal. Who reads is set by render_change_form; unknown, nobody gets a link.
        """
        user = getattr(article, "citations_reader", None)

        def may(action):
            return user is not None and user.has_perm(f"news.{action}_directive")

        may_view = may("view") or may("change")
        linked = format_html_join(
            ", ", "{}",
            (
                (format_html('<a href="{}">{}</a>', reverse("admin:news_directive_change", args=[d.pk]), d.citation)
                 if may_view else d.citation,)
                for d in article.cited_directives.all()
            ),
        )
        missing = []
        for item in article.unresolved_references:
            reference = item["reference"]
            if item["reason"] != "missing":
                # Which of them the text means is for its author to say; the registry lists the candidates.
                url = reverse("admin:news_directive_changelist") + "?" + urlencode({"q": reference})
                note = _("several documents have this number: the text does not say which")
            elif may("add"):
                url = reverse("admin:news_directive_add") + "?" + urlencode({"number": reference})
                note = _("not in the registry yet: add it")
            else:
                url, note = None, _who_adds_documents()
            shown = format_html('<a href="{}">{}</a>', url, reference) if url and may_view else reference
            missing.append(format_html("{} ({})", shown, note))
        missing = format_html_join(", ", "{}", ((item,) for item in missing))
        return format_html(
            "{}<br>{}", linked or _("none"),
            format_html("{} {}", _("References not in the registry:"), missing) if missing else "",
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # The form shows this very instance: citations() learns from it who is reading (this request only).
            obj.citations_reader = request.user
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("English"), boolean=True)
    def has_english(self, article):
        return bool(article.title_en and article.body_en)

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        super().save_model(request, obj, form, change)
