"""What pages say about drafts for comment: the days left of an open one, and the drafts a document came from."""
from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, ngettext

from news.cache_invalidation import tag_for
from pagecache import depends_on

from ..models import Draft

register = template.Library()


@register.simple_tag
def days_left(draft, now=None):
    """"5 days left" while ``draft`` is open; on its closing day (Hanoi time) "Closes today at 17:00"; else ""."""
    now = now or timezone.now()
    if not draft.is_open(now):
        return ""
    closes = timezone.localtime(draft.closes_at)
    if closes.date() == timezone.localtime(now).date():
        return gettext("Closes today at %(time)s") % {"time": date_format(closes, "H:i")}
    count = draft.days_left(now)
    return ngettext("%(count)d day left", "%(count)d days left", count) % {"count": count}


@register.simple_tag(takes_context=True)
def drafts_issued_as(context, directive):
    """The public drafts that became ``directive`` (for its page to link back to them), oldest first.

    A draft's save stamps the tag of the document it became (consultation/effects.py), and its going public by the
    clock ends the page's life (next_period_moment): the page needs only its own tag, which it carries already.
    """
    drafts = list(Draft.objects.published().filter(directive=directive).order_by("opens_at", "pk"))
    depends_on(context.get("request"), *(tag_for(Draft, draft.pk) for draft in drafts))
    return drafts


@register.filter
def report_is_public(draft, now=None):
    """Whether readers see the report on the comments at ``now`` (Draft.report_is_public)."""
    return draft.report_is_public(now)
