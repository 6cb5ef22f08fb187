"""The portal's own pages: About (Giới thiệu), Access to information (Tiếp cận thông tin) and the HTML site map.

Each costs a fixed number of queries whatever the data (the identity with its Portal row: one; the leadership
with portraits and renditions: three; the owner's units: one, two levels deep), and is cached for readers
with the tags of what it shows (portal/signals.py).
"""
from collections import defaultdict

from django.db.models import Q
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from news.cache_invalidation import DIRECTIVES, ORGANIZATIONS, tag_for
from news.models import Directive, Image, Organization, Section
from news.views.mixins import AlternateLanguagesMixin
from pagecache import depends_on

from .identity import for_request
from .models import InformationItem
from .signals import PORTAL_PAGES

CHART_DEPTH = 2  # the owner's units and theirs: the chart a ministry portal shows


def _tree(root_id, organizations):
    children = defaultdict(list)
    for organization in organizations:
        children[organization.parent_id].append(organization)

    def branch(parent_id):
        return [{"organization": org, "children": branch(org.pk)} for org in children[parent_id]]

    return branch(root_id)


def current(queryset):
    """Organizations not dissolved (today)."""
    return queryset.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=timezone.localdate()))


class _PortalPage(AlternateLanguagesMixin, TemplateView):
    def get_context_data(self, **kwargs):
        depends_on(self.request, PORTAL_PAGES)
        identity = for_request(self.request)
        return super().get_context_data(identity=identity, portal=identity.portal, **kwargs)


class AboutView(_PortalPage):
    """Functions, tasks and powers; the organization chart; leadership; addresses and contacts; who answers for
    the portal (decree 42/2022/NĐ-CP, Art. 4(1)(e))."""

    template_name = "portal/about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        owner, portal = context["identity"].owner, context["portal"]
        leaders = []
        if portal is not None:
            leaders = list(portal.leaders.select_related("portrait").prefetch_related("portrait__renditions"))
        units = []
        if owner is not None:
            units = list(
                current(Organization.objects.filter(Q(parent=owner) | Q(parent__parent=owner)))
                .order_by("name")
            )
        depends_on(self.request, ORGANIZATIONS, *(tag_for(Image, leader.portrait_id) for leader in leaders))
        context.update(
            leaders=leaders,
            chart=_tree(owner.pk, units) if owner is not None else [],
            contacts=[org for org in [owner, *units] if org is not None and (org.address or org.phone or org.email)],
        )
        return context


class AccessView(_PortalPage):
    """The access-to-information section (decree 13/2018/NĐ-CP, Art. 11): what is published and where, how to
    ask for the rest, the forms, and the focal point."""

    template_name = "portal/access.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        portal = context["portal"]
        items = defaultdict(list)
        if portal is not None:
            for item in portal.information_items.all():
                items[item.kind].append(item)
        documents = reverse("news:directive_list")
        # This site's own pages come first: they are what the ministry publishes here.
        own = [
            {"title": _("Legal and administrative documents"), "safe_link": documents,
             "description": _("The document registry: number, type, issuing body, dates, summary and file.")},
            {"title": _("Plans"), "safe_link": f"{documents}?type={Directive.DocumentType.PLAN}", "description": ""},
            {"title": _("Functions, tasks, powers and organization chart"), "safe_link": reverse("portal:about"),
             "description": ""},
        ]
        context.update(
            published=own + items[InformationItem.Kind.PUBLISHED],
            forms=items[InformationItem.Kind.FORM],
            guides=items[InformationItem.Kind.GUIDE],
        )
        return context


class SiteMapView(_PortalPage):
    """Every part of the site a reader can reach from here: main pages, sections, document types that have
    documents, and the current organizations two levels deep. Beside /sitemap.xml, which lists every page."""

    template_name = "portal/site_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        depends_on(self.request, DIRECTIVES, ORGANIZATIONS)  # sections: every page carries "menu" already
        present = set(Directive.objects.order_by().values_list("document_type", flat=True).distinct())
        organizations = list(
            current(Organization.objects.filter(parent__parent__isnull=True))
            .order_by("name")
        )
        # A unit of a dissolved parent has no place in this two-level tree: it is on the directory's page.
        context.update(
            sections=list(Section.objects.all()),
            document_types=[(code, label) for code, label in Directive.DocumentType.choices if code in present],
            organization_tree=_tree(None, organizations),
            year=timezone.localdate().year,
        )
        return context


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for on their own: the drawn icon among the static files.

    A temporary redirect, kept a day: the static name changes with the icon's content in production (hashed
    names), and a permanent one would keep browsers on a name that no longer exists."""
    return HttpResponseRedirect(static("portal/favicon.ico"))
