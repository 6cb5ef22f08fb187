"""The newsroom workflow in the article admin: who sees and changes what, transition buttons and actions, preview.

Every rule is asked of news/workflow.py; this module only enforces it at each admin entry point (list, form,
buttons, bulk actions, preview) so that a forged request meets the same refusal as the hidden button.
"""
from contextlib import nullcontext
from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from news import pending_changes, workflow
from news.admin.safety import public_urls
from news.models import Article
from news.templatetags.portal import portal_datetime
from news.views.preview import render_preview

S = Article.Status
# The name of the change form's workflow buttons; the value is the state to move to.
MOVE_BUTTON = "_move"


class ForgedActionsRefusedMixin:
    """A bulk action this person is not offered (a forged POST naming it) is refused with 403, never run: Django
    would only say that no action was chosen. For every admin whose actions depend on the role."""

    def changelist_view(self, request, extra_context=None):
        action = request.POST.get("action") if request.method == "POST" else None
        if action:
            known = {name for _func, name, _description in self._get_base_actions()}
            if action in known and action not in self.get_actions(request):
                raise PermissionDenied(_("You may not use this action."))
        return super().changelist_view(request, extra_context)


class OfferedStatesMixin:
    """The change form's status field offers only the states this person may move the object to (``workflow``:
    the module holding the rules, with ``form_statuses(user, obj)``); the server checks the move again."""

    workflow = None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get("status")
        if field is not None:
            allowed = self.workflow.form_statuses(request.user, obj)
            field.choices = [(value, text) for value, text in field.choices if value in allowed]
        return form


