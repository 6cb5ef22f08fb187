"""The public comment form of a draft (never cached: it carries a CSRF token and a CAPTCHA).

The form exists for a public draft (``DraftQuerySet.published()``) while its period is open (``Draft.is_open()``),
read from the clock when the comment is saved, so a form opened before the close and sent after it is refused
(what was typed is shown again). Before and after the period the page says when it opens or since when it is
closed. A sent comment waits for moderation; the reader is sent on to a confirmation page (POST-redirect-GET).

The page is not wrapped in ``cache_public_page``, so the page cache never looks it up nor stores it
(pagecache/routes.py); ``never_cache`` also tells browsers and proxies to keep no copy (private, no-store).
"""
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from news.templatetags.portal import portal_datetime

from .. import limits
from ..forms import NEW_PICTURE, CommentForm, kept_input
from ..models import Draft


def _public_draft(slug):
    return get_object_or_404(Draft.objects.published().select_related("drafting_unit"), slug=slug)


def _alternate_urls(request, draft, name):
    """This page in each language where the draft is public (the header's switch and hreflang read it)."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        public = code == get_language() or Draft.objects.published(code).filter(pk=draft.pk).exists()
        with translation.override(code):
            urls[code] = reverse(f"consultation:{name}", kwargs={"slug": draft.slug}) if public else None
    return urls


def _page(request, draft, form, *, status=200, refusal=None, file_dropped=False, now=None):
    now = now or timezone.now()
    context = {
        "draft": draft,
        "form": form,
        "period": draft.period(now),
        "refusal": refusal,
        "file_dropped": file_dropped,
        "erased_after": draft.closes_at + timedelta(days=settings.CONSULTATION_PERSONAL_DATA_DAYS),
        "retention_days": settings.CONSULTATION_PERSONAL_DATA_DAYS,
        "alternate_urls": _alternate_urls(request, draft, "comment"),
        "new_picture": NEW_PICTURE,
    }
    return render(request, "consultation/comment_form.html", context, status=status)


def _kept(request):
    """An unbound form holding what the reader typed (shown again without errors, with a new CAPTCHA)."""
    return CommentForm(initial=kept_input(request.POST))


def _period_refused(request, draft, now):
    """A comment sent outside the period: nothing saved, the text shown again (read-only) to be copied."""
    if draft.period(now) == Draft.Period.UPCOMING:
        message = gettext("Comments on this draft open at %(moment)s; your comment was not sent.")
        moment = draft.opens_at
    else:
        message = gettext(
            "The comment period of this draft closed at %(moment)s; your comment was not sent. What you "
            "wrote is shown below so that you can copy it."
        )
        moment = draft.closes_at
    refusal = message % {"moment": portal_datetime(moment)}
    return _page(request, draft, _kept(request).read_only(), status=403, refusal=refusal,
                 file_dropped=bool(request.FILES), now=now)


def _flooded(request, draft, refusal, now):
    """Too many comments from this address or this e-mail/phone on this draft in 24 hours: 429, nothing saved."""
    if refusal.kind == "address":
        message = gettext(
            "Too many comments on this draft have been sent from your network in the last 24 hours (at most "
            "%(limit)s). Your comment was not sent; what you wrote is kept below. Please try again later, "
            "or send it to the contact of the draft."
        )
    else:
        message = gettext(
            "This e-mail address or phone number has already sent %(limit)s comments on this draft in the "
            "last 24 hours, the most allowed. Your comment was not sent; what you wrote is kept below. "
            "Please try again later, or send it to the contact of the draft."
        )
    response = _page(request, draft, _kept(request), status=429, refusal=message % {"limit": refusal.limit},
                     file_dropped=bool(request.FILES), now=now)
    response["Retry-After"] = str(refusal.retry_after)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def comment(request, slug):
    draft = _public_draft(slug)
    now = timezone.now()
    if request.method != "POST":
        return _page(request, draft, CommentForm() if draft.is_open(now) else None, now=now)
    if not draft.is_open(now):
        return _period_refused(request, draft, now)
    form = CommentForm(request.POST, request.FILES)
    if form.is_robot():
        # Answered as a success, so that a robot learns nothing; nothing is saved.
        return redirect("consultation:comment_sent", slug=draft.slug)
    if NEW_PICTURE in request.POST:
        return _page(request, draft, _kept(request), file_dropped=bool(request.FILES), now=now)
    address_key = limits.address_hash(request)
    # Checked before the form, whose CAPTCHA a flood would otherwise use up.
    refusal = limits.address_refusal(draft, address_key, now)
    if refusal:
        return _flooded(request, draft, refusal, now)
    if not form.is_valid():
        return _page(request, draft, form, file_dropped=bool(request.FILES), now=now)
    with transaction.atomic():
        # One comment at a time per draft: two sent at once by one sender cannot both pass the count.
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        now = timezone.now()
        if not draft.is_open(now):  # the period closed while the form was being checked
            return _period_refused(request, draft, now)
        data = form.cleaned_data
        refusal = limits.address_refusal(draft, address_key, now) or limits.contact_refusal(
            draft, data["email"], data["phone"], now
        )
        if refusal:
            return _flooded(request, draft, refusal, now)
        form.comment(
            draft, address_hash=address_key, language=get_language(), submitted_at=now, consent_at=now
        ).save()
    return redirect("consultation:comment_sent", slug=draft.slug)


@never_cache
@require_safe
def comment_sent(request, slug):
    """The confirmation: the comment waits for moderation and is never published with the sender's name."""
    draft = _public_draft(slug)
    context = {"draft": draft, "alternate_urls": _alternate_urls(request, draft, "comment_sent")}
    return render(request, "consultation/comment_sent.html", context)


# Route strings are translated: "drafts/..." in English, "du-thao/..." in Vietnamese (locale/vi).
urlpatterns = [
    path(_("drafts/<slug:slug>/comment/"), comment, name="comment"),
    path(_("drafts/<slug:slug>/comment/sent/"), comment_sent, name="comment_sent"),
]
