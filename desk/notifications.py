"""E-mail to the people a workflow move concerns: the editors when something waits for them, the author when an
editor decides about their article. Nobody is told about a change they made themselves.

Every change of state is an ``ArticleTransition`` row (news/workflow.record); the receiver below maps each new row
to an event and sends once the saving transaction has committed (a move rolled back tells nobody). The pending
changes of a live article (its own rows, not transitions) call ``notify`` directly with the ``changes_*`` events.
``NEWSROOM_EMAILS`` off sends nothing. The mail is written in the site's language (settings.LANGUAGE_CODE) and
links to the article's admin page (``NEWSROOM_SITE_URL`` in front of the path).
"""
import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy as _

from news import workflow
from news.models import Article, ArticleTransition
from news.templatetags.portal import portal_datetime

log = logging.getLogger(__name__)
S = Article.Status

EDITORS, AUTHOR = "editors", "author"

# event: (who is told, the subject, the first line). %(title)s the article, %(actor)s who did it.
EVENTS = {
    "submitted": (EDITORS, _("Waiting for review: “%(title)s”"), _("%(actor)s submitted “%(title)s” for review.")),
    "sent_back": (AUTHOR, _("Sent back to you: “%(title)s”"), _("%(actor)s sent “%(title)s” back to draft.")),
    "published": (AUTHOR, _("Published: “%(title)s”"), _("%(actor)s published “%(title)s”.")),
    "scheduled": (AUTHOR, _("Scheduled: “%(title)s”"), _("%(actor)s scheduled “%(title)s” to go online at %(time)s.")),
    "unpublished": (AUTHOR, _("Unpublished: “%(title)s”"),
                    _("%(actor)s took “%(title)s” off the public site.")),
    # The pending changes of a live article (what readers see stays until they are published).
    "changes_submitted": (EDITORS, _("Changes waiting for review: “%(title)s”"),
                          _("%(actor)s submitted changes to the published article “%(title)s” for review.")),
    "changes_published": (AUTHOR, _("Changes published: “%(title)s”"),
                          _("%(actor)s published the changes to “%(title)s”.")),
    "changes_sent_back": (AUTHOR, _("Changes sent back: “%(title)s”"),
                          _("%(actor)s sent the changes to “%(title)s” back without publishing them.")),
}

# The note the admin records for a move made by saving the form without typing one: not a note for anyone.


def event_of(source, target, article=None):
    """The event a move from ``source`` to ``target`` is, or None when nobody need be told."""
    if target == S.REVIEW:
        return "submitted"
    if target == S.PUBLISHED:
        scheduled = article is not None and article.published_at and article.published_at > timezone.now()
        return "scheduled" if scheduled else "published"
    if source == S.PUBLISHED:
        return "unpublished"
    if target == S.DRAFT and source == S.REVIEW:  # sent back (or withdrawn by the author: then nobody is told)
        return "sent_back"
    return None  # an unpublished article reopened as a draft: nothing was sent back to anyone


def real_note(note):
    """The note as the other side should read it: empty when it is only the admin's "saved in the form"."""
    note = (note or "").strip()
    return "" if note in workflow.form_save_notes() else note


def recipients(event, article, actor, author=None):
    """The users to tell of ``event`` on ``article``: active, with an e-mail address, never ``actor``."""
    who = EVENTS[event][0]
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if who == EDITORS:
        permission = Permission.objects.filter(content_type__app_label="news", codename="publish_article")
        users = users.filter(
            Q(is_superuser=True) | Q(user_permissions__in=permission) | Q(groups__permissions__in=permission)
        ).distinct()
    else:
        author_id = getattr(author, "pk", None) or article.author_id
        if author_id is None:
            return []
        users = users.filter(pk=author_id)
    if actor is not None and actor.pk is not None:
        users = users.exclude(pk=actor.pk)
    return list(users.order_by("pk"))


def article_admin_url(article):
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("admin:news_article_change", args=[article.pk])
    return settings.NEWSROOM_SITE_URL.rstrip("/") + path


def message(event, article, actor, note=""):
    """(subject, body) of the mail for ``event``, in the site's language."""
    _who, subject, first_line = EVENTS[event]
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "title": article.title_vi or article.title or "",
            "actor": (actor.get_full_name() or actor.get_username()) if actor is not None else gettext("Someone"),
            "time": portal_datetime(article.published_at) if article.published_at else "",
        }
        lines = [str(first_line) % values, ""]
        if note:
            lines += [gettext("Note: %(note)s") % {"note": note}, ""]
        lines += [gettext("Open the article: %(url)s") % {"url": article_admin_url(article)}]
        return str(subject) % values, "\n".join(lines) + "\n"


def notify(event, article, actor, note="", *, author=None):
    """Tell the people ``event`` concerns about ``article`` (``actor`` made it, with ``note``), once the current
    transaction commits. ``author``: whom the author events go to, when not the article's author (the person
    whose pending changes were decided on, say)."""
    if event not in EVENTS:
        raise ValueError(f"unknown newsroom event {event!r}")
    if not settings.NEWSROOM_EMAILS:
        return
    transaction.on_commit(partial(_send, event, article.pk, getattr(actor, "pk", None), real_note(note),
                                  getattr(author, "pk", None)))


def _send(event, article_id, actor_id, note, author_id):
    User = get_user_model()
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    author = User.objects.filter(pk=author_id).first() if author_id else None
    people = recipients(event, article, actor, author)
    if not people:
        return
    subject, body = message(event, article, actor, note)
    mails = [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]) for person in people]
    try:
        get_connection().send_messages(mails)
    except Exception:  # noqa: BLE001 - the move is made and saved; a mail server down must not turn it into an error
        log.exception("newsroom e-mail for %s of article %s not sent", event, article_id)


def transition_saved(sender, instance, created, raw=False, **kwargs):
    """post_save of ArticleTransition: the move's event, sent on commit."""
    if not created or raw:
        return
    event = event_of(instance.from_status, instance.to_status, instance.article)
    if event is not None:
        notify(event, instance.article, instance.by, instance.note)


def connect():
    post_save.connect(transition_saved, sender=ArticleTransition, dispatch_uid="desk_notify_transition")
