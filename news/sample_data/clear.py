"""Removing the sample data, and only it, in one transaction.

Articles and documents (their relations too) are deleted with single statements: deleting 100,000 rows one by
one through the signals (search index, citation re-resolution) would take hours. What those signals would do
is done here in bulk: the search entries go, and any non-sample article that cited a sample document is
re-linked.
"""
from django.db import transaction

from news import citations, search_index
from news.models import (
    Article,
    ArticleReference,
    ArticleTransition,
    Attachment,
    Directive,
    DocumentRelation,
    Organization,
    SearchEntry,
)

from . import sample_querysets


def _forget_index(kind, queryset, using):
    search_index._delete(SearchEntry.objects.using(using).filter(kind=kind, object_id__in=queryset.values("pk")), using)


def _forget_relations(directives, using):
    """The sample documents' relations go; a real document's relation to one keeps its number and date (a
    placeholder), as when a document is deleted (news/models/relations.py)."""
    relations = DocumentRelation.objects.using(using)
    relations.filter(source__in=directives.values("pk"))._raw_delete(using)
    for relation in relations.filter(target__in=directives.values("pk")).select_related("target"):
        target = relation.target
        relations.filter(pk=relation.pk).update(target=None, target_number=target.number,
                                                target_issued_on=target.issued_on, target_type=target.document_type)


def clear(using="default"):
    """Delete every sample object; returns {kind: number deleted}."""
    counts = {}
    with transaction.atomic(using=using):
        sets = sample_querysets(using)
        articles, directives = sets["articles"], sets["directives"]

        _forget_index(SearchEntry.Kind.ARTICLE, articles, using)
        for model in (ArticleTransition, Attachment, ArticleReference):
            model.objects.using(using).filter(article__in=articles.values("pk")).delete()
        for name in ("tags", "organizations", "directives", "cited_directives"):
            getattr(Article, name).through.objects.using(using).filter(article__in=articles.values("pk")).delete()
        counts["articles"] = articles._raw_delete(using)

        # Real articles citing a sample document (staff may have written one) lose the link, as on a delete.
        relink = set(
            Article.objects.using(using).filter(cited_directives__in=directives.values("pk")).values_list("pk", flat=True)
        )
        relink.update(ArticleReference.objects.using(using).filter(directive__in=directives.values("pk"))
                      .values_list("article_id", flat=True))
        ArticleReference.objects.using(using).filter(directive__in=directives.values("pk")).update(directive=None)
        _forget_index(SearchEntry.Kind.DIRECTIVE, directives, using)
        Organization.objects.using(using).filter(established_by__in=directives.values("pk")).update(established_by=None)
        for name in ("directives", "cited_directives"):
            getattr(Article, name).through.objects.using(using).filter(directive__in=directives.values("pk")).delete()
        _forget_relations(directives, using)
        Directive.subject_areas.through.objects.using(using).filter(directive__in=directives.values("pk")).delete()
        counts["directives"] = directives._raw_delete(using)
        for article in Article.objects.using(using).filter(pk__in=relink):
            citations.refresh_citations(article)

        counts["subject areas"] = sets["subject areas"].delete()[1].get("news.SubjectArea", 0)
        counts["tags"] = sets["tags"].delete()[1].get("news.Tag", 0)
        # A sample section someone filed a real article in is kept (the article needs a section).
        counts["sections"] = sets["sections"].filter(articles__isnull=True).delete()[1].get("news.Section", 0)

        organizations = sets["organizations"]
        Directive.objects.using(using).filter(issuing_body__in=organizations.values("pk")).update(issuing_body=None)
        Organization.objects.using(using).filter(parent__in=organizations.values("pk")).update(parent=None)
        counts["organizations"] = organizations.delete()[1].get("news.Organization", 0)
    return counts
