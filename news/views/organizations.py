"""The organization directory (a tree) and one page per organization."""
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from news.cache_invalidation import ORGANIZATIONS, tag_for
from news.models import Article, Directive, Organization
from pagecache import depends_on

from .directives import export_url
from .mixins import AlternateLanguagesMixin, urls_in_each_language

ARTICLES_ABOUT = 10
DIRECTIVES_ISSUED = 20


class OrganizationListView(AlternateLanguagesMixin, TemplateView):
    template_name = "news/organization_list.html"

    def get_context_data(self, **kwargs):
        # Two queries (the organizations, who replaced whom), then the trees are built in memory: the directory
        # is small and read as a whole. Dissolved organizations appear under what replaced them, or apart.
        depends_on(self.request, ORGANIZATIONS)
        organizations = Organization.alphabetical(Organization.objects.order_by())
        succession = Organization.predecessors.through.objects.values_list(
            "from_organization_id", "to_organization_id"
        )
        tree, dissolved = Organization.directory(organizations, succession)
        return super().get_context_data(
            tree=tree, dissolved_tree=dissolved, csv_url=export_url("api:organization_figures_csv"), **kwargs
        )


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
        predecessors = Organization.alphabetical(organization.predecessors.order_by())
        successors = Organization.alphabetical(organization.successors.order_by())
        children = Organization.alphabetical(organization.children.order_by())
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
            csv_url=export_url("api:one_organization_figures_csv", slug=organization.slug),
            predecessors=predecessors,
            successors=successors,
            children=[unit for unit in children if not unit.is_dissolved()],
            former_units=[unit for unit in children if unit.is_dissolved()],
            issued=list(organization.issued_directives.all()[:DIRECTIVES_ISSUED]),
            articles=list(
                Article.objects.published()
                .filter(organizations=organization)
                .newest_first()
                .select_related("section")[:ARTICLES_ABOUT]
            ),
            **kwargs,
        )
