"""Roles and state transitions of articles: who may see, edit and move which article to which state.

The one home of these rules; the admin (forms, buttons, actions, preview) only asks this module.
Roles are the groups of migration 0006, but the rules read permissions, so a role is what its group grants:
- writer (Phóng viên, ``change_article``): edits own drafts and articles in review, submits and withdraws them;
- editor (Biên tập viên, ``publish_article`` + ``edit_any_article``): edits any article, publishes (now or at a
  future ``published_at``: scheduling), unpublishes, sends back to draft;
- administrator (Quản trị or superuser): every permission, so everything above on any article.
"""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction as db_transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.models import Article, ArticleTransition
from news.templatetags.portal import portal_datetime

S = Article.Status

# States a writer may still change; once published or archived the article is the editors'.
WRITER_STATES = (S.DRAFT, S.REVIEW)

ADMINISTRATOR_GROUP = "Quản trị"  # with the superusers, the administrators (audit page, users, everything)

AUTHOR, PUBLISHER = "author", "publisher"  # who a move needs: whoever may edit the article / an editor

# The note a change of state saved in the article form gets when nobody typed one: a record, not a message.
FORM_SAVE_NOTE = _("saved in the form")


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    needs: str
    label: str  # the button and action text
    done: str  # the message once done; %(title)s is the article


class AuthoredWorkflow:
    """Who may see, edit and move one kind of content that a writer authors and an editor publishes: articles,
    and drafts for comment (consultation/workflow.py), under the same rules.

    The rules read the model's own permissions (``view_``, ``change_``, ``publish_`` and ``edit_any_`` + the
    model's name), so a role is what its group grants for that kind of content. The messages that name the kind
    are given to it; what else differs between kinds (deleting, what a move saves and records) stays in each
    kind's module.
    """

    def __init__(self, model, transitions, writer_states, refusal, scheduled, offers_taking_down_in_form=True):
        self.app_label, self.model_name = model._meta.app_label, model._meta.model_name
        self.status = model.Status
        self.transitions = transitions
        self.writer_states = writer_states  # states a writer may still change; after them it is the editors'
        self.refusal = refusal  # the message of a refused move: %(source)s and %(target)s are states
        self.scheduled = scheduled  # the message once scheduled: %(title)s goes online at %(time)s
        # Articles take a live page down with their own button, which asks first, never from the status field.
        self.offers_taking_down_in_form = offers_taking_down_in_form
        self._by_states = {(t.source, t.target): t for t in transitions}

    def _perm(self, action):
        return f"{self.app_label}.{action}_{self.model_name}"

    def may_publish(self, user):
        return user.has_perm(self._perm("publish"))

    def may_edit_any(self, user):
        return user.has_perm(self._perm("edit_any"))

    def is_own(self, user, obj):
        return obj is None or obj.pk is None or obj.author_id == user.pk

    def visible(self, user, queryset):
        """What ``user`` may see of ``queryset`` in admin: all for editors, their own for writers."""
        if not user.is_authenticated:
            return queryset.none()
        if self.may_edit_any(user):
            return queryset
        return queryset.filter(author=user.pk)

    def can_view(self, user, obj):
        if not (user.has_perm(self._perm("view")) or user.has_perm(self._perm("change"))):
            return False
        return self.may_edit_any(user) or self.is_own(user, obj)

    def can_edit(self, user, obj):
        """May ``user`` change the content of ``obj`` (None: some record of the kind, e.g. a new one)?"""
        if not user.has_perm(self._perm("change")):
            return False
        if obj is None or obj.pk is None or self.may_edit_any(user):
            return True
        return obj.author_id == user.pk and obj.status in self.writer_states

    def permits(self, user, obj, move):
        if move.needs == AUTHOR:
            return self.can_edit(user, obj)
        return self.may_publish(user) and (self.may_edit_any(user) or self.is_own(user, obj))

    def find(self, source, target):
        return self._by_states.get((source, target))

    def allowed_transitions(self, user, obj):
        """The moves ``user`` may make from ``obj``'s current state, in the table's order."""
        return [move for move in self.transitions if move.source == obj.status and self.permits(user, obj, move)]

    def label(self, user, move, obj=None):
        """The button text of ``move`` for ``user``."""
        # The same move back to draft reads differently for the author (withdraw) and an editor (send back).
        if move.source == self.status.REVIEW and move.target == self.status.DRAFT and not self.may_publish(user):
            return _("Withdraw from review")
        if move.target == self.status.PUBLISHED and obj is not None and obj.published_at:
            if obj.published_at > timezone.now():
                return _("Schedule for %(time)s") % {"time": portal_datetime(obj.published_at)}
        return move.label

    def can_transition(self, user, obj, source, target):
        move = self.find(source, target)
        return move is not None and self.permits(user, obj, move)

    def form_statuses(self, user, obj):
        """The states the status field of the admin form may offer: the current one and the allowed moves.

        A new record starts as a draft, so it may be saved as whatever a draft may become.
        """
        current = obj.status if obj is not None and obj.pk else self.status.DRAFT
        return {current} | {
            move.target for move in self.transitions
            if move.source == current and self.permits(user, obj, move)
            and (self.offers_taking_down_in_form or not takes_down(move.source, move.target))
        }

    def check(self, user, obj, source, target):
        """Raise PermissionDenied, with a message for staff, unless ``user`` may move ``obj`` to ``target``."""
        if source == target:
            return
        if not self.can_transition(user, obj, source, target):
            raise PermissionDenied(
                self.refusal % {"source": self.status(source).label, "target": self.status(target).label}
            )

    def done_message(self, obj, target, source=None):
        """What staff read once ``obj`` has moved to ``target`` (a scheduled publication names its time)."""
        if target == self.status.PUBLISHED and obj.published_at and obj.published_at > timezone.now():
            return self.scheduled % {"title": obj, "time": portal_datetime(obj.published_at)}
        move = self.find(source, target) if source else None
        text = move.done if move else _("“%(title)s” is now “%(status)s”.")
        return text % {"title": obj, "status": self.status(target).label}

    def public_state(self, obj, now=None):
        """Whether readers see ``obj``, as the change list says it: yes, scheduled for <time>, or why not
        (expired at <time>), and when it comes down if it is given a time to (``unpublish_at``, articles)."""
        S = self.status
        if obj.status == S.PUBLISHED:
            now = now or timezone.now()
            unpublish_at = getattr(obj, "unpublish_at", None)
            if unpublish_at and unpublish_at <= now:
                return _("no (expired at %(time)s)") % {"time": portal_datetime(unpublish_at)}
            if obj.published_at and obj.published_at > now:
                state = _("scheduled for %(time)s") % {"time": portal_datetime(obj.published_at)}
            else:
                state = _("yes")
            if unpublish_at:
                state = _("%(state)s, comes down at %(time)s") % {"state": state, "time": portal_datetime(unpublish_at)}
            return state
        return {
            S.DRAFT: _("no (draft)"),
            S.REVIEW: _("no (pending review)"),
            S.ARCHIVED: _("no (unpublished)"),
        }.get(obj.status, _("no"))


