"""The admin's start page for the newsroom: what waits for whom.

Each block is a short list of the articles a person may see (news.workflow.visible_articles), with a link to the
article list filtered the same way: waiting for review (editors, oldest first), my drafts and what was sent back
(with the latest note), scheduled, recently published, English missing or out of date, and the documents cited
in articles but missing from the registry. Editors also see the changes to live articles
sent for review. The number of queries is fixed, whatever the number of articles: one
per block, one for the counts of the English block and one for the notes of every listed article.
"""
from dataclasses import dataclass, field

from django.db.models import Count, F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from news import translation_status, workflow
from news.models import Article, ArticleReference, ArticleTransition, PendingChange
from news.models.articles import not_come_down

S = Article.Status
SHOWN = 8  # articles per block; the block's link leads to all of them


@dataclass
class Block:
    key: str
    title: str
    url: str  # the article list, filtered the same way
    items: list = field(default_factory=list)
    empty: str = ""
    more: bool = False  # more than SHOWN: the link says "see all"
    counts: list = field(default_factory=list)  # (label, number, url), for blocks that count


def changelist_url(**params):
    return reverse("admin:news_article_changelist") + ("?" + urlencode(params) if params else "")


def noted_transitions():
    """The newest state change of an article that carries a note worth reading (not the form's placeholder)."""
    return ArticleTransition.objects.exclude(note="").exclude(note__in=workflow.form_save_notes())


def _with_note(queryset):
    latest = noted_transitions().filter(article=OuterRef("pk")).order_by("-at", "-pk").values("pk")[:1]
    return queryset.annotate(note_id=Subquery(latest)).select_related("author")


# The long texts a block never shows: not read.
HEAVY = [f"{name}_{code}" for name in ("body", "body_linked", "lead", "lead_linked") for code in ("vi", "en")]


def _take(block, queryset):
    rows = list(queryset[:SHOWN + 1])
    block.more = len(rows) > SHOWN
    block.items = rows[:SHOWN]
    return block


def blocks_for(user, now=None):
    """The dashboard's blocks for ``user``, in the order shown; empty for someone who may not see articles."""
    if not (user.is_active and (user.has_perm("news.view_article") or user.has_perm("news.change_article"))):
        return []
    now = now or timezone.now()
    visible = workflow.visible_articles(user, Article.objects.order_by())
    shown = visible.defer(*HEAVY, "body", "body_linked", "lead", "lead_linked", "unresolved_references")
    blocks = []
    if workflow.may_publish(user):
        waiting_since = ArticleTransition.objects.filter(article=OuterRef("pk"), to_status=S.REVIEW).order_by(
            "-at", "-pk").values("at")[:1]
        review = _with_note(shown.filter(status=S.REVIEW)).annotate(
            waiting_since=Coalesce(Subquery(waiting_since), F("updated_at"))).order_by("waiting_since", "pk")
        blocks.append(_take(Block("review", _("Waiting for review"), changelist_url(public=S.REVIEW),
                                  empty=_("Nothing is waiting for review.")), review))
        # Edits to live articles sent for review (draft over live): readers still see the live text.
        changes = shown.filter(pending_change__status=PendingChange.Status.REVIEW).annotate(
            waiting_since=F("pending_change__updated_at"), pending_note=F("pending_change__note"),
        ).select_related("author").order_by("waiting_since", "pk")
        blocks.append(_take(Block("changes", _("Changes to live articles waiting for review"),
                                  changelist_url(changes="review"),
                                  empty=_("No change to a live article is waiting for review.")), changes))
    if user.has_perm("news.change_article"):
        mine = _with_note(shown.filter(author=user.pk, status__in=workflow.WRITER_STATES)).order_by(
            "-updated_at", "-pk")
        blocks.append(_take(Block("mine", _("My articles"), changelist_url(mine="desk"),
                                  empty=_("You have no draft and nothing in review.")), mine))
        # Changes to my live articles not published yet: a draft of them (sent back, with the editor's note, when
        # it has one) or in review.
        my_changes = shown.filter(author=user.pk, pending_change__isnull=False).annotate(
            waiting_since=F("pending_change__updated_at"), pending_note=F("pending_change__note"),
            pending_status=F("pending_change__status"),
        ).order_by("-waiting_since", "-pk")
        blocks.append(_take(Block("my_changes", _("Changes to my live articles"), changelist_url(changes="any"),
                                  empty=_("No change to your live articles is waiting.")), my_changes))
    scheduled = shown.filter(not_come_down(now), status=S.PUBLISHED, published_at__gt=now).order_by(
        "published_at", "pk").select_related("author")
    blocks.append(_take(Block("scheduled", _("Scheduled"), changelist_url(public="scheduled"),
                              empty=_("Nothing is scheduled.")), scheduled))
    recent = shown.filter(not_come_down(now), status=S.PUBLISHED, published_at__lte=now).order_by(
        "-published_at", "-pk").select_related("author")
    blocks.append(_take(Block("recent", _("Recently published"), changelist_url(public="online"),
                              empty=_("Nothing published yet.")), recent))
    blocks.append(_english_block(visible, shown))
    blocks.append(_missing_documents_block(visible))
    drafts = _drafts_block(user, now)
    if drafts is not None:
        blocks.append(drafts)
    _attach_notes(blocks)
    return blocks


