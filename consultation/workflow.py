"""Roles and state transitions of drafts for comment, and who may see and handle the comments sent on them.

The one home of these rules; the admin (forms, actions, exports, the attachment download) only asks this module.
The roles are the articles' own rules (news.workflow.AuthoredWorkflow) over the drafts' permissions, so a role is
what its group grants (consultation migration 0002):
- writer (Phóng viên, ``change_draft``): edits own drafts in draft or review, submits and withdraws them;
- editor (Biên tập viên, ``publish_draft`` + ``edit_any_draft``): edits any draft, publishes it (now or at a
  future ``published_at``), unpublishes it, sends it back; writes the report on the comments;
- administrator (Quản trị or superuser): every permission, so everything above.
Comments carry personal data (13/2023/NĐ-CP): only who may view or change comments (editors, administrators)
sees them at all; a writer never sees who commented.
"""
from django.core.exceptions import ValidationError
from django.db import transaction as db_transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from news.workflow import AUTHOR, PUBLISHER, AuthoredWorkflow, Transition

from .models import Comment, Draft

S = Draft.Status

# States a writer may still change; once published or archived the draft is the editors'.
WRITER_STATES = (S.DRAFT, S.REVIEW)

TRANSITIONS = [
    Transition(S.DRAFT, S.REVIEW, AUTHOR, _("Submit for review"), _("“%(title)s” was submitted for review.")),
    Transition(S.REVIEW, S.DRAFT, AUTHOR, _("Send back to draft"), _("“%(title)s” was sent back to draft.")),
    Transition(S.DRAFT, S.PUBLISHED, PUBLISHER, _("Publish"), _("“%(title)s” was published.")),
    Transition(S.REVIEW, S.PUBLISHED, PUBLISHER, _("Publish"), _("“%(title)s” was published.")),
    Transition(
        S.PUBLISHED, S.ARCHIVED, PUBLISHER, _("Unpublish"),
        pgettext_lazy("draft for comment", "“%(title)s” was unpublished; readers no longer see it."),
    ),
    Transition(S.ARCHIVED, S.DRAFT, PUBLISHER, _("Reopen as draft"), _("“%(title)s” was returned to draft.")),
    Transition(S.ARCHIVED, S.PUBLISHED, PUBLISHER, _("Publish"), _("“%(title)s” was published.")),
]
DRAFTS = AuthoredWorkflow(
    Draft, TRANSITIONS, WRITER_STATES,
    refusal=_("You may not move this draft from “%(source)s” to “%(target)s”."),
    scheduled=pgettext_lazy("draft for comment", "“%(title)s” is scheduled: it goes online at %(time)s."),
)
may_publish = DRAFTS.may_publish
may_edit_any = DRAFTS.may_edit_any
visible_drafts = DRAFTS.visible
can_view = DRAFTS.can_view
can_edit = DRAFTS.can_edit
find = DRAFTS.find
allowed_transitions = DRAFTS.allowed_transitions
label = DRAFTS.label
can_transition = DRAFTS.can_transition
form_statuses = DRAFTS.form_statuses
check = DRAFTS.check
done_message = DRAFTS.done_message
public_state = DRAFTS.public_state


# --- drafts ----------------------------------------------------------------------------------------------------

def can_delete(user, draft):
    """Deleting a draft deletes the comments people sent on it: an editor's act (``delete_draft``), never on a
    draft that has comments unless the user may also delete comments (administrators)."""
    if not user.has_perm("consultation.delete_draft"):
        return False
    if draft is None or draft.pk is None:
        return True
    return (may_edit_any(user) or DRAFTS.is_own(user, draft)) and (
        user.has_perm("consultation.delete_comment") or not draft.comments.exists()
    )


def can_edit_report(user, draft):
    """The report on how comments were handled (báo cáo tiếp thu, giải trình) and whether readers see it: the
    editors' (it speaks for the ministry, like publishing)."""
    return may_publish(user) and can_edit(user, draft)


def transition(draft, to_status, user):
    """Move ``draft`` to ``to_status`` as ``user``: checked against the stored state, then saved.

    Raises PermissionDenied when the move is not allowed, ValidationError when it is already done or the draft
    is not ready for its new state.
    """
    with db_transaction.atomic():
        # Lock the row and read the state afresh, so two people moving the same draft cannot both win.
        stored = Draft.objects.select_for_update().get(pk=draft.pk)
        source = stored.status
        if source == to_status:
            raise ValidationError(_("The draft is already “%(status)s”.") % {"status": S(to_status).label})
        check(user, stored, source, to_status)
        stored.status = to_status
        if to_status == S.PUBLISHED and not stored.published_at:
            stored.published_at = timezone.now()  # publishing without a chosen time means now
        stored.clean()  # the draft's own rules (its period)
        stored.validate_constraints()
        stored.save(update_fields=["status", "published_at", "updated_at"])
        for name in ("status", "published_at", "updated_at"):
            setattr(draft, name, getattr(stored, name))
        return source


# --- comments and the personal data they carry -------------------------------------------------------------------

def may_see_comments(user):
    """Comments, with who sent them: editors and administrators (view or change comments), never writers."""
    return user.is_active and (
        user.has_perm("consultation.view_comment") or user.has_perm("consultation.change_comment")
    )


def may_handle_comments(user):
    """Moderate a comment, mark how it was handled and answer it."""
    return user.is_active and user.has_perm("consultation.change_comment")


def visible_comments(user, queryset):
    return queryset if may_see_comments(user) else queryset.none()


def handling_error(moderation, disposition):
    """Why a comment cannot be marked ``disposition`` in state ``moderation``, or None.

    Only comments accepted for handling are taken in, explained or not taken in: a rejected comment (spam,
    abuse) is not answered, and one still waiting is approved by being handled (``handle``).
    """
    if disposition and moderation == Comment.Moderation.REJECTED:
        return _("A comment rejected as spam or abuse is not handled: approve it first.")
    return None


def handle(comment, user, moderation=None, disposition=None, response=None):
    """Set what staff decided on ``comment`` (unchanged where None) and record who and when.

    Marking how a waiting comment was handled approves it too. Returns whether anything changed; raises
    ValidationError (``handling_error``) when the decision does not fit the comment.
    """
    values = {
        "moderation": comment.moderation if moderation is None else moderation,
        "disposition": comment.disposition if disposition is None else disposition,
        "response": comment.response if response is None else response,
    }
    if values["disposition"] and values["moderation"] == Comment.Moderation.PENDING:
        values["moderation"] = Comment.Moderation.APPROVED
    error = handling_error(values["moderation"], values["disposition"])
    if error:
        raise ValidationError(error)
    changed = [name for name, value in values.items() if getattr(comment, name) != value]
    if not changed:
        return False
    for name, value in values.items():
        setattr(comment, name, value)
    stamp(comment, user)
    comment.save(update_fields=[*changed, "handled_by", "handled_at"])
    return True


def stamp(comment, user):
    comment.handled_by = user if user and user.pk else None
    comment.handled_at = timezone.now()
