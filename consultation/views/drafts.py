"""Public pages of drafts for comment: the lists (open, closed) and one page per draft with its files.

What readers see is ``Draft.objects.published()`` in the page's language, and nothing else: a draft in review, a
scheduled one before its time or one without this language is a 404, for staff too (there is no preview here).
Where a period stands is read from the clock at render; the page cache lets no page outlive the next opening or
closing (consultation/effects.py ``next_period_moment``), so a cached page never says "open" after the close.
The days-left count is exact at render; a stored page may show it up to PAGE_CACHE_SECONDS late (the closing time
beside it is exact).
"""
import posixpath

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from news.cache_invalidation import tag_for
from news.models import Directive, Organization
from news.views.downloads import file_download
from news.views.mixins import AlternateLanguagesMixin, urls_in_each_language
from pagecache import cache_public_page as cached
from pagecache import depends_on

from ..effects import DRAFTS
from ..models import Comment, Draft, DraftFile

CLOSED_PER_PAGE = 20


def public_drafts():
    """Drafts readers see in the active language, with what a list shows of them."""
    return Draft.objects.published().select_related("drafting_unit")


def _depends_on_units(request, drafts):
    """The drafting units' names are shown: their pages' tags."""
    depends_on(request, *{tag_for(Organization, draft.drafting_unit_id) for draft in drafts})


class DraftListView(AlternateLanguagesMixin, TemplateView):
    """Open drafts first (with the days left), then those opening soon, then the closed ones, newest first."""

    template_name = "consultation/draft_list.html"

    def get_context_data(self, **kwargs):
        depends_on(self.request, DRAFTS)
        now = timezone.now()
        closed = Paginator(
            public_drafts().closed(now).order_by("-closes_at", "-pk"), CLOSED_PER_PAGE
        ).get_page(self.request.GET.get("page"))
        first_page = closed.number == 1
        # Open and upcoming drafts are few (a ministry has a handful at once) and lead the first page only.
        open_now = list(public_drafts().open_for_comment(now).order_by("closes_at", "pk")) if first_page else []
        upcoming = list(public_drafts().upcoming(now).order_by("opens_at", "pk")) if first_page else []
        _depends_on_units(self.request, [*open_now, *upcoming, *closed.object_list])
        return super().get_context_data(
            open_drafts=open_now, upcoming_drafts=upcoming, closed_drafts=closed.object_list, page_obj=closed,
            first_page=first_page, now=now, **kwargs,
        )


def _written_in(draft, language):
    return all(getattr(draft, f"{name}_{language}", None) for name in ("title", "summary"))


class DraftDetailView(AlternateLanguagesMixin, DetailView):
    template_name = "consultation/draft_detail.html"
    context_object_name = "draft"

    def get_object(self, queryset=None):
        return get_object_or_404(public_drafts().select_related("directive"), slug=self.kwargs["slug"])

    def get_alternate_urls(self):
        # Public in this language (it was read through published()); the other language if written in it.
        return urls_in_each_language(self.object, _written_in)

    def get_context_data(self, **kwargs):
        draft = self.object
        depends_on(
            self.request, tag_for(Draft, draft.pk), tag_for(Organization, draft.drafting_unit_id),
            tag_for(Directive, draft.directive_id),
        )
        now = timezone.now()
        return super().get_context_data(
            now=now, period=draft.period(now), report_is_public=draft.report_is_public(now),
            file_groups=file_groups(draft.files.all()), comment_counts=comment_counts(draft), **kwargs,
        )


def file_groups(files):
    """``[(kind's label, [files])]`` in the order of DraftFile.Kind: the draft text first, then its papers."""
    by_kind = {}
    for item in files:
        by_kind.setdefault(item.kind, []).append(item)
    return [(label, by_kind[kind]) for kind, label in DraftFile.Kind.choices if kind in by_kind]


def comment_counts(draft):
    """How many comments arrived (spam rejected by moderation not counted) and how many were answered: numbers
    only, never who sent them."""
    counted = Comment.objects.filter(draft=draft).exclude(moderation=Comment.Moderation.REJECTED)
    return counted.aggregate(
        received=Count("pk"),
        handled=Count("pk", filter=Q(moderation=Comment.Moderation.APPROVED) & ~Q(disposition="")),
    )


# --- Files ------------------------------------------------------------------------------------------------------


@require_safe
def draft_file(request, slug, pk):
    """A file of a draft's dossier: public while the draft is (its page's rule), a 404 otherwise."""
    item = get_object_or_404(DraftFile, pk=pk, draft__in=Draft.objects.published().filter(slug=slug))
    return file_download(item.file, item.original_name)


@require_safe
def report_file(request, slug):
    """The report's file, once the report is public (the period over and staff chose to publish it)."""
    draft = get_object_or_404(Draft.objects.published(), slug=slug)
    if not (draft.report_file and draft.report_is_public()):
        raise Http404
    extension = posixpath.splitext(draft.report_file.name)[1].lower()
    # Saved under a server-chosen name (no original kept): named after the draft for the reader.
    report = pgettext("file name", "report")  # outside the f-string: makemessages does not read calls inside one
    return file_download(draft.report_file, f"{draft.slug[:150]}-{report}{extension}")


# Route strings are translated: "drafts/..." in English, "du-thao/..." in Vietnamese (locale/vi). The list reads
# "page" (of the closed drafts); the draft's page reads no query parameter.
urlpatterns = [
    path(_("drafts/"), cached(DraftListView.as_view(), query=("page",)), name="draft_list"),
    path(_("drafts/<slug:slug>/"), cached(DraftDetailView.as_view()), name="draft"),
    path(_("drafts/<slug:slug>/files/<int:pk>/"), draft_file, name="draft_file"),
    path(_("drafts/<slug:slug>/report/"), report_file, name="draft_report_file"),
]
