from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from news import translation_status, workflow
from news.admin.forms_locking import ArticleLockingMixin
from news.admin.pending import ArticlePendingMixin
from news.admin.revisions import RevisionAdmin
from news.admin.richtext import RichTextAdminMixin
from news.admin.safety import ArticleSafeDeleteMixin
from news.admin.search import LongSearchMixin
from news.admin.slugs import VietnameseSlugMixin
from news.admin.widgets import AttachmentFileWidget
from news.admin.workflow import ArticleWorkflowMixin
from news.models import Article, ArticleReference, Attachment, Directive
from news.models.articles import not_come_down, written_in
from news.templatetags.portal import portal_datetime

S = Article.Status
UNRESOLVED = (ArticleReference.Status.MISSING, ArticleReference.Status.AMBIGUOUS)


class UnresolvedReferencesFilter(admin.SimpleListFilter):
    """Articles citing documents the registry lacks (or cannot tell apart), from the references table; and the
    most cited missing documents one by one, each with the number of articles citing it."""

    title = _("documents missing from the registry")
    parameter_name = "unresolved"
    most_cited_shown = 20

    def lookups(self, request, model_admin):
        choices = [("yes", _("cites documents not in the registry")), ("no", _("all citations linked"))]
        visible = model_admin.get_queryset(request).order_by().values("pk")
        most_cited = (
            ArticleReference.objects.filter(status=ArticleReference.Status.MISSING, article__in=visible)
            .values("key").annotate(articles=Count("article", distinct=True), as_number=Min("number"),
                                    as_plenum=Min("plenum"), as_term=Min("term"))
            .order_by("-articles", "key")[:self.most_cited_shown]
        )
        choices += [
            (row["key"], f"{_reference_label(row['as_number'], row['as_plenum'], row['as_term'])} ({row['articles']})")
            for row in most_cited
        ]
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        unresolved = ArticleReference.objects.filter(article=OuterRef("pk"), status__in=UNRESOLVED)
        if value == "yes":
            return queryset.filter(Exists(unresolved))
        if value == "no":
            return queryset.filter(~Exists(unresolved))
        return queryset.filter(Exists(unresolved.filter(key=value)))


def _reference_label(number, plenum, term):
    """A reference as staff read it: its number, or for a plenum resolution the plenum and term."""
    if number or not (plenum and term):
        return number
    kind = Directive.DocumentType.RESOLUTION.label
    return str(_("%(kind)s of Plenum %(plenum)s, term %(term)s") % {"kind": kind, "plenum": plenum, "term": term})


def _add_document_url(reference):
    """The registry's add form, started with the number, or the plenum and term, the text gives."""
    if reference.number:
        initial = {"number": reference.number}
    else:
        initial = {"document_type": reference.document_type, "plenum": reference.plenum, "term": reference.term}
    return reverse("admin:news_directive_add") + "?" + urlencode(initial)


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
            ("expired", _("no (expired)")),
            (S.ARCHIVED, _("no (unpublished)")),
        ]

    def queryset(self, request, queryset):
        # As workflow.public_state() reads one article: published with its time to come is scheduled, published
        # with its time to come down past is expired (whatever its publication time).
        now = timezone.now()
        value = self.value()
        not_expired = not_come_down(now)
        if value == "scheduled":
            return queryset.filter(not_expired, status=S.PUBLISHED, published_at__gt=now)
        if value == "online":
            return queryset.filter(
                not_expired, Q(published_at__lte=now) | Q(published_at__isnull=True), status=S.PUBLISHED,
            )
        if value == "expired":
            return queryset.filter(status=S.PUBLISHED, unpublish_at__lte=now)
        if value in (S.DRAFT, S.REVIEW, S.ARCHIVED):
            return queryset.filter(status=value)
        return queryset


