"""Draft over live in the article admin: saving a live article keeps the edits as its pending change.

Readers keep the live version until an editor publishes the changes (news/pending_changes.py writes them through
the article's ordinary save). The change form of an article with a pending change shows the pending values, so
its people keep working on their draft, under a banner (templates/admin/news/article/_pending_change.html) with
its moves: publish, submit for review, withdraw or send back, discard; each takes an optional note.
Who may do what is news/workflow.py's (``can_prepare_changes``, ``can_publish_changes``, ``can_edit``).
Submitting, publishing and sending back tell the people concerned (desk/notifications.py, ``changes_*`` events).

Decisions where the issue is silent:
- Only a live article (readers see it now) keeps pending changes; a scheduled or expired one is edited as it is.
- Its author (a writer) may prepare changes to their own live article and submit them; an editor publishes them.
- Attachments are rows of their own, not part of the pending change: those who may publish change them at
  once (the banner says so); a writer preparing changes sees them read-only.
- A revision is not restored over a pending change (publish or discard it first), and only those who may edit
  the live article itself restore one of its revisions.
- The form's "Save and publish the changes" (``_move=published`` on a live article) writes what the form shows
  onto the live article at once; only those who may publish changes may use it.

Put it after ArticleLockingMixin in ArticleAdmin's bases (its save runs once the locking has claimed the next
version, so a second stale form is refused for pending edits as for live ones) and before RevisionAdmin.
"""
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, OuterRef, Subquery
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from desk.notifications import notify
from news import pending_changes, workflow
from news.models import Article
from news.models.pending import PendingChange
from news.templatetags.portal import portal_datetime

S = Article.Status
P = PendingChange.Status
MOVE_BUTTON = "_move"  # as news/admin/workflow.py names the change form's workflow buttons