class ArticleWorkflowMixin(ForgedActionsRefusedMixin, OfferedStatesMixin):
    """Put before the ModelAdmin in ArticleAdmin's bases."""

    workflow = workflow

    # Restoring a revision brings back text, never a state: the state belongs to the workflow (restoring the
    # text of a live article keeps it live), the author stays, and the locking counter only ever grows.
    kept_on_restore = ("status", "published_at", "author", "version")

    def recovered_values(self, request):
        # Whatever state it was deleted in, a recovered article is its author's draft again.
        return {"status": S.DRAFT}

    # --- who sees and changes what -------------------------------------------------------------------------
    def get_queryset(self, request):
        return workflow.visible_articles(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or workflow.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        # The author of a live article may prepare changes to it: they wait for an editor (news/admin/pending.py).
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_edit(request.user, obj) or workflow.can_prepare_changes(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_delete(request.user, obj)

    def has_publish_permission(self, request):
        """For the actions marked permissions=["publish"]."""
        return workflow.may_publish(request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and MOVE_BUTTON in request.POST:
            # A workflow button of the change form ("Publish", "Submit for review"...): it saves what the form
            # shows (the text typed, the publication time typed) and makes the move in the same save.
            request.POST = request.POST.copy()
            request.POST["status"] = request.POST[MOVE_BUTTON]
        if request.method == "POST" and request.POST.get("status") in S.values:
            # A status the form would not offer is a forged transition: refuse it outright, before anything.
            article = self.get_object(request, unquote(object_id)) if object_id else None
            if object_id is None or article is not None:  # a missing article is the admin's own "not found"
                source = article.status if article is not None else S.DRAFT
                target = request.POST["status"]
                workflow.check(request.user, article, source, target)
                if workflow.takes_down(source, target):
                    raise PermissionDenied(_("Taking a published article down is asked for first: use its "
                                             "“Unpublish” button."))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        source = form.initial.get("status", S.DRAFT) if change else S.DRAFT
        workflow.check(request.user, obj if change else None, source, obj.status)
        super().save_model(request, obj, form, change)
        if obj.status != source:
            note = request.POST.get("note", "").strip() or str(workflow.FORM_SAVE_NOTE)
            workflow.record(obj, source, obj.status, request.user, note=note)
            self.message_user(request, workflow.done_message(obj, obj.status, source), messages.SUCCESS)

    def response_change(self, request, obj):
        if MOVE_BUTTON in request.POST:
            # The move's own message says what happened; stay on the article (or its list, if no longer theirs).
            if self.has_view_permission(request, obj):
                return HttpResponseRedirect(reverse("admin:news_article_change", args=[obj.pk]))
            return HttpResponseRedirect(reverse("admin:news_article_changelist"))
        return super().response_change(request, obj)

    def get_view_on_site_url(self, obj=None):
        # "View on site" only where readers can see it; a draft, scheduled or unpublished article offers its
        # preview instead (the change form's object tools).
        if obj is None or not Article.objects.published().filter(pk=obj.pk).exists():
            return None
        return obj.get_absolute_url()  # in the admin's language, straight to the page

    # --- buttons on the change form ------------------------------------------------------------------------
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/transition/<slug:to_status>/",
                self.admin_site.admin_view(self.transition_view),
                name="%s_%s_transition" % info,
            ),
            path("<path:object_id>/preview/", self._staff_or_404(self.preview_view), name="%s_%s_preview" % info),
        ] + super().get_urls()

    def transition_view(self, request, object_id, to_status):
        """POST: make the move. GET, for a move taking a live article down: ask first (its button leads here)."""
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None or to_status not in S.values or not self.has_view_permission(request, article):
            raise Http404
        source = article.status
        if request.method != "POST":
            if not workflow.takes_down(source, to_status):
                return HttpResponseNotAllowed(["POST"])
            workflow.check(request.user, article, source, to_status)
            return self._confirm_move(request, [article], to_status,
                                      reverse("admin:news_article_transition", args=[article.pk, to_status]))
        try:
            with self._revision(request):
                workflow.transition(article, to_status, request.user, note=request.POST.get("note", "").strip())
        except ValidationError as error:
            self.message_user(
                request,
                _("Not done: %(reasons)s") % {"reasons": " ".join(error.messages)},
                messages.ERROR,
            )
        else:
            message = workflow.done_message(article, to_status, source)
            self.log_change(request, article, str(message))
            self.message_user(request, message, messages.SUCCESS)
        if self.has_view_permission(request, article):
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))
        return HttpResponseRedirect(reverse("admin:news_article_changelist"))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            user = request.user
            # Moves are buttons of the change form itself, so they save what it shows; a read-only form has
            # buttons of their own. Taking a live article down is a link to a page that asks first.
            in_form = self.has_change_permission(request, obj)
            moves = [
                {
                    "label": workflow.label(user, move, obj),
                    "target": move.target,
                    "url": reverse("admin:news_article_transition", args=[obj.pk, move.target]),
                    "kind": "confirm" if workflow.takes_down(move.source, move.target)
                    else "form" if in_form else "post",
                }
                for move in workflow.allowed_transitions(user, obj)
            ]
            if in_form and workflow.is_live(obj) and workflow.can_publish_changes(user, obj):
                # Saving a live article keeps the edits apart (news/admin/pending.py); this button publishes them.
                moves.insert(0, {"label": _("Save and publish the changes"), "target": S.PUBLISHED, "kind": "form",
                                 "url": ""})
            context.update(
                workflow_state=workflow.public_state(obj),
                workflow_moves=moves,
                # Every move takes an optional note for the other side (desk/notifications.py sends it on).
                workflow_note_in_form=in_form,
                move_button=MOVE_BUTTON,
                workflow_history=[
                    {"at": portal_datetime(t.at), "by": t.by, "source": t.get_from_status_display(),
                     "target": t.get_to_status_display(), "note": t.note}
                    for t in obj.transitions.select_related("by")
                ],
                preview_urls=self._preview_urls(obj),
                preview_edits_url=reverse("admin:news_article_preview", args=[obj.pk])
                if self.has_change_permission(request, obj) else "",
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _revision(self, request):
        # A change of state is a save, so it keeps a revision too when the admin keeps them (RevisionAdmin).
        create = getattr(self, "create_revision", None)
        return create(request) if create else nullcontext()

    # --- bulk actions --------------------------------------------------------------------------------------
    def _move_all(self, request, queryset, target, sources):
        """Move each selected article that is in ``sources``; report what was done and what was refused."""
        done, refused = 0, []
        for article in queryset.filter(status__in=sources):
            source = article.status
            try:
                with self._revision(request):
                    workflow.transition(article, target, request.user, note=request.POST.get("note", "").strip())
            except (PermissionDenied, ValidationError) as error:
                reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
                refused.append(f"“{article}”: {' '.join(reasons)}")
            else:
                done += 1
                self.log_change(request, article, str(workflow.done_message(article, target, source)))
        if refused:
            self.message_user(
                request, _("Not changed: %(list)s") % {"list": "; ".join(refused)}, messages.WARNING
            )
        return done

    @admin.action(description=_("Submit the selected articles for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        count = self._move_all(request, queryset, S.REVIEW, [S.DRAFT])
        self.message_user(
            request,
            ngettext("%d article submitted for review.", "%d articles submitted for review.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        count = self._move_all(request, queryset, S.PUBLISHED, [S.DRAFT, S.REVIEW, S.ARCHIVED])
        self.message_user(
            request, ngettext("%d article published.", "%d articles published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Return the selected articles to draft"), permissions=["publish"])
    def make_draft(self, request, queryset):
        live = list(queryset.filter(status=S.PUBLISHED))
        if live and not request.POST.get("post"):
            # Some are online: say which, and what readers lose, before taking them down.
            return self._confirm_move(request, live, S.DRAFT, "", others=list(queryset.exclude(status=S.PUBLISHED)))
        count = self._move_all(request, queryset, S.DRAFT, [S.REVIEW, S.PUBLISHED, S.ARCHIVED])
        self.message_user(
            request,
            ngettext("%d article returned to draft.", "%d articles returned to draft.", count) % count,
            messages.SUCCESS,
        )

    def _confirm_move(self, request, articles, target, action_url, others=()):
        """The page that asks before ``articles`` leave the public site (one: its button; several: the action)."""
        move = workflow.find(S.PUBLISHED, target)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Take this article off the public site?") if action_url
            else _("Take these articles off the public site?"),
            "opts": self.opts,
            "items": [{"article": article, "urls": public_urls(request, article)} for article in articles],
            "others": list(others),
            "target": target,
            "label": move.label if move else S(target).label,
            "action_url": action_url,
            "selected": [a.pk for a in articles] + [a.pk for a in others],
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/news/article/unpublish_confirm.html", context)

    # --- preview -------------------------------------------------------------------------------------------
    def _staff_or_404(self, view):
        """Like admin_view, but anyone not signed in as staff gets 404: a preview address reveals nothing."""

        def inner(request, *args, **kwargs):
            if not self.admin_site.has_permission(request):
                raise Http404
            return view(request, *args, **kwargs)

        return update_wrapper(csrf_protect(never_cache(inner)), view)

    def _preview_urls(self, article, pending=False):
        urls = {}
        for code in ("vi", "en"):
            with translation.override(code):
                urls[code] = reverse("admin:news_article_preview", args=[article.pk])
            if pending:  # the language switch of a preview of the changes stays on the changes
                urls[code] += "?version=pending"
        return urls

    def preview_view(self, request, object_id):
        """The public page of the stored article (GET), of its changes waiting to be published (GET with
        ``?version=pending``), or of the edits posted from its change form (POST)."""
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404
        if request.method != "POST" and request.GET.get("version") == "pending":
            pending = pending_changes.pending_of(article)
            if pending is None:
                raise Http404
            edited = pending_changes.apply_in_memory(article, pending)
            return render_preview(request, article, self._preview_urls(article, pending=True), edited=edited)
        if request.method == "POST":
            if not self.has_change_permission(request, article):
                raise PermissionDenied
            stored = self.get_object(request, unquote(object_id))
            form = self.get_form(request, article, change=True)(request.POST, request.FILES, instance=article)
            # Validating fills ``article`` in memory with the edits; it is never saved.
            if not form.is_valid():
                return TemplateResponse(
                    request,
                    "admin/news/article/preview_errors.html",
                    {**self.admin_site.each_context(request), "opts": self.opts, "original": stored, "form": form,
                     "title": _("Preview of “%(title)s”") % {"title": stored}},
                )
            for name in ("photo", "photo_width", "photo_height"):
                # A newly chosen upload is not stored yet, so the preview keeps the stored photo.
                if hasattr(stored, name):
                    setattr(article, name, getattr(stored, name))
            article.updated_at = timezone.now()
            return render_preview(request, article, self._preview_urls(article), edited=form.changed_data)
        return render_preview(request, article, self._preview_urls(article))
