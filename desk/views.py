"""The change form's presence endpoints (desk/urls.py, under /admin/desk/): a heartbeat and a leave.

Both are POSTs from static/desk/presence.js with the page's CSRF token, for staff (the admin's login check,
``admin.site.admin_view``) who may see the article (news/workflow.py): anyone else gets "not found", as the admin
does for an article outside one's list, and nothing is recorded.
"""
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from desk import presence
from news import workflow
from news.models import Article


def _visible_article(request, article_id):
    article = workflow.visible_articles(request.user, Article.objects.filter(pk=article_id)).first()
    if article is None or not workflow.can_view(request.user, article):
        raise Http404
    return article


@require_POST
def heartbeat(request, article_id):
    """Keep the person on the article and answer who else has it open: {"text", "seen", "others"}."""
    article = _visible_article(request, article_id)
    seen = presence.record(article, request.user)
    people = presence.others(article, request.user, now=seen)
    return JsonResponse({
        "text": presence.describe(people, now=seen),
        "seen": seen.isoformat(),
        "others": [
            {"name": person["name"], "roles": person["roles"], "since": person["since"].isoformat()}
            for person in people
        ],
    })


@require_POST
def leave(request, article_id):
    """The page was left: forget the person, unless a later page of theirs beat since ("seen", optional)."""
    seen = request.POST.get("seen")
    moment = parse_datetime(seen) if seen else None
    if seen and (moment is None or moment.tzinfo is None):
        return HttpResponseBadRequest(_("The time the page last recorded is not a date and time with a time zone."),
                                      content_type="text/plain; charset=utf-8")
    article = _visible_article(request, article_id)
    presence.forget(article, request.user, seen=moment)
    return JsonResponse({"present": False})