class ArticlePendingMixin:
    """For ArticleAdmin's bases, after ArticleLockingMixin and before RevisionAdmin (see the module)."""

    # --- the change list: which articles have changes waiting --------------------------------------------------
    def get_changelist(self, request, **kwargs):
        base = super().get_changelist(request, **kwargs)

        class PendingChangeList(base):
            def get_queryset(self, request, exclude_parameters=None):
                # One subquery for the page, whatever its length (no query per row).
                return super().get_queryset(request, exclude_parameters).annotate(
                    pending_status=Subquery(PendingChange.objects.filter(article=OuterRef("pk")).values("status")[:1])
                )

        return PendingChangeList

    @admin.display(description=_("changes waiting"))
    def changes_waiting(self, article):
        status = getattr(article, "pending_status", None)
        return P(status).label if status else None

    # --- the change form: pending values shown, saves kept apart from the live article ----------------------
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        pending = pending_changes.pending_of(obj) if obj is not None and obj.pk else None
        if pending is None:
            return form
        initial = pending_changes.form_initial(pending)

        class WithPendingValues(form):
            """Shows the pending change's values instead of the live ones: the draft its people work on."""

            def __init__(self, *args, **kwargs):
                # As initial data (not set afterwards), so what the form was opened with is the pending values.
                kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

        WithPendingValues.__name__ = form.__name__
        return WithPendingValues

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request._pending_save = request._publish_form = False
        if request.method == "POST" and object_id and getattr(request, "_revision_restore", None) is None:
            article = self.get_object(request, unquote(object_id))
            if article is not None and workflow.is_live(article):
                if MOVE_BUTTON in request.POST:
                    # "Save and publish the changes": what the form shows goes onto the live article at once.
                    if request.POST[MOVE_BUTTON] != S.PUBLISHED or not workflow.can_publish_changes(
                            request.user, article):
                        raise PermissionDenied(_("You may not publish changes to this article."))
                    request._publish_form = True
                else:
                    request._pending_save = True
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and obj.pk and not workflow.can_edit(request.user, obj):
            # A writer preparing changes to their live article: its attachments reach readers at once, so they
            # are shown, not changed (an editor changes them).
            for inline in inlines:
                inline.has_add_permission = lambda request, obj=None: False
                inline.has_change_permission = lambda request, obj=None: False
                inline.has_delete_permission = lambda request, obj=None: False
        return inlines

    def save_model(self, request, obj, form, change):
        if change and getattr(request, "_pending_save", False):
            # The locking has claimed the next version: forms opened before are stale for these edits too.
            request._pending_saved = pending_changes.capture(obj, form, request.user)
            return
        pending = pending_changes.pending_of(obj) if change else None
        super().save_model(request, obj, form, change)
        if pending is not None:
            # The form showed the pending values; saved onto the article now, they are no longer pending.
            PendingChange.objects.filter(pk=pending.pk).delete()
            obj.pending_change = None
        if getattr(request, "_publish_form", False):
            self.message_user(request, _("The changes to “%(title)s” are published: readers see them now.")
                              % {"title": obj}, messages.SUCCESS)
            # Told: whoever started the changes published (or the author, when there were none waiting).
            notify("changes_published", obj, request.user, request.POST.get("note", "").strip(),
                   author=pending.created_by if pending is not None else None)

    def save_related(self, request, form, formsets, change):
        if not (change and getattr(request, "_pending_save", False)):
            return super().save_related(request, form, formsets, change)
        # The relations chosen are in the pending change; attachments are saved as always (read-only for
        # those who may not edit the live article: nothing of theirs changes).
        request._attachments_saved = False
        for formset in formsets:
            request._attachments_saved |= formset.has_changed()
            self.save_formset(request, form, formset, change=change)
        if request._pending_saved is None and not request._attachments_saved:
            # Nothing changed: the version claimed is given back in the same transaction, as if never claimed,
            # so forms opened before stay current.
            Article.objects.filter(pk=form.instance.pk, version=form.instance.version).update(
                version=F("version") - 1)

    def log_change(self, request, obj, message):
        if getattr(request, "_pending_save", False):
            if request._pending_saved is None:
                # Nothing waits; only attachments (saved at once) are logged, as usual.
                return super().log_change(request, obj, message) if request._attachments_saved else None
            # ``obj`` holds the submitted values already: what changed is told against the live row.
            live = Article.objects.get(pk=obj.pk)
            fields = ", ".join(str(label) for label in self._labels(request._pending_saved, live))
            message = str(_("Saved changes not published yet: %(fields)s.") % {"fields": fields or "—"})
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not getattr(request, "_pending_save", False):
            return super().response_change(request, obj)
        if request._pending_saved is None and request._attachments_saved:
            self.message_user(request, _("The attachments of “%(title)s” were saved: readers see them now.")
                              % {"title": obj}, messages.SUCCESS)
        elif request._pending_saved is None:
            self.message_user(request, _("Nothing was changed: readers see the published version."), messages.INFO)
        else:
            self.message_user(request, _(
                "Your changes to “%(title)s” are saved as a draft of changes: readers still see the published "
                "version until the changes are published."
            ) % {"title": obj}, messages.SUCCESS)
        if "_continue" in request.POST or not self.has_view_permission(request, obj):
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[obj.pk]))
        return HttpResponseRedirect(reverse("admin:news_article_changelist"))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["pending"] = self._pending_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _labels(self, pending, article):
        # A translated field's label names its language already ("Tiêu đề [en]").
        return [capfirst(Article._meta.get_field(name).verbose_name)
                for name in pending_changes.changed_fields(pending, article)]

    def _pending_context(self, request, article):
        user = request.user
        pending = pending_changes.pending_of(article)
        live = workflow.is_live(article)
        if pending is None:
            return {"live": live, "change": None} if live and self.has_change_permission(request, article) else {}
        moves = []
        may_work = workflow.can_handle_changes(user, article, pending)
        may_publish = workflow.can_publish_changes(user, article)
        if may_publish:
            moves.append(("publish", _("Publish the changes")))
        if may_work and pending.status == P.DRAFT:
            moves.append(("submit", _("Submit changes for review")))
        if pending.status == P.REVIEW and (may_publish or may_work):
            moves.append(("back", _("Send the changes back") if may_publish else _("Withdraw the changes")))
        if may_work:
            moves.append(("discard", _("Discard the changes")))
        preview = {}
        for code, url in self._preview_urls(article).items():
            preview[code] = f"{url}?version=pending"
        return {
            "live": live,
            "change": pending,
            "status": pending.get_status_display(),
            "started": portal_datetime(pending.created_at),
            "saved": portal_datetime(pending.updated_at),
            "fields": self._labels(pending, article),
            "moves": [{"action": action, "label": label,
                       "url": reverse("admin:news_article_pending", args=[article.pk, action])}
                      for action, label in moves],
            "preview_urls": preview,
            "attachments_at_once": may_publish,
        }

    # --- the banner's moves --------------------------------------------------------------------------------------
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/changes/<slug:action>/", self.admin_site.admin_view(self.pending_view),
                 name="%s_%s_pending" % info),
        ] + super().get_urls()

    def pending_view(self, request, object_id, action):
        """POST: publish, submit, send back (or withdraw) or discard the article's pending change."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None or action not in ("publish", "submit", "back", "discard") or not self.has_view_permission(
                request, article):
            raise Http404
        user, note = request.user, request.POST.get("note", "").strip()[:300]
        here = HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))
        may_publish = workflow.can_publish_changes(user, article)
        pending = pending_changes.pending_of(article)
        may_work = workflow.can_handle_changes(user, article, pending)
        if not (may_publish if action == "publish" else may_work or (action == "back" and may_publish)):
            raise PermissionDenied(_("You may not do this with the changes to this article."))
        expected = {"submit": P.DRAFT, "back": P.REVIEW}.get(action)
        if pending is None or (expected and pending.status != expected):
            # Someone was quicker, or a double click: say where things stand, change nothing.
            text = _("No changes are waiting on this article.") if pending is None else _(
                "The changes are already “%(status)s”.") % {"status": pending.get_status_display()}
            self.message_user(request, text, messages.WARNING)
            return here
        title = {"title": article}
        if action == "publish":
            try:
                with self._revision(request):
                    article = pending_changes.apply(article, user)
            except ValidationError as error:
                self.message_user(request, _("Not published: %(reasons)s") % {"reasons": " ".join(error.messages)},
                                  messages.ERROR)
                return here
            text, event = _("The changes to “%(title)s” are published: readers see them now."), "changes_published"
        elif action == "discard":
            pending_changes.discard(article)
            text, event = _("The changes to “%(title)s” were discarded; the published version stays."), None
        elif action == "submit":
            pending_changes.move(article, P.REVIEW, note)
            text, event = _("The changes to “%(title)s” were submitted for review."), "changes_submitted"
        elif may_publish:
            pending_changes.move(article, P.DRAFT, note)
            text, event = _("The changes to “%(title)s” were sent back."), "changes_sent_back"
        else:
            pending_changes.move(article, P.DRAFT, note)
            text, event = _("The changes to “%(title)s” were withdrawn from review."), None
        message = text % title
        self.log_change(request, article, str(message) + (f" {note}" if note else ""))
        self.message_user(request, message, messages.SUCCESS)
        if event:
            # The author events go to whoever started the changes (an editor's, on a writer's article, say).
            notify(event, article, user, note, author=pending.created_by)
        return here

    # --- revisions -------------------------------------------------------------------------------------------
    def may_restore(self, request, current, restored):
        # Restoring writes onto the live article: only for those who may edit it itself, not prepare changes.
        return super().may_restore(request, current, restored) and workflow.can_edit(request.user, current)

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        # Offered only to those the restore would let (see may_restore and revision_view).
        can_restore = article is not None and self.has_change_permission(request, article) and workflow.can_edit(
            request.user, article) and pending_changes.pending_of(article) is None
        return super().history_view(request, object_id, {"can_restore": can_restore, **(extra_context or {})})

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None and pending_changes.pending_of(article) is not None:
            # A restore would write over the live version while the changes wait, or be lost under them.
            self.message_user(request, _(
                "This article has changes waiting to be published: publish or discard them before restoring a "
                "revision."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))
        return super().revision_view(request, object_id, version_id, extra_context)
