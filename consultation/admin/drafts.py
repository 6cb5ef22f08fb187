"""Drafts for public comment in the admin: bilingual fields in tabs, the dossier's files, the comment period,
the workflow (a draft is published by an editor; the server refuses any other move, whatever a form posts),
revisions, and the report on how the comments were handled (the editors').

Every rule is asked of consultation/workflow.py; this module only enforces it at each entry point (list, form,
buttons, bulk actions, revisions, file downloads).
"""
import posixpath

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from consultation import workflow
from consultation.models import Comment, Draft, DraftFile
from news.admin.revisions import RevisionAdmin
from news.admin.richtext import RichTextAdminMixin
from news.admin.search import LongSearchMixin
from news.admin.workflow import MOVE_BUTTON, ForgedActionsRefusedMixin, OfferedStatesMixin
from news.admin.slugs import VietnameseSlugMixin
from news.templatetags.portal import portal_datetime

from .downloads import StaffFileWidget, file_response

S = Draft.Status
P = Draft.Period
REPORT_FIELDS = ("report_vi", "report_en", "report_file", "publish_report")


def file_url(draft_pk, which):
    return reverse("admin:consultation_draft_file", args=[draft_pk, which])


class PeriodFilter(admin.SimpleListFilter):
    """Where the comment period stands now (DraftQuerySet's upcoming / open_for_comment / closed)."""

    title = _("comment period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return P.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == P.UPCOMING:
            return queryset.upcoming()
        if value == P.OPEN:
            return queryset.open_for_comment()
        if value == P.CLOSED:
            return queryset.closed()
        return queryset


class DraftFileInline(TranslationTabularInline):
    """The dossier: the draft text, the submission (tờ trình), the impact assessment... Each upload is checked by
    its content (the model's validator); whoever may edit the draft may change its files, nobody else."""

    model = DraftFile
    extra = 0
    fields = ("kind", "title", "file", "position")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = StaffFileWidget(lambda item: file_url(item.draft_id, item.pk))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _may_edit(self, request, obj):
        return obj is None or workflow.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)


