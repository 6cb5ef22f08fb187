"""Roles and state transitions of drafts for comment, and who may see and handle the comments sent on them.

The one home of these rules; the admin (forms, actions, exports, the attachment download) only asks this module.
They mirror the articles' (news/workflow.py) and read permissions, so a role is what its group grants
(consultation migration 0002):
- writer (Phóng viên, ``change_draft``): edits own drafts in draft or review, submits and withdraws them;
- editor (Biên tập viên, ``publish_draft`` + ``edit_any_draft``): edits any draft, publishes it (now or at a
  future ``published_at``), unpublishes it, sends it back; writes the report on the comments;
- administrator (Quản trị or superuser): every permission, so everything above.
Comments carry personal data (13/2023/NĐ-CP): only who may view or change comments (editors, administrators)
sees them at all; a writer never sees who commented.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction as db_transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from news.templatetags.portal import portal_datetime
from news.workflow import Transition  # the same record of a move: from, to, who it needs, its texts

from .models import Comment, Draft

S = Draft.Status

# States a writer may still change; once published or archived the draft is the editors'.
WRITER_STATES = (S.DRAFT, S.REVIEW)

AUTHOR, PUBLISHER = "author", "publisher"  # who a move needs: whoever may edit the draft / an editor


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
_BY_STATES = {(t.source, t.target): t for t in TRANSITIONS}


def may_publish(user):
    return user.has_perm("consultation.publish_draft")


def may_edit_any(user):
    return user.has_perm("consultation.edit_any_draft")


def _is_own(user, draft):
    return draft is None or draft.pk is None or draft.author_id == user.pk


# --- drafts ----------------------------------------------------------------------------------------------------

def visible_drafts(user, queryset):
    """The drafts ``user`` may see in admin: all for editors, their own for writers."""
    if not user.is_authenticated:
        return queryset.none()
    if may_edit_any(user):
        return queryset
    return queryset.filter(author=user.pk)


def can_view(user, draft):
    if not (user.has_perm("consultation.view_draft") or user.has_perm("consultation.change_draft")):
        return False
    return may_edit_any(user) or _is_own(user, draft)


def can_edit(user, draft):
    """May ``user`` change the content of ``draft`` (None: some draft, e.g. a new one)?"""
    if not user.has_perm("consultation.change_draft"):
        return False
    if draft is None or draft.pk is None or may_edit_any(user):
        return True
    return draft.author_id == user.pk and draft.status in WRITER_STATES


def can_delete(user, draft):
    """Deleting a draft deletes the comments people sent on it: an editor's act (``delete_draft``), never on a
    draft that has comments unless the user may also delete comments (administrators)."""
    if not user.has_perm("consultation.delete_draft"):
        return False
    if draft is None or draft.pk is None:
        return True
    return (may_edit_any(user) or _is_own(user, draft)) and (
        user.has_perm("consultation.delete_comment") or not draft.comments.exists()
    )


def can_edit_report(user, draft):
    """The report on how comments were handled (báo cáo tiếp thu, giải trình) and whether readers see it: the
    editors' (it speaks for the ministry, like publishing)."""
    return may_publish(user) and can_edit(user, draft)


def _permits(user, draft, move):
    if move.needs == AUTHOR:
        return can_edit(user, draft)
    return may_publish(user) and (may_edit_any(user) or _is_own(user, draft))


def find(source, target):
    return _BY_STATES.get((source, target))


def allowed_transitions(user, draft):
    """The moves ``user`` may make from ``draft``'s current state, in the table's order."""
    seen, moves = set(), []
    for move in TRANSITIONS:
        if move.source == draft.status and move.target not in seen and _permits(user, draft, move):
            seen.add(move.target)
            moves.append(move)
    return moves


def label(user, move, draft=None):
    """The text of ``move`` for ``user``: the author withdraws, an editor sends back; publishing at a time to
    come says it schedules."""
    if move.source == S.REVIEW and move.target == S.DRAFT and not may_publish(user):
        return _("Withdraw from review")
    if move.target == S.PUBLISHED and draft is not None and draft.published_at:
        if draft.published_at > timezone.now():
            return _("Schedule for %(time)s") % {"time": portal_datetime(draft.published_at)}
    return move.label


def can_transition(user, draft, source, target):
    move = find(source, target)
    return move is not None and _permits(user, draft, move)


def form_statuses(user, draft):
    """The states the status field of the admin form may offer: the current one and the allowed moves (a new
    draft starts as a draft)."""
    current = draft.status if draft is not None and draft.pk else S.DRAFT
    return {current} | {
        move.target for move in TRANSITIONS if move.source == current and _permits(user, draft, move)
    }


def check(user, draft, source, target):
    """Raise PermissionDenied, with a message for staff, unless ``user`` may move ``draft`` to ``target``."""
    if source == target:
        return
    if not can_transition(user, draft, source, target):
        raise PermissionDenied(
            _("You may not move this draft from “%(source)s” to “%(target)s”.")
            % {"source": S(source).label, "target": S(target).label}
        )


def done_message(draft, target, source=None):
    """What staff read once ``draft`` has moved to ``target`` (a scheduled publication names its time)."""
    if target == S.PUBLISHED and draft.published_at and draft.published_at > timezone.now():
        return pgettext_lazy("draft for comment", "“%(title)s” is scheduled: it goes online at %(time)s.") % {
            "title": draft, "time": portal_datetime(draft.published_at),
        }
    move = find(source, target) if source else None
    text = move.done if move else _("“%(title)s” is now “%(status)s”.")
    return text % {"title": draft, "status": S(target).label}


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


def public_state(draft, now=None):
    """Whether readers see ``draft``, as the change list says it: yes, scheduled for <time>, or why not."""
    if draft.status == S.PUBLISHED:
        now = now or timezone.now()
        if draft.published_at and draft.published_at > now:
            return _("scheduled for %(time)s") % {"time": portal_datetime(draft.published_at)}
        return _("yes")
    return {
        S.DRAFT: _("no (draft)"),
        S.REVIEW: _("no (pending review)"),
        S.ARCHIVED: _("no (unpublished)"),
    }.get(draft.status, _("no"))


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
