"""The change form's presence line: rendering it records the reader as present (no beat needed to be seen)."""
from django import template
from django.conf import settings

from desk import presence

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_presence(context, article):
    """Record the signed-in person on ``article`` and return what the partial shows: {"text", "seen", "beat"}.

    Only the article's change form includes the partial, and the admin shows that form only to people who may
    see the article (news/workflow.py), so no other check is needed here.
    """
    user = context["request"].user
    seen = presence.record(article, user)
    return {
        "text": presence.describe(presence.others(article, user, now=seen), now=seen),
        "seen": seen.isoformat(),
        "beat": settings.DESK_PRESENCE_HEARTBEAT,
    }