def _english_block(visible, shown):
    published = visible.filter(status=S.PUBLISHED)
    block = Block(
        "english", _("English missing or out of date"),
        changelist_url(english="out_of_date", status__exact=S.PUBLISHED),
        empty=_("The English of every published article is up to date."),
    )
    _take(block, shown.filter(translation_status.english_out_of_date(), status=S.PUBLISHED).order_by(
        "-published_at", "-pk"))
    counts = published.aggregate(
        out_of_date=Count("pk", filter=translation_status.english_out_of_date()),
        missing=Count("pk", filter=translation_status.english_missing()),
    )
    block.counts = [
        (_("English out of date"), counts["out_of_date"],
         changelist_url(english="out_of_date", status__exact=S.PUBLISHED)),
        (_("No English"), counts["missing"], changelist_url(english="missing", status__exact=S.PUBLISHED)),
    ]
    return block


def _missing_documents_block(visible):
    from news.admin.articles import _reference_label

    rows = (
        ArticleReference.objects.filter(status=ArticleReference.Status.MISSING, article__in=visible.values("pk"))
        .values("key").annotate(articles=Count("article", distinct=True), as_number=Min("number"),
                                as_plenum=Min("plenum"), as_term=Min("term"))
        .order_by("-articles", "key")
    )
    block = Block("documents", _("Documents cited but not in the registry"), changelist_url(unresolved="yes"),
                  empty=_("Every document cited is in the registry."))
    _take(block, rows)
    block.items = [
        {"label": _reference_label(row["as_number"], row["as_plenum"], row["as_term"]), "articles": row["articles"],
         "url": changelist_url(unresolved=row["key"])}
        for row in block.items
    ]
    return block


def _drafts_block(user, now):
    """Drafts for public comment that wait for someone (consultation/): for editors, those sent for review; for
    whoever moderates comments, those with comments waiting (how many); for writers, their own drafts not yet
    published. One query; None for someone who may not see drafts."""
    from consultation import workflow as draft_rules
    from consultation.models import Comment, Draft

    if not draft_rules.can_view(user, None):
        return None
    D = Draft.Status
    waiting_for_me = Q(status=D.REVIEW) if draft_rules.may_publish(user) else Q(status__in=[D.DRAFT, D.REVIEW])
    drafts = draft_rules.visible_drafts(user, Draft.objects.order_by())
    order = ["closes_at", "pk"]
    if draft_rules.may_see_comments(user):
        drafts = drafts.annotate(waiting=Count("comments", filter=Q(comments__moderation=Comment.Moderation.PENDING)))
        waiting_for_me |= Q(waiting__gt=0)
        order.insert(0, "-waiting")  # the most comments waiting first
    rows = drafts.filter(waiting_for_me).defer(
        "summary", "summary_vi", "summary_en", "report", "report_vi", "report_en"
    )
    block = Block("drafts", _("Drafts for public comment"), reverse("admin:consultation_draft_changelist"),
                  empty=_("No draft for comment waits for you."))
    _take(block, rows.order_by(*order))
    block.items = [
        {"label": str(draft), "url": reverse("admin:consultation_draft_change", args=[draft.pk]),
         "status": draft.get_status_display(), "waiting": getattr(draft, "waiting", 0),
         "queue": reverse("admin:consultation_comment_changelist") + "?" + urlencode(
             {"draft__id__exact": draft.pk, "moderation__exact": Comment.Moderation.PENDING}),
         "open": draft.is_open(now), "days_left": draft.days_left(now)}
        for draft in block.items
    ]
    return block


def _attach_notes(blocks):
    """Each listed article's latest note (who, when, what), read in one query for every block."""
    articles = [item for block in blocks for item in block.items if isinstance(item, Article)]
    wanted = {article.note_id for article in articles if getattr(article, "note_id", None)}
    notes = ArticleTransition.objects.select_related("by").in_bulk(wanted) if wanted else {}
    for article in articles:
        article.latest_note = notes.get(getattr(article, "note_id", None))
