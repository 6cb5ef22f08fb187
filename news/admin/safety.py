"""Deleting safely in admin: what readers can see or what other content depends on is never lost by a click.

- A published article is not deleted: "delete" (the button and the bulk action) asks for confirmation naming
  its public address and what it links to, then unpublishes it into the archive, from where it can be restored.
  Drafts, articles in review and articles already in the archive are deleted for real, with Django's usual
  confirmation (the archive is the recoverable state; deleting from it is the deliberate, final step).
- A document (directive) that articles cite or relate to is not deleted: staff are told which articles depend
  on it and to remove those citations first. Directives have no state to archive them into, and reversion's
  "recover deleted" only knows documents saved in admin since revisions began (not the loaded registry), and
  would not bring back the articles' "related documents" links.
"""
from django.contrib import messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from news import workflow
from news.models import Article

ARCHIVED_MESSAGE = gettext_lazy("The article was unpublished and archived; it can be restored from the archive.")


def public_urls(request, article):
    """The addresses readers know the article by, one per language it is written in."""
    urls = []
    for code, name in (("vi", _("Vietnamese")), ("en", _("English"))):
        if getattr(article, f"title_{code}") and getattr(article, f"slug_{code}"):
            with translation.override(code):
                urls.append((name, request.build_absolute_uri(article.get_absolute_url())))
    return urls


def dependents(request, article):
    """What a reader reaches through the article, for the confirmation page."""
    directives = {d.pk: d for d in article.directives.all()}
    directives.update({d.pk: d for d in article.cited_directives.all()})
    return {
        "article": article,
        "urls": public_urls(request, article),
        "section": article.section,
        "tags": list(article.tags.all()),
        "directives": list(directives.values()),
        "organizations": list(article.organizations.all()),
    }


class ArticleSafeDeleteMixin:
    """For ArticleAdmin: deleting a published article archives it instead (single delete and bulk action)."""

    archive_confirmation_template = "admin/news/article_delete_archives.html"

    def delete_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None or article.status != Article.Status.PUBLISHED:
            return super().delete_view(request, object_id, extra_context)
        if not self.has_delete_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            with transaction.atomic():
                self._archive(request, article)
            self.message_user(request, ARCHIVED_MESSAGE, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:news_article_changelist"))
        return self._confirm_archive(request, [article], [], bulk=False)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (type(self).delete_or_archive_selected, name, description)
        return actions

    def delete_or_archive_selected(self, request, queryset):
        published = list(queryset.filter(status=Article.Status.PUBLISHED).select_related("section"))
        if not published:
            return delete_selected(self, request, queryset)
        # Fixed before archiving: once archived, the published ones would match "not published" too.
        rest = queryset.model.objects.filter(
            pk__in=list(queryset.exclude(status=Article.Status.PUBLISHED).values_list("pk", flat=True))
        )
        if not request.POST.get("post"):
            return self._confirm_archive(request, published, list(rest), bulk=True)
        with transaction.atomic():
            for article in published:
                self._archive(request, article)
            deleted = len(rest)
            if deleted:
                self.log_deletions(request, rest)
                self.delete_queryset(request, rest)
        self.message_user(
            request,
            ngettext(
                "%(count)d article was unpublished and archived; it can be restored from the archive.",
                "%(count)d articles were unpublished and archived; they can be restored from the archive.",
                len(published),
            ) % {"count": len(published)},
            messages.SUCCESS,
        )
        if deleted:
            self.message_user(
                request, ngettext("%d unpublished article deleted.", "%d unpublished articles deleted.", deleted)
                % deleted, messages.SUCCESS,
            )
        return None

    def _archive(self, request, article):
        # The workflow checks that this user may unpublish, saves and records the transition.
        workflow.transition(article, Article.Status.ARCHIVED, request.user, _("Archived instead of deleted"))
        self.log_change(request, article, _("Archived instead of deleted"))

    def _confirm_archive(self, request, published, others, bulk):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Unpublish and archive instead of deleting?"),
            "opts": self.opts,
            "items": [dependents(request, article) for article in published],
            "others": others,
            "bulk": bulk,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "selected": [a.pk for a in published] + [a.pk for a in others],
        }
        return TemplateResponse(request, self.archive_confirmation_template, context)


class DirectiveSafeDeleteMixin:
    """For DirectiveAdmin: a document that articles cite or relate to is never deleted; staff are told why."""

    refused_template = "admin/news/directive_delete_refused.html"

    def delete_view(self, request, object_id, extra_context=None):
        directive = self.get_object(request, unquote(object_id))
        if directive is None:
            return super().delete_view(request, object_id, extra_context)
        if not self.has_delete_permission(request, directive):
            raise PermissionDenied
        articles = self._articles_of([directive])
        if not articles:
            return super().delete_view(request, object_id, extra_context)
        # A forged or repeated POST is refused the same way: nothing is deleted.
        return self._refuse(request, [(directive, articles)], status=409 if request.method == "POST" else 200)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (type(self).delete_uncited_selected, name, description)
        return actions

    def delete_uncited_selected(self, request, queryset):
        blocked = [(d, articles) for d in queryset if (articles := self._articles_of([d]))]
        if blocked:
            return self._refuse(request, blocked)
        return delete_selected(self, request, queryset)

    @staticmethod
    def _articles_of(directives):
        articles = {}
        for directive in directives:
            for article in directive.citing_articles.all():
                articles[article.pk] = article
            for article in directive.articles.all():
                articles[article.pk] = article
        return list(articles.values())

    def _refuse(self, request, blocked, status=200):
        context = {
            **self.admin_site.each_context(request),
            "title": _("This document cannot be deleted yet"),
            "opts": self.opts,
            "blocked": blocked,
        }
        return TemplateResponse(request, self.refused_template, context, status=status)