class EnglishFilter(admin.SimpleListFilter):
    """Whether the English keeps up with the Vietnamese (news/translation_status.py): missing, out of date (made
    from an older Vietnamese text and not confirmed since), or up to date."""

    title = _("English")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return [("missing", _("missing")), ("out_of_date", _("out of date")), ("current", _("up to date"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "missing":
            return queryset.filter(translation_status.english_missing())
        if value == "out_of_date":
            return queryset.filter(translation_status.english_out_of_date())
        if value == "current":
            return queryset.filter(written_in("en")).exclude(translation_status.english_out_of_date())
        return queryset


class MineFilter(admin.SimpleListFilter):
    """The articles the signed-in person wrote: what the dashboard's "my articles" lists, or all of them."""

    title = _("my articles")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("desk", _("my drafts and articles in review")), ("all", _("everything I wrote"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "desk":
            return queryset.filter(author=request.user.pk, status__in=workflow.WRITER_STATES)
        if value == "all":
            return queryset.filter(author=request.user.pk)
        return queryset


class ChangesWaitingFilter(admin.SimpleListFilter):
    """Live articles with edits readers do not see yet (news/pending_changes.py): any, or those sent for review."""

    title = _("changes waiting")
    parameter_name = "changes"

    def lookups(self, request, model_admin):
        return [("any", _("changes not published yet")), ("review", _("changes waiting for review"))]

    def queryset(self, request, queryset):
        from news.models import PendingChange

        value = self.value()
        if value == "any":
            return queryset.filter(pending_change__isnull=False)
        if value == "review":
            return queryset.filter(pending_change__status=PendingChange.Status.REVIEW)
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
    ArticlePendingMixin,  # a live article's edits wait as a draft of changes until published
    RichTextAdminMixin,  # the body's editor
    RevisionAdmin,  # history, compare, restore (django-reversion)
    VietnameseSlugMixin,  # "Hội nghị" -> "hoi-nghi" while typing
    TabbedTranslationAdmin,
):
    list_display = ("title", "section", "status", "public_state", "display_published_at", "has_english")
    list_filter = (PublicStateFilter, ChangesWaitingFilter, EnglishFilter, MineFilter, "section", UnresolvedReferencesFilter, "tags")
    date_hierarchy = "published_at"
    search_fields = ("title_vi", "title_en", "lead_vi", "lead_en")
    # The search finds what the public search finds, drafts too: no diacritics needed, bodies and the document
    # numbers they cite included (news/admin/search.py).
    folded_search_fields = ("title_vi", "title_en", "lead_vi", "lead_en", "body_vi", "body_en")
    folded_markup_fields = ("body_vi", "body_en")  # HTML: their tags are not searched
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("section", "tags", "organizations", "directives", "image")
    readonly_fields = ("author", "created_at", "updated_at", "citations")
    inlines = [AttachmentInline]
    actions = ["submit_for_review", "publish", "make_draft"]  # news/admin/workflow.py
    fieldsets = (
        (None, {"fields": ("title", "slug", "section", "status", "published_at", "unpublish_at")}),
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
        # A live article with edits readers do not see yet says so here (news/admin/pending.py): one column less
        # keeps the list within the screen.
        waiting = self.changes_waiting(article)
        state = workflow.public_state(article)
        return format_html("{}; <em>{}</em>", state, waiting) if waiting else state

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
        # The references still missing or ambiguous (one per document), and how many articles cite each.
        unresolved = {}
        for reference in article.references.exclude(status=ArticleReference.Status.LINKED).order_by(
                "language", "field", "position"):
            unresolved.setdefault(reference.key, reference)
        citing = dict(
            ArticleReference.objects.filter(
                key__in=list(unresolved), status__in=UNRESOLVED,
                article__in=workflow.visible_articles(user, Article.objects.order_by()).values("pk"),
            ).values("key").annotate(articles=Count("article", distinct=True)).values_list("key", "articles")
        ) if unresolved and user is not None else {}
        missing = []
        for key, reference in unresolved.items():
            label = _reference_label(reference.number, reference.plenum, reference.term)
            if reference.status != ArticleReference.Status.MISSING:
                # Which of them the text means is for its author to say; the registry lists the candidates.
                url = reverse("admin:news_directive_changelist") + "?" + urlencode({"q": label})
                note = _("several documents have this number: the text does not say which")
            elif may("add"):
                url, note = _add_document_url(reference), _("not in the registry yet: add it")
            else:
                url, note = None, _who_adds_documents()
            shown = format_html('<a href="{}">{}</a>', url, label) if url and may_view else label
            count = citing.get(key, 0)
            if count > 1:
                articles = reverse("admin:news_article_changelist") + "?" + urlencode({"unresolved": key})
                cited_in = ngettext("cited in %(count)s article", "cited in %(count)s articles", count) % {
                    "count": count}
                note = format_html('{}; <a href="{}">{}</a>', note, articles, cited_in)
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

    @admin.display(description=_("English"))
    def has_english(self, article):
        state = translation_status.english_state(article)
        if state == "missing":
            return _("no")
        if state == "out_of_date":
            return format_html('<strong class="english-out-of-date">{}</strong>', _("out of date"))
        return _("yes")

    def get_urls(self):
        return [
            path("<path:object_id>/confirm-english/", self.admin_site.admin_view(self.confirm_english_view),
                 name="news_article_confirm_english"),
        ] + super().get_urls()

    def confirm_english_view(self, request, object_id):
        """POST: the English still says what the Vietnamese says (it counts as up to date again). Whoever may edit
        the article may confirm it; anyone else is refused and nothing changes."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404
        if not workflow.can_edit(request.user, article):
            raise PermissionDenied(_("You may not change this article."))
        if translation_status.english_state(article) == "out_of_date":
            translation_status.confirm_english(article)
            message = _("The English of “%(title)s” is confirmed up to date.") % {"title": article}
            self.log_change(request, article, str(message))
            self.message_user(request, message, messages.SUCCESS)
        else:
            self.message_user(request, _("Nothing to confirm: the English of “%(title)s” is not out of date.")
                              % {"title": article}, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        super().save_model(request, obj, form, change)
