"""Template tags of the editors' desk: the dashboard on the admin's start page, the notes on an article."""
from django import template
from django.urls import reverse

from desk.dashboard import blocks_for, noted_transitions
from news import translation_status, workflow

register = template.Library()


@register.inclusion_tag("desk/dashboard.html", takes_context=True)
def desk_dashboard(context):
    """The dashboard's blocks, on the admin index only (app pages extend the same template)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if request is None or match is None or match.url_name != "index":
        return {"blocks": []}
    return {"blocks": blocks_for(request.user), "user": request.user}


@register.simple_tag(takes_context=True)
def article_desk(context, article):
    """What the change form shows above the article: its latest note, and the state of its English (staff only,
    with the button confirming it when the reader may edit the article)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if article is None or article.pk is None or user is None or not user.is_staff:
        return {}
    note = noted_transitions().filter(article=article).select_related("by").order_by("-at", "-pk").first()
    state = translation_status.english_state(article)
    return {
        "note": note,
        "note_is_mine": note is not None and note.by_id == user.pk,
        "english": state,
        "confirm_url": reverse("admin:news_article_confirm_english", args=[article.pk])
        if state == "out_of_date" and workflow.can_edit(user, article) else "",
    }