def takes_down(source, target):
    """Whether the move takes a live page off the public site: it is asked for first, never one click."""
    return source == S.PUBLISHED and target != S.PUBLISHED


TRANSITIONS = [
    Transition(S.DRAFT, S.REVIEW, AUTHOR, _("Submit for review"), _("“%(title)s” was submitted for review.")),
    Transition(S.REVIEW, S.DRAFT, AUTHOR, _("Send back to draft"), _("“%(title)s” was sent back to draft.")),
    Transition(S.DRAFT, S.PUBLISHED, PUBLISHER, _("Publish"), _("“%(title)s” was published.")),
    Transition(S.REVIEW, S.PUBLISHED, PUBLISHER, _("Publish"), _("“%(title)s” was published.")),
    Transition(
        S.PUBLISHED, S.ARCHIVED, PUBLISHER, _("Unpublish"),
        _("“%(title)s” was unpublished; readers no longer see it."),
    ),
    # Unpublish straight to draft: the same power as unpublish-then-reopen, in one step (the old admin action).
    Transition(
        S.PUBLISHED, S.DRAFT, PUBLISHER, _("Unpublish to draft"),
        _("“%(title)s” was unpublished and returned to draft."),
    ),
    Transition(S.ARCHIVED, S.DRAFT, PUBLISHER, _("Reopen as draft"), _("“%(title)s” was returned to draft.")),
]

ARTICLES = AuthoredWorkflow(
    Article, TRANSITIONS, WRITER_STATES,
    refusal=_("You may not move this article from “%(source)s” to “%(target)s”."),
    scheduled=_("“%(title)s” is scheduled: it goes online at %(time)s."),
    offers_taking_down_in_form=False,
)
may_publish = ARTICLES.may_publish
may_edit_any = ARTICLES.may_edit_any
visible_articles = ARTICLES.visible
can_view = ARTICLES.can_view
can_edit = ARTICLES.can_edit
find = ARTICLES.find
allowed_transitions = ARTICLES.allowed_transitions
label = ARTICLES.label
can_transition = ARTICLES.can_transition
form_statuses = ARTICLES.form_statuses
check = ARTICLES.check
done_message = ARTICLES.done_message
public_state = ARTICLES.public_state


