"""Staff preview: an article rendered by the public article page itself, whatever its state.

Only the admin calls this (news/admin/workflow.py decides who may preview); the response is private, never
cached and not indexed.
"""
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from modeltranslation.settings import AVAILABLE_LANGUAGES

from news.sanitize import sanitize_html
from news.search import vietnamese_slugify
from pagecache import without_parts

from .articles import ArticleDetailView


class ArticlePreview(ArticleDetailView):
    alternate_urls = None

    def get_alternate_urls(self):
        # The language switch leads to the preview in the other language, not to a public address.
        return self.alternate_urls or {}


def render_preview(request, article, alternate_urls, edited=(), *, banner=None):
    """The public page of ``article`` (stored or holding unsaved edits in memory; nothing is saved here).

    ``edited``: the names of the fields changed in memory (e.g. "body_vi").
    ``banner``: what the banner across the top of the page says (default "Preview — not published"), so that
    a preview is never taken for the public page, on screen, in a screenshot or on paper.
    """
    if article.published_at is None:
        article.published_at = timezone.now()  # as it would read if published now
    for lang in AVAILABLE_LANGUAGES:
        # Edits are not cleaned yet (cleaning happens on save): clean them, as the public page would show them.
        setattr(article, f"body_{lang}", sanitize_html(getattr(article, f"body_{lang}")))
        for field in ("body", "lead"):
            if f"{field}_{lang}" in edited:
                # The stored text with document links is of the old text; show the edit, without links.
                setattr(article, f"{field}_linked_{lang}", "")
        title = getattr(article, f"title_{lang}")
        if title and not getattr(article, f"slug_{lang}"):
            setattr(article, f"slug_{lang}", vietnamese_slugify(title, max_length=200))
    # The page shows this article as given, unsaved edits included: none of its parts come from, or go to, the
    # kept parts of the public page (pagecache.fragments).
    without_parts(request)
    view = ArticlePreview(alternate_urls=alternate_urls)
    view.setup(request)
    view.object = article
    context = view.get_context_data(object=article)
    context["preview_banner"] = banner or _("Preview — not published")
    response = view.render_to_response(context)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
