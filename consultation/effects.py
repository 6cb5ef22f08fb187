"""What a save of a draft, a draft file or a comment derives and drops: the one module wiring their effects.

- a draft's report is HTML: cleaned to the site's allow-list (news/sanitize.py) before every save;
- pages showing a draft (its page, the lists, the page of the document it became) are dropped from the page
  cache when it, its files or its comments' handling change;
- the page cache lets no page outlive the next moment a period opens or closes or a draft goes public
  (``next_period_moment``): those moments change pages with no edit to stamp them.
"""
import unicodedata

from django.db.models import DateTimeField, Q, Subquery
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

import pagecache
from news.cache_invalidation import invalidate, tag_for
from news.models import Directive
from news.sanitize import sanitize_html

from .models import Comment, Draft, DraftFile

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


def next_period_moment():
    """The next moment, in epoch seconds, a published draft goes public or its period opens or closes; or None.

    One query: each moment is the first row of its column's index past now.
    """
    now = timezone.now()
    live = Draft.objects.filter(status=Draft.Status.PUBLISHED).order_by()

    def first(field):
        return Subquery(
            live.filter(**{f"{field}__gt": now}).order_by(field).values(field)[:1], output_field=DateTimeField()
        )

    row = (
        live.filter(Q(published_at__gt=now) | Q(opens_at__gt=now) | Q(closes_at__gt=now))
        .annotate(go_live=first("published_at"), opens=first("opens_at"), closes=first("closes_at"))
        .values_list("go_live", "opens", "closes")
        .first()
    )
    moments = [moment for moment in row or () if moment is not None]
    return min(moments).timestamp() if moments else None


def connect():
    uid = "consultation_effects_"
    pre_save.connect(_clean_report, sender=Draft, dispatch_uid=uid + "draft_before")
    post_save.connect(_draft_changed, sender=Draft, dispatch_uid=uid + "draft_saved")
    post_delete.connect(_draft_changed, sender=Draft, dispatch_uid=uid + "draft_deleted")
    for model, receiver in ((DraftFile, _file_changed), (Comment, _comment_changed)):
        post_save.connect(receiver, sender=model, dispatch_uid=uid + f"{model._meta.model_name}_saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + f"{model._meta.model_name}_deleted")
