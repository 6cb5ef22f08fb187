"""What a save of a draft, a draft file or a comment derives and drops: the one module wiring their effects.

- a draft's report is HTML: cleaned to the site's allow-list (news/sanitize.py) before every save;
- pages showing a draft (its page, the lists, the page of the document it became) are dropped from the page
  cache when it, its files or its comments' handling change;
- a comment deleted (alone, or with its draft) takes its attachment with it: a row gone is out of
  erase_commenter_data's reach, and the commenter's file would otherwise stay in the private storage for good;
- the page cache lets no page outlive the next moment a period opens or closes, a draft goes public or its days
  left count down (``next_period_moment``): those moments change pages with no edit to stamp them.
"""
import logging
import unicodedata
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

import pagecache
from news.cache_invalidation import invalidate, tag_for
from news.models import Directive
from news.sanitize import sanitize_html

from .models import Comment, Draft, DraftFile

logger = logging.getLogger(__name__)

DRAFTS = "drafts"  # the tag of pages listing drafts (the lists, the sitemap)


def draft_tags(draft, directive_ids=()):
    """The tags of every page showing ``draft``: its page, the lists, and the page of the document it became."""
    return {
        tag_for(Draft, draft.pk),
        DRAFTS,
        pagecache.SCHEDULE_TAG,
        *(tag_for(Directive, pk) for pk in {draft.directive_id, *directive_ids} - {None}),
    }


def _clean_report(sender, instance, **kwargs):
    for name in ("report_vi", "report_en"):
        value = getattr(instance, name, None)
        if value:
            setattr(instance, name, unicodedata.normalize("NFC", sanitize_html(value)))
    instance._directive_before = (
        Draft.objects.filter(pk=instance.pk).values_list("directive_id", flat=True).first() if instance.pk else None
    )


def _draft_changed(sender, instance, **kwargs):
    invalidate(*draft_tags(instance, {getattr(instance, "_directive_before", None)}))


def _file_changed(sender, instance, **kwargs):
    invalidate(tag_for(Draft, instance.draft_id))


def _comment_changed(sender, instance, **kwargs):
    # The public page shows the counts of comments and how they were handled (never who sent them).
    invalidate(tag_for(Draft, instance.draft_id))


def _delete_attachment(sender, instance, using, **kwargs):
    """The commenter's file goes once the deletion is committed (never on a rollback, which keeps the row)."""
    if not instance.attachment:
        return
    storage, name = instance.attachment.storage, instance.attachment.name

    def delete():
        try:
            storage.delete(name)
        except Exception:  # the row is gone already; a file left behind is logged, never an error page
            logger.warning("Could not delete the commenter's file %s", name, exc_info=True)

    transaction.on_commit(delete, using=using)


def next_period_moment():
    """The next moment, in epoch seconds, a published draft's page changes with no edit; or None.

    It goes public, its period opens or closes, or an open draft's days left ("Còn N ngày", Draft.days_left)
    count down, or its closing day begins in Hanoi (the page then says it closes today). One query: the drafts
    whose period has not ended (a few dozen at most), the moments worked out here.
    """
    now = timezone.now()
    rows = Draft.objects.filter(status=Draft.Status.PUBLISHED, closes_at__gt=now).order_by().values_list(
        "published_at", "opens_at", "closes_at")
    moments = []
    for published_at, opens_at, closes_at in rows:
        moments += [moment for moment in (published_at, opens_at, closes_at) if moment]
        if opens_at <= now:
            drop = closes_at - timedelta(days=(closes_at - now) // timedelta(days=1))  # the count drops by one
            moments.append(drop if drop > now else drop + timedelta(days=1))  # now exactly: the next day's drop
            closing_day = datetime.combine(timezone.localtime(closes_at).date(), time.min)
            moments.append(timezone.make_aware(closing_day))  # "closes today"
    moments = [moment for moment in moments if moment > now]
    return min(moments).timestamp() if moments else None


def connect():
    uid = "consultation_effects_"
    pre_save.connect(_clean_report, sender=Draft, dispatch_uid=uid + "draft_before")
    post_save.connect(_draft_changed, sender=Draft, dispatch_uid=uid + "draft_saved")
    post_delete.connect(_draft_changed, sender=Draft, dispatch_uid=uid + "draft_deleted")
    for model, receiver in ((DraftFile, _file_changed), (Comment, _comment_changed)):
        post_save.connect(receiver, sender=model, dispatch_uid=uid + f"{model._meta.model_name}_saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + f"{model._meta.model_name}_deleted")
    post_delete.connect(_delete_attachment, sender=Comment, dispatch_uid=uid + "comment_attachment_deleted")
