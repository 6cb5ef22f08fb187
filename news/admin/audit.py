"""The audit page (/admin/audit/): who created, changed, published or deleted what, and when.

Two records feed it, read-only: Django admin's LogEntry (every add/change/delete made in admin) and
news.ArticleTransition (every change of an article's state). Only administrators (superusers and the
"Quản trị" role) may read it; other staff get 403.
"""
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField, F, Value
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from news import workflow
from news.models import Article, ArticleTransition

PAGE_SIZE = 50

# action key -> (label, which record, filter on it). State changes are named after the state reached.
ACTIONS = {
    "created": (gettext_lazy("created"), "log", {"action_flag": ADDITION}),
    "changed": (gettext_lazy("changed"), "log", {"action_flag": CHANGE}),
    "deleted": (gettext_lazy("deleted"), "log", {"action_flag": DELETION}),
    "submitted": (gettext_lazy("submitted for review"), "transition", {"to_status": Article.Status.REVIEW}),
    "published": (gettext_lazy("published"), "transition", {"to_status": Article.Status.PUBLISHED}),
    "archived": (gettext_lazy("unpublished (archived)"), "transition", {"to_status": Article.Status.ARCHIVED}),
    "drafted": (gettext_lazy("returned to draft"), "transition", {"to_status": Article.Status.DRAFT}),
}
LOG_ACTIONS = {ADDITION: "created", CHANGE: "changed", DELETION: "deleted"}
TRANSITION_ACTIONS = {spec[2]["to_status"]: key for key, spec in ACTIONS.items() if spec[1] == "transition"}


def may_view_audit(user):
    # Who counts as an administrator is decided once, in news/workflow.py.
    return user.is_staff and workflow.is_administrator(user)


def _rows(user_id, action):
    """Both records as one list of (source, id, time), newest first, filtered in the database."""
    spec = ACTIONS.get(action)
    log, moves = LogEntry.objects.all(), ArticleTransition.objects.all()
    if spec:
        # An action belongs to one record; the other contributes no rows.
        log = log.filter(**spec[2]) if spec[1] == "log" else log.none()
        moves = moves.filter(**spec[2]) if spec[1] == "transition" else moves.none()
    if user_id:
        log, moves = log.filter(user_id=user_id), moves.filter(by_id=user_id)
    # Only annotations, in the same order, so both halves of the UNION line up column for column.
    columns = ("row_source", "row_id", "row_time")
    log = log.annotate(row_source=Value("log", output_field=CharField()), row_id=F("pk"), row_time=F("action_time"))
    moves = moves.annotate(row_source=Value("transition", output_field=CharField()), row_id=F("pk"), row_time=F("at"))
    # The models' default orderings are cleared: a part of a UNION may not have its own ORDER BY.
    log, moves = log.order_by().values(*columns), moves.order_by().values(*columns)
    return log.union(moves, all=True).order_by("-row_time", "-row_id")


def _describe(page_rows):
    """What the table shows for one page of rows, loading each record with its user and object at once."""
    ids = {"log": [], "transition": []}
    for row in page_rows:
        ids[row["row_source"]].append(row["row_id"])
    logs = LogEntry.objects.select_related("user", "content_type").in_bulk(ids["log"])
    moves = ArticleTransition.objects.select_related("by", "article").in_bulk(ids["transition"])
    entries = []
    for row in page_rows:
        if row["row_source"] == "log":
            entry = logs[row["row_id"]]
            url = None if entry.action_flag == DELETION else entry.get_admin_url()
            kind = entry.content_type.name if entry.content_type else ""
            entries.append({
                "time": entry.action_time, "user": entry.user, "action": LOG_ACTIONS.get(entry.action_flag, ""),
                "object": entry.object_repr, "kind": kind, "url": url, "details": entry.get_change_message(),
            })
        else:
            move = moves[row["row_id"]]
            details = _("%(from)s → %(to)s") % {
                "from": Article.Status(move.from_status).label if move.from_status in Article.Status.values
                else move.from_status,
                "to": Article.Status(move.to_status).label if move.to_status in Article.Status.values
                else move.to_status,
            }
            entries.append({
                "time": move.at, "user": move.by, "action": TRANSITION_ACTIONS.get(move.to_status, ""),
                "object": str(move.article), "kind": Article._meta.verbose_name,
                "url": reverse("admin:news_article_change", args=[move.article_id]),
                "details": f"{details}: {move.note}" if move.note else details,
            })
    for entry in entries:
        entry["action_label"] = ACTIONS[entry["action"]][0] if entry["action"] in ACTIONS else ""
    return entries


def audit_view(request, site):
    if not may_view_audit(request.user):
        raise PermissionDenied
    user_id = request.GET.get("user") or ""
    user_id = int(user_id) if user_id.isdigit() else None
    action = request.GET.get("action") if request.GET.get("action") in ACTIONS else ""
    page = Paginator(_rows(user_id, action), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **site.each_context(request),
        "title": _("Audit log"),
        "entries": _describe(list(page.object_list)),
        "page_obj": page,
        "filter_query": query.urlencode(),
        "users": get_user_model().objects.filter(is_staff=True).order_by("username"),
        "actions": [(key, spec[0]) for key, spec in ACTIONS.items()],
        "chosen_user": user_id,
        "chosen_action": action,
    }
    return TemplateResponse(request, "admin/news/audit.html", context)


def install(site):
    """Add /admin/audit/ (name "admin:audit") to ``site`` and let its templates ask whether to link to it."""
    get_urls, each_context = site.get_urls, site.each_context

    def get_urls_with_audit():
        view = site.admin_view(lambda request: audit_view(request, site))
        return [path("audit/", view, name="audit"), *get_urls()]

    def each_context_with_audit(request):
        # A callable, so the group query runs only on pages that show the link (the index).
        return {**each_context(request), "can_view_audit": lambda: may_view_audit(request.user)}

    site.get_urls = get_urls_with_audit
    site.each_context = each_context_with_audit
