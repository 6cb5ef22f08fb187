"""The comments sent on drafts, for the editors who moderate and handle them: the moderation queue (the list
filtered to those waiting), approving and rejecting, marking how each was handled with an answer, and the
exports for the drafting unit (CSV, XLSX) of what the list shows.

Comments carry personal data (13/2023/NĐ-CP): only who may see comments (consultation/workflow.py) opens any of
these pages; nobody edits what a commenter sent (read-only), and their attachment is downloaded through a view
that checks the same rule, never by a media link. Nothing a commenter wrote is shown as HTML (escaped).
"""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from consultation import exports, workflow
from consultation.models import Comment
from news.admin.search import LongSearchMixin
from news.admin.workflow import ForgedActionsRefusedMixin
from news.templatetags.portal import portal_datetime

from .downloads import file_response

M, D = Comment.Moderation, Comment.Disposition
HANDLING = ("moderation", "disposition", "response")
EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", exports.as_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.as_xlsx),
}


class ArticleRefFilter(admin.SimpleListFilter):
    """The article (Điều) commented on, as commenters named it; of the chosen draft's comments when one is chosen
    (the numbers of one draft are what the drafting unit goes through)."""

    title = _("article (Điều)")
    parameter_name = "dieu"
    shown = 60

    def lookups(self, request, model_admin):
        comments = Comment.objects.exclude(article_ref="")
        draft = request.GET.get("draft__id__exact", "")
        if draft.isdigit():
            comments = comments.filter(draft=draft)
        refs = (comments.order_by().values("article_ref").annotate(n=Count("pk"))
                .order_by("article_ref")[:self.shown])
        return [(row["article_ref"], f"{row['article_ref']} ({row['n']})") for row in refs] + [
            ("-", _("no article named")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "-":
            return queryset.filter(article_ref="")
        if value:
            return queryset.filter(article_ref=value)
        return queryset


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = HANDLING

    def clean(self):
        data = super().clean()
        error = workflow.handling_error(data.get("moderation"), data.get("disposition"))
        if error:
            self.add_error("disposition", error)
        return data


@admin.register(Comment)
class CommentAdmin(ForgedActionsRefusedMixin, LongSearchMixin, admin.ModelAdmin):
    form = CommentForm
    list_display = ("sent", "draft", "article_ref", "excerpt", "sender", "moderation", "disposition", "handled_by")
    list_filter = (
        ("draft", admin.RelatedOnlyFieldListFilter), "moderation", "disposition", ArticleRefFilter,
        ("submitted_at", admin.DateFieldListFilter),
    )
    list_select_related = ("draft", "handled_by")
    search_fields = ("body", "name", "email", "phone", "organisation", "article_ref", "response")
    list_per_page = 50
    actions = ["approve", "reject", "mark_accepted", "mark_explained", "mark_not_accepted", "export_csv",
               "export_xlsx"]
    change_list_template = "admin/consultation/comment/change_list.html"
    readonly_fields = ("draft", "article_ref", "body", "attachment_link", "sent", "language", "name", "email",
                       "phone", "organisation", "consent", "personal_data_erased", "handled_by", "handled")
    fieldsets = (
        (pgettext_lazy("consultation", "Comment"),
         {"fields": ("draft", "article_ref", "body", "attachment_link", "sent", "language")}),
        (_("Sender (personal data: staff only, erased when its time ends)"), {
            "fields": ("name", "email", "phone", "organisation", "consent", "personal_data_erased"),
        }),
        (_("Handling"), {"fields": ("moderation", "disposition", "response", "handled_by", "handled")}),
    )

    # --- who sees and changes what: consultation/workflow.py ------------------------------------------------
    def has_add_permission(self, request):
        return False  # comments come from the public form only

    def has_view_permission(self, request, obj=None):
        return workflow.may_see_comments(request.user)

    def has_change_permission(self, request, obj=None):
        return workflow.may_handle_comments(request.user)

    def has_module_permission(self, request):
        return workflow.may_see_comments(request.user)

    def get_queryset(self, request):
        return workflow.visible_comments(request.user, super().get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets

    def changelist_view(self, request, extra_context=None):
        query = request.GET.urlencode()
        context = {
            # The exports take the list's filters and search as they are (never its page: every row).
            "export_links": [
                (label, reverse("admin:consultation_comment_export", args=[kind]) + (f"?{query}" if query else ""))
                for kind, label in (("csv", _("Export CSV")), ("xlsx", _("Export XLSX")))
            ],
            "pending_url": reverse("admin:consultation_comment_changelist") + f"?moderation__exact={M.PENDING}",
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    # --- the list's columns ----------------------------------------------------------------------------------
    @admin.display(description=_("sent at"), ordering="submitted_at")
    def sent(self, comment):
        return portal_datetime(comment.submitted_at)

    @admin.display(description=pgettext_lazy("consultation", "comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(140)

    @admin.display(description=_("sender"))
    def sender(self, comment):
        if comment.personal_data_erased_at:
            return _("(erased)")
        return ", ".join(part for part in (comment.name, comment.organisation) if part) or "—"

    @admin.display(description=_("consent given at"))
    def consent(self, comment):
        return portal_datetime(comment.consent_at)

    @admin.display(description=_("personal data erased at"))
    def personal_data_erased(self, comment):
        return portal_datetime(comment.personal_data_erased_at) if comment.personal_data_erased_at else "—"

    @admin.display(description=_("handled at"))
    def handled(self, comment):
        return portal_datetime(comment.handled_at) if comment.handled_at else "—"

    @admin.display(description=_("attachment"))
    def attachment_link(self, comment):
        if not comment.attachment:
            return "—"
        url = reverse("admin:consultation_comment_attachment", args=[comment.pk])
        return format_html('<a href="{}">{}</a>', url, comment.attachment_name or _("download"))

    # --- saving what staff decided --------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        # Only the handling is in the form; who decided and when is recorded with it (workflow.handle).
        stored = Comment.objects.get(pk=obj.pk)
        workflow.handle(stored, request.user, **{name: getattr(obj, name) for name in HANDLING})
        for name in (*HANDLING, "handled_by_id", "handled_at"):
            setattr(obj, name, getattr(stored, name))

    # --- bulk actions ----------------------------------------------------------------------------------------
    def _handle_all(self, request, queryset, done_text, **decision):
        done, refused = 0, []
        for comment in queryset.select_related("draft"):
            try:
                changed = workflow.handle(comment, request.user, **decision)
            except ValidationError as error:
                refused.append(f"#{comment.pk}: {' '.join(error.messages)}")
                continue
            if changed:
                done += 1
                self.log_change(request, comment, str(done_text))
        if refused:
            self.message_user(request, _("Not changed: %(list)s") % {"list": "; ".join(refused)}, messages.WARNING)
        return done

    def _report(self, request, count):
        self.message_user(request, ngettext("%d comment changed.", "%d comments changed.", count) % count,
                          messages.SUCCESS)

    @admin.action(description=_("Approve the selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        self._report(request, self._handle_all(request, queryset, M.APPROVED.label, moderation=M.APPROVED))

    @admin.action(description=_("Reject the selected comments (spam or abuse)"), permissions=["change"])
    def reject(self, request, queryset):
        count = self._handle_all(request, queryset, M.REJECTED.label, moderation=M.REJECTED, disposition=D.NONE)
        self._report(request, count)

    @admin.action(description=_("Mark as taken in (tiếp thu)"), permissions=["change"])
    def mark_accepted(self, request, queryset):
        self._report(request, self._handle_all(request, queryset, D.ACCEPTED.label, disposition=D.ACCEPTED))

    @admin.action(description=_("Mark as explained (giải trình)"), permissions=["change"])
    def mark_explained(self, request, queryset):
        self._report(request, self._handle_all(request, queryset, D.EXPLAINED.label, disposition=D.EXPLAINED))

    @admin.action(description=_("Mark as not taken in"), permissions=["change"])
    def mark_not_accepted(self, request, queryset):
        self._report(request, self._handle_all(request, queryset, D.NOT_ACCEPTED.label, disposition=D.NOT_ACCEPTED))

    @admin.action(description=_("Export the selected comments as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(queryset, "csv")

    @admin.action(description=_("Export the selected comments as XLSX"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self._export(queryset, "xlsx")

    # --- the attachment and the exports: views that check who asks -------------------------------------------
    def get_urls(self):
        return [
            path("export/<str:kind>/", self.admin_site.admin_view(self.export_view),
                 name="consultation_comment_export"),
            path("<path:object_id>/attachment/", self.admin_site.admin_view(self.attachment_view),
                 name="consultation_comment_attachment"),
        ] + super().get_urls()

    def attachment_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        comment = self.get_object(request, unquote(object_id))
        if comment is None or not comment.attachment:
            raise Http404
        return file_response(comment.attachment, comment.attachment_name)

    def export_view(self, request, kind):
        """The comments the list shows with the same filters and search (``?`` as the list's), every page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if kind not in EXPORT_TYPES:
            raise Http404
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            self.message_user(request, _("These filters are not known; nothing was exported."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:consultation_comment_changelist"))
        return self._export(changelist.get_queryset(request), kind)

    def _export(self, queryset, kind):
        content_type, write = EXPORT_TYPES[kind]
        queryset = queryset.order_by("draft_id", "submitted_at", "pk")
        drafts = list(queryset.order_by().values_list("draft", flat=True).distinct()[:2])
        draft = queryset.first().draft if len(drafts) == 1 else None
        content = write(queryset, draft.title[:31]) if kind == "xlsx" and draft else write(queryset)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(draft, kind)}"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