def is_administrator(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name=ADMINISTRATOR_GROUP).exists())


def can_change_image(user, image):
    """May ``user`` change the file, caption or alternative text of a library image?

    Changing a picture that a published or scheduled article shows changes that public page: an editor's act,
    like publishing. Other images are anyone's with the permission (the uploader's drafts, unused pictures).
    """
    from news.internal_links import showing_image

    if not user.has_perm("news.change_image"):
        return False
    # A picture shows on a page as the lead image or inside the text (chosen in the body editor).
    return may_publish(user) or not Article.objects.filter(showing_image(image.pk), status=S.PUBLISHED).exists()


def can_delete(user, article):
    if not user.has_perm("news.delete_article"):
        return False
    return article is None or may_edit_any(user) or (ARTICLES.is_own(user, article) and article.status in WRITER_STATES)


def form_save_notes():
    """``FORM_SAVE_NOTE`` as it may have been stored, in each of the site's languages."""
    from django.conf import settings
    from django.utils import translation

    notes = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            notes.add(str(FORM_SAVE_NOTE))
    return notes


def record(article, source, target, user, note=""):
    """Remember one change of state: who, when, from, to."""
    return ArticleTransition.objects.create(
        article=article, from_status=source, to_status=target, by=user if user and user.pk else None, note=note[:300]
    )


def transition(article, to_status, user, note=""):
    """Move ``article`` to ``to_status`` as ``user``: checked, saved, recorded. Returns the ArticleTransition.

    Raises PermissionDenied when the move is not allowed, ValidationError when the article is not ready
    (e.g. publishing without a Vietnamese body).
    """
    with db_transaction.atomic():
        # Lock the row and read the state afresh, so two people moving the same article cannot both win.
        stored = Article.objects.select_for_update().get(pk=article.pk)
        source = stored.status
        if source == to_status:  # a double click, or someone else was quicker: nothing to do
            raise ValidationError(_("The article is already “%(status)s”.") % {"status": S(to_status).label})
        check(user, stored, source, to_status)
        stored.status = to_status
        if to_status == S.PUBLISHED and not stored.published_at:
            stored.published_at = timezone.now()  # publishing without a chosen time means now
        stored.clean()  # the article's own rules for its new state
        stored.validate_constraints()
        stored.updated_by = user if user.pk else None
        # A form opened before this move is now stale (optimistic locking compares versions).
        stored.version = (stored.version or 0) + 1
        stored.save(update_fields=["status", "published_at", "updated_by", "version", "updated_at"])
        for name in ("status", "published_at", "updated_by_id", "version", "updated_at"):
            setattr(article, name, getattr(stored, name))
        return record(stored, source, to_status, user, note)


# --- Draft over live: changes to a published article wait until they are published (news/pending_changes.py) ----
# The same review rules as for a new article: its author (or an editor) prepares the changes and sends them for
# review, an editor publishes them or sends them back. Writing them onto the live article is publishing.

def is_live(article):
    """Whether readers see ``article`` now (``published()``; kept on the instance for the rest of the request)."""
    if article is None or article.pk is None or article.status != S.PUBLISHED:
        return False
    if getattr(article, "_live_now", None) is None:
        article._live_now = Article.objects.published("vi").filter(pk=article.pk).exists()
    return article._live_now


def can_prepare_changes(user, article):
    """May ``user`` save (or withdraw, submit, discard) changes to the live ``article``, unseen by readers?

    Its author may, though a published article is otherwise the editors' (``can_edit``): the changes wait for
    an editor, as the article did. A scheduled or expired article is not live: it is edited as it is.
    """
    if not user.has_perm("news.change_article") or not (may_edit_any(user) or ARTICLES.is_own(user, article)):
        return False
    return is_live(article)


def can_publish_changes(user, article):
    """May ``user`` publish (or send back) the changes waiting on ``article``: an editor who may edit it."""
    return may_publish(user) and can_edit(user, article)


def can_handle_changes(user, article, pending):
    """May ``user`` submit, withdraw or discard the ``pending`` change of ``article``?

    Whoever may publish it, and among those who may prepare changes, the one who started these: the author of
    a live article does not discard or submit an editor's correction of it.
    """
    if can_publish_changes(user, article):
        return True
    if not (can_prepare_changes(user, article) or can_edit(user, article)):
        return False
    return may_edit_any(user) or pending is None or pending.created_by_id in (None, user.pk)