@admin.register(Draft)
class DraftAdmin(ForgedActionsRefusedMixin, OfferedStatesMixin, LongSearchMixin, RevisionAdmin, RichTextAdminMixin,
                 VietnameseSlugMixin, TabbedTranslationAdmin):
    workflow = workflow  # the rules the status field's offered states come from (OfferedStatesMixin)
    list_display = ("title", "status", "public_state", "period_display", "days_left", "waiting", "drafting_unit")
    list_filter = ("status", PeriodFilter, ("drafting_unit", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("drafting_unit",)
    search_fields = ("title_vi", "title_en", "summary_vi", "summary_en")
    prepopulated_fields = {"slug": ("title_vi",)}
    autocomplete_fields = ("drafting_unit", "directive")
    rich_text_fields = ("report",)
    readonly_fields = ("author", "created_at", "updated_at")
    inlines = [DraftFileInline]
    actions = ["submit_for_review", "publish", "unpublish"]
    change_form_template = "admin/consultation/draft/change_form.html"
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "document_type", "drafting_unit", "status", "published_at")}),
        (_("Comment period"), {"fields": ("opens_at", "closes_at")}),
        (_("Contact"), {"fields": ("contact_name", "contact_email", "contact_phone")}),
        (_("Issued as"), {"fields": ("directive",)}),
        (_("Report on the comments (báo cáo tiếp thu, giải trình)"), {
            "fields": ("report", "report_file", "publish_report"),
            "description": _("Written by an editor once the comments are handled; readers see it on the draft's "
                             "page after the period ends, if “publish the report” is ticked."),
        }),
        (_("Record"), {"fields": ("author", "created_at", "updated_at"), "classes": ("collapse",)}),
    )
    # Restoring a revision brings back text and files, never a state nor the author (the workflow's).
    kept_on_restore = ("status", "published_at", "author")

    def recovered_values(self, request):
        return {"status": S.DRAFT}  # whatever state it was deleted in, a recovered draft is a draft again

    def may_restore(self, request, current, restored):
        # The report fields are read-only in a writer's form, which then saves them as the revision wrote them:
        # a writer may restore a revision only where it leaves the report (the editors') as it is now.
        if not super().may_restore(request, current, restored):
            return False
        return workflow.can_edit_report(request.user, current) or all(
            getattr(current, name) == getattr(restored, name) for name in REPORT_FIELDS
        )

    # --- who sees and changes what ---------------------------------------------------------------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(
            waiting_count=Count("comments", filter=Q(comments__moderation=Comment.Moderation.PENDING))
        )
        return workflow.visible_drafts(request.user, queryset)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or workflow.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_delete(request.user, obj)

    def has_publish_permission(self, request):
        """For the actions marked permissions=["publish"]."""
        return workflow.may_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can_edit_report(request.user, obj):
            fields += REPORT_FIELDS  # shown, never posted: a writer's forged report is not even read
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "report_file":
            kwargs["widget"] = StaffFileWidget(lambda draft: file_url(draft.pk, "report"), name_field="")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and MOVE_BUTTON in request.POST:
            # A workflow button of the form ("Submit for review", "Publish"): it saves what the form shows and
            # makes the move in the same save.
            request.POST = request.POST.copy()
            request.POST["status"] = request.POST[MOVE_BUTTON]
        if request.method == "POST" and request.POST.get("status") in S.values:
            # A state the form would not offer is a forged move: refused outright, before anything is saved.
            draft = self.get_object(request, unquote(object_id)) if object_id else None
            if object_id is None or draft is not None:  # a missing draft is the admin's own "not found"
                source = draft.status if draft is not None else S.DRAFT
                if draft is None or self.has_change_permission(request, draft):
                    workflow.check(request.user, draft, source, request.POST["status"])
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        source = form.initial.get("status", S.DRAFT) if change else S.DRAFT
        workflow.check(request.user, obj if change else None, source, obj.status)
        if not obj.author_id:
            obj.author = request.user
        if obj.status == S.PUBLISHED and not obj.published_at:
            obj.published_at = timezone.now()  # publishing without a chosen time means now
        super().save_model(request, obj, form, change)
        if obj.status != source:
            self.message_user(request, workflow.done_message(obj, obj.status, source), messages.SUCCESS)

    def response_change(self, request, obj):
        if MOVE_BUTTON in request.POST:
            if self.has_view_permission(request, obj):
                return HttpResponseRedirect(reverse("admin:consultation_draft_change", args=[obj.pk]))
            return HttpResponseRedirect(reverse("admin:consultation_draft_changelist"))
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            in_form = self.has_change_permission(request, obj)
            context.update(
                workflow_state=workflow.public_state(obj),
                workflow_period=self.period_display(obj),
                workflow_moves=[
                    {"label": workflow.label(request.user, move, obj), "target": move.target}
                    for move in workflow.allowed_transitions(request.user, obj)
                ] if in_form else [],
                move_button=MOVE_BUTTON,
                comments_url=comment_list_url(obj) if workflow.may_see_comments(request.user) else "",
                comment_counts=_comment_counts(obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_view_on_site_url(self, obj=None):
        if obj is None or not Draft.objects.published().filter(pk=obj.pk).exists():
            return None
        return obj.get_absolute_url()

    # --- the list's columns ----------------------------------------------------------------------------------
    @admin.display(description=_("on the public site"))
    def public_state(self, draft):
        return workflow.public_state(draft)

    @admin.display(description=_("comment period"), ordering="opens_at")
    def period_display(self, draft):
        return format_html(
            "{} – {}<br><small>{}</small>",
            portal_datetime(draft.opens_at), portal_datetime(draft.closes_at), draft.period().label,
        )

    @admin.display(description=_("days left"), ordering="closes_at")
    def days_left(self, draft):
        return draft.days_left() if draft.period() == P.OPEN else "—"

    @admin.display(description=_("comments waiting"), ordering="waiting_count")
    def waiting(self, draft):
        return draft.waiting_count

    @admin.display(description=_("comments waiting"), ordering="waiting_count")
    def waiting_queue(self, draft):
        """For who moderates comments: the number links to the draft's moderation queue."""
        if not draft.waiting_count:
            return 0
        return format_html('<a href="{}">{}</a>', comment_list_url(draft, pending=True), draft.waiting_count)

    def get_list_display(self, request):
        if workflow.may_see_comments(request.user):
            return tuple("waiting_queue" if name == "waiting" else name for name in self.list_display)
        return self.list_display

    # --- files, by a view that checks who asks ---------------------------------------------------------------
    def get_urls(self):
        return [
            path("<path:object_id>/files/<str:which>/", self.admin_site.admin_view(self.file_view),
                 name="consultation_draft_file"),
        ] + super().get_urls()

    def file_view(self, request, object_id, which):
        """A file of the draft's dossier (``which``: its number) or its report file ("report"), for who may see
        the draft in admin; a 404 for anyone else (the address says nothing)."""
        draft = self.get_object(request, unquote(object_id))
        if draft is None or not self.has_view_permission(request, draft):
            raise Http404
        if which == "report":
            if not draft.report_file:
                raise Http404
            extension = posixpath.splitext(draft.report_file.name)[1].lower()
            return file_response(draft.report_file, f"bao-cao-{draft.slug}{extension}")
        item = draft.files.filter(pk=int(which) if which.isdigit() else 0).first()
        if item is None or not item.file:
            raise Http404
        return file_response(item.file, item.original_name)

    # --- bulk actions ----------------------------------------------------------------------------------------
    def _move_all(self, request, queryset, target, sources):
        """Move each selected draft that is in ``sources``; say what was done and what was refused."""
        done, refused = 0, []
        for draft in queryset.filter(status__in=sources):
            try:
                with self.create_revision(request):
                    source = workflow.transition(draft, target, request.user)
            except (PermissionDenied, ValidationError) as error:
                reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
                refused.append(f"“{draft}”: {' '.join(reasons)}")
            else:
                done += 1
                self.log_change(request, draft, str(workflow.done_message(draft, target, source)))
        if refused:
            self.message_user(request, _("Not changed: %(list)s") % {"list": "; ".join(refused)}, messages.WARNING)
        return done

    @admin.action(description=_("Submit the selected drafts for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        count = self._move_all(request, queryset, S.REVIEW, [S.DRAFT])
        self.message_user(request, ngettext("%d draft submitted for review.", "%d drafts submitted for review.",
                                            count) % count, messages.SUCCESS)

    @admin.action(description=_("Publish the selected drafts"), permissions=["publish"])
    def publish(self, request, queryset):
        count = self._move_all(request, queryset, S.PUBLISHED, [S.DRAFT, S.REVIEW, S.ARCHIVED])
        self.message_user(request, ngettext("%d draft published.", "%d drafts published.", count) % count,
                          messages.SUCCESS)

    @admin.action(description=_("Unpublish the selected drafts"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self._move_all(request, queryset, S.ARCHIVED, [S.PUBLISHED])
        self.message_user(request, ngettext("%d draft unpublished.", "%d drafts unpublished.", count) % count,
                          messages.SUCCESS)


def comment_list_url(draft, pending=False):
    """The comment list of ``draft``; ``pending``: its moderation queue (the comments waiting)."""
    query = {"draft__id__exact": draft.pk}
    if pending:
        query["moderation__exact"] = Comment.Moderation.PENDING
    return reverse("admin:consultation_comment_changelist") + "?" + urlencode(query)


def _comment_counts(draft):
    """How many comments the draft has, and how many wait for moderation (no one's data: the public page says
    as much)."""
    return draft.comments.aggregate(
        total=Count("pk"), waiting=Count("pk", filter=Q(moderation=Comment.Moderation.PENDING)),
    )
