"""The organization directory (a tree) and one page per organization."""
from collections import defaultdict

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from news.cache_invalidation import ORGANIZATIONS, tag_for
from news.models import Article, Directive, Organization
from news.page_cache import depends_on

from .mixins import AlternateLanguagesMixin, urls_in_each_language

ARTICLES_ABOUT = 10
DIRECTIVES_ISSUED = 20


class OrganizationListView(AlternateLanguagesMixin, TemplateView):
    template_name = "news/organization_list.html"

    def get_context_data(self, **kwargs):
        # One query, then the tree is built in memory: the directory is small and read as a whole.
        depends_on(self.request, ORGANIZATIONS)
        organizations = list(Organization.objects.order_by("name"))
        children = defaultdict(list)
        for organization in organizations:
            children[organization.parent_id].append(organization)

        def branch(parent_id, depth=0):
            return [
                {"organization": org, "children": branch(org.pk, depth + 1) if depth < 10 else []}
                for org in children[parent_id]
            ]

        return super().get_context_data(tree=branch(None), **kwargs)


class OrganizationDetailView(AlternateLanguagesMixin, DetailView):
    template_name = "news/organization_detail.html"
    context_object_name = "organization"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Organization.objects.select_related("parent", "established_by"), slug=self.kwargs["slug"]
        )

    def get_alternate_urls(self):
        return urls_in_each_language(self.object)

    def get_context_data(self, **kwargs):
        organization = self.object
        statistics = list(organization.statistics.all())
        predecessors = list(organization.predecessors.all())
        successors = list(organization.successors.all())
        children = list(organization.children.all())
        # Its own changes, and the names of the organizations and the document it links to.
        related = [organization.pk, organization.parent_id, *(org.pk for org in predecessors + successors + children)]
        depends_on(
            self.request,
            *(tag_for(Organization, pk) for pk in related),
            tag_for(Directive, organization.established_by_id),
        )
        return super().get_context_data(
            latest_statistics=statistics[0] if statistics else None,
            earlier_statistics=statistics[1:],
            predecessors=predecessors,
            successors=successors,
            children=children,
            issued=list(organization.issued_directives.all()[:DIRECTIVES_ISSUED]),
            articles=list(
                Article.objects.published()
                .filter(organizations=organization)
                .newest_first()
                .select_related("section")[:ARTICLES_ABOUT]
            ),
            **kwargs,
        )
